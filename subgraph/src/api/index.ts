// GraphQL at /graphql (Ponder's graphql middleware, graphql-yoga underneath), behind the answer
// cache (answerCache.ts: answers shared per indexed checkpoint).
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { graphql } from "ponder";
import { answerCache, checkpointReader, maxAgeFromEnv } from "./answerCache.ts";

// Ponder's schema of this instance (`--schema`, or "public"), set by its build before the API loads.
const namespace = (globalThis as { PONDER_NAMESPACE_BUILD?: { schema: string } }).PONDER_NAMESPACE_BUILD;
const cached = answerCache({
  readCheckpoint: checkpointReader(db, namespace?.schema ?? "public"),
  maxAgeMs: maxAgeFromEnv(),
  maxEntries: 1_000,
});
const endpoint = graphql({ db, schema });

const app = new Hono();
app.use("/graphql", cached, endpoint);
app.use("/", cached, endpoint);

export default app;
