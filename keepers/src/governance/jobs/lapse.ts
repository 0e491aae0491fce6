// Job referendum-lapse: end proposals whose support window closed without a referendum
// (Referendum.lapse); the deposit of one that never reached the response threshold goes to the
// reserve.
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel } from "../views.ts";

export const referendumLapse: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-lapse",
  description: "Lapse proposals whose support window is over (Referendum.lapse)",
  contracts: ["Referendum"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "UnexpectedState"],

  async due({ client, address }) {
    const { proposals, now } = await liveProposals(client, address("Referendum"));
    return proposals
      .filter((p) => p.state === ProposalState.Proposed || p.state === ProposalState.CouncilResponse)
      .filter((p) => now > BigInt(p.supportDeadline))
      .map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "lapse", proposalId),
  label: proposalLabel,
};
