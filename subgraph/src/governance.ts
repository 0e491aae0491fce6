// Names the governance events use for their small integers (IReferendum, ICouncil, ICouncilReserve).
import { PROPOSAL_STATE_NAMES, SIDES } from "../../keepers/src/governance/names.ts";

/** Proposal states and vote sides: the same names the governance commands use. */
export const PROPOSAL_STATES = PROPOSAL_STATE_NAMES;
export const VOTE_SIDES = Object.keys(SIDES) as (keyof typeof SIDES)[];

/** Council member choices; 0 (none) is never emitted. */
export const MEMBER_CHOICES = ["none", "against", "for", "abstain"] as const;

export const STATEMENT_KINDS = ["Support", "Advocate", "Reserve", "Oppose", "Condemn"] as const;

export const RESERVE_PURPOSES = ["infrastructure", "issuerLiquidity"] as const;

export function named<T extends readonly string[]>(names: T, index: number | bigint): T[number] {
  const name = names[Number(index)];
  if (name === undefined) throw new Error(`no name for ${index} among ${names.join(", ")}`);
  return name;
}
