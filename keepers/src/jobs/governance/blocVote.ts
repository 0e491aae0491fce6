// Job referendum-bloc-vote: cast the reserve's votes on an open referendum once a strict majority
// of the sitting council chose a side on its bloc subject (Referendum.castBlocVote).
import { CouncilAbi } from "../../../../abis/Council.ts";
import { ReferendumAbi } from "../../../../abis/Referendum.ts";
import type { Job } from "../../job.ts";
import { liveProposals, ProposalState, proposalCall, proposalLabel, voteEnd } from "./views.ts";

export const referendumBlocVote: Job<bigint> = {
  name: "referendum-bloc-vote",
  description: "Cast the reserve's bloc vote the council decided (Referendum.castBlocVote)",
  contracts: ["Referendum", "Council"],
  defaultIntervalMs: 15_000,
  settledErrors: ["BlocAlreadyCast", "VotingClosed", "NoBlocMajority"],

  async due({ client, address }) {
    const referendum = address("Referendum");
    const { proposals, now } = await liveProposals(client, referendum);
    const open = proposals.filter((p) => p.state === ProposalState.Referendum && !p.blocVoted && now <= voteEnd(p));
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
        return choice !== 0;
      }),
    );
    return open.filter((_, i) => decided[i]).map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "castBlocVote", proposalId),
  label: proposalLabel,
};
