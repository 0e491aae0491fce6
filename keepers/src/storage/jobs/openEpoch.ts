// Job storage-open-epoch: open the current storage-proof epoch (StorageProofs.openEpoch, which
// requests its randomness) while its proof window is open.
import type { Job } from "../../core/job.ts";
import { currentEpochStatus } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageOpenEpoch: Job<bigint, AbiOf<"StorageProofs">> = {
  name: "storage-open-epoch",
  description: "Open the current storage-proof epoch (StorageProofs.openEpoch)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const status = await currentEpochStatus(client, address("StorageMarket"), address("StorageProofs"));
    return status.requestId === 0n && status.windowOpen ? [status.epoch] : [];
  },

  call: (context) => call(context, "StorageProofs", "openEpoch", []),

  label: (epoch) => `epoch ${epoch}`,
};
