// Job storage-reclaim: reclaim leases whose grace is over (StorageMarket.reclaim). Reclaimed
// leases read as unknown and are skipped.
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import type { Job } from "../../job.ts";
import { currentEpoch } from "./views.ts";

export const storageReclaim: Job<bigint> = {
  name: "storage-reclaim",
  description: "Reclaim expired leases after their grace (StorageMarket.reclaim)",
  contracts: ["StorageMarket"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "UnknownLease"],

  async due({ client, address }) {
    const market = address("StorageMarket");
    const [epoch, count, grace] = await Promise.all([
      currentEpoch(client, market),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "leaseCount" }),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "graceEpochs" }),
    ]);
    const due: bigint[] = [];
    for (let leaseId = 1n; leaseId <= count; leaseId++) {
      try {
        const lease = await client.readContract({
          address: market,
          abi: StorageMarketAbi,
          functionName: "leaseOf",
          args: [leaseId],
        });
        if (epoch >= BigInt(lease.endEpoch) + grace) due.push(leaseId);
      } catch {
        // reclaimed already: leaseOf reverts UnknownLease
      }
    }
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
