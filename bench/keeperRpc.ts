// npm run bench (keepers part) or: node bench/keeperRpc.ts (after `npx hardhat build`, with
// node_modules/.bin on PATH for anvil): JSON-RPC requests per poll of each governance keeper job
// with JIAOZI_BENCH_PROPOSALS proposals (default 10), as the markdown rows of benchmarks/keepers.md
// (scripts/governanceRpc.ts runs the scenario). JIAOZI_BENCH_OUTPUT also writes them to a file.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GOVERNANCE_JOBS, governanceRpcPerPoll, PHASES } from "../scripts/governanceRpc.ts";
import { ROOT } from "../scripts/stack.ts";

const PROPOSALS = Number(process.env.JIAOZI_BENCH_PROPOSALS ?? 10);
const OUTPUT = process.env.JIAOZI_BENCH_OUTPUT;

const counts = await governanceRpcPerPoll(PROPOSALS);
const rows: string[] = [];
for (const phase of PHASES) {
  const inPhase = counts.filter((count) => count.phase === phase);
  for (const c of inPhase)
    rows.push(`| ${PROPOSALS} | ${phase} | ${c.job} | ${c.due} | ${c.firstPoll} | ${c.nextPoll} |`);
  const first = inPhase.reduce((sum, c) => sum + c.firstPoll, 0);
  const next = inPhase.reduce((sum, c) => sum + c.nextPoll, 0);
  rows.push(`| ${PROPOSALS} | ${phase} | **all ${GOVERNANCE_JOBS.length} jobs** | | **${first}** | **${next}** |`);
}
const table = [
  "| proposals | phase | job | items due | requests, first poll | requests, next poll |",
  "|---:|---|---|---:|---:|---:|",
  ...rows,
].join("\n");
console.log(table);
if (OUTPUT !== undefined) {
  mkdirSync(path.dirname(path.resolve(ROOT, OUTPUT)), { recursive: true });
  writeFileSync(path.resolve(ROOT, OUTPUT), `${table}\n`);
}
