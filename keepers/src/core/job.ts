// A job is a named pair: `due` reads what is due now from a module's views, and `call` is the
// upkeep transaction that performs one item.
import type { Abi, Address, PublicClient } from "viem";
import type { Deployments } from "../../../lib/deployments.ts";
import type { DeployedName } from "../../../lib/manifest.ts";
import type { ContractCall, ContractName, ContractSource } from "./contracts.ts";

export interface JobContext extends ContractSource {
  client: PublicClient;
  deployments: Deployments;
  /** The address of a contract of the deployments file, by its manifest name. */
  address(contract: DeployedName | ContractName): Address;
}

/** The upkeep transaction of one item, typed by its ABI and function name (core/contracts.ts). */
export type UpkeepCall<abi extends Abi = Abi> = ContractCall<abi>;

export interface Job<Item = unknown, abi extends Abi = Abi> {
  name: string;
  description: string;
  /** Contracts the job needs in the deployments file, by their manifest names (lib/manifest.ts). */
  contracts: readonly DeployedName[];
  defaultIntervalMs: number;
  /** Custom errors meaning the item is done already or not due (a lost race, not a failure). */
  settledErrors: readonly string[];
  due(context: JobContext): Promise<Item[]>;
  call(context: JobContext, item: Item): UpkeepCall<abi>;
  /** A short label of an item for logs and `keepers status`. */
  label(item: Item): string;
}
