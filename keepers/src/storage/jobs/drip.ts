// Job storage-drip: drip the storage subsidy due up to the current epoch (StorageMarket.drip).
// The first drip is due in epoch 0; every other market call also drips what is due, so this job
// often finds nothing left. Due as StorageLens.dueDrip says.
import type { Job } from "../../core/job.ts";
import { dueDrip, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageDrip: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-drip",
  description: "Drip the storage subsidy into the pool (StorageMarket.drip)",
  contracts: ["StorageMarket", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due(context) {
    const [due, epoch] = await dueDrip(context);
    return due ? [epoch] : [];
  },

  call: (context) => call(context, "StorageMarket", "drip", []),

  label: (epoch) => `epoch ${epoch}`,
};
