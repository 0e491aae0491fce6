// Job referendum-missed-response: put on record that the council gave no statement on a proposal
// within its response deadline (Referendum.recordMissedResponse).
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { dueProposals, isLive, LENS, proposalCall, proposalLabel } from "../views.ts";

export const referendumMissedResponse: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-missed-response",
  description: "Record a council response missed by its deadline (Referendum.recordMissedResponse)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "NothingToRecord"],

  // The Referendum also accepts the record on a proposal in a final state (one that lapsed
  // before its response deadline, say); this job records it while the proposal is live, as it
  // always did.
  async due(context) {
    return (await dueProposals(context)).filter((p) => p.missedResponse && isLive(p.state)).map((p) => p.proposalId);
  },

  call: (context, proposalId) => proposalCall(context, "recordMissedResponse", proposalId),
  label: proposalLabel,
};
