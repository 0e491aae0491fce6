// The RecoverableWallet's actions (DESIGN §13): create a wallet from the factory, the owner's
// calls and guardian changes, the guardians' recovery (propose, approve, revoke, execute) and the
// owner's cancel. Each returns what the command prints; a wallet is addressed by its clone address.
import { keccak256, parseEventLogs, stringToHex, zeroHash, type Address, type Hex, type WalletClient } from "viem";
import { RecoverableWalletAbi } from "../../../abis/RecoverableWallet.ts";
import { WalletFactoryAbi } from "../../../abis/WalletFactory.ts";
import { ENUMS } from "../../../abis/vocabulary.ts";
import { chainTime } from "../core/chainTime.ts";
import { call, callAt, contract, contractAt } from "../core/contracts.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";

/** A wallet call: target, value in wei, calldata. */
export interface WalletCall {
  target: Address;
  value: bigint;
  data: Hex;
}

/** The factory salt of `text`: a 32-byte hex as it is, any other text hashed (empty: zero). */
export function walletSalt(text: string | undefined): Hex {
  if (text === undefined || text === "") return zeroHash;
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return text as Hex;
  return keccak256(stringToHex(text));
}

export async function createWallet(
  context: JobContext,
  signer: WalletClient,
  owner: Address,
  guardians: readonly Address[],
  threshold: bigint,
  delay: bigint,
  salt: Hex,
) {
  const factory = contract(context, "WalletFactory");
  const predicted = await factory.read.predictWallet([owner, guardians, threshold, delay, salt]);
  const receipt = await transact(
    context,
    signer,
    call(context, "WalletFactory", "createWallet", [owner, guardians, threshold, delay, salt]),
  );
  const [created] = parseEventLogs({ abi: WalletFactoryAbi, logs: receipt.logs, eventName: "WalletCreated" });
  return {
    wallet: created?.args.wallet ?? predicted,
    ...(await walletStatus(context, created?.args.wallet ?? predicted)),
    transactionHash: receipt.transactionHash,
  };
}

/** The address `createWallet` with these arguments gives (before or after it is created). */
export async function predictWallet(
  context: JobContext,
  owner: Address,
  guardians: readonly Address[],
  threshold: bigint,
  delay: bigint,
  salt: Hex,
) {
  const wallet = await contract(context, "WalletFactory").read.predictWallet([
    owner,
    guardians,
    threshold,
    delay,
    salt,
  ]);
  const code = await context.client.getCode({ address: wallet });
  return { wallet, created: code !== undefined && code !== "0x" };
}

/** The owner's calls through the wallet: one `execute`, or an `executeBatch` of several. */
export async function executeCalls(context: JobContext, signer: WalletClient, wallet: Address, calls: WalletCall[]) {
  const value = calls.reduce((sum, c) => sum + c.value, 0n);
  const request =
    calls.length === 1
      ? callAt(wallet, "RecoverableWallet", "execute", [calls[0].target, calls[0].value, calls[0].data])
      : callAt(wallet, "RecoverableWallet", "executeBatch", [calls]);
  // `send` passes the call's fields on to simulateContract, value included.
  const receipt = await transact(context, signer, { ...request, value } as unknown as typeof request);
  const executed = parseEventLogs({ abi: RecoverableWalletAbi, logs: receipt.logs, eventName: "Executed" });
  return {
    wallet,
    calls: executed.map(({ args }) => ({ target: args.target, value: args.value, selector: args.selector })),
    transactionHash: receipt.transactionHash,
  };
}

export async function proposeGuardianChange(
  context: JobContext,
  signer: WalletClient,
  wallet: Address,
  guardians: readonly Address[],
  threshold: bigint,
  delay: bigint,
) {
  const receipt = await transact(
    context,
    signer,
    callAt(wallet, "RecoverableWallet", "proposeGuardianChange", [guardians, threshold, delay]),
  );
  const [proposed] = parseEventLogs({
    abi: RecoverableWalletAbi,
    logs: receipt.logs,
    eventName: "GuardiansChangeProposed",
  });
  return {
    wallet,
    changeId: proposed.args.changeId,
    guardians: proposed.args.guardians,
    threshold: proposed.args.threshold,
    delay: proposed.args.delay,
    readyAt: proposed.args.readyAt,
    transactionHash: receipt.transactionHash,
  };
}

