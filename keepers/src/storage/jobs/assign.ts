// Job storage-assign: draw the copy group of each pending lease once the randomness its rent
// requested exists (StorageMarket.assign): the lease starts at the next epoch, or the tenant is
// refunded when no group can form. When the randomness block was missed, the same call re-seeds
// the request (it returns false) and the lease is due again from its new `assignableAt`.
import type { Job } from "../../core/job.ts";
import { LeaseIds } from "../views.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

/** Leases no longer Pending are never read again. */
const pending = new LeaseIds();

export const storageAssign: Job<bigint, AbiOf<"StorageMarket">> = {
  name: "storage-assign",
  description: "Draw the copy groups of pending leases from their randomness (StorageMarket.assign)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 2_000,
  // Before the randomness exists, and a lease another keeper (or its tenant) assigned first.
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    const market = contract(context, "StorageMarket");
    const [ids, block] = await Promise.all([pending.open(context), context.client.getBlockNumber()]);
    // assignableAt is zero unless the lease is Pending: one read tells both.
    const from = await Promise.all(ids.map((leaseId) => market.read.assignableAt([leaseId])));
    const due: bigint[] = [];
    ids.forEach((leaseId, i) => {
      if (from[i] === 0n) pending.finish(context, leaseId);
      else if (block >= from[i]) due.push(leaseId);
    });
    return due;
  },

  call: (context, leaseId) => call(context, "StorageMarket", "assign", [leaseId]),

  label: (leaseId) => `lease ${leaseId}`,
};
