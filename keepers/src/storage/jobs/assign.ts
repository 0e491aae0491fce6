// Job storage-assign: draw the copy group of each pending lease once the randomness its rent
// requested exists (StorageMarket.assign): the lease starts at the next epoch, or the tenant is
// refunded when no group can form. When the randomness block was missed, the same call re-seeds
// the request (it returns false) and the lease is due again from its new `assignableAt`.
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import type { Job } from "../../core/job.ts";
import { LeaseIds } from "../views.ts";

/** Leases no longer Pending are never read again. */
const pending = new LeaseIds();

export const storageAssign: Job<bigint> = {
  name: "storage-assign",
  description: "Draw the copy groups of pending leases from their randomness (StorageMarket.assign)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 2_000,
  // Before the randomness exists, and a lease another keeper (or its tenant) assigned first.
  settledErrors: ["AssignNotDue", "WrongStatus"],

  async due(context) {
    const market = context.address("StorageMarket");
    const [ids, block] = await Promise.all([pending.open(context), context.client.getBlockNumber()]);
    // assignableAt is zero unless the lease is Pending: one read tells both.
    const from = await Promise.all(
      ids.map((leaseId) =>
        context.client.readContract({
          address: market,
          abi: StorageMarketAbi,
          functionName: "assignableAt",
          args: [leaseId],
        }),
      ),
    );
    const due: bigint[] = [];
    ids.forEach((leaseId, i) => {
      if (from[i] === 0n) pending.finish(context, leaseId);
      else if (block >= from[i]) due.push(leaseId);
    });
    return due;
  },

  call: ({ address }, leaseId) => ({
    address: address("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "assign",
    args: [leaseId],
  }),

  label: (leaseId) => `lease ${leaseId}`,
};
