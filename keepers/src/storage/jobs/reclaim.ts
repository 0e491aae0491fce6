// Job storage-reclaim: reclaim Active leases whose grace is over (StorageMarket.reclaim), as
// StorageLens.dueLeases reports them (`reclaim`).
import type { Job } from "../../core/job.ts";
import { dueLeases, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

export const storageReclaim: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-reclaim",
  description: "Reclaim expired leases after their grace (StorageMarket.reclaim)",
  contracts: ["StorageMarket", LENS],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    return (await dueLeases(context)).due.filter((lease) => lease.reclaim).map((lease) => lease.leaseId);
  },

  call: (context, leaseId) => call(context, "StorageMarket", "reclaim", [leaseId]),

  label: (leaseId) => `lease ${leaseId}`,
};
