// Job storage-settle-epoch: settle every landlord's oldest unsettled epoch once its proof window
// is over (StorageProofs.settleEpoch), in batches of landlords.
import type { Address } from "viem";
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../job.ts";
import { chainTime } from "../chainTime.ts";
import { currentEpoch, landlords, LandlordStatus } from "./views.ts";

/** Landlords per settleEpoch call: bounded gas per transaction. */
export const SETTLE_BATCH = 50;

export interface SettleItem {
  epoch: bigint;
  landlords: Address[];
}

export const storageSettleEpoch: Job<SettleItem> = {
  name: "storage-settle-epoch",
  description: "Settle storage-proof epochs whose window is over (StorageProofs.settleEpoch)",
  contracts: ["StorageMarket", "StorageProofs", "LandlordRegistry"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const proofs = address("StorageProofs");
    const [now, epoch] = await Promise.all([chainTime(client), currentEpoch(client, address("StorageMarket"))]);
    const byEpoch = new Map<bigint, Address[]>();
    for (const landlord of await landlords(client, address("LandlordRegistry"))) {
      const next = landlord.nextSettleEpoch;
      if (next > epoch) continue;
      if (landlord.status === LandlordStatus.Retired && next > landlord.closedEpoch) continue;
      byEpoch.set(next, [...(byEpoch.get(next) ?? []), landlord.address]);
    }
    const items: SettleItem[] = [];
    for (const [settling, members] of [...byEpoch].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const deadline = await client.readContract({
        address: proofs,
        abi: StorageProofsAbi,
        functionName: "proofDeadline",
        args: [settling],
      });
      if (now < deadline) continue;
      for (let i = 0; i < members.length; i += SETTLE_BATCH) {
        items.push({ epoch: settling, landlords: members.slice(i, i + SETTLE_BATCH) });
      }
    }
    return items;
  },

  call: ({ address }, item) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "settleEpoch",
    args: [item.epoch, item.landlords],
  }),

  label: (item) => `epoch ${item.epoch} (${item.landlords.length} landlords)`,
};
