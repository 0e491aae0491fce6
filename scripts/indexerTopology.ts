// The indexer's production topology (DESIGN §10, issue 19): one `ponder start` process indexes
// into a PostgreSQL schema, and JIAOZI_API_REPLICAS (default 2) `ponder serve` processes answer
// GraphQL from the same schema, behind one URL served by a small round-robin proxy (node:http, no
// dependency).
//
// Why a proxy rather than consecutive ports listed in the output: dashboards, the keepers' CLI
// and the tests keep one GraphQL URL, whatever the number of replicas, and a replica that is
// starting, restarting or dead is hidden behind it. The proxy polls each replica's /ready every
// 500 ms and sends a request only to the ready ones, in turn; a request whose replica refuses the
// connection or drops it before answering is sent once to the next ready replica (GraphQL
// queries are reads, so a retry is safe). A replica that exits is restarted after a second.
//
// The proxy's own endpoints: /health (200 while it runs), /ready (200 when at least one replica
// is ready, 503 otherwise), /replicas (JSON: each replica's URL, readiness and requests served).
// Everything else (/graphql, /status, /metrics) is forwarded. The indexer's own API (ponder
// start serves one too) is not behind the proxy: it indexes, the replicas answer.
//
// `npm start` with DATABASE_URL runs all of it (scripts/start.ts); `npm run api` runs only the
// replicas and the proxy against an existing schema, for a second machine (scripts/api.ts).
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT, startIndexer, startService, waitFor, type IndexerOptions, type Service } from "./stack.ts";

export interface Replica {
  url: string;
  port: number;
  ready: boolean;
  served: number;
  service: Service;
}

export interface ApiOptions {
  databaseUrl: string;
  schema: string;
  deploymentsFile: string;
  /** The proxy's port; replicas take `firstReplicaPort` and the ports after it. */
  port: number;
  firstReplicaPort: number;
  replicas: number;
  /** Restart a replica that exits (default true). */
  restart?: boolean;
  logFile?: (name: string) => string | undefined;
  echo?: boolean;
}

export interface Api extends Service {
  url: string;
  graphql: string;
  replicas: Replica[];
}

/** `ponder serve` on the subgraph's schema in PostgreSQL (Ponder refuses PGlite for serve). */
export function startReplica(
  options: Pick<ApiOptions, "databaseUrl" | "schema" | "deploymentsFile" | "echo"> & {
    port: number;
    name: string;
    logFile?: string;
  },
): Service {
  return startService(
    options.name,
    process.execPath,
    [
      path.join(ROOT, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
      "serve",
      "--root",
      "subgraph",
      "--schema",
      options.schema,
      "--port",
      String(options.port),
      "--log-format",
      "json",
      "--log-level",
      "warn",
    ],
    {
      env: {
        DATABASE_URL: options.databaseUrl,
        JIAOZI_DEPLOYMENTS: options.deploymentsFile,
        PONDER_TELEMETRY_DISABLED: "true",
      },
      echo: options.echo,
      logFile: options.logFile,
    },
  );
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

/** A round-robin HTTP proxy over the replicas that are ready. Returns the server and a stop. */
export async function startProxy(
  port: number,
  replicas: Replica[],
): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const pick = (exclude?: Replica): Replica | undefined => {
    const ready = replicas.filter((r) => r.ready && r !== exclude);
    if (ready.length === 0) return undefined;
    return ready[next++ % ready.length];
  };

  const forward = (
    replica: Replica,
    request: http.IncomingMessage,
    body: Buffer,
    response: http.ServerResponse,
    retried: boolean,
  ) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
    );
    headers["content-length"] = String(body.length);
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: replica.port,
        method: request.method,
        path: request.url,
        headers,
        agent,
      },
      (answer) => {
        replica.served++;
        const outHeaders = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
        );
        response.writeHead(answer.statusCode ?? 502, outHeaders);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      if (response.headersSent) {
        response.destroy(error);
        return;
      }
      // The replica refused or dropped the connection before answering: it is down until its
      // /ready says otherwise; the request goes once to another ready replica.
      replica.ready = false;
      const other = retried ? undefined : pick(replica);
      if (other) forward(other, request, body, response, true);
      else {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`no API replica answered: ${error.message}\n`);
      }
    });
    upstream.end(body);
  };

  const server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    if (url === "/health") {
      response.writeHead(200).end();
      return;
    }
    if (url === "/ready") {
      const ready = replicas.some((r) => r.ready);
      response.writeHead(ready ? 200 : 503, { "content-type": "text/plain" });
      response.end(ready ? "" : "No API replica is ready.");
      return;
    }
    if (url === "/replicas") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(replicas.map(({ url, ready, served }) => ({ url, ready, served }))));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const replica = pick();
      if (!replica) {
        response.writeHead(503, { "content-type": "text/plain", "retry-after": "1" });
        response.end("No API replica is ready.\n");
        return;
      }
      forward(replica, request, Buffer.concat(chunks), response, false);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    server,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * The API tier alone: `replicas` `ponder serve` processes on an existing schema and the proxy on
 * `port`, waiting until every replica is ready. Its `exited` resolves when the proxy stops; a
 * replica that exits is restarted (unless `restart` is false) and never ends the tier.
 */
