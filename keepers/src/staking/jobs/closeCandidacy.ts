// Job committee-close-candidacy: once a term's candidacy closed, freeze its candidates'
// reputation and request the draw's randomness (Committee.closeCandidacy, in batches).
import type { Job } from "../../core/job.ts";
import { call, type AbiOf } from "../../core/contracts.ts";
import { recentTerms } from "../terms.ts";

/** Candidates frozen per transaction (each reads the reputation lens once). */
export const CLOSE_BATCH = 128n;

export const committeeCloseCandidacy: Job<bigint, AbiOf<"Committee">> = {
  name: "committee-close-candidacy",
  description: "Freeze the candidates of a term whose candidacy closed (Committee.closeCandidacy)",
  contracts: ["Committee"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue", "WrongTermState"],

  async due(context) {
    return (await recentTerms(context)).filter((t) => !t.closed).map((t) => t.term);
  },

  call: (context, term) => call(context, "Committee", "closeCandidacy", [term, CLOSE_BATCH]),
  label: (term) => `term ${term}`,
};
