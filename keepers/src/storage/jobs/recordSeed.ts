// Job storage-record-seed: make the open epoch's seed durable (StorageProofs.reseed): record the
// randomness once its block is mined, or re-seed the request from a later block when the block
// was missed (then the job is due again after the new seed block). Due within the proof window
// while the epoch's request (IRandomness.requestOf) has no recorded value.
import type { Job } from "../../core/job.ts";
import { currentEpochStatus, ZERO_HASH } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageRecordSeed: Job<bigint, AbiOf<"StorageProofs">> = {
  name: "storage-record-seed",
  description: "Record or re-seed the open storage epoch's randomness (StorageProofs.reseed)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 5_000,
  // A seed recorded by another keeper or by a landlord's first proof; the window closing meanwhile.
  settledErrors: ["NotDue", "ProofWindowClosed"],

  async due({ client, address }) {
    const status = await currentEpochStatus(client, address("StorageMarket"), address("StorageProofs"));
    const waiting = status.requestId !== 0n && status.recordedSeed === ZERO_HASH;
    return waiting && status.blockNumber > status.seedBlock && status.windowOpen ? [status.epoch] : [];
  },

  call: (context, epoch) => call(context, "StorageProofs", "reseed", [epoch]),

  label: (epoch) => `epoch ${epoch}`,
};
