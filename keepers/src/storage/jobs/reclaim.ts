// Job storage-reclaim: reclaim Active leases whose grace is over (StorageMarket.reclaim).
// Refunded and Reclaimed leases are final and never read again.
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import type { Job } from "../../core/job.ts";
import { currentEpoch, LeaseIds, LeaseStatus } from "../views.ts";

const live = new LeaseIds();

export const storageReclaim: Job<bigint> = {
  name: "storage-reclaim",
  description: "Reclaim expired leases after their grace (StorageMarket.reclaim)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    const market = context.address("StorageMarket");
    const { client } = context;
    const [epoch, ids, grace] = await Promise.all([
      currentEpoch(client, market),
      live.open(context),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "graceEpochs" }),
    ]);
    const leases = await Promise.all(
      ids.map((leaseId) =>
        client.readContract({ address: market, abi: StorageMarketAbi, functionName: "leaseOf", args: [leaseId] }),
      ),
    );
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

  call: ({ address }, leaseId) => ({
    address: address("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "reclaim",
    args: [leaseId],
  }),

  label: (leaseId) => `lease ${leaseId}`,
};
