// Names of the Referendum's, the Council's and the CouncilReserve's small integers, shared by the
// gov commands, the keeper jobs and the indexer. The enums come from the compiler's output
// (abis/vocabulary.ts, written by `npm run abis`).
import { ENUMS, lowerNames } from "./vocabulary.ts";

/** IReferendum.ProposalState by index. */
export const PROPOSAL_STATE_NAMES = ENUMS.IReferendum.ProposalState;

/** VoteCast sides by name (IReferendum: 0 against, 1 for, 2 abstain). */
export const SIDES = { against: 0, for: 1, abstain: 2 } as const;
export type Side = keyof typeof SIDES;

export function isSide(value: string): value is Side {
  return Object.hasOwn(SIDES, value);
}

/** ICouncil member choices by index: 0 withdraws a choice (and is never a decision). */
export const MEMBER_CHOICES = ["none", "against", "for", "abstain"] as const;
export type MemberChoice = (typeof MEMBER_CHOICES)[number];

/** ICouncil.StatementKind by index. */
export const STATEMENT_KINDS = ENUMS.ICouncil.StatementKind;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** ICouncilReserve.Purpose by index, in lowerCamelCase. */
export const RESERVE_PURPOSES = lowerNames(ENUMS.ICouncilReserve.Purpose);
export type ReservePurpose = (typeof RESERVE_PURPOSES)[number];

/** The index of `name` among `names`, ignoring case; -1 when it is none of them. */
export function indexOfName(names: readonly string[], name: string): number {
  return names.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
}
