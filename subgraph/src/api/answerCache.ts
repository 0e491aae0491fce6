// GraphQL answers kept per indexed checkpoint (issue 19): fifty dashboards polling the same
// queries cost one execution per query and block instead of fifty. Ponder's middleware spends
// about 5 ms of CPU on each query (parse, validation, resolvers, SQL building, serialisation;
// benchmarks/indexer.md); a hit costs one read of `_ponder_checkpoint` and a map lookup.
//
// Why this is correct (an answer never older than what the request would compute itself):
// - The key is the request body (query, variables, operation name) under the checkpoint this
//   request reads after it arrived. An answer stored under checkpoint C was computed after C was
//   committed, so it holds at least C's rows; a request that reads C gets at least what was
//   committed when it arrived. "Wait for /status to show block N, then query" keeps working.
// - Identical requests under the same checkpoint share one execution in flight (it started after
//   C was read, so the same argument holds).
// - A new checkpoint (a block indexed, or a reorg's revert) empties the cache.
// - A reorg whose replacement block has the same number and timestamp has the same checkpoint:
//   entries also expire after `maxAgeMs`, so such an answer is at most that old.
// Only answers with status 200 and no `errors` are kept. `JIAOZI_GRAPHQL_CACHE_MS=0` turns it off.
import { sql } from "ponder";
import { createMiddleware } from "hono/factory";

interface Answer {
  storedAt: number;
  body: string;
  contentType: string;
}

export interface AnswerCacheOptions {
  /** The latest indexed checkpoint(s), read once per request. */
  readCheckpoint: () => Promise<string>;
  /** Longest an answer is served under an unchanged checkpoint (0: no cache). */
  maxAgeMs: number;
  /** Answers kept per checkpoint; past it the oldest go first. */
  maxEntries: number;
}

export function answerCache({ readCheckpoint, maxAgeMs, maxEntries }: AnswerCacheOptions) {
  let checkpoint: string | undefined;
  const answers = new Map<string, Answer>();
  const inFlight = new Map<string, Promise<Answer | undefined>>();
  const keyOf = (at: string, body: string) => `${at}\n${body}`;
  const respond = (answer: Answer, how: "hit" | "joined") =>
    new Response(answer.body, {
      status: 200,
      headers: { "content-type": answer.contentType, "x-jiaozi-cache": how },
    });

  return createMiddleware(async (c, next) => {
    if (maxAgeMs <= 0 || c.req.method !== "POST") return next();
    const [body, at] = await Promise.all([c.req.raw.clone().text(), readCheckpoint()]);
    if (at !== checkpoint) {
      checkpoint = at;
      answers.clear();
    }
    const key = keyOf(at, body);
    const kept = answers.get(key);
    if (kept !== undefined && Date.now() - kept.storedAt <= maxAgeMs) return respond(kept, "hit");
    const shared = inFlight.get(key);
    if (shared !== undefined) {
      const answer = await shared;
      if (answer !== undefined) return respond(answer, "joined");
      return next();
    }

    let settle!: (answer: Answer | undefined) => void;
    inFlight.set(key, new Promise((resolve) => (settle = resolve)));
    let answer: Answer | undefined;
    try {
      await next();
      const response = c.res;
      const contentType = response.headers.get("content-type") ?? "";
      if (response.status === 200 && contentType.includes("json")) {
        const text = await response.clone().text();
        if (!text.includes('"errors":')) answer = { storedAt: Date.now(), body: text, contentType };
      }
      if (answer !== undefined && checkpoint === at) {
        if (answers.size >= maxEntries) answers.delete(answers.keys().next().value!);
        answers.set(key, answer);
      }
      c.res.headers.set("x-jiaozi-cache", "miss");
    } finally {
      inFlight.delete(key);
      settle(answer);
    }
  });
}

/** Every chain's latest checkpoint from Ponder's `_ponder_checkpoint` in `schema`, as one string. */
export function checkpointReader(
  db: { execute: (query: ReturnType<typeof sql>) => Promise<unknown> },
  schema: string,
): () => Promise<string> {
  const query = sql`SELECT latest_checkpoint FROM ${sql.identifier(schema)}."_ponder_checkpoint" ORDER BY chain_id`;
  return async () => {
    const result = (await db.execute(query)) as { rows: { latest_checkpoint: string }[] };
    return result.rows.map((row) => row.latest_checkpoint).join(",");
  };
}

/** `JIAOZI_GRAPHQL_CACHE_MS` (default 1000): the answers' longest age under one checkpoint. */
export function maxAgeFromEnv(value = process.env.JIAOZI_GRAPHQL_CACHE_MS): number {
  if (value === undefined || value === "") return 1_000;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new Error(`JIAOZI_GRAPHQL_CACHE_MS must be a whole number of milliseconds, got ${value}`);
  return ms;
}
