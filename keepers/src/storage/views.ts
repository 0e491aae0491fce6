// Reads shared by the storage jobs: what is due now, from the StorageLens (one read per page, the
// timing rules being the contracts' own, with a lease cursor that skips final leases), and the
// open proof epoch with its randomness request (the provider's prove job).
import type { Address, PublicClient } from "viem";
import { IRandomnessAbi } from "../../../abis/IRandomness.ts";
import { StorageMarketAbi } from "../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../abis/StorageProofs.ts";
import { ENUMS, enumIndex, lowerNames } from "../../../lib/vocabulary.ts";
import type { JobContext } from "../core/job.ts";
import { contract, type Deployed } from "../core/contracts.ts";

/** ILandlordRegistry.Status, by index. */
export const LandlordStatus = enumIndex(ENUMS.ILandlordRegistry.Status);

/** IStorageMarket.LeaseStatus, by index. */
export const LeaseStatus = enumIndex(ENUMS.IStorageMarket.LeaseStatus);

export const LEASE_STATUS_NAMES = lowerNames(ENUMS.IStorageMarket.LeaseStatus);

export async function currentEpoch(client: PublicClient, market: Address): Promise<bigint> {
  return client.readContract({ address: market, abi: StorageMarketAbi, functionName: "currentEpoch" });
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

/** Ids scanned per lens read: one read while there are fewer leases (or landlords). */
export const LENS_PAGE = 200n;

/** The contract the lens-reading storage jobs need besides their own. */
export const LENS = "StorageLens";

export type DueLease = Awaited<ReturnType<Deployed<"StorageLens">["read"]["dueLeases"]>>["due"][number];

/** Reads every page of a paged lens view (ids from `fromId`; the view returns the next page's
 * start, 0 once done). */
async function allPages<T>(
  fromId: bigint,
  read: (fromId: bigint) => Promise<readonly [readonly T[], bigint]>,
): Promise<T[]> {
  const found: T[] = [];
  do {
    const [page, next] = await read(fromId);
    found.push(...page);
    fromId = next;
  } while (fromId !== 0n);
  return found;
}

/**
 * Where the lease scans start, per market: every lease below it is Refunded or Reclaimed (final,
 * StorageLens.LeasePage.openFromId), so no job reads it again. States only move forward, so a
 * final lease stays final; the cursor only moves up.
 */
const leaseCursors = new Map<string, bigint>();

/** Every lease with some upkeep due now (StorageLens.dueLeases, from the cursor), and the current
 * epoch. */
export async function dueLeases(context: JobContext): Promise<{ epoch: bigint; due: DueLease[] }> {
  const lens = contract(context, "StorageLens");
  const key = `${context.deployments.chainId}:${context.address("StorageMarket").toLowerCase()}`;
  let fromId = leaseCursors.get(key) ?? 1n;
  let open = fromId;
  let epoch = 0n;
  const due: DueLease[] = [];
  do {
    const page = await lens.read.dueLeases([fromId, LENS_PAGE]);
    // The final prefix goes on across pages while a page is final to its end.
    if (open === fromId) open = page.openFromId;
    epoch = page.epoch;
    due.push(...page.due);
    fromId = page.nextFromId;
  } while (fromId !== 0n);
  if (open > (leaseCursors.get(key) ?? 1n)) leaseCursors.set(key, open);
  return { epoch, due };
}

/** Whether openEpoch or reseed is due on the current epoch (StorageLens.dueEpoch). */
export function dueEpoch(context: JobContext) {
  return contract(context, "StorageLens").read.dueEpoch();
}

/** Whether drip is due, and the current epoch (StorageLens.dueDrip). */
export function dueDrip(context: JobContext) {
  return contract(context, "StorageLens").read.dueDrip();
}

export type SettleBatch = Awaited<ReturnType<Deployed<"StorageLens">["read"]["dueSettlements"]>>[0][number];

/** The settlement due now (StorageLens.dueSettlements) over every landlord, at most `maxEpochs`
 * epochs per page of landlords, each page's batches oldest epoch first. */
export function dueSettlements(context: JobContext, maxEpochs: bigint): Promise<SettleBatch[]> {
  const lens = contract(context, "StorageLens");
  return allPages(1n, (fromId) => lens.read.dueSettlements([fromId, LENS_PAGE, maxEpochs]));
}

/** Landlords whose memberships `reassign` moves now (StorageLens.dueReassigns). */
export function dueReassigns(context: JobContext): Promise<readonly Address[]> {
  const lens = contract(context, "StorageLens");
  return allPages(1n, (fromId) => lens.read.dueReassigns([fromId, LENS_PAGE]));
}
