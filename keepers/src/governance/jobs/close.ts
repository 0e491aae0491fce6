// Job referendum-close: count a referendum whose voting period is over (Referendum.closeReferendum).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel, voteEnd } from "../views.ts";

export const referendumClose: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-close",
  description: "Close referenda whose voting period is over (Referendum.closeReferendum)",
  contracts: ["Referendum"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due({ client, address }) {
    const { proposals, now } = await liveProposals(client, address("Referendum"));
    return proposals.filter((p) => p.state === ProposalState.Referendum && now > voteEnd(p)).map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "closeReferendum", proposalId),
  label: proposalLabel,
};
