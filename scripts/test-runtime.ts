// The runtime tests (keepers/test, subgraph/test, scripts/test, web/test) in JIAOZI_RUNTIME_JOBS mocha
// processes at once (default 2, the cores of the machines we run on). Each file starts its own
// anvil, keepers and indexer on free ports, and most of a file's time is spent waiting on them
// (blocks, finality delays, polls), so two processes take about 60% of the serial time.
// The PostgreSQL suites share the database's `ponder_sync` schema (keyed by chain id, and every
// test chain is 31337): they run in one process, one after the other.
//
// Usage: node scripts/test-runtime.ts [files...]   (no files: all of them)
import { spawn } from "node:child_process";
import { globSync } from "node:fs";

const PATTERNS = [
  "keepers/test/**/*.test.ts",
  "subgraph/test/**/*.test.ts",
  "scripts/test/**/*.test.ts",
  "web/test/**/*.test.ts",
];
/** Files that must not run beside each other (they share PostgreSQL's sync schema). */
const SERIAL = new Set([
  "subgraph/test/indexer.test.ts",
  "subgraph/test/devChainSync.test.ts",
  "subgraph/test/consistency.test.ts",
  "subgraph/test/topology.test.ts",
]);
/** Seconds a file takes alone on this machine (measured), for balancing; unlisted files count 5. */
const SECONDS: Readonly<Record<string, number>> = {
  "scripts/test/start.test.ts": 240,
  "keepers/test/storage.test.ts": 130,
  "scripts/test/deploy.test.ts": 100,
  "subgraph/test/indexer.test.ts": 90,
  "keepers/test/governance.test.ts": 70,
  "keepers/test/committee.test.ts": 60,
  "keepers/test/committeeSlash.test.ts": 120,
  "subgraph/test/consistency.pglite.test.ts": 350,
  "subgraph/test/consistency.postgres.test.ts": 190,
  "subgraph/test/topology.test.ts": 50,
  "keepers/test/insurance.test.ts": 60,
  "keepers/test/keepers.test.ts": 50,
  "keepers/test/tokenization.test.ts": 45,
  "keepers/test/staking.test.ts": 45,
  "keepers/test/cli.test.ts": 40,
  "keepers/test/alias.test.ts": 95,
  "keepers/test/councilChair.test.ts": 90,
  "keepers/test/wallet.test.ts": 70,
  "keepers/test/dataMarket.test.ts": 110,
  "keepers/test/procurement.test.ts": 140,
  "keepers/test/charity.test.ts": 180,
};

function jobsFromEnv(): number {
  const value = process.env.JIAOZI_RUNTIME_JOBS ?? "2";
  const jobs = Number(value);
  if (!Number.isSafeInteger(jobs) || jobs < 1)
    throw new Error(`JIAOZI_RUNTIME_JOBS must be a positive integer, got ${value}`);
  return jobs;
}

/** Longest first onto the least loaded group; the serial files stay together in one group. */
function balance(files: readonly string[], jobs: number): string[][] {
  const weight = (file: string) => SECONDS[file] ?? 5;
  const units: string[][] = [files.filter((f) => SERIAL.has(f)), ...files.filter((f) => !SERIAL.has(f)).map((f) => [f])]
    .filter((unit) => unit.length > 0)
    .sort((a, b) => b.reduce((s, f) => s + weight(f), 0) - a.reduce((s, f) => s + weight(f), 0));
  const groups = Array.from({ length: Math.min(jobs, units.length) }, () => ({ files: [] as string[], load: 0 }));
  for (const unit of units) {
    const lightest = groups.reduce((min, g) => (g.load < min.load ? g : min));
    lightest.files.push(...unit);
    lightest.load += unit.reduce((s, f) => s + weight(f), 0);
  }
  return groups.map((g) => g.files.sort());
}

function runGroup(index: number, files: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      // --exit: a child a failed hook could not stop (an anvil, an indexer) must not keep the group
      // waiting forever after its last test; the failure itself is reported.
      ["node_modules/mocha/bin/mocha.js", "--extension", "ts", "--timeout", "300000", "--exit", ...files],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" } },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code, signal) => {
      const status = signal ? `killed by ${signal}` : `exit ${code}`;
      process.stdout.write(`\n===== runtime tests, group ${index + 1} (${status}): ${files.join(" ")}\n${output}`);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** One build before the groups; their deployments then skip Hardhat's compile step (scripts/stack.ts). */
async function buildOnce(): Promise<void> {
  const code = await new Promise<number>((resolve) => {
    const child = spawn("npx", ["hardhat", "build", "--quiet"], { stdio: "inherit" });
    child.on("close", (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`hardhat build failed (exit ${code})`);
  process.env.JIAOZI_DEPLOY_NO_COMPILE = "1";
}

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : PATTERNS.flatMap((p) => globSync(p)).sort();
const groups = balance(files, jobsFromEnv());
await buildOnce();
const started = Date.now();
const results = await Promise.all(groups.map((group, i) => runGroup(i, group)));
const failed = results.filter((r) => r.code !== 0).length;
console.log(
  `\n===== runtime tests: ${groups.length} group(s), ${failed} failed, ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exitCode = failed === 0 ? 0 : 1;
