// The GraphQL answer cache (subgraph/src/api/answerCache.ts) on a Hono app with a counting
// endpoint in place of Ponder's: what is shared, what is not, and that an answer is never older
// than the checkpoint its request read.
import { expect } from "chai";
import { Hono } from "hono";
import { answerCache, maxAgeFromEnv } from "../src/api/answerCache.ts";

function appWith(options: { maxAgeMs?: number; maxEntries?: number; answer?: (n: number) => string } = {}) {
  const state = { checkpoint: "c1", executions: 0, delayMs: 0 };
  const app = new Hono();
  app.use(
    "/graphql",
    answerCache({
      readCheckpoint: async () => state.checkpoint,
      maxAgeMs: options.maxAgeMs ?? 1_000,
      maxEntries: options.maxEntries ?? 100,
    }),
    async (c) => {
      state.executions += 1;
      const n = state.executions;
      const at = state.checkpoint;
      if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      return c.json(JSON.parse(options.answer?.(n) ?? JSON.stringify({ data: { n, at } })));
    },
  );
  const ask = async (query = "{ a }") => {
    const response = await app.request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return { how: response.headers.get("x-jiaozi-cache"), body: (await response.json()) as { data?: { n: number } } };
  };
  return { state, ask };
}

describe("GraphQL answer cache", () => {
  it("answers the same query under the same checkpoint once, and again after the checkpoint moves", async () => {
    const { state, ask } = appWith();
    expect((await ask()).how).to.equal("miss");
    const second = await ask();
    expect([second.how, second.body.data?.n, state.executions]).to.deep.equal(["hit", 1, 1]);
    expect((await ask("{ b }")).how, "another query").to.equal("miss");
    state.checkpoint = "c2";
    const moved = await ask();
    expect([moved.how, moved.body.data?.n]).to.deep.equal(["miss", 3]);
  });

  it("a checkpoint read after an answer was stored never gets an answer computed before it", async () => {
    const { state, ask } = appWith();
    await ask();
    // The reorg case: back to an earlier checkpoint, then the same one again. Each change empties
    // the cache, so nothing computed under the first c1 is served under the second.
    state.checkpoint = "c0";
    await ask();
    state.checkpoint = "c1";
    const again = await ask();
    expect([again.how, again.body.data?.n]).to.deep.equal(["miss", 3]);
  });

  it("identical requests in flight share one execution", async () => {
    const { state, ask } = appWith();
    state.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask()));
    expect(state.executions).to.equal(1);
    expect(answers.filter((a) => a.how === "joined")).to.have.length(19);
    expect(new Set(answers.map((a) => a.body.data?.n))).to.deep.equal(new Set([1]));
  });

  it("answers expire after maxAgeMs even under an unchanged checkpoint", async () => {
    const { state, ask } = appWith({ maxAgeMs: 30 });
    await ask();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await ask()).how).to.equal("miss");
    expect(state.executions).to.equal(2);
  });

  it("does not keep answers with errors, and keeps at most maxEntries", async () => {
    const failing = appWith({ answer: () => JSON.stringify({ errors: [{ message: "no such field" }] }) });
    await failing.ask();
    await failing.ask();
    expect(failing.state.executions).to.equal(2);

    const small = appWith({ maxEntries: 2 });
    for (const q of ["{ a }", "{ b }", "{ c }"]) await small.ask(q);
    expect((await small.ask("{ c }")).how).to.equal("hit");
    expect((await small.ask("{ a }")).how, "the oldest went first").to.equal("miss");
  });

  it("is off with maxAgeMs 0, and JIAOZI_GRAPHQL_CACHE_MS is checked", async () => {
    const { state, ask } = appWith({ maxAgeMs: 0 });
    await ask();
    expect((await ask()).how).to.equal(null);
    expect(state.executions).to.equal(2);
    expect(maxAgeFromEnv(undefined)).to.equal(1_000);
    expect(maxAgeFromEnv("0")).to.equal(0);
    expect(() => maxAgeFromEnv("soon")).to.throw(/JIAOZI_GRAPHQL_CACHE_MS/);
  });
});
