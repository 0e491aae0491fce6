// The one send path of the keepers and the CLI: simulate (for the revert's custom error), estimate
// with the gas margin, send (resyncing the nonce when another process sharing the key sent
// first), wait for the receipt, and name a revert on chain by simulating the call again on the
// state its block left. The daemon's executor and every command (gov, issuer, rent, provider,
// update-data) send through `send`; commands use `transact`, which throws a RevertError.
import { setTimeout as sleep } from "node:timers/promises";
import type { Abi, Account, Hash, PublicClient, TransactionReceipt, WalletClient, WriteContractParameters } from "viem";
import type { ContractCall } from "./contracts.ts";
import { classify, CommandError, RevertError, type Failure } from "./errors.ts";
import { withGasMargin } from "./gas.ts";
import type { JobContext } from "./job.ts";

/** Sends tried per call when the nonce clashes with another process sharing the key. */
const NONCE_ATTEMPTS = 4;
const NONCE_PAUSE_MS = 150;
/** How long a command waits for its transaction to be mined. */
const COMMAND_RECEIPT_TIMEOUT_MS = 180_000;

/** Where a call was refused: our simulation, the send's gas estimate, or on chain. */
export type Stage = "simulate" | "send" | "chain";

export type Sent =
  | { status: "succeeded"; hash: Hash; gasLimit: bigint; receipt: TransactionReceipt }
  /** Not sent: the simulation or the send's gas estimate failed (a revert, or the RPC). */
  | { status: "refused"; stage: "simulate" | "send"; failure: Failure }
  /** Mined and reverted: `errorName` from a simulation at its block, or OutOfGas. */
  | {
      status: "reverted";
      stage: "chain";
      hash: Hash;
      gasLimit: bigint;
      receipt: TransactionReceipt;
      errorName: string;
      args: readonly unknown[];
    };

export interface SendDeps {
  client: PublicClient;
  wallet: WalletClient;
  account: Account;
  chainId: number;
  /** Runs one RPC operation (the executor retries transport failures); by default, once. */
  rpc?: <T>(operation: string, run: () => Promise<T>) => Promise<T>;
  receiptTimeoutMs?: number;
  /** Called once the transaction is in the mempool. */
  onSent?: (hash: Hash, gasLimit: bigint) => void;
}

const once = <T>(_operation: string, run: () => Promise<T>) => run();

export async function send(deps: SendDeps, call: ContractCall): Promise<Sent> {
  const { client, account } = deps;
  const rpc = deps.rpc ?? once;
  // The call's ABI is generic here, so viem cannot narrow the request's payable-ness: the request
  // is exactly what simulateContract returned for this call.
  const parameters = { ...call, account } as Parameters<PublicClient["simulateContract"]>[0];

  let request;
  try {
    ({ request } = await rpc("simulate", () => client.simulateContract(parameters)));
  } catch (error) {
    return { status: "refused", stage: "simulate", failure: classify(error, call.abi) };
  }

  let hash: Hash;
  let gasLimit = 0n;
  try {
    hash = await rpc("send", async () => {
      const estimate = await client.estimateContractGas(
        parameters as Parameters<PublicClient["estimateContractGas"]>[0],
      );
      gasLimit = withGasMargin(estimate);
      return resendOnNonceClash(deps, { ...(request as WriteContractParameters), gas: gasLimit });
    });
  } catch (error) {
    return { status: "refused", stage: "send", failure: classify(error, call.abi) };
  }
  deps.onSent?.(hash, gasLimit);

  const receipt = await rpc("receipt", () =>
    client.waitForTransactionReceipt({ hash, timeout: deps.receiptTimeoutMs ?? 60_000 }),
  );
  if (receipt.status === "success") return { status: "succeeded", hash, gasLimit, receipt };
  const { errorName, args } = await revertReason(deps, parameters, call.abi, receipt, gasLimit);
  return { status: "reverted", stage: "chain", hash, gasLimit, receipt, errorName, args };
}

/**
 * Names why a mined transaction reverted. Receipts carry no revert data, so the call is simulated
 * again on the state its block left behind: the transactions that beat it are there, and later
 * blocks (a new tranche, a new epoch) are not, so work that came due again since is not mistaken
 * for the reason. A transaction that used all its gas ran out of it.
 */
async function revertReason(
  deps: SendDeps,
  parameters: Parameters<PublicClient["simulateContract"]>[0],
  abi: Abi,
  receipt: { blockNumber: bigint; gasUsed: bigint },
  gasLimit: bigint,
): Promise<{ errorName: string; args: readonly unknown[] }> {
  if (gasLimit > 0n && receipt.gasUsed >= gasLimit) return { errorName: "OutOfGas", args: [] };
  const rpc = deps.rpc ?? once;
  try {
    const atBlock = { ...parameters, blockNumber: receipt.blockNumber } as typeof parameters;
    await rpc("simulate", () => deps.client.simulateContract(atBlock));
  } catch (error) {
    const failure = classify(error, abi);
    if (failure.kind === "revert") return { errorName: failure.errorName, args: failure.args };
  }
  return { errorName: "unknown", args: [] };
}

/**
 * Sends a simulated request. A nonce clash (another process sharing the key sent first) resyncs
 * the nonce from the chain and tries again, a few times with a growing pause so that the other
 * process's transaction is counted.
 */
async function resendOnNonceClash(deps: SendDeps, request: WriteContractParameters): Promise<Hash> {
  const { wallet, account, chainId } = deps;
  for (let attempt = 1; ; attempt++) {
    try {
      return await wallet.writeContract(request);
    } catch (error) {
      if (classify(error).kind !== "nonce" || attempt >= NONCE_ATTEMPTS) throw error;
      account.nonceManager?.reset({ address: account.address, chainId });
      await sleep(NONCE_PAUSE_MS * attempt);
    }
  }
}

/** `Referendum.castVote`: the contract's name in the deployments file (or its address). */
export function callName(context: Pick<JobContext, "deployments">, call: ContractCall): string {
  const address = call.address.toLowerCase();
  const entry = Object.entries(context.deployments.contracts).find(([, c]) => c.address.toLowerCase() === address);
  return `${entry?.[0] ?? call.address}.${call.functionName}`;
}

/** A participant's transaction (a command): sent through `send`; anything but success throws a
 * RevertError naming the call and its decoded custom error (or the RPC's failure). */
export async function transact(
  context: JobContext,
  wallet: WalletClient,
  call: ContractCall,
): Promise<TransactionReceipt> {
  const sent = await send(
    {
      client: context.client,
      wallet,
      account: wallet.account!,
      chainId: context.deployments.chainId,
      receiptTimeoutMs: COMMAND_RECEIPT_TIMEOUT_MS,
    },
    call,
  );
  if (sent.status === "succeeded") return sent.receipt;
  const name = callName(context, call);
  const { abi } = call;
  if (sent.status === "reverted") {
    const { errorName, args, stage, hash } = sent;
    throw new RevertError({ call: name, errorName, args, stage, hash, abi });
  }
  const { failure, stage } = sent;
  if (failure.kind === "revert") {
    throw new RevertError({ call: name, errorName: failure.errorName, args: failure.args, stage, abi });
  }
  throw new CommandError(`${name} not sent: ${failure.message}`);
}
