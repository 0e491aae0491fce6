// Job referendum-close: count a referendum whose voting period is over (Referendum.closeReferendum).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { dueProposals, LENS, proposalCall, proposalLabel } from "../views.ts";

export const referendumClose: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-close",
  description: "Close referenda whose voting period is over (Referendum.closeReferendum)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due(context) {
    return (await dueProposals(context)).filter((p) => p.close).map((p) => p.proposalId);
  },

  call: (context, proposalId) => proposalCall(context, "closeReferendum", proposalId),
  label: proposalLabel,
};
