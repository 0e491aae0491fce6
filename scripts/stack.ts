// The local stack as child processes: anvil, the genesis deployment, the keeper daemon, the
// storage providers and the indexer. Used by `npm start`, the runtime tests and the indexer
// benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  createPublicClient,
  createWalletClient,
  erc20Abi,
  http,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { readDeploymentsFile } from "../lib/deployments.ts";
import { withGasMargin } from "../keepers/src/core/gas.ts";

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAX_OUTPUT = 4 * 1024 * 1024;

/** Anvil's default accounts #5 and #6: keepers of the local stack. The `local` profile also seats
 * them in the transitional council (with #4), which a keeper may well be. */
export const KEEPER_KEYS = [
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
] as const;

export interface Service {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop: (graceMs?: number) => Promise<number | null>;
  exited: Promise<number | null>;
}

export function startService(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean; logFile?: string } = {},
): Service {
  // A variable set to undefined in options.env is removed from the child's environment.
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined),
  );
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The output is kept in memory for tests and error reports, but only its last MAX_OUTPUT
  // characters: the stack may run for days.
  let output = "";
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: "a" });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(output.length - MAX_OUTPUT / 2);
    if (options.echo) process.stdout.write(chunk);
    log?.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      log?.end();
      resolve(code ?? (signal ? 128 : null));
    });
  });
  return {
    name,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Anvil from its npm package on 127.0.0.1:`port`, automining until `setIntervalMining` (or mining
 * every `blockTime` seconds from the start); chain id 31337 unless `chainId`. */
export async function startAnvil(
  port: number,
  options: { echo?: boolean; logFile?: string; chainId?: number; blockTime?: number } = {},
): Promise<Service & { url: string }> {
  const chainId = options.chainId ?? 31337;
  const args = ["--host", "127.0.0.1", "--port", String(port), "--silent", "--chain-id", String(chainId)];
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  const service = startService("anvil", "anvil", args, options);
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitFor(`anvil on ${url}`, async () => Number(await rpc<string>(url, "eth_chainId")) === chainId, 30_000),
    service.exited.then((code) => {
      throw new Error(`anvil exited with code ${code}: ${service.output()}`);
    }),
  ]);
  // The answer may have come from another process's anvil on the same port, while ours failed to
  // bind: an anvil that answers is ours only if it is still running a moment later.
  const exitedEarly = await Promise.race([
    service.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 250)),
  ]);
  if (exitedEarly || service.child.exitCode !== null)
    throw new Error(`anvil on port ${port} exited after another process answered there: ${service.output()}`);
  return { ...service, url };
}

/** Switches the chain from automine to a block every `seconds`. */
export async function setIntervalMining(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_setAutomine", [false]);
  await rpc(url, "evm_setIntervalMining", [seconds]);
}

/** Deploys the genesis profile with Hardhat; returns the deployments file. */
export async function deployGenesisTo(
  url: string,
  options: { profile?: string; deploymentsDir?: string; ignitionDir?: string; echo?: boolean } = {},
): Promise<string> {
  const dir = options.deploymentsDir ?? path.join(ROOT, "deployments");
  // Ignition's journal lives in <ignitionDir>/deployments/genesis-<profile>-<chainId>, and a dev
  // chain's is wiped before each deployment: deployments that may run at once (the runtime tests'
  // parallel groups, every chain 31337) each need their own ignitionDir.
  // JIAOZI_DEPLOY_NO_COMPILE=1 (the runtime test runner, which builds once before its groups):
  // deployments running at once must not all rebuild, as each rewrites cache/compile-cache.json
  // through the same temporary file, and one's rename fails when another's got there first.
  const noCompile = process.env.JIAOZI_DEPLOY_NO_COMPILE === "1" ? ["--no-compile"] : [];
  const args = ["hardhat", "run", ...noCompile, "deploy/deploy.ts", "--network", "localhost"];
  const deploy = startService("deploy", "npx", args, {
    env: {
      JIAOZI_RPC_URL: url,
      JIAOZI_PROFILE: options.profile ?? "local",
      JIAOZI_DEPLOYMENTS_DIR: dir,
      JIAOZI_IGNITION_DIR: options.ignitionDir ?? process.env.JIAOZI_IGNITION_DIR,
    },
    echo: options.echo,
  });
  const code = await deploy.exited;
  if (code !== 0) throw new Error(`deployment failed (exit ${code}):\n${deploy.output()}`);
  const chainId = parseInt(await rpc<string>(url, "eth_chainId"), 16);
  return path.join(dir, `${chainId}.json`);
}

