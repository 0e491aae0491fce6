// Job referendum-queue: schedule a passed proposal's actions on the Timelock (Referendum.queue),
// with the actions read back from its ProposalCreated event.
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { actionsCall, dueProposals, LENS, proposalActions, type ProposalActions } from "../views.ts";

export const referendumQueue: Job<ProposalActions, AbiOf<"Referendum">> = {
  name: "referendum-queue",
  description: "Queue passed proposals on the Timelock (Referendum.queue)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["UnexpectedState", "Lapsed"],

  async due(context) {
    return proposalActions(
      context,
      (await dueProposals(context)).filter((p) => p.queue),
    );
  },

  call: (context, item) => actionsCall(context, "queue", item),
  label: (item) => `proposal ${item.proposalId}`,
};
