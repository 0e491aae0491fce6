// npm start: a local chain on 127.0.0.1 (port JIAOZI_PORT, default 8545) with the `local` genesis
// profile deployed; Ctrl-C stops everything. The runtime issue adds keepers and the indexer.
import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const port = Number(process.env.JIAOZI_PORT ?? 8545);
const rpcUrl = `http://127.0.0.1:${port}`;
const children: ChildProcess[] = [];

function spawnHardhat(args: string[], stdio: "inherit" | "quiet"): ChildProcess {
  const child = spawn("hardhat", args, {
    stdio: stdio === "inherit" ? "inherit" : ["ignore", "ignore", "inherit"],
    env: { ...process.env, JIAOZI_RPC_URL: rpcUrl },
  });
  children.push(child);
  return child;
}

function runHardhat(args: string[]): Promise<number> {
  const child = spawnHardhat(args, "inherit");
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

async function waitForRpc(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`no chain answered at ${rpcUrl} within ${timeoutMs} ms`);
}

function stop(code: number): never {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

const node = spawnHardhat(["node", "--hostname", "127.0.0.1", "--port", String(port)], "quiet");
node.on("exit", (code) => {
  console.error(`the chain exited (code ${code})`);
  stop(1);
});
await waitForRpc(60_000);
const deployed = await runHardhat(["run", "deploy/deploy.ts", "--network", "localhost"]);
if (deployed !== 0) stop(deployed);
console.log(`\nChain ready at ${rpcUrl} (chain id 31337). Ctrl-C stops it.`);
