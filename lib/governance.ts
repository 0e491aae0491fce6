// Names of the Referendum's, the Council's and the CouncilReserve's small integers, shared by the
// gov commands, the keeper jobs and the indexer. The enums come from the compiler's output
// (abis/vocabulary.ts, written by `npm run abis`).
import { ENUMS, lowerNames } from "./vocabulary.ts";

/** IReferendum.ProposalState by index. */
export const PROPOSAL_STATE_NAMES = ENUMS.IReferendum.ProposalState;

/** IChoice.Choice by index, in lowerCamelCase: council member choices and referendum sides alike. */
export const CHOICES = lowerNames(ENUMS.IChoice.Choice);
export type Choice = (typeof CHOICES)[number];

/** Referendum sides by name: every choice but none, with its IChoice number. */
export type Side = Exclude<Choice, "none">;
export const SIDES = Object.fromEntries(CHOICES.flatMap((name, i) => (name === "none" ? [] : [[name, i]]))) as {
  readonly [K in Side]: number;
};

export function isSide(value: string): value is Side {
  return Object.hasOwn(SIDES, value);
}

/** Council member choices by index: 0 withdraws a choice (and is never a decision). */
export const MEMBER_CHOICES = CHOICES;
export type MemberChoice = Choice;

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
