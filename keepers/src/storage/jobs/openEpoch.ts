// Job storage-open-epoch: open the current storage-proof epoch (StorageProofs.openEpoch, which
// requests its randomness) while its proof window is open.
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../core/job.ts";
import { currentEpochStatus } from "../views.ts";

export const storageOpenEpoch: Job<bigint> = {
  name: "storage-open-epoch",
  description: "Open the current storage-proof epoch (StorageProofs.openEpoch)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const status = await currentEpochStatus(client, address("StorageMarket"), address("StorageProofs"));
    return status.requestId === 0n && status.windowOpen ? [status.epoch] : [];
  },

  call: ({ address }) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "openEpoch",
    args: [],
  }),

  label: (epoch) => `epoch ${epoch}`,
};
