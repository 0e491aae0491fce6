// Every address flag of the CLI takes an alias too: `addressOrAlias` checks the flag before the
// command connects (an address, or a name that passes the registry's rules after normalisation),
// `resolveAddress` reads the deployment's AliasRegistry after it connected. An unknown alias is a
// ConfigError naming the flag, like a malformed address.
import { isAddress, zeroAddress, type Address } from "viem";
import { ConfigError } from "../core/errors.ts";
import { contract, type ContractSource } from "../core/contracts.ts";
import { aliasProblem, normaliseAlias } from "./names.ts";

/** An address flag as given: an address, or an alias still to resolve. */
export type AddressRef =
  | { readonly flag: string; readonly address: Address; readonly alias?: undefined }
  | { readonly flag: string; readonly alias: string; readonly address?: undefined };

/** Parses an address flag: an address, or an alias (normalised: trim, NFKC, lower case; then checked). */
export function addressOrAlias(flag: string, value: unknown): AddressRef {
  if (typeof value !== "string" || value.trim() === "")
    throw new ConfigError(flag, `"${value}" is neither an address nor an alias`);
  const trimmed = value.trim();
  if (isAddress(trimmed)) return { flag, address: trimmed };
  // Anything that looks like hex is meant as an address (a typo such as "0x12" must not be taken
  // for the alias "0x12"): such names can be registered, but not given in an address flag.
  if (/^0x[0-9a-fA-F]*$/.test(trimmed))
    throw new ConfigError(
      flag,
      trimmed.length === 42 ? `"${value}" is not a valid address (checksum)` : `"${value}" is not an address`,
    );
  const name = normaliseAlias(trimmed);
  const problem = aliasProblem(name);
  if (problem !== undefined)
    throw new ConfigError(flag, `"${value}" is neither an address nor an alias: "${name}" ${problem.message}`);
  return { flag, alias: name };
}

/** The address a flag names: itself, or the owner of its alias in the deployment's AliasRegistry. */
export async function resolveAddress(context: ContractSource, ref: AddressRef): Promise<Address> {
  if (ref.address !== undefined) return ref.address;
  let owner: Address;
  try {
    owner = await contract(context, "AliasRegistry").read.resolve([ref.alias]);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new ConfigError(ref.flag, `cannot resolve alias "${ref.alias}": ${error.message}`);
    throw error;
  }
  if (owner === zeroAddress) throw new ConfigError(ref.flag, `alias "${ref.alias}" is not registered`);
  return owner;
}

/** `addressOrAlias` then `resolveAddress`, for a flag read after connecting. */
export async function addressOption(context: ContractSource, flag: string, value: unknown): Promise<Address> {
  return resolveAddress(context, addressOrAlias(flag, value));
}

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Checks the address flags `keys` of `flags` before connecting (each an address or a valid alias)
 * and returns a copy whose aliases are replaced by the zero address: the command's own parsers can
 * then check every other flag before it connects. Resolve with `resolveAddressFlags` after.
 */
export function checkAddressFlags<T extends Record<string, unknown>>(flags: T, keys: readonly string[]): T {
  const copy: Record<string, unknown> = { ...flags };
  for (const key of keys) {
    if (flags[key] === undefined) continue;
    const ref = addressOrAlias(flagName(key), flags[key]);
    copy[key] = ref.address ?? zeroAddress;
  }
  return copy as T;
}

/** A copy of `flags` whose address flags `keys` hold addresses, aliases resolved by the registry. */
export async function resolveAddressFlags<T extends Record<string, unknown>>(
  context: ContractSource,
  flags: T,
  keys: readonly string[],
): Promise<T> {
  const copy: Record<string, unknown> = { ...flags };
  for (const key of keys) {
    if (flags[key] === undefined) continue;
    copy[key] = await resolveAddress(context, addressOrAlias(flagName(key), flags[key]));
  }
  return copy as T;
}
