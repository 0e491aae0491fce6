// Job council-open-election: open the council election when it is due (Council.openElection):
// the nomination and voting periods before the sitting term ends, or at once after an election
// that seated nobody.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { dueElection, LENS } from "../views.ts";

export const councilOpenElection: Job<bigint, AbiOf<"Council">> = {
  name: "council-open-election",
  description: "Open the council election when it is due (Council.openElection)",
  contracts: ["Council", LENS],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "ElectionStillOpen"],

  async due(context) {
    const { open, openDueAt } = await dueElection(context);
    return open ? [openDueAt] : [];
  },

  call: (context) => call(context, "Council", "openElection", []),
  label: (dueAt) => `due at ${dueAt}`,
};
