// Contract access typed from the generated ABIs (abis/*.ts, `as const`): a contract is named by
// its DESIGN name, which must be one the ABI export wrote, and its functions by the ABI's own
// names, so that a misspelt contract, function or argument does not compile
// (keepers/test/types.test.ts checks it). The list of contracts is abis/index.ts itself.
import {
  getContract,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type GetContractReturnType,
  type PublicClient,
} from "viem";
import * as ABIS from "../../../abis/index.ts";

type Exports = typeof ABIS;

/** A contract the ABI export wrote: `Referendum` for `ReferendumAbi`. */
export type ContractName = { [key in keyof Exports]: key extends `${infer name}Abi` ? name : never }[keyof Exports];

export type AbiOf<name extends ContractName> = Exports[`${name}Abi`];

export type WriteMutability = "nonpayable" | "payable";

/** A state-changing function of `abi`. */
export type WriteFunction<abi extends Abi> = ContractFunctionName<abi, WriteMutability>;

/** One call of a state-changing function of `abi`, with its arguments checked against the ABI:
 * what jobs return from `call` and what commands send. */
export type ContractCall<abi extends Abi = Abi, name extends WriteFunction<abi> = WriteFunction<abi>> = {
  [fn in name]: {
    address: Address;
    abi: abi;
    functionName: fn;
    args: ContractFunctionArgs<abi, WriteMutability, fn>;
  };
}[name];

/** What the typed accessors need: a public client and the addresses of the deployments file. */
export interface ContractSource {
  client: PublicClient;
  /** The address of a contract of the deployments file, by its DESIGN name. */
  address(contract: ContractName): Address;
}

export type Deployed<name extends ContractName> = GetContractReturnType<AbiOf<name>, PublicClient>;

// The bodies below work on plain `Abi`s and cast once: letting viem infer its generics from an
// ABI that depends on a type parameter costs the type checker minutes.
const abis = ABIS as unknown as Record<string, Abi>;

export function abiOf<name extends ContractName>(name: name): AbiOf<name> {
  return abis[`${name}Abi`] as unknown as AbiOf<name>;
}

/** The deployed contract `name` (`contract(context, "Referendum").read.proposalOf([id])`). */
export function contract<name extends ContractName>(source: ContractSource, name: name): Deployed<name> {
  const abi: Abi = abis[`${name}Abi`];
  return getContract({ address: source.address(name), abi, client: source.client }) as unknown as Deployed<name>;
}

/** A contract of kind `name` at an address the chain gave (a token's market, a collection). */
export function contractAt<name extends ContractName>(
  source: Pick<ContractSource, "client">,
  name: name,
  address: Address,
): Deployed<name> {
  const abi: Abi = abis[`${name}Abi`];
  return getContract({ address, abi, client: source.client }) as unknown as Deployed<name>;
}

/** A call of `name.functionName(args)` on the deployed contract. */
export function call<name extends ContractName, fn extends WriteFunction<AbiOf<name>>>(
  source: Pick<ContractSource, "address">,
  name: name,
  functionName: fn,
  args: ContractFunctionArgs<AbiOf<name>, WriteMutability, fn>,
): ContractCall<AbiOf<name>, fn> {
  const abi: Abi = abis[`${name}Abi`];
  return { address: source.address(name), abi, functionName, args } as unknown as ContractCall<AbiOf<name>, fn>;
}

/** A call of a `name` contract's function at `address`. */
export function callAt<name extends ContractName, fn extends WriteFunction<AbiOf<name>>>(
  address: Address,
  name: name,
  functionName: fn,
  args: ContractFunctionArgs<AbiOf<name>, WriteMutability, fn>,
): ContractCall<AbiOf<name>, fn> {
  const abi: Abi = abis[`${name}Abi`];
  return { address, abi, functionName, args } as unknown as ContractCall<AbiOf<name>, fn>;
}
