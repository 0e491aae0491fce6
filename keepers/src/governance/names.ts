// Names of the Referendum's small integers, shared by the gov commands, the keeper jobs and the
// indexer. No imports: the indexer bundles this file.

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
