// What the participant commands (gov, issuer) share: a signer on the chain of the deployments
// file, and one JSON object printed per command.
import { formatEther, isAddress, parseEther, type Address } from "viem";
import { connect, createSigner } from "./chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions } from "./config.ts";
import { ConfigError } from "./errors.ts";
import type { ContractName } from "./contracts.ts";
import type { Job } from "./job.ts";

export type Options = CliOptions & Record<string, string | boolean | string[] | undefined>;

/** Connects as the signer of `flags`, checking the deployments file names `catalog`'s contracts. */
export async function participant(flags: Options, catalog: Readonly<Record<string, Job<unknown>>>) {
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, catalog);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  return { context: chain.context, wallet: signer.wallet };
}

/** Prints `result` as JSON: the named amounts in whole tokens, other big integers as decimals. */
export function printResult(result: object, tokenKeys: ReadonlySet<string>): void {
  console.log(
    JSON.stringify(
      result,
      (key, value) =>
        typeof value === "bigint" ? (tokenKeys.has(key) ? formatEther(value) : value.toString()) : value,
      2,
    ),
  );
}

/** A catalog of no job that only names the contracts a command needs. */
export function contractsCatalog(name: string, contracts: ContractName[]): Readonly<Record<string, Job<unknown>>> {
  return {
    [name]: {
      name,
      description: `${name} commands`,
      contracts,
      defaultIntervalMs: 0,
      settledErrors: [],
      due: async () => [],
      call: () => {
        throw new Error(`the ${name} catalog runs no job`);
      },
      label: () => name,
    },
  };
}

/** A positive amount of whole tokens from a flag, in wei. */
export function tokensOption(flag: string, value: unknown): bigint {
  try {
    const amount = parseEther(String(value));
    if (amount > 0n) return amount;
  } catch {
    // reported below
  }
  throw new ConfigError(flag, `"${value}" is not a positive amount of tokens`);
}

/** An address from a flag. */
export function addressOption(flag: string, value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value)) throw new ConfigError(flag, `"${value}" is not an address`);
  return value;
}
