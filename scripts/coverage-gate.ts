// Fails when a contract file's line coverage is below the bar (issue 13: ≥ 95% in every file under
// contracts/ except mocks). Reads the lcov report that `hardhat test --coverage` writes.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const MIN_LINE_COVERAGE = Number(process.env.JIAOZI_MIN_LINE_COVERAGE ?? 95);
const REPORT = resolve(process.argv[2] ?? "coverage/lcov.info");
const EXEMPT = [/^contracts\/mocks\//];

export interface FileCoverage {
  file: string;
  found: number;
  hit: number;
}

/** Line totals per source file of an lcov report (`SF`, `LF`, `LH` records). */
export function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: FileCoverage | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) current = { file: line.slice(3).trim(), found: 0, hit: 0 };
    else if (line.startsWith("LF:") && current) current.found = Number(line.slice(3));
    else if (line.startsWith("LH:") && current) current.hit = Number(line.slice(3));
    else if (line.trim() === "end_of_record" && current) {
      files.push(current);
      current = undefined;
    }
  }
  return files;
}

function relative(file: string): string {
  const at = file.indexOf("contracts/");
  return at === -1 ? file : file.slice(at);
}

const files = parseLcov(readFileSync(REPORT, "utf8"))
  .map((entry) => ({ ...entry, file: relative(entry.file) }))
  .filter((entry) => entry.file.startsWith("contracts/") && !EXEMPT.some((rule) => rule.test(entry.file)));
if (files.length === 0) throw new Error(`no contract files in ${REPORT}`);

const below = files.filter((entry) => entry.found > 0 && (100 * entry.hit) / entry.found < MIN_LINE_COVERAGE);
for (const entry of files.sort((a, b) => a.file.localeCompare(b.file))) {
  const pct = entry.found === 0 ? 100 : (100 * entry.hit) / entry.found;
  console.log(`${pct.toFixed(1).padStart(6)}%  ${entry.hit}/${entry.found}  ${entry.file}`);
}
if (below.length > 0) {
  console.error(`\nline coverage below ${MIN_LINE_COVERAGE}% in ${below.length} contract file(s):`);
  for (const entry of below) console.error(`  ${entry.file}: ${((100 * entry.hit) / entry.found).toFixed(1)}%`);
  process.exit(1);
}
console.log(`\nevery contract file (${files.length}, mocks exempt) has line coverage ≥ ${MIN_LINE_COVERAGE}%`);
