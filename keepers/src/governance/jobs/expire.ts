// Job referendum-expire: end passed proposals that were not queued, or queued ones not executed,
// within the execution period (Referendum.expire).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { dueProposals, LENS, proposalCall, proposalLabel } from "../views.ts";

export const referendumExpire: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-expire",
  description: "Expire passed proposals left unexecuted (Referendum.expire)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due(context) {
    return (await dueProposals(context)).filter((p) => p.expire).map((p) => p.proposalId);
  },

  call: (context, proposalId) => proposalCall(context, "expire", proposalId),
  label: proposalLabel,
};
