// Job council-finalize-election: count the latest election once its voting is over
// (Council.finalizeElection), a batch of candidates per call until the council is seated.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { dueElection, LENS } from "../views.ts";

/** Candidates counted per call: bounded gas per transaction. */
export const FINALIZE_BATCH = 50n;

export const councilFinalizeElection: Job<bigint, AbiOf<"Council">> = {
  name: "council-finalize-election",
  description: "Finalize the council election after its voting period (Council.finalizeElection)",
  contracts: ["Council", LENS],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "AlreadyFinalized", "NoElection"],

  async due(context) {
    const { finalize, electionId } = await dueElection(context);
    return finalize ? [electionId] : [];
  },

  call: (context) => call(context, "Council", "finalizeElection", [FINALIZE_BATCH]),
  label: (electionId) => `election ${electionId}`,
};
