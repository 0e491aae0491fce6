// Reads shared by the storage jobs: chain time, the landlords and their settlement state.
import type { Address, PublicClient } from "viem";
import { LandlordRegistryAbi } from "../../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";

/** ILandlordRegistry.Status, by index. */
export const LandlordStatus = { None: 0, Active: 1, Retiring: 2, Blacklisted: 3, Retired: 4 } as const;

export interface LandlordView {
  address: Address;
  status: number;
  leaseCount: number;
  nextSettleEpoch: bigint;
  closedEpoch: bigint;
}

/** The latest block's timestamp: upkeep is due by chain time, not by the keeper's clock. */
export async function chainTime(client: PublicClient): Promise<bigint> {
  return (await client.getBlock({ blockTag: "latest" })).timestamp;
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