export function startKeepers(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { echo?: boolean; logFile?: string; name?: string } = {},
): Service {
  return startService(options.name ?? "keepers", process.execPath, [path.join(ROOT, "keepers/src/cli.ts"), ...args], {
    env,
    echo: options.echo,
    logFile: options.logFile,
  });
}

/** anvil's account #1: the `local` profile's public distribution, which holds tokens to hand out. */
export const TOKEN_HOLDER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/** anvil's accounts #4, #5, #6: the `local` profile's transitional council. */
export const COUNCIL_KEYS = [
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  KEEPER_KEYS[0],
  KEEPER_KEYS[1],
] as const;

/** anvil's account #2: the `local` profile's team, a voter in the governance tests. */
export const TEAM_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

/** anvil's accounts #7, #8, #9: the three storage providers of the local stack (one copy group). */
export const PROVIDER_KEYS = [
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

/** A contract write, as `writeContract` takes it (its types checked where the call is written). */
export interface ContractWrite {
  address: Address;
  abi: Abi | readonly unknown[];
  functionName: string;
  args?: readonly unknown[];
  /** A fixed gas limit instead of the estimate with its margin: for writes whose estimate may not
   * hold when mined (reorg tests, a sender whose delegate's checkpoints another write just made). */
  gas?: bigint;
}

/**
 * Sends `request` from `wallet` with the keepers' gas margin over the estimate and waits for a
 * successful receipt. The margin is needed: anvil estimates on the latest block's timestamp, and a
 * transaction mined a second later may write a checkpoint the estimate did not (a BaseToken
 * transfer's opening balance, a stake's history) and run out of gas. On a loaded machine, where
 * the seconds pass between estimate and block, that made e2e tests fail at random.
 */
export async function writeWithMargin(
  client: PublicClient,
  wallet: WalletClient<Transport, Chain, Account>,
  request: ContractWrite,
): Promise<TransactionReceipt> {
  const gas =
    request.gas ?? withGasMargin(await client.estimateContractGas({ ...request, account: wallet.account } as never));
  const hash = await wallet.writeContract({ ...request, gas } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success")
    throw new Error(
      `${request.functionName} from ${wallet.account.address} reverted (${hash}, gas ${receipt.gasUsed})`,
    );
  return receipt;
}

/** Sends `amount` wei of the base token from the token holder to each of `recipients`. */
export async function fundWithTokens(rpcUrl: string, deploymentsFile: string, recipients: Address[], amount: bigint) {
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 100 });
  const holder = createWalletClient({
    chain: foundry,
    transport: http(rpcUrl),
    account: privateKeyToAccount(TOKEN_HOLDER_KEY),
  });
  const token = readDeploymentsFile(deploymentsFile).contracts.BaseToken.address;
  for (const recipient of recipients)
    await writeWithMargin(client, holder, {
      address: token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [recipient, amount],
    });
}

/** A storage-provider agent (`keepers provider`) serving uploads and metrics on `port`. */
export function startProvider(
  key: string,
  options: {
    rpcUrl: string;
    deploymentsFile: string;
    dataDir: string;
    port: number;
    capacityMB?: number;
    intervalMs?: number;
    /** Seconds to wait for a lease's data before rejecting it (the agent's default otherwise). */
    patienceSeconds?: number;
    logFile?: string;
    name?: string;
  },
): Service {
  return startKeepers(
    [
      "provider",
      ...(options.patienceSeconds === undefined ? [] : ["--patience", String(options.patienceSeconds)]),
      "--data-dir",
      options.dataDir,
      "--capacity-mb",
      String(options.capacityMB ?? 1024),
      "--metrics-port",
      String(options.port),
      "--interval",
      String(options.intervalMs ?? 1000),
    ],
    { JIAOZI_RPC_URL: options.rpcUrl, JIAOZI_DEPLOYMENTS: options.deploymentsFile, KEEPER_PRIVATE_KEY: key },
    { logFile: options.logFile, name: options.name ?? "provider" },
  );
}

