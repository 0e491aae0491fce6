// Create a proposal: approve the deposit, then Referendum.propose. Actions name their target by
// address or by a contract of the deployments file, and their call by function signature and
// arguments (or raw calldata).
import {
  encodeFunctionData,
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
import { ConfigError } from "../core/errors.ts";
import { transact } from "../core/send.ts";
import { call, contract } from "../core/contracts.ts";

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

/** Turns action specs into the three arrays propose takes; names the first spec that is wrong
 * (a usage error of --actions: exit 2). */
export function encodeActions(context: JobContext, specs: ActionSpec[]): EncodedActions {
  if (!Array.isArray(specs) || specs.length === 0)
    throw new ConfigError("--actions", "a proposal needs at least one action");
  const encoded: EncodedActions = { targets: [], values: [], calldatas: [] };
  specs.forEach((spec, i) => {
    const where = `actions[${i}]`;
    const target = isAddress(spec.target ?? "")
      ? (spec.target as Address)
      : context.deployments.contracts[spec.target]?.address;
    if (target === undefined)
      throw new ConfigError(
        "--actions",
        `${where}.target: "${spec.target}" is neither an address nor a deployed contract`,
      );
    let calldata: Hex;
    if (spec.calldata !== undefined) {
      if (!isHex(spec.calldata)) throw new ConfigError("--actions", `${where}.calldata is not hex`);
      calldata = spec.calldata;
    } else if (spec.function !== undefined) {
      let item: AbiFunction;
      try {
        item = parseAbiItem(`function ${spec.function}`) as AbiFunction;
      } catch (error) {
        throw new ConfigError("--actions", `${where}.function: ${(error as Error).message.split("\n")[0]}`);
      }
      try {
        calldata = encodeFunctionData({ abi: [item], functionName: item.name, args: spec.args ?? [] });
      } catch (error) {
        throw new ConfigError("--actions", `${where}.args: ${(error as Error).message.split("\n")[0]}`);
      }
    } else {
      throw new ConfigError("--actions", `${where} needs "function" (with "args") or "calldata"`);
    }
    let value: bigint;
    try {
      value = BigInt(spec.value ?? "0");
    } catch {
      throw new ConfigError("--actions", `${where}.value: "${spec.value}" is not an amount of wei`);
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
  const { proposalDeposit } = await contract(context, "Referendum").read.parameters();
  const constitutional =
    request.constitutional ??
    (await contract(context, "Referendum").read.isConstitutional([actions.targets, actions.calldatas]))[0];
  if (proposalDeposit > 0n) {
    await transact(context, wallet, call(context, "BaseToken", "approve", [referendum, proposalDeposit]));
  }
  const receipt = await transact(
    context,
    wallet,
    call(context, "Referendum", "propose", [
      actions.targets,
      actions.values,
      actions.calldatas,
      request.descriptionURI,
      constitutional,
      request.publicityDays,
    ]),
  );
  const [opened] = parseEventLogs({ abi: ReferendumAbi, logs: receipt.logs, eventName: "SupportOpened" });
  return {
    proposalId: opened.args.proposalId,
    supportDeadline: opened.args.supportDeadline,
    deposit: opened.args.deposit,
    constitutional,
    transactionHash: receipt.transactionHash,
  };
}
