// Job referendum-execute: run a queued proposal through the Timelock once its delay is over and
// before it expires (Referendum.execute).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { actionsCall, dueProposals, LENS, proposalActions, type ProposalActions } from "../views.ts";

export const referendumExecute: Job<ProposalActions, AbiOf<"Referendum">> = {
  name: "referendum-execute",
  description: "Execute queued proposals whose Timelock delay is over (Referendum.execute)",
  contracts: ["Referendum", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["UnexpectedState", "NotDue", "Lapsed"],

  async due(context) {
    return proposalActions(
      context,
      (await dueProposals(context)).filter((p) => p.execute),
    );
  },

  call: (context, item) => actionsCall(context, "execute", item),
  label: (item) => `proposal ${item.proposalId}`,
};
