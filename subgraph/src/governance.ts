// Names the governance events use for their small integers (IReferendum, ICouncil, ICouncilReserve).
import { MEMBER_CHOICES, PROPOSAL_STATE_NAMES, RESERVE_PURPOSES, STATEMENT_KINDS } from "../../lib/governance.ts";

/** Proposal states and vote sides: the same names the governance commands use. */
export const PROPOSAL_STATES = PROPOSAL_STATE_NAMES;
/** Vote sides by their IChoice number (index 0, none, is never a vote). */
export const VOTE_SIDES = MEMBER_CHOICES;

/** Member choices, statement kinds and reserve purposes: the names the governance commands take. */
export { MEMBER_CHOICES, RESERVE_PURPOSES, STATEMENT_KINDS };

export function named<T extends readonly string[]>(names: T, index: number | bigint): T[number] {
  const name = names[Number(index)];
  if (name === undefined) throw new Error(`no name for ${index} among ${names.join(", ")}`);
  return name;
}
