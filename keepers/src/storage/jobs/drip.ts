// Job storage-drip: drip the storage subsidy due up to the current epoch (StorageMarket.drip).
// The first drip is due in epoch 0; every other market call also drips what is due, so this job
// often finds nothing left.
import type { Job } from "../../core/job.ts";
import { currentEpoch } from "../views.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const storageDrip: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-drip",
  description: "Drip the storage subsidy into the pool (StorageMarket.drip)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due(context) {
    const market = contract(context, "StorageMarket");
    const [epoch, next, reserve] = await Promise.all([
      currentEpoch(context.client, market.address),
      market.read.nextDripEpoch(),
      market.read.subsidyReserve(),
    ]);
    return next <= epoch && reserve > 0n ? [epoch] : [];
  },

  call: (context) => call(context, "StorageMarket", "drip", []),

  label: (epoch) => `epoch ${epoch}`,
};
