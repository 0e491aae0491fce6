// Registering an alias: by commit-reveal (the default: a copied pending reveal cannot snipe the
// name, AliasRegistry displaces a plain registration made after the commitment matured) or by
// the plain `register(alias, publicKey)` of DESIGN (--no-commit). The fee (and the commitment's
// bond) is approved first.
import { bytesToHex, type Hex, type WalletClient } from "viem";
import { randomBytes } from "node:crypto";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { RevertError } from "../core/errors.ts";
import { call, contract } from "../core/contracts.ts";
import { transact } from "../core/send.ts";

export interface RegisterOptions {
  name: string;
  publicKey: Hex;
  /** Commit first and reveal after the registry's minCommitmentAge (default true). */
  commit: boolean;
  /** Sleeps (ms) while waiting for the commitment to mature; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function registerAlias(context: JobContext, wallet: WalletClient, options: RegisterOptions) {
  const registry = contract(context, "AliasRegistry");
  const owner = wallet.account!.address;
  const fee = await registry.read.fee([options.name]);
  // A commitment holds a bond of baseFee (returned at the reveal): approve it with the fee, and
  // no more, so a fee raised between the quote and the pull fails instead of charging more.
  const { baseFee } = await registry.read.parameters();
  const allowance = options.commit ? fee + baseFee : fee;
  await transact(context, wallet, call(context, "BaseToken", "approve", [context.address("AliasRegistry"), allowance]));
  if (!options.commit) {
    const receipt = await transact(
      context,
      wallet,
      call(context, "AliasRegistry", "register", [options.name, options.publicKey]),
    );
    return { alias: options.name, owner, fee, committed: false, transactionHash: receipt.transactionHash };
  }
  const secret = bytesToHex(randomBytes(32));
  const commitment = await registry.read.makeCommitment([options.name, owner, options.publicKey, secret]);
  const committed = await transact(context, wallet, call(context, "AliasRegistry", "commit", [commitment]));
  const committedAt = (await context.client.getBlock({ blockNumber: committed.blockNumber })).timestamp;
  const { minCommitmentAge } = await registry.read.parameters();
  const revealableAt = committedAt + BigInt(minCommitmentAge);
  const sleep = options.sleep ?? defaultSleep;
  // The reveal needs a block at or after revealableAt, and chain time only moves with new blocks
  // (on a live chain every few seconds; the local stack mines every second). Wait the age by the
  // clock, then retry while the chain still answers CommitmentTooNew, for two minutes at most.
  const deadline = Date.now() + (Number(minCommitmentAge) + 120) * 1000;
  const latest = await chainTime(context.client);
  if (latest < revealableAt) await sleep(Number(revealableAt - latest) * 1000);
  let receipt;
  for (;;) {
    try {
      receipt = await transact(
        context,
        wallet,
        call(context, "AliasRegistry", "reveal", [options.name, options.publicKey, secret]),
      );
      break;
    } catch (error) {
      if (error instanceof RevertError && error.errorName === "AliasTaken") {
        // Taken beyond the commitment's reach (an earlier commitment revealed first, or a plain
        // registration before it matured): take the bond back, then report the refusal.
        await transact(
          context,
          wallet,
          call(context, "AliasRegistry", "withdrawCommitment", [options.name, options.publicKey, secret]),
        );
        throw error;
      }
      if (!(error instanceof RevertError) || error.errorName !== "CommitmentTooNew" || Date.now() > deadline)
        throw error;
      await sleep(1000);
    }
  }
  return {
    alias: options.name,
    owner,
    fee,
    committed: true,
    commitment,
    commitTransactionHash: committed.transactionHash,
    transactionHash: receipt.transactionHash,
  };
}
