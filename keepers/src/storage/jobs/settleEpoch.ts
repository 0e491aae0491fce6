// Job storage-settle-epoch: settle every landlord's unsettled epochs once their proof windows are
// over (StorageProofs.settleEpoch), oldest first, up to 10 epochs per poll, in batches of
// landlords. The bounty counts only landlords that held something in the epoch; landlords that
// held nothing are settled in the same batches (their epochs must be settled in order, and a
// Retired landlord's unbonding waits for them). A void epoch (no seed by settlement) is settled
// the same way: shares go back to the pool. What is due comes from StorageLens.dueSettlements
// (each epoch whose window is over with every landlord not yet settled up to it).
import type { Address } from "viem";
import type { Job } from "../../core/job.ts";
import { dueSettlements, LENS, type SettleBatch } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

/** Landlords per settleEpoch call: bounded gas per transaction. */
export const SETTLE_BATCH = 50;
/** Epochs queued per poll: a keeper that was away catches up this many epochs per pass. */
export const SETTLE_EPOCHS_PER_POLL = 10;

export interface SettleItem {
  epoch: bigint;
  landlords: Address[];
}

/**
 * The lens's batches cut into calls of at most `batchSize` landlords, in the lens's order (oldest
 * epoch first): the items are performed in order, so a landlord behind by several epochs is
 * settled in each of them in turn (the registry skips a landlord whose next epoch is not the one
 * settled).
 */
export function settleBatches(batches: readonly SettleBatch[], batchSize = SETTLE_BATCH): SettleItem[] {
  const items: SettleItem[] = [];
  for (const { epoch, landlords } of batches) {
    for (let i = 0; i < landlords.length; i += batchSize) {
      items.push({ epoch, landlords: landlords.slice(i, i + batchSize) });
    }
  }
  return items;
}

export const storageSettleEpoch: Job<SettleItem, AbiOf<"StorageProofs">> = {
  name: "storage-settle-epoch",
  description: "Settle storage-proof epochs whose window is over (StorageProofs.settleEpoch)",
  contracts: ["StorageMarket", "StorageProofs", "LandlordRegistry", LENS],
  defaultIntervalMs: 5_000,
  // NotDue: before the deadline; ExclusiveSettler: the committee member whose duty the epoch is
  // settles it alone in its window (DESIGN §7), anyone after.
  settledErrors: ["NotDue", "ExclusiveSettler"],

  async due(context) {
    return settleBatches(await dueSettlements(context, BigInt(SETTLE_EPOCHS_PER_POLL)));
  },

  call: (context, item) => call(context, "StorageProofs", "settleEpoch", [item.epoch, item.landlords]),

  label: (item) => `epoch ${item.epoch} (${item.landlords.length} landlords)`,
};
