// Alias names: the CLI's normalisation and the mirror of AliasRegistry's on-chain rules
// (contracts/accounts/AliasRegistry.sol `_validateAlias`). Both sides are checked against
// test/vectors/alias-names.json: a name this module accepts is one the contract accepts, and a
// refused name is refused with the same custom error and arguments.

export const MIN_LENGTH = 3;
export const MAX_LENGTH = 32;

/** A broken rule: the contract's custom error name and its arguments (bytes as 0x-hex). */
export interface NameProblem {
  readonly error:
    | "TooShort"
    | "TooLong"
    | "InvalidCharacter"
    | "UpperCaseCharacter"
    | "NonAsciiCharacter"
    | "LeadingHyphen"
    | "TrailingHyphen"
    | "HyphensAtPositions3And4";
  readonly args: readonly (number | string)[];
  readonly message: string;
}

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, "0")}`;
const HYPHEN = 0x2d;

/** The rule `name` (sent as it is, UTF-8) breaks on chain, or undefined when the chain accepts it. */
export function aliasProblem(name: string): NameProblem | undefined {
  const bytes = new TextEncoder().encode(name);
  const length = bytes.length;
  if (length < MIN_LENGTH)
    return { error: "TooShort", args: [length, MIN_LENGTH], message: `is ${length} bytes, at least ${MIN_LENGTH}` };
  if (length > MAX_LENGTH)
    return { error: "TooLong", args: [length, MAX_LENGTH], message: `is ${length} bytes, at most ${MAX_LENGTH}` };
  for (let i = 0; i < length; i++) {
    const c = bytes[i];
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === HYPHEN) continue;
    if (c >= 0x80)
      return {
        error: "NonAsciiCharacter",
        args: [i, hex(c)],
        message: `has a non-ASCII character at byte ${i} (only a-z, 0-9 and -)`,
      };
    if (c >= 0x41 && c <= 0x5a)
      return { error: "UpperCaseCharacter", args: [i, hex(c)], message: `has an upper-case letter at byte ${i}` };
    return {
      error: "InvalidCharacter",
      args: [i, hex(c)],
      message: `has ${JSON.stringify(String.fromCharCode(c))} at byte ${i} (only a-z, 0-9 and -)`,
    };
  }
  if (bytes[0] === HYPHEN) return { error: "LeadingHyphen", args: [name], message: "starts with a hyphen" };
  if (bytes[length - 1] === HYPHEN) return { error: "TrailingHyphen", args: [name], message: "ends with a hyphen" };
  if (bytes[2] === HYPHEN && bytes[3] === HYPHEN)
    return {
      error: "HyphensAtPositions3And4",
      args: [name],
      message: "has -- at the 3rd and 4th characters (reserved, as punycode's xn--)",
    };
  return undefined;
}

/** What the CLI sends for a typed name: trimmed, NFKC-normalised, lower case. */
export function normaliseAlias(input: string): string {
  return input.trim().normalize("NFKC").toLowerCase();
}

/** True when `value` is not an address but could be meant as an alias (the CLI then resolves it). */
export function looksLikeAlias(value: string): boolean {
  return !/^0x[0-9a-fA-F]{40}$/.test(value.trim());
}
