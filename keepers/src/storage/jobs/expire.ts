// Job storage-expire: from a lease's last epoch, take its holders' MB out of the rent shares
// (StorageProofs.expireLease, audit M4) so that an expired lease earns nothing in its grace.
// Unpaid upkeep: the holders of live leases gain by it (their shares grow), so a provider's
// keepers run it. Called in the last epoch it takes effect exactly at the lease's end epoch.
// What is due comes from StorageLens.dueLeases (`expire`); once the grace is over (`reclaim`
// due) the lease is reclaimed instead.
import type { Job } from "../../core/job.ts";
import { dueLeases, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

/** Leases expired per poll. */
export const EXPIRE_BATCH = 20;

export const storageExpire: Job<bigint, AbiOf<"StorageProofs">> = {
  name: "storage-expire",
  description: "Stop expired leases from earning rent in their grace (StorageProofs.expireLease)",
  contracts: ["StorageMarket", "StorageProofs", LENS],
  defaultIntervalMs: 15_000,
  // Already expired by another keeper, or renewed/extended meanwhile.
  settledErrors: ["NotExpiring"],

  async due(context) {
    return (await dueLeases(context)).due
      .filter((lease) => lease.expire && !lease.reclaim)
      .map((lease) => lease.leaseId)
      .slice(0, EXPIRE_BATCH);
  },

  call: (context, leaseId) => call(context, "StorageProofs", "expireLease", [leaseId]),

  label: (leaseId) => `lease ${leaseId}`,
};
