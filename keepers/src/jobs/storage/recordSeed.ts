// Job storage-record-seed: make the open epoch's seed durable (StorageProofs.reseed): record the
// seed block's hash once it is mined, or move the draw to a new block if the hash was missed.
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../job.ts";
import { currentEpochStatus, ZERO_HASH } from "./views.ts";

export const storageRecordSeed: Job<bigint> = {
  name: "storage-record-seed",
  description: "Record or re-seed the open storage epoch's randomness (StorageProofs.reseed)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const status = await currentEpochStatus(client, address("StorageMarket"), address("StorageProofs"));
    const waiting = status.seedBlock !== 0n && status.recordedSeed === ZERO_HASH;
    return waiting && status.blockNumber > status.seedBlock && status.windowOpen ? [status.epoch] : [];
  },

  call: ({ address }, epoch) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "reseed",
    args: [epoch],
  }),

  label: (epoch) => `epoch ${epoch}`,
};
