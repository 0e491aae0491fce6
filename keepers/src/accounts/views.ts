// What an alias or an address is in the AliasRegistry: owner, pending offer, key, reverse record.
import { zeroAddress, type Address } from "viem";
import type { ContractSource } from "../core/contracts.ts";
import { contract } from "../core/contracts.ts";

export async function aliasStatus(context: ContractSource, name: string) {
  const registry = contract(context, "AliasRegistry");
  const owner = await registry.read.resolve([name]);
  const pendingOwner = await registry.read.pendingOwnerOf([name]);
  const publicKey = await registry.read.publicKeyOf([name]);
  return {
    alias: name,
    owner: owner === zeroAddress ? null : owner,
    pendingOwner: pendingOwner === zeroAddress ? null : pendingOwner,
    publicKey: publicKey === "0x" ? null : publicKey,
  };
}

export async function accountAlias(context: ContractSource, account: Address) {
  const registry = contract(context, "AliasRegistry");
  const name = await registry.read.aliasOf([account]);
  return { account, alias: name === "" ? null : name };
}
