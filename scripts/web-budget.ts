// The dashboard's budgets over web/dist (issue 20), run by `npm run test:web` after the build.
// From Vite's manifest (web/dist/.vite/manifest.json, each chunk's static imports):
// - initial JavaScript: the entry and everything it imports statically, at most 150 KB gzip;
// - each route (a lazily loaded page, or the chart) with the chunks it imports statically beyond
//   the initial ones (the shared ui chunk counts in every route), at most 60 KB gzip;
// - uPlot only in the chart's chunk, which no page imports statically (charts load where used);
// - no external URL in any built file: an http(s):// address whose host is not 127.0.0.1 or
//   localhost fails (www.w3.org namespace URIs, identifiers never fetched, are allowed).
// Usage: node scripts/web-budget.ts [dist]   (prints the sizes; exits 1 when a budget is broken)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { WEB_DIST } from "./web.ts";

export const INITIAL_JS_BUDGET = 150 * 1024;
export const ROUTE_BUDGET = 60 * 1024;
const ALLOWED_HOSTS = new Set(["127.0.0.1", "localhost", "www.w3.org"]);

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}

export interface BudgetReport {
  initial: { files: string[]; gzip: number };
  routes: { route: string; files: string[]; gzip: number }[];
  externalUrls: { file: string; url: string }[];
  failures: string[];
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

export function checkBudget(dist = WEB_DIST): BudgetReport {
  const manifest = JSON.parse(readFileSync(path.join(dist, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
    return seen;
  };
  const gzip = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const failures: string[] = [];
  if (!entryKey) throw new Error("the manifest has no entry");
  const initialKeys = closure(entryKey);
  const initialFiles = [...initialKeys].map((key) => manifest[key].file);
  const initial = { files: initialFiles, gzip: initialFiles.reduce((sum, f) => sum + gzip(f), 0) };
  const routes = Object.entries(manifest)
    .filter(([, chunk]) => chunk.isDynamicEntry)
    .map(([key, chunk]) => {
      const routeFiles = [...closure(key)].filter((k) => !initialKeys.has(k)).map((k) => manifest[k].file);
      return { route: chunk.src ?? key, files: routeFiles, gzip: routeFiles.reduce((sum, f) => sum + gzip(f), 0) };
    });

  const all = files(dist).map((f) => path.relative(dist, f));
  const externalUrls: BudgetReport["externalUrls"] = [];
  for (const file of all.filter((f) => /\.(js|css|html|json)$/.test(f) && !f.startsWith(".vite"))) {
    const text = readFileSync(path.join(dist, file), "utf8");
    for (const match of text.matchAll(/https?:\/\/([a-zA-Z0-9.-]+)[^\s"'`)]*/g))
      if (!ALLOWED_HOSTS.has(match[1])) externalUrls.push({ file, url: match[0] });
  }

  if (initial.gzip > INITIAL_JS_BUDGET)
    failures.push(`initial JavaScript ${initial.gzip} B gzip > ${INITIAL_JS_BUDGET} B (${initialFiles.join(", ")})`);
  for (const route of routes)
    if (route.gzip > ROUTE_BUDGET) failures.push(`${route.route}: ${route.gzip} B gzip > ${ROUTE_BUDGET} B`);
  const chartChunk = Object.values(manifest).find((chunk) => chunk.src === "src/chart.tsx");
  if (!chartChunk) failures.push("no chart chunk of its own (src/chart.tsx)");
  for (const [key, chunk] of Object.entries(manifest))
    if (chunk !== chartChunk && readFileSync(path.join(dist, chunk.file), "utf8").includes("uplot"))
      failures.push(`${key} contains uPlot: it must stay in the chart's lazily loaded chunk`);
  for (const { file, url } of externalUrls) failures.push(`${file}: external URL ${url}`);
  return { initial, routes, externalUrls, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = checkBudget(process.argv[2] ? path.resolve(process.argv[2]) : WEB_DIST);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `initial JS: ${kb(report.initial.gzip)} gzip (budget ${kb(INITIAL_JS_BUDGET)}): ${report.initial.files.join(", ")}`,
  );
  for (const route of report.routes.sort((a, b) => b.gzip - a.gzip))
    console.log(`  ${route.route}: ${kb(route.gzip)} gzip (budget ${kb(ROUTE_BUDGET)}): ${route.files.join(", ")}`);
  if (report.failures.length > 0) {
    console.error(`budget broken:\n  ${report.failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("budgets hold; no external URL in the build");
}
