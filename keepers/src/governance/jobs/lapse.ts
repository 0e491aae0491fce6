// Job referendum-lapse: end proposals whose support window closed without a referendum
// (Referendum.lapse); the deposit of one that never reached the response threshold goes to the
// reserve.
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { dueProposals, LENS, proposalCall, proposalLabel } from "../views.ts";

export const referendumLapse: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-lapse",
  description: "Lapse proposals whose support window is over (Referendum.lapse)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due(context) {
    return (await dueProposals(context)).filter((p) => p.lapse).map((p) => p.proposalId);
  },

  call: (context, proposalId) => proposalCall(context, "lapse", proposalId),
  label: proposalLabel,
};
