// An alias's owner offers it (two-step: it stays the owner's until the recipient accepts),
// cancels the offer or releases the name; the recipient accepts; the owner replaces its key.
import type { Address, Hex, WalletClient } from "viem";
import type { JobContext } from "../core/job.ts";
import { call } from "../core/contracts.ts";
import { transact } from "../core/send.ts";

export async function offerAlias(context: JobContext, wallet: WalletClient, name: string, to: Address) {
  const receipt = await transact(context, wallet, call(context, "AliasRegistry", "transfer", [name, to]));
  return { alias: name, from: wallet.account!.address, to, transactionHash: receipt.transactionHash };
}

export async function acceptAlias(context: JobContext, wallet: WalletClient, name: string) {
  const receipt = await transact(context, wallet, call(context, "AliasRegistry", "acceptTransfer", [name]));
  return { alias: name, owner: wallet.account!.address, transactionHash: receipt.transactionHash };
}

export async function cancelAliasOffer(context: JobContext, wallet: WalletClient, name: string) {
  const receipt = await transact(context, wallet, call(context, "AliasRegistry", "cancelTransfer", [name]));
  return { alias: name, owner: wallet.account!.address, transactionHash: receipt.transactionHash };
}

export async function releaseAlias(context: JobContext, wallet: WalletClient, name: string) {
  const receipt = await transact(context, wallet, call(context, "AliasRegistry", "release", [name]));
  return { alias: name, released: true, transactionHash: receipt.transactionHash };
}

export async function setAliasKey(context: JobContext, wallet: WalletClient, publicKey: Hex) {
  const receipt = await transact(context, wallet, call(context, "AliasRegistry", "setPublicKey", [publicKey]));
  return { owner: wallet.account!.address, publicKey, transactionHash: receipt.transactionHash };
}