export interface IndexerOptions {
  rpcUrl: string;
  deploymentsFile: string;
  port: number;
  /** PostgreSQL connection string; PGlite in `pgliteDir` when absent. */
  databaseUrl?: string;
  pgliteDir?: string;
  schema?: string;
  /** Ponder's log level (default info; tests use debug to see reorgs reconciled). */
  logLevel?: "error" | "warn" | "info" | "debug";
  /** Resume on the database as it is (PGlite directory or PostgreSQL schema) instead of a fresh one. */
  keepDatabase?: boolean;
  /** Return once the process runs instead of once it is ready (backfill done); default true. */
  waitReady?: boolean;
  echo?: boolean;
  logFile?: string;
  /** How long to wait for /ready, the end of the backfill (default 120 s). */
  readyTimeoutMs?: number;
}

const DEV_CHAIN_IDS = [31337, 1337];

/**
 * Ponder keeps the blocks and logs it synced, of every chain, in the database's `ponder_sync`
 * schema, keyed by chain id and block number. A dev chain restarted under the same id leaves the
 * previous chain's rows there, and Ponder 0.17 keeps an old row when a new one has the same key
 * (even with `disableCache`), so an indexer would mix two chains. Before a dev chain is indexed on
 * PostgreSQL, that chain id's rows are removed. PGlite starts from an empty directory instead.
 */
export async function clearDevChainSync(databaseUrl: string, chainId: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.columns where table_schema = 'ponder_sync' and column_name = 'chain_id'",
    );
    for (const { table_name: table } of rows) {
      await client.query(`delete from ponder_sync."${table}" where chain_id = $1`, [chainId]);
    }
  } finally {
    await client.end();
  }
}

/** `ponder start` on the subgraph, waiting until it has caught up with the chain (/ready). */
export async function startIndexer(options: IndexerOptions): Promise<Service & { url: string; graphql: string }> {
  const pgliteDir = options.pgliteDir ?? path.join(ROOT, "subgraph", ".ponder", "pglite");
  if (options.databaseUrl === undefined && !options.keepDatabase) rmSync(pgliteDir, { recursive: true, force: true });
  const { chainId } = readDeploymentsFile(options.deploymentsFile);
  if (options.databaseUrl !== undefined && DEV_CHAIN_IDS.includes(chainId)) {
    await clearDevChainSync(options.databaseUrl, chainId);
  }
  const env: NodeJS.ProcessEnv = {
    PONDER_RPC_URL: options.rpcUrl,
    JIAOZI_DEPLOYMENTS: options.deploymentsFile,
    PONDER_PGLITE_DIR: pgliteDir,
    PONDER_TELEMETRY_DISABLED: "true",
    DATABASE_URL: options.databaseUrl,
  };
  // The ponder CLI itself, not `npx ponder`: a signal to npx would leave ponder running.
  const service = startService(
    "indexer",
    process.execPath,
    [
      path.join(ROOT, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
      "start",
      "--root",
      "subgraph",
      "--schema",
      options.schema ?? "jiaozi",
      "--port",
      String(options.port),
      "--log-format",
      "json",
      "--log-level",
      options.logLevel ?? "info",
    ],
    { env, echo: options.echo, logFile: options.logFile },
  );
  const url = `http://127.0.0.1:${options.port}`;
  if (options.waitReady === false) return { ...service, url, graphql: `${url}/graphql` };
  await Promise.race([
    waitFor(
      "the indexer to be ready",
      async () => (await fetch(`${url}/ready`)).status === 200,
      options.readyTimeoutMs ?? 120_000,
    ),
    service.exited.then((code) => {
      throw new Error(`the indexer exited with code ${code}:\n${service.output()}`);
    }),
  ]);
  return { ...service, url, graphql: `${url}/graphql` };
}

/** Waits until the indexer has indexed `block` (Ponder's /status), or the chain head if omitted. */
export async function waitForIndexed(indexerUrl: string, rpcUrl: string, block?: bigint, timeoutMs = 60_000) {
  const target = block ?? BigInt(await rpc<string>(rpcUrl, "eth_blockNumber"));
  await waitFor(
    `the indexer to reach block ${target}`,
    async () => {
      const status = (await (await fetch(`${indexerUrl}/status`)).json()) as Record<
        string,
        { block?: { number: number } }
      >;
      return Object.values(status).every((chain) => BigInt(chain.block?.number ?? -1) >= target);
    },
    timeoutMs,
  );
}

/** A GraphQL query against the indexer; throws on GraphQL errors. */
export async function graphql<T>(endpoint: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}
