// Job storage-settle-epoch: settle every landlord's unsettled epochs once their proof windows are
// over (StorageProofs.settleEpoch), oldest first, up to 10 epochs per poll, in batches of landlords. The bounty counts only landlords
// that held something in the epoch; landlords that held nothing are settled in the same batches
// (their epochs must be settled in order, and a Retired landlord's unbonding waits for them).
// A void epoch (no seed by settlement) is settled the same way: shares go back to the pool.
import type { Address } from "viem";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { currentEpoch, landlords, LandlordStatus, type LandlordView } from "../views.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

/** Landlords per settleEpoch call: bounded gas per transaction. */
export const SETTLE_BATCH = 50;
/** Epochs queued per poll: a keeper that was away catches up this many epochs per pass. */
export const SETTLE_EPOCHS_PER_POLL = 10;

export interface SettleItem {
  epoch: bigint;
  landlords: Address[];
}

/**
 * The batches to settle, oldest epoch first: each epoch whose window is over, with every landlord
 * not yet settled up to it (`nextSettleEpoch <= epoch`; a Retired one only up to its closedEpoch).
 * The items are performed in order, so a landlord behind by several epochs is settled in each of
 * them in turn (the registry skips a landlord whose next epoch is not the one settled).
 */
export function settleBatches(
  views: readonly LandlordView[],
  settleable: readonly bigint[],
  batchSize = SETTLE_BATCH,
): SettleItem[] {
  const items: SettleItem[] = [];
  for (const epoch of settleable) {
    const due = views
      .filter((l) => l.status !== LandlordStatus.None && l.nextSettleEpoch <= epoch)
      .filter((l) => l.status !== LandlordStatus.Retired || epoch <= l.closedEpoch)
      .map((l) => l.address);
    for (let i = 0; i < due.length; i += batchSize) items.push({ epoch, landlords: due.slice(i, i + batchSize) });
  }
  return items;
}

export const storageSettleEpoch: Job<SettleItem, AbiOf<"StorageProofs">> = {
  name: "storage-settle-epoch",
  description: "Settle storage-proof epochs whose window is over (StorageProofs.settleEpoch)",
  contracts: ["StorageMarket", "StorageProofs", "LandlordRegistry"],
  defaultIntervalMs: 5_000,
  // NotDue: before the deadline; ExclusiveSettler: the committee member whose duty the epoch is
  // settles it alone in its window (DESIGN §7), anyone after.
  settledErrors: ["NotDue", "ExclusiveSettler"],

  async due(context) {
    const { client, address } = context;
    const proofs = contract(context, "StorageProofs");
    const [now, current, views] = await Promise.all([
      chainTime(client),
      currentEpoch(client, address("StorageMarket")),
      landlords(client, address("LandlordRegistry")),
    ]);
    const pending = views.filter(
      (l) =>
        l.nextSettleEpoch <= current && (l.status !== LandlordStatus.Retired || l.nextSettleEpoch <= l.closedEpoch),
    );
    if (pending.length === 0) return [];
    const oldest = pending.reduce((min, l) => (l.nextSettleEpoch < min ? l.nextSettleEpoch : min), current);
    const settleable: bigint[] = [];
    for (let epoch = oldest; epoch <= current && settleable.length < SETTLE_EPOCHS_PER_POLL; epoch++) {
      const deadline = await proofs.read.proofDeadline([epoch]);
      if (now < deadline) break;
      settleable.push(epoch);
    }
    return settleBatches(pending, settleable);
  },

  call: (context, item) => call(context, "StorageProofs", "settleEpoch", [item.epoch, item.landlords]),

  label: (item) => `epoch ${item.epoch} (${item.landlords.length} landlords)`,
};
