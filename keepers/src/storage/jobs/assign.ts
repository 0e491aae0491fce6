// Job storage-assign: draw the copy group of each pending lease once the randomness its rent
// requested exists (StorageMarket.assign): the lease starts at the next epoch, or the tenant is
// refunded when no group can form. When the randomness block was missed, the same call re-seeds
// the request (it returns false) and the lease is due again from its new `assignableAt`. What is
// due comes from StorageLens.dueLeases (`assign`: Pending and its randomness block mined).
import type { Job } from "../../core/job.ts";
import { dueLeases, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageAssign: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-assign",
  description: "Draw the copy groups of pending leases from their randomness (StorageMarket.assign)",
  contracts: ["StorageMarket", LENS],
  defaultIntervalMs: 2_000,
  // Before the randomness exists, and a lease another keeper (or its tenant) assigned first.
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    return (await dueLeases(context)).due.filter((lease) => lease.assign).map((lease) => lease.leaseId);
  },

  call: (context, leaseId) => call(context, "StorageMarket", "assign", [leaseId]),

  label: (leaseId) => `lease ${leaseId}`,
};
