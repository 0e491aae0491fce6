// Reads shared by the storage jobs: chain time, the landlords and their settlement state, the
// open proof epoch with its randomness request, and the leases still worth reading.
import type { Address, PublicClient } from "viem";
import { IRandomnessAbi } from "../../../abis/IRandomness.ts";
import { LandlordRegistryAbi } from "../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../abis/StorageProofs.ts";
import { ENUMS, enumIndex, lowerNames } from "../../../lib/vocabulary.ts";
import type { JobContext } from "../core/job.ts";

/** ILandlordRegistry.Status, by index. */
export const LandlordStatus = enumIndex(ENUMS.ILandlordRegistry.Status);

/** IStorageMarket.LeaseStatus, by index. */
export const LeaseStatus = enumIndex(ENUMS.IStorageMarket.LeaseStatus);

export const LEASE_STATUS_NAMES = lowerNames(ENUMS.IStorageMarket.LeaseStatus);

export interface LandlordView {
  address: Address;
  status: number;
  /** Copy groups it belongs to (what `reassign` moves). */
  memberships: number;
  nextSettleEpoch: bigint;
  closedEpoch: bigint;
}

export async function currentEpoch(client: PublicClient, market: Address): Promise<bigint> {
  return client.readContract({ address: market, abi: StorageMarketAbi, functionName: "currentEpoch" });
}

/** Landlord accounts by id, per registry: an id never changes its account, so each is read once. */
const accounts = new Map<string, Address[]>();

/** Every landlord ever registered (ids run from 1), with what settlement and moves need. */
export async function landlords(client: PublicClient, registry: Address): Promise<LandlordView[]> {
  const count = await client.readContract({
    address: registry,
    abi: LandlordRegistryAbi,
    functionName: "landlordCount",
  });
  const key = `${client.chain?.id ?? 0}:${registry.toLowerCase()}`;
  const known = accounts.get(key) ?? [];
  const fresh = await Promise.all(
    Array.from({ length: Math.max(0, Number(count) - known.length) }, (_, i) =>
      client.readContract({
        address: registry,
        abi: LandlordRegistryAbi,
        functionName: "accountOf",
        args: [BigInt(known.length + i + 1)],
      }),
    ),
  );
  known.push(...fresh);
  accounts.set(key, known);
  const records = await Promise.all(
    known.map((address) =>
      client.readContract({ address: registry, abi: LandlordRegistryAbi, functionName: "landlordOf", args: [address] }),
    ),
  );
  return records.map((record, i) => ({
    address: known[i],
    status: record.status,
    memberships: record.memberships,
    nextSettleEpoch: BigInt(record.nextSettleEpoch),
    closedEpoch: BigInt(record.closedEpoch),
  }));
}

export const ZERO_HASH = `0x${"0".repeat(64)}`;

/** The randomness beacon (IRandomness) of a StorageProofs, read once: it is immutable. */
const beacons = new Map<string, Address>();

export async function randomnessOf(client: PublicClient, proofs: Address): Promise<Address> {
  const key = `${client.chain?.id ?? 0}:${proofs.toLowerCase()}`;
  let beacon = beacons.get(key);
  if (beacon === undefined) {
    beacon = await client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "randomness" });
    beacons.set(key, beacon);
  }
  return beacon;
}

/** The current proof epoch: its randomness request (0: not opened), that request's seed block and
 * recorded value (zero hash until recorded), the seed usable now (`seedOf`: zero while pending or
 * missed), its proof deadline, and chain time and block. */
export async function currentEpochStatus(client: PublicClient, market: Address, proofs: Address) {
  const epoch = await currentEpoch(client, market);
  const [requestId, usableSeed, deadline, block] = await Promise.all([
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "epochRequestOf", args: [epoch] }),
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "seedOf", args: [epoch] }),
    client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "proofDeadline", args: [epoch] }),
    client.getBlock({ blockTag: "latest" }),
  ]);
  let seedBlock = 0n;
  let recordedSeed: string = ZERO_HASH;
  if (requestId !== 0n) {
    const request = await client.readContract({
      address: await randomnessOf(client, proofs),
      abi: IRandomnessAbi,
      functionName: "requestOf",
      args: [requestId],
    });
    seedBlock = request.seedBlock;
    recordedSeed = request.value;
  }
  return {
    epoch,
    requestId,
    seedBlock,
    recordedSeed,
    usableSeed,
    deadline,
    now: block.timestamp,
    blockNumber: block.number,
    windowOpen: block.timestamp < deadline,
  };
}

/**
 * Lease ids a job still has to look at. Ids run from 1 to `leaseCount()`; a job marks an id
 * `finished` once the lease reached a state the job never acts on again (assign: no longer
 * Pending; reclaim: Refunded or Reclaimed), and that id is never read again by this process.
 * States only move forward, so a finished lease stays finished.
 */
export class LeaseIds {
  private readonly finishedIds = new Map<string, { below: bigint; ids: Set<bigint> }>();

  private entry(context: JobContext) {
    const key = `${context.deployments.chainId}:${context.address("StorageMarket").toLowerCase()}`;
    let entry = this.finishedIds.get(key);
    if (entry === undefined) {
      entry = { below: 1n, ids: new Set() };
      this.finishedIds.set(key, entry);
    }
    return entry;
  }

  /** The unfinished ids, oldest first. */
  async open(context: JobContext): Promise<bigint[]> {
    const count = await context.client.readContract({
      address: context.address("StorageMarket"),
      abi: StorageMarketAbi,
      functionName: "leaseCount",
    });
    const entry = this.entry(context);
    const ids: bigint[] = [];
    for (let id = entry.below; id <= count; id++) if (!entry.ids.has(id)) ids.push(id);
    return ids;
  }

  finish(context: JobContext, leaseId: bigint): void {
    const entry = this.entry(context);
    entry.ids.add(leaseId);
    while (entry.ids.delete(entry.below)) entry.below++;
  }
}
