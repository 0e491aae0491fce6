// Job referendum-missed-response: put on record that the council gave no statement on a proposal
// within its response deadline (Referendum.recordMissedResponse).
import type { Job } from "../../core/job.ts";
import { liveProposals, proposalCall, proposalLabel } from "../views.ts";
import { contract, type AbiOf } from "../../core/contracts.ts";

export const referendumMissedResponse: Job<bigint, AbiOf<"Referendum">> = {
  name: "referendum-missed-response",
  description: "Record a council response missed by its deadline (Referendum.recordMissedResponse)",
  contracts: ["Referendum", "Council"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "NothingToRecord"],

  async due(context) {
    const { proposals, now } = await liveProposals(context.client, context.address("Referendum"));
    const overdue = proposals.filter(
      (p) => p.responseDeadline !== 0 && !p.responseMissed && now > BigInt(p.responseDeadline),
    );
    const answeredAt = await Promise.all(
      overdue.map((p) => contract(context, "Council").read.firstStatementAt([p.id])),
    );
    return overdue
      .filter((p, i) => answeredAt[i] === 0n || answeredAt[i] > BigInt(p.responseDeadline))
      .map((p) => p.id);
  },

  call: (context, proposalId) => proposalCall(context, "recordMissedResponse", proposalId),
  label: proposalLabel,
};
