// Job referendum-bloc-vote: make the reserve's votes on an open referendum follow the sitting
// council: cast them once a strict majority chose a side on its bloc subject, move them when the
// majority changes side, withdraw them when it dissolves (Referendum.castBlocVote).
import { CouncilAbi } from "../../../../abis/Council.ts";
import { ReferendumAbi } from "../../../../abis/Referendum.ts";
import type { Job } from "../../core/job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel, voteEnd } from "../views.ts";

export const referendumBlocVote: Job<bigint> = {
  name: "referendum-bloc-vote",
  description: "Cast, move or withdraw the reserve's bloc vote as the council decides (Referendum.castBlocVote)",
  contracts: ["Referendum", "Council"],
  defaultIntervalMs: 15_000,
  settledErrors: ["BlocAlreadyCast", "VotingClosed", "NoBlocMajority"],

  async due({ client, address }) {
    const referendum = address("Referendum");
    const { proposals, now } = await liveProposals(client, referendum);
    const open = proposals.filter((p) => p.state === ProposalState.Referendum && now <= voteEnd(p));
    const decided = await Promise.all(
      open.map(async (p) => {
        const subject = await client.readContract({
          address: referendum,
          abi: ReferendumAbi,
          functionName: "blocSubject",
          args: [p.id],
        });
        const choice = await client.readContract({
          address: address("Council"),
          abi: CouncilAbi,
          functionName: "decision",
          args: [subject],
        });
        // The council's choice is the side + 1 (0: no majority); the bloc counts blocSide + 1 or 0.
        return choice !== (p.blocVoted ? p.blocSide + 1 : 0);
      }),
    );
    return open.filter((_, i) => decided[i]).map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "castBlocVote", proposalId),
  label: proposalLabel,
};