export async function startApi(options: ApiOptions): Promise<Api> {
  let stopping = false;
  const replicas: Replica[] = [];
  const spawnReplica = (i: number): Service => {
    const port = options.firstReplicaPort + i;
    const name = `api-${i + 1}`;
    const service = startReplica({ ...options, port, name, logFile: options.logFile?.(name) });
    void service.exited.then(async (code) => {
      const replica = replicas[i];
      if (replica) replica.ready = false;
      if (stopping || options.restart === false) return;
      console.error(`${name} exited (code ${code}); restarting it`);
      await sleep(1_000);
      if (!stopping && replica) replica.service = spawnReplica(i);
    });
    return service;
  };
  for (let i = 0; i < options.replicas; i++) {
    const port = options.firstReplicaPort + i;
    replicas.push({ url: `http://127.0.0.1:${port}`, port, ready: false, served: 0, service: spawnReplica(i) });
  }
  const poll = setInterval(() => {
    for (const replica of replicas) void isReady(replica.url).then((ready) => (replica.ready = ready));
  }, 500);
  const proxy = await startProxy(options.port, replicas);
  let resolveExited!: (code: number | null) => void;
  const exited = new Promise<number | null>((resolve) => (resolveExited = resolve));
  const stop = async () => {
    stopping = true;
    clearInterval(poll);
    await proxy.stop();
    await Promise.all(replicas.map((r) => r.service.stop()));
    resolveExited(0);
    return 0;
  };
  try {
    await waitFor(
      `${options.replicas} API replicas to be ready`,
      async () => {
        for (const replica of replicas) replica.ready = await isReady(replica.url);
        return replicas.every((r) => r.ready);
      },
      120_000,
    );
  } catch (error) {
    const outputs = replicas.map((r) => `--- ${r.service.name}\n${r.service.output().slice(-4000)}`).join("\n");
    await stop();
    throw new Error(`${(error as Error).message}\n${outputs}`);
  }
  const url = `http://127.0.0.1:${options.port}`;
  return {
    name: "api",
    child: replicas[0].service.child,
    output: () => replicas.map((r) => r.service.output()).join(""),
    stop,
    exited,
    url,
    graphql: `${url}/graphql`,
    replicas,
  };
}

/**
 * `ponder start` (indexing, its own API on `port + 1`) plus the API tier on `port` (replicas on
 * `port + 2` …). Its `exited` resolves when the indexer or the proxy stops.
 */
export async function startIndexerTopology(
  options: IndexerOptions & {
    databaseUrl: string;
    schema: string;
    replicas: number;
    apiLogFile?: (name: string) => string | undefined;
  },
): Promise<Service & { url: string; graphql: string; indexer: Service & { url: string }; api: Api }> {
  const indexer = await startIndexer({ ...options, port: options.port + 1 });
  let api: Api;
  try {
    api = await startApi({
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      deploymentsFile: options.deploymentsFile,
      port: options.port,
      firstReplicaPort: options.port + 2,
      replicas: options.replicas,
      logFile: options.apiLogFile,
      echo: options.echo,
    });
  } catch (error) {
    await indexer.stop();
    throw error;
  }
  return {
    name: "indexer",
    child: indexer.child,
    output: indexer.output,
    exited: Promise.race([indexer.exited, api.exited]),
    async stop(graceMs?: number) {
      await api.stop();
      return indexer.stop(graceMs);
    },
    url: api.url,
    graphql: api.graphql,
    indexer,
    api,
  };
}

/** JIAOZI_API_REPLICAS, default 2. */
export function replicasFromEnv(): number {
  const value = process.env.JIAOZI_API_REPLICAS ?? "2";
  const replicas = Number(value);
  if (!Number.isSafeInteger(replicas) || replicas < 1)
    throw new Error(`JIAOZI_API_REPLICAS must be a positive integer, got ${value}`);
  return replicas;
}

/** The URLs of a running topology, for `npm start` and `npm run api`. */
export function printTopology(topology: { url: string; api: Api; indexer?: { url: string } }, schema: string): void {
  const { api } = topology;
  console.log(
    `          one URL for ${api.replicas.length} API replicas (round-robin proxy; /ready, /health, /replicas):\n` +
      api.replicas.map((r, i) => `          api-${i + 1}: ${r.url}\n`).join("") +
      (topology.indexer ? `          indexing: ${topology.indexer.url} (ponder start; not behind the proxy)\n` : "") +
      `          PostgreSQL schema: ${schema} (a second machine: DATABASE_URL=… JIAOZI_SCHEMA=${schema} npm run api)`,
  );
}
