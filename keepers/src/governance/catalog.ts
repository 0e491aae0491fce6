// What the governance commands need in the deployments file, as a catalog of one (no job runs),
// and the small parsers they share.
import type { Job } from "../job.ts";
import { TransactionError } from "../transact.ts";

export const GOVERNANCE_CATALOG: Readonly<Record<string, Job<unknown>>> = {
  governance: {
    name: "governance",
    description: "propose, support and vote; declare candidacy and vote for candidates",
    contracts: ["BaseToken", "VotingPower", "Council", "Referendum"],
    defaultIntervalMs: 0,
    settledErrors: [],
    due: async () => [],
    call: () => {
      throw new TransactionError("the governance catalog runs no job");
    },
    label: () => "governance",
  },
};

/** IReferendum.ProposalState by index. */
export const PROPOSAL_STATE_NAMES = [
  "Proposed",
  "CouncilResponse",
  "Referendum",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
  "Expired",
  "Canceled",
] as const;

/** VoteCast sides by name (IReferendum: 0 against, 1 for, 2 abstain). */
export const SIDES = { against: 0, for: 1, abstain: 2 } as const;
export type Side = keyof typeof SIDES;

export function isSide(value: string): value is Side {
  return Object.hasOwn(SIDES, value);
}
