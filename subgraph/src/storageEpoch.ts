// Rows several storage events may be the first to create: an epoch, a lease.
import type { Context } from "ponder:registry";
import { lease } from "ponder:schema";

/** The zero values of a storage epoch row. */
export const NEW_EPOCH = {
  reseeds: 0,
  usedMD: 0n,
  rent: 0n,
  proofs: 0,
  settledLandlords: 0,
  failedLandlords: 0,
  voidLandlords: 0,
  units: 0,
  settleFees: 0n,
  voided: false,
  credited: 0n,
  withheld: 0n,
};

/** Makes sure a lease row exists (StorageProofs.DataProposed comes before LeaseRented). */
export async function ensureLease(db: Context["db"], leaseId: bigint, timestamp: bigint): Promise<void> {
  await db
    .insert(lease)
    .values({
      leaseId,
      sizeMB: 0n,
      state: "pending",
      landlords: [],
      acceptedBy: [],
      paid: 0n,
      dataFees: 0n,
      refunded: 0n,
      createdAt: timestamp,
    })
    .onConflictDoNothing();
}

export const holderId = (leaseId: bigint, landlord: `0x${string}`) => `${leaseId}:${landlord.toLowerCase()}`;
