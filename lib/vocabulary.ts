// Views of the generated vocabulary (abis/vocabulary.ts, from the compiler's ASTs): an enum as
// `{ Name: index }`, and its names as the CLI and the indexer spell them (lowerCamelCase).
export { ENUMS, KINDS } from "../abis/vocabulary.ts";

/** `{ Name: index }` of an enum's member names. */
export function enumIndex<const T extends readonly string[]>(names: T): { readonly [K in T[number]]: number } {
  return Object.fromEntries(names.map((name, i) => [name, i])) as { readonly [K in T[number]]: number };
}

/** An enum's member names in lowerCamelCase ("IssuerLiquidity" → "issuerLiquidity"), by index. */
export function lowerNames<const T extends readonly string[]>(
  names: T,
): { readonly [I in keyof T]: Uncapitalize<T[I]> } {
  return names.map((name) => name.charAt(0).toLowerCase() + name.slice(1)) as unknown as {
    readonly [I in keyof T]: Uncapitalize<T[I]>;
  };
}
