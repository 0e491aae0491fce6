// Reads shared by the storage jobs: chain time, the landlords and their settlement state.
import type { Address, PublicClient } from "viem";
import { LandlordRegistryAbi } from "../../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";

/** ILandlordRegistry.Status, by index. */
export const LandlordStatus = { None: 0, Active: 1, Retiring: 2, Blacklisted: 3, Retired: 4 } as const;

export interface LandlordView {
  address: Address;
  status: number;
  leaseCount: number;
  nextSettleEpoch: bigint;
  closedEpoch: bigint;
}

export async function currentEpoch(client: PublicClient, market: Address): Promise<bigint> {
  return client.readContract({ address: market, abi: StorageMarketAbi, functionName: "currentEpoch" });
}

/** Every landlord ever registered (ids run from 1), with what settlement and moves need. */
export async function landlords(client: PublicClient, registry: Address): Promise<LandlordView[]> {
  const count = await client.readContract({
    address: registry,
    abi: LandlordRegistryAbi,
    functionName: "landlordCount",
  });
  const views: LandlordView[] = [];
  for (let id = 1n; id <= count; id++) {
    const address = await client.readContract({
      address: registry,
      abi: LandlordRegistryAbi,
      functionName: "accountOf",
      args: [id],
    });
    const record = await client.readContract({
      address: registry,
      abi: LandlordRegistryAbi,
      functionName: "landlordOf",
      args: [address],
    });
    views.push({
      address,
      status: record.status,
      leaseCount: record.leaseCount,
      nextSettleEpoch: BigInt(record.nextSettleEpoch),
      closedEpoch: BigInt(record.closedEpoch),
    });
  }
  return views;
}

export const ZERO_HASH = `0x${"0".repeat(64)}`;

/** The current proof epoch: its committed seed block, its recorded seed (zero hash if none), the
 * seed usable now (`seedOf`), its proof deadline, and chain time and block. */
export async function currentEpochStatus(client: PublicClient, market: Address, proofs: Address) {
  const epoch = await currentEpoch(client, market);
  const [stored, usableSeed, deadline, block] = await Promise.all([
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "epochSeedOf", args: [epoch] }),
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "seedOf", args: [epoch] }),
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "proofDeadline", args: [epoch] }),
    client.getBlock({ blockTag: "latest" }),
  ]);
  return {
    epoch,
    seedBlock: stored.seedBlock,
    recordedSeed: stored.seed,
    usableSeed,
    deadline,
    now: block.timestamp,
    blockNumber: block.number,
    windowOpen: block.timestamp < deadline,
  };
}
