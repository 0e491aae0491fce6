// Job referendum-bloc-vote: make the reserve's votes on an open referendum follow the sitting
// council: cast them once a strict majority chose a side on its bloc subject, move them when the
// majority changes side, withdraw them when it dissolves (Referendum.castBlocVote).
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { dueProposals, LENS, proposalCall, proposalLabel } from "../views.ts";

export const referendumBlocVote: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-bloc-vote",
  description: "Cast, move or withdraw the reserve's bloc vote as the council decides (Referendum.castBlocVote)",
  contracts: ["Referendum", "Council", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["BlocAlreadyCast", "VotingClosed", "NoBlocMajority"],

  async due(context) {
    return (await dueProposals(context)).filter((p) => p.blocVote).map((p) => p.proposalId);
  },

  call: (context, proposalId) => proposalCall(context, "castBlocVote", proposalId),
  label: proposalLabel,
};
