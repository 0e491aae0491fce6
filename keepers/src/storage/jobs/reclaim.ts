// Job storage-reclaim: reclaim Active leases whose grace is over (StorageMarket.reclaim).
// Refunded and Reclaimed leases are final and never read again.
import type { Job } from "../../core/job.ts";
import { currentEpoch, LeaseIds, LeaseStatus } from "../views.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

const live = new LeaseIds();

export const storageReclaim: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-reclaim",
  description: "Reclaim expired leases after their grace (StorageMarket.reclaim)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    const market = contract(context, "StorageMarket");
    const [epoch, ids, grace] = await Promise.all([
      currentEpoch(context.client, market.address),
      live.open(context),
      market.read.graceEpochs(),
    ]);
    const leases = await Promise.all(ids.map((leaseId) => market.read.leaseOf([leaseId])));
    const due: bigint[] = [];
    leases.forEach((lease, i) => {
      if (lease.status === LeaseStatus.Refunded || lease.status === LeaseStatus.Reclaimed) {
        live.finish(context, ids[i]);
      } else if (lease.status === LeaseStatus.Active && epoch >= BigInt(lease.endEpoch) + grace) {
        due.push(ids[i]);
      }
    });
    return due;
  },

  call: (context, leaseId) => call(context, "StorageMarket", "reclaim", [leaseId]),

  label: (leaseId) => `lease ${leaseId}`,
};
