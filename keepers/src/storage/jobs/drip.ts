// Job storage-drip: drip the storage subsidy due up to the current epoch (StorageMarket.drip).
// The first drip is due in epoch 0; every other market call also drips what is due, so this job
// often finds nothing left.
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import type { Job } from "../../core/job.ts";
import { currentEpoch } from "../views.ts";

export const storageDrip: Job<bigint> = {
  name: "storage-drip",
  description: "Drip the storage subsidy into the pool (StorageMarket.drip)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const market = address("StorageMarket");
    const [epoch, next, reserve] = await Promise.all([
      currentEpoch(client, market),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "nextDripEpoch" }),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "subsidyReserve" }),
    ]);
    return next <= epoch && reserve > 0n ? [epoch] : [];
  },

  call: ({ address }) => ({ address: address("StorageMarket"), abi: StorageMarketAbi, functionName: "drip", args: [] }),

  label: (epoch) => `epoch ${epoch}`,
};