export async function applyGuardianChange(context: JobContext, signer: WalletClient, wallet: Address) {
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", "applyGuardianChange", []));
  return { wallet, applied: true, ...(await walletStatus(context, wallet)), transactionHash: receipt.transactionHash };
}

export async function cancelGuardianChange(context: JobContext, signer: WalletClient, wallet: Address) {
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", "cancelGuardianChange", []));
  return { wallet, cancelled: "guardian change", transactionHash: receipt.transactionHash };
}

/** A guardian proposes `newOwner`: prints the recovery id and its approvals. */
export async function proposeRecovery(context: JobContext, signer: WalletClient, wallet: Address, newOwner: Address) {
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", "proposeRecovery", [newOwner]));
  const [proposed] = parseEventLogs({ abi: RecoverableWalletAbi, logs: receipt.logs, eventName: "RecoveryProposed" });
  const recoveryId = proposed.args.recoveryId;
  return {
    wallet,
    recoveryId,
    ...(await recoveryStatus(context, wallet, recoveryId)),
    transactionHash: receipt.transactionHash,
  };
}

export async function approveRecovery(
  context: JobContext,
  signer: WalletClient,
  wallet: Address,
  recoveryId: bigint,
  revoke = false,
) {
  const fn = revoke ? "revokeApproval" : "approveRecovery";
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", fn, [recoveryId]));
  return {
    wallet,
    recoveryId,
    ...(await recoveryStatus(context, wallet, recoveryId)),
    transactionHash: receipt.transactionHash,
  };
}

export async function executeRecovery(context: JobContext, signer: WalletClient, wallet: Address, recoveryId: bigint) {
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", "executeRecovery", [recoveryId]));
  const [executed] = parseEventLogs({ abi: RecoverableWalletAbi, logs: receipt.logs, eventName: "RecoveryExecuted" });
  return {
    wallet,
    recoveryId,
    oldOwner: executed.args.oldOwner,
    newOwner: executed.args.newOwner,
    transactionHash: receipt.transactionHash,
  };
}

export async function cancelRecovery(context: JobContext, signer: WalletClient, wallet: Address, recoveryId: bigint) {
  const receipt = await transact(context, signer, callAt(wallet, "RecoverableWallet", "cancelRecovery", [recoveryId]));
  return {
    wallet,
    recoveryId,
    ...(await recoveryStatus(context, wallet, recoveryId)),
    transactionHash: receipt.transactionHash,
  };
}

/** A recovery: new owner, approvals of guardians in force, readyAt, status, seconds left. */
export async function recoveryStatus(context: JobContext, wallet: Address, recoveryId: bigint) {
  const [info, now] = await Promise.all([
    contractAt(context, "RecoverableWallet", wallet).read.getRecovery([recoveryId]),
    chainTime(context.client),
  ]);
  return {
    newOwner: info.newOwner,
    proposer: info.proposer,
    approvals: info.approvals,
    readyAt: info.readyAt === 0n ? null : info.readyAt,
    secondsLeft: info.readyAt === 0n ? null : info.readyAt > now ? info.readyAt - now : 0n,
    status: ENUMS.IRecoverableWallet.RecoveryStatus[info.status],
  };
}

/** A wallet's owner, guardians, threshold, delay, pending guardian change and recoveries. */
export async function walletStatus(context: JobContext, wallet: Address) {
  const w = contractAt(context, "RecoverableWallet", wallet);
  const [owner, guardians, threshold, delay, change, count] = await Promise.all([
    w.read.owner(),
    w.read.guardians(),
    w.read.threshold(),
    w.read.delay(),
    w.read.pendingGuardianChange(),
    w.read.recoveryCount(),
  ]);
  const recoveries = [];
  // The latest 10 recoveries (ids count up from 1).
  for (let id = count; id >= 1n && id > count - 10n; id--) {
    recoveries.push({ recoveryId: id, ...(await recoveryStatus(context, wallet, id)) });
  }
  return {
    owner,
    guardians,
    threshold,
    delay,
    pendingChange:
      change.id === 0n
        ? null
        : {
            changeId: change.id,
            guardians: change.guardians,
            threshold: change.threshold,
            delay: change.delay,
            readyAt: change.readyAt,
          },
    recoveries,
  };
}
