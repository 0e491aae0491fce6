// Job storage-record-seed: make the open epoch's seed durable (StorageProofs.reseed): record the
// randomness once its block is mined, or re-seed the request from a later block when the block
// was missed (then the job is due again after the new seed block). Due before the epoch's seed
// deadline while the epoch's request (IRandomness.requestOf) has no recorded value, as
// StorageLens.dueEpoch says (`recordSeed`).
import type { Job } from "../../core/job.ts";
import { dueEpoch, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageRecordSeed: Job<bigint, AbiOf<"StorageProofs">> = {
  name: "storage-record-seed",
  description: "Record or re-seed the open storage epoch's randomness (StorageProofs.reseed)",
  contracts: ["StorageMarket", "StorageProofs", LENS],
  defaultIntervalMs: 5_000,
  // A seed recorded by another keeper or by a landlord's first proof; the window closing meanwhile.
  settledErrors: ["NotDue", "ProofWindowClosed"],

  async due(context) {
    const status = await dueEpoch(context);
    return status.recordSeed ? [status.epoch] : [];
  },

  call: (context, epoch) => call(context, "StorageProofs", "reseed", [epoch]),

  label: (epoch) => `epoch ${epoch}`,
};
