// Job referendum-queue: schedule a passed proposal's actions on the Timelock (Referendum.queue),
// with the actions read back from its ProposalCreated event.
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { actionsCall, liveProposals, proposalActions, ProposalState, type ProposalActions } from "../views.ts";

export const referendumQueue: Job<ProposalActions, AbiOf<"Referendum">> = {
  name: "referendum-queue",
  description: "Queue passed proposals on the Timelock (Referendum.queue)",
  contracts: ["Referendum"],
  defaultIntervalMs: 15_000,
  settledErrors: ["UnexpectedState", "Lapsed"],

  async due(context) {
    const { proposals, now, executionPeriod } = await liveProposals(context.client, context.address("Referendum"));
    const queueable = proposals.filter(
      (p) => p.state === ProposalState.Succeeded && now <= BigInt(p.closedAt) + executionPeriod,
    );
    return Promise.all(queueable.map((p) => proposalActions(context, p.id)));
  },

  call: (context, item) => actionsCall(context, "queue", item),
  label: (item) => `proposal ${item.proposalId}`,
};
