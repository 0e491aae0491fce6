// Job referendum-expire: end passed proposals that were not queued, or queued ones not executed,
// within the execution period (Referendum.expire).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel } from "../views.ts";

export const referendumExpire: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-expire",
  description: "Expire passed proposals left unexecuted (Referendum.expire)",
  contracts: ["Referendum"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due({ client, address }) {
    const { proposals, now, executionPeriod } = await liveProposals(client, address("Referendum"));
    return proposals
      .filter((p) => {
        if (p.state === ProposalState.Succeeded) return now > BigInt(p.closedAt) + executionPeriod;
        if (p.state === ProposalState.Queued) return now > BigInt(p.eta) + executionPeriod;
        return false;
      })
      .map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "expire", proposalId),
  label: proposalLabel,
};
