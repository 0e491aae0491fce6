// Job committee-draw: draw a closed term's committee once its randomness block exists
// (Committee.draw); a missed block is re-seeded by the same call, and the term is due again.
import type { Job } from "../../core/job.ts";
import { call, contract, contractAt, type AbiOf } from "../../core/contracts.ts";
import { recentTerms } from "../terms.ts";

export const committeeDraw: Job<bigint, AbiOf<"Committee">> = {
  name: "committee-draw",
  description: "Draw a term's committee from its randomness (Committee.draw)",
  contracts: ["Committee"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue", "WrongTermState"],

  async due(context) {
    const pending = (await recentTerms(context)).filter((t) => t.closed && !t.drawn);
    if (pending.length === 0) return [];
    // The Committee's beacon, behind IRandomness (BlockRandomness here, a VRF adapter elsewhere).
    const randomness = contractAt(context, "IRandomness", await contract(context, "Committee").read.randomness());
    const block = await context.client.getBlockNumber();
    const requests = await Promise.all(pending.map((t) => randomness.read.requestOf([t.requestId])));
    return pending.filter((_, i) => block > BigInt(requests[i].seedBlock)).map((t) => t.term);
  },

  call: (context, term) => call(context, "Committee", "draw", [term]),
  label: (term) => `term ${term}`,
};
