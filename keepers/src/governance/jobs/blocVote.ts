// Job referendum-bloc-vote: make the reserve's votes on an open referendum follow the sitting
// council: cast them once a strict majority chose a side on its bloc subject, move them when the
// majority changes side, withdraw them when it dissolves (Referendum.castBlocVote).
import type { Job } from "../../core/job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel, voteEnd } from "../views.ts";
import { contract, type AbiOf } from "../../core/contracts.ts";

export const referendumBlocVote: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-bloc-vote",
  description: "Cast, move or withdraw the reserve's bloc vote as the council decides (Referendum.castBlocVote)",
  contracts: ["Referendum", "Council"],
  defaultIntervalMs: 15_000,
  settledErrors: ["BlocAlreadyCast", "VotingClosed", "NoBlocMajority"],

  async due(context) {
    const { proposals, now } = await liveProposals(context.client, context.address("Referendum"));
    const open = proposals.filter((p) => p.state === ProposalState.Referendum && now <= voteEnd(p));
    const decided = await Promise.all(
      open.map(async (p) => {
        const subject = await contract(context, "Referendum").read.blocSubject([p.id]);
        const choice = await contract(context, "Council").read.decision([subject]);
        // The council's choice is the side + 1 (0: no majority); the bloc counts blocSide + 1 or 0.
        return choice !== (p.blocVoted ? p.blocSide + 1 : 0);
      }),
    );
    return open.filter((_, i) => decided[i]).map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "castBlocVote", proposalId),
  label: proposalLabel,
};
