// Helpers of the runtime tests (keepers/test, subgraph/test): a fresh anvil with the `local` genesis, viem clients on it, a
// TCP proxy that can cut the RPC, and log reading for the keeper daemon's JSON lines.
import { mkdtempSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, createTestClient, http, parseAbiItem, type Address, type PublicClient } from "viem";
import { foundry } from "viem/chains";
import { deployGenesisTo, KEEPER_KEYS, rpc, startAnvil, startIndexer, startKeepers, type Service } from "./stack.ts";
import { HONOR_NODE_KEYS } from "./stakingDemo.ts";
import { readDeploymentsFile, type Deployments } from "../lib/deployments.ts";
import type { JobContext } from "../keepers/src/core/job.ts";

export interface TestChain {
  anvil: Service & { url: string };
  client: PublicClient;
  test: ReturnType<typeof createTestClient>;
  deployments: Deployments;
  deploymentsFile: string;
  /** evm_snapshot right after the deployment; `reset()` returns to it. */
  reset: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Test ports come from a block of this process's own, below the kernel's ephemeral range
 * (32768-60999 here), so two processes never get the same one. A port the OS gives out as free
 * (`listen(0)`) is released before the service binds it: another process's `listen(0)`, or the
 * local end of an outgoing connection, may take it in between, and a service that then fails to
 * bind leaves its caller talking to someone else's chain (the runtime groups' cross-talk).
 */
const PORT_BLOCK = 128;
const PORT_BLOCKS = Math.floor((32_000 - 10_000) / PORT_BLOCK);
let nextPortOffset = 0;

function listenOn(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/**
 * The first of `count` consecutive ports that are free on 127.0.0.1 now, from this process's
 * block (chosen by its pid; the next block if that one is used up or taken).
 */
export async function freeRange(count = 1): Promise<number> {
  for (let tries = 0; tries < PORT_BLOCK * 4; tries++) {
    if (nextPortOffset + count > PORT_BLOCK) nextPortOffset = 0;
    const block = (process.pid + Math.floor(tries / PORT_BLOCK)) % PORT_BLOCKS;
    const base = 10_000 + block * PORT_BLOCK + nextPortOffset;
    nextPortOffset += count;
    const servers = await Promise.all(Array.from({ length: count }, (_, i) => listenOn(base + i)));
    await Promise.all(servers.map((server) => server && new Promise((resolve) => server.close(resolve))));
    if (servers.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/** A free port on 127.0.0.1 from this process's block. */
export async function freePort(): Promise<number> {
  return freeRange(1);
}

export async function startChainWithGenesis(): Promise<TestChain> {
  const anvil = await startAnvil(await freePort());
  const scratch = mkdtempSync(path.join(tmpdir(), "jiaozi-deployments-"));
  let deploymentsFile: string;
  try {
    // Its own Ignition journal: other test chains (chain id 31337 too) deploy at the same time.
    deploymentsFile = await deployGenesisTo(anvil.url, {
      deploymentsDir: scratch,
      ignitionDir: path.join(scratch, "ignition"),
    });
  } catch (error) {
    await anvil.stop(); // no orphaned anvil keeping the test process alive
    throw error;
  }
  const client = createPublicClient({ chain: foundry, transport: http(anvil.url), pollingInterval: 100 });
  const test = createTestClient({ chain: foundry, mode: "anvil", transport: http(anvil.url) });
  let snapshot = await rpc<string>(anvil.url, "evm_snapshot");
  return {
    anvil,
    client,
    test,
    deployments: readDeploymentsFile(deploymentsFile),
    deploymentsFile,
    async reset() {
      await rpc(anvil.url, "evm_setIntervalMining", [0]);
      await rpc(anvil.url, "evm_setAutomine", [true]);
      await rpc(anvil.url, "evm_revert", [snapshot]);
      snapshot = await rpc<string>(anvil.url, "evm_snapshot");
    },
    async stop() {
      await anvil.stop();
    },
  };
}

export const releasedEvent = parseAbiItem(
  "event Released(uint256 indexed scheduleId, address indexed beneficiary, address indexed caller, uint256 amount, uint256 totalReleased)",
);

export async function releases(chain: TestChain, fromBlock = 0n) {
  return chain.client.getLogs({
    address: chain.deployments.contracts.VestingVault.address as Address,
    event: releasedEvent,
    fromBlock,
  });
}

/** A TCP proxy in front of the RPC whose `cut()` closes every connection and refuses new ones. */
export async function startProxy(targetUrl: string, port: number) {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const close = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", close).on("close", close);
        upstream.on("error", close).on("close", close);
      });
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async cut() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server?.close(resolve));
    },
    restore: listen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}

