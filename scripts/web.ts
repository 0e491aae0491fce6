// The dashboard's static server (web/dist) for `npm start` and the browser tests: it serves the
// built files and a `config.json` naming the indexer and the chain, so one build works against any
// stack. `ensureWebBuilt` runs `vite build` when web/dist is missing or older than its sources.
import { readFileSync, statSync, readdirSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { ROOT, startService } from "./stack.ts";

export const WEB_DIST = path.join(ROOT, "web", "dist");
const WEB_SOURCES = ["web/src", "web/index.html", "web/vite.config.ts", "web/public"].map((p) => path.join(ROOT, p));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

/** Builds web/dist unless it is newer than every source file. Returns whether it built. */
export async function ensureWebBuilt(options: { echo?: boolean } = {}): Promise<boolean> {
  const index = path.join(WEB_DIST, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...WEB_SOURCES.map(newestMtime))) return false;
  const build = startService(
    "web-build",
    process.execPath,
    [
      path.join(ROOT, "node_modules", "vite", "bin", "vite.js"),
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    { echo: options.echo },
  );
  const code = await build.exited;
  if (code !== 0) throw new Error(`the dashboard build failed (exit ${code}):\n${build.output()}`);
  return true;
}

export interface WebServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** Serves web/dist on 127.0.0.1:`port`, with `/config.json` pointing at `indexerUrl` and `rpcUrl`. */
export function serveDashboard(options: {
  port: number;
  indexerUrl: string;
  rpcUrl: string;
  dist?: string;
}): Promise<WebServer> {
  const dist = options.dist ?? WEB_DIST;
  const config = JSON.stringify({ indexerUrl: options.indexerUrl, rpcUrl: options.rpcUrl });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/config.json") {
      response.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" });
      response.end(config);
      return;
    }
    const relative = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
    const file = path.join(dist, path.normalize(relative));
    if (!file.startsWith(dist + path.sep) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    // Hashed assets never change; index.html must be fetched again after a rebuild.
    const immutable = relative.startsWith("/assets/");
    response.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${options.port}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
