// Job storage-open-epoch: open the current storage-proof epoch (StorageProofs.openEpoch, which
// requests its randomness) while it can still be opened (before its seed deadline, the proof
// window's midpoint), as StorageLens.dueEpoch says.
import type { Job } from "../../core/job.ts";
import { dueEpoch, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageOpenEpoch: Job<bigint, AbiOf<"StorageProofs">> = {
  name: "storage-open-epoch",
  description: "Open the current storage-proof epoch (StorageProofs.openEpoch)",
  contracts: ["StorageMarket", "StorageProofs", LENS],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due(context) {
    const status = await dueEpoch(context);
    return status.open ? [status.epoch] : [];
  },

  call: (context) => call(context, "StorageProofs", "openEpoch", []),

  label: (epoch) => `epoch ${epoch}`,
};