/** The JSON log lines a keeper printed, parsed. */
export function logLines(service: Service): { msg?: string; level?: number; [key: string]: unknown }[] {
  return service
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string });
}

/** Runs a participant command of the keepers CLI (`gov …`, `issuer …`) as `key` against `chain`
 * and returns the JSON object it printed; throws with its output when it fails. */
export async function runCommand<T = Record<string, string>>(
  chain: TestChain,
  key: string,
  args: string[],
): Promise<T> {
  const command = startKeepers(
    args,
    { JIAOZI_RPC_URL: chain.anvil.url, JIAOZI_DEPLOYMENTS: chain.deploymentsFile, KEEPER_PRIVATE_KEY: key },
    { name: args.slice(0, 2).join(" ") },
  );
  const code = await command.exited;
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}:\n${command.output()}`);
  return JSON.parse(command.output().slice(command.output().indexOf("{"))) as T;
}

/** Starts the indexer on `chain`, on a free port with a PGlite database of its own. */
export async function indexChain(chain: TestChain) {
  return startIndexer({
    rpcUrl: chain.anvil.url,
    deploymentsFile: chain.deploymentsFile,
    port: await freePort(),
    pgliteDir: mkdtempSync(path.join(tmpdir(), "jiaozi-pglite-")),
  });
}

/** Moves chain time forward and mines a block, so that keepers see the new time. */
export async function elapse(chain: TestChain, seconds: number): Promise<void> {
  await chain.test.increaseTime({ seconds });
  await chain.test.mine({ blocks: 1 });
}

/** The keepers' view of `chain` (client, deployments, addresses by DESIGN name), for calling the
 * keepers' participant functions directly instead of through the CLI. */
export function jobContext(chain: TestChain): JobContext {
  return {
    client: chain.client,
    deployments: chain.deployments,
    address: (name: string) => chain.deployments.contracts[name].address as Address,
  };
}

/** Runs `action` while a block is mined every 250 ms: automine makes no block without a
 * transaction, and a daemon waiting on a later block (a lease's assign, an epoch's seed) or on
 * time needs blocks. */
export async function whileMining<T>(chain: TestChain, action: () => Promise<T>): Promise<T> {
  const miner = setInterval(() => void chain.test.mine({ blocks: 1 }).catch(() => undefined), 250);
  try {
    return await action();
  } finally {
    clearInterval(miner);
  }
}

/** The daemons of `npm start` on `chain`: the keeper daemon with every job, the first honor node
 * settling storage epochs, and the oracle feeder of the staking demo's seven honor nodes. */
export function startDaemons(chain: TestChain): Service[] {
  const env = { JIAOZI_RPC_URL: chain.anvil.url, JIAOZI_DEPLOYMENTS: chain.deploymentsFile };
  return [
    startKeepers(["run", "--interval", "250", "--metrics-port", "0"], { ...env, KEEPER_PRIVATE_KEY: KEEPER_KEYS[0] }),
    startKeepers(
      ["run", "--jobs", "storage-settle-epoch", "--interval", "250", "--metrics-port", "0"],
      { ...env, KEEPER_PRIVATE_KEY: HONOR_NODE_KEYS[0] },
      { name: "honor-node-1" },
    ),
    startKeepers(
      ["oracle-feeder", "--interval", "500", "--finality-delay", "0s", "--metrics-port", "0"],
      { ...env, FEEDER_PRIVATE_KEYS: HONOR_NODE_KEYS.join(",") },
      { name: "oracle-feeder" },
    ),
  ];
}
