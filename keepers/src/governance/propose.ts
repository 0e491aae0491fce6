// Create a proposal: approve the deposit, then Referendum.propose. Actions name their target by
// address or by a contract of the deployments file, and their call by function signature and
// arguments (or raw calldata).
import {
  encodeFunctionData,
  erc20Abi,
  isAddress,
  isHex,
  parseAbiItem,
  parseEventLogs,
  type AbiFunction,
  type Address,
  type Hex,
  type WalletClient,
} from "viem";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import type { JobContext } from "../core/job.ts";
import { transact, TransactionError } from "../core/transact.ts";

/** One action as written in an actions file. */
export interface ActionSpec {
  /** An address, or a contract name of the deployments file ("KeeperRewards"). */
  target: string;
  /** A function signature, "setBounty(bytes32,uint256)", with `args`; or raw `calldata`. */
  function?: string;
  args?: unknown[];
  calldata?: string;
  /** Wei sent with the call; 0 by default. */
  value?: string;
}

export interface ProposalRequest {
  actions: ActionSpec[];
  descriptionURI: string;
  /** Omitted: labelled as the Referendum classifies the calls (default-constitutional: any call
   * off its ordinary list makes the proposal constitutional). */
  constitutional?: boolean;
  publicityDays: number;
}

export interface EncodedActions {
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
}

/** Turns action specs into the three arrays propose takes; names the first spec that is wrong. */
export function encodeActions(context: JobContext, specs: ActionSpec[]): EncodedActions {
  if (!Array.isArray(specs) || specs.length === 0) throw new TransactionError("a proposal needs at least one action");
  const encoded: EncodedActions = { targets: [], values: [], calldatas: [] };
  specs.forEach((spec, i) => {
    const where = `actions[${i}]`;
    const target = isAddress(spec.target ?? "")
      ? (spec.target as Address)
      : context.deployments.contracts[spec.target]?.address;
    if (target === undefined)
      throw new TransactionError(`${where}.target: "${spec.target}" is neither an address nor a deployed contract`);
    let calldata: Hex;
    if (spec.calldata !== undefined) {
      if (!isHex(spec.calldata)) throw new TransactionError(`${where}.calldata is not hex`);
      calldata = spec.calldata;
    } else if (spec.function !== undefined) {
      let item: AbiFunction;
      try {
        item = parseAbiItem(`function ${spec.function}`) as AbiFunction;
      } catch (error) {
        throw new TransactionError(`${where}.function: ${(error as Error).message.split("\n")[0]}`);
      }
      try {
        calldata = encodeFunctionData({ abi: [item], functionName: item.name, args: spec.args ?? [] });
      } catch (error) {
        throw new TransactionError(`${where}.args: ${(error as Error).message.split("\n")[0]}`);
      }
    } else {
      throw new TransactionError(`${where} needs "function" (with "args") or "calldata"`);
    }
    let value: bigint;
    try {
      value = BigInt(spec.value ?? "0");
    } catch {
      throw new TransactionError(`${where}.value: "${spec.value}" is not an amount of wei`);
    }
    encoded.targets.push(target);
    encoded.values.push(value);
    encoded.calldatas.push(calldata);
  });
  return encoded;
}

export async function propose(context: JobContext, wallet: WalletClient, request: ProposalRequest) {
  const referendum = context.address("Referendum");
  const actions = encodeActions(context, request.actions);
  const { proposalDeposit } = await context.client.readContract({
    address: referendum,
    abi: ReferendumAbi,
    functionName: "parameters",
  });
  const constitutional =
    request.constitutional ??
    (
      await context.client.readContract({
        address: referendum,
        abi: ReferendumAbi,
        functionName: "isConstitutional",
        args: [actions.targets, actions.calldatas],
      })
    )[0];
  if (proposalDeposit > 0n) {
    await transact(context, wallet, {
      address: context.address("BaseToken"),
      abi: erc20Abi,
      functionName: "approve",
      args: [referendum, proposalDeposit],
    });
  }
  const receipt = await transact(context, wallet, {
    address: referendum,
    abi: ReferendumAbi,
    functionName: "propose",
    args: [
      actions.targets,
      actions.values,
      actions.calldatas,
      request.descriptionURI,
      constitutional,
      request.publicityDays,
    ],
  });
  const [opened] = parseEventLogs({ abi: ReferendumAbi, logs: receipt.logs, eventName: "SupportOpened" });
  return {
    proposalId: opened.args.proposalId,
    supportDeadline: opened.args.supportDeadline,
    deposit: opened.args.deposit,
    constitutional,
    transactionHash: receipt.transactionHash,
  };
}
