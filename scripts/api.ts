// npm run api: the indexer's API tier alone, for a second machine (DESIGN §10, issue 19):
// JIAOZI_API_REPLICAS (default 2) `ponder serve` processes reading the schema JIAOZI_SCHEMA of the
// PostgreSQL database DATABASE_URL, which a `ponder start` elsewhere (npm start with DATABASE_URL
// prints its schema) keeps indexing, behind one round-robin proxy on JIAOZI_API_PORT (default
// 42069; replicas on the ports after it). The deployments file (JIAOZI_DEPLOYMENTS, default
// deployments/31337.json) must be the indexer's: Ponder checks the app against the schema it
// serves. Ctrl-C stops every replica. Each replica logs to logs/api-<n>.log (JIAOZI_LOG_DIR).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./stack.ts";
import { printTopology, replicasFromEnv, startApi } from "./indexerTopology.ts";

const databaseUrl = process.env.DATABASE_URL;
const schema = process.env.JIAOZI_SCHEMA;
if (!databaseUrl || !schema) {
  console.error("npm run api needs DATABASE_URL and JIAOZI_SCHEMA (the schema `npm start` printed)");
  process.exit(2);
}
const deploymentsFile = process.env.JIAOZI_DEPLOYMENTS ?? path.join(ROOT, "deployments", "31337.json");
if (!existsSync(deploymentsFile)) {
  console.error(`no deployments file at ${deploymentsFile} (set JIAOZI_DEPLOYMENTS)`);
  process.exit(2);
}
const port = Number(process.env.JIAOZI_API_PORT ?? 42069);
const logDir = process.env.JIAOZI_LOG_DIR ?? path.join(ROOT, "logs");
mkdirSync(logDir, { recursive: true });

try {
  const api = await startApi({
    databaseUrl,
    schema,
    deploymentsFile,
    port,
    firstReplicaPort: port + 1,
    replicas: replicasFromEnv(),
    logFile: (name) => path.join(logDir, `${name}.log`),
  });
  const stop = async () => {
    await api.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  console.log(`GraphQL:  ${api.graphql}`);
  printTopology({ url: api.url, api }, schema);
  console.log("Ctrl-C stops the API.");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
