// /metrics (Prometheus), /health (the process runs) and /ready (every job's last poll reached
// the chain) on a small node:http server; `routes` may serve more (the provider's uploads).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { KeeperMetrics } from "./metrics.ts";

export function startServer(options: {
  host: string;
  port: number;
  metrics: KeeperMetrics;
  ready: () => boolean;
  /** Extra routes: returns true when it handled the request. */
  routes?: (request: IncomingMessage, response: ServerResponse) => boolean;
}): Promise<Server> {
  const server = createServer((request, response) => {
    const url = request.url?.split("?")[0];
    if (options.routes?.(request, response)) return;
    if (url === "/metrics") {
      options.metrics.registry
        .metrics()
        .then((body) => {
          response.writeHead(200, { "content-type": options.metrics.registry.contentType });
          response.end(body);
        })
        .catch((error: Error) => {
          response.writeHead(500).end(error.message);
        });
    } else if (url === "/health") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else if (url === "/ready") {
      const ready = options.ready();
      response
        .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify({ status: ready ? "ready" : "not ready" }));
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
