// Job storage-expire: from a lease's last epoch, take its holders' MB out of the rent shares
// (StorageProofs.expireLease, audit M4) so that an expired lease earns nothing in its grace.
// Unpaid upkeep: the holders of live leases gain by it (their shares grow), so a provider's
// keepers run it. Called in the last epoch it takes effect exactly at the lease's end epoch.
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../core/job.ts";
import { currentEpoch, LeaseIds, LeaseStatus } from "../views.ts";

/** Leases expired per poll. */
export const EXPIRE_BATCH = 20;

const open = new LeaseIds();

export const storageExpire: Job<bigint> = {
  name: "storage-expire",
  description: "Stop expired leases from earning rent in their grace (StorageProofs.expireLease)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 15_000,
  // Already expired by another keeper, or renewed/extended meanwhile.
  settledErrors: ["NotExpiring"],

  async due(context) {
    const { client } = context;
    const market = context.address("StorageMarket");
    const proofs = context.address("StorageProofs");
    const [epoch, ids, grace] = await Promise.all([
      currentEpoch(client, market),
      open.open(context),
      client.readContract({ address: market, abi: StorageMarketAbi, functionName: "graceEpochs" }),
    ]);
    const leases = await Promise.all(
      ids.map((leaseId) =>
        client.readContract({ address: market, abi: StorageMarketAbi, functionName: "leaseOf", args: [leaseId] }),
      ),
    );
    const candidates: bigint[] = [];
    leases.forEach((lease, i) => {
      if (lease.status === LeaseStatus.Refunded || lease.status === LeaseStatus.Reclaimed) open.finish(context, ids[i]);
      else if (
        lease.status === LeaseStatus.Active &&
        epoch + 1n >= BigInt(lease.endEpoch) &&
        epoch < BigInt(lease.endEpoch) + grace
      ) {
        candidates.push(ids[i]);
      }
    });
    const expired = await Promise.all(
      candidates.map((leaseId) =>
        client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "isExpired", args: [leaseId] }),
      ),
    );
    return candidates.filter((_, i) => !expired[i]).slice(0, EXPIRE_BATCH);
  },

  call: ({ address }, leaseId) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "expireLease",
    args: [leaseId],
  }),

  label: (leaseId) => `lease ${leaseId}`,
};
