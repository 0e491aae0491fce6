// Job referendum-execute: run a queued proposal through the Timelock once its delay is over and
// before it expires (Referendum.execute).
import type { AbiOf } from "../../core/contracts.ts";
import type { Job } from "../../core/job.ts";
import { actionsCall, liveProposals, proposalActions, ProposalState, type ProposalActions } from "../views.ts";

export const referendumExecute: Job<ProposalActions, AbiOf<"Referendum">> = {
  name: "referendum-execute",
  description: "Execute queued proposals whose Timelock delay is over (Referendum.execute)",
  contracts: ["Referendum"],
  defaultIntervalMs: 15_000,
  settledErrors: ["UnexpectedState", "NotDue", "Lapsed"],

  async due(context) {
    const { proposals, now, executionPeriod } = await liveProposals(context.client, context.address("Referendum"));
    const ready = proposals.filter(
      (p) => p.state === ProposalState.Queued && now >= BigInt(p.eta) && now <= BigInt(p.eta) + executionPeriod,
    );
    return Promise.all(ready.map((p) => proposalActions(context, p.id)));
  },

  call: (context, item) => actionsCall(context, "execute", item),
  label: (item) => `proposal ${item.proposalId}`,
};
