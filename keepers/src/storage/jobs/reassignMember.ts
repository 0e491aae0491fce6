// Job storage-reassign-member: move the copy-group memberships whose member did not accept the
// lease's current data within the registry's acceptance window (audit H5,
// LandlordRegistry.reassignMember): the member is slashed as for a missed proof and the move is
// paid from its collateral. Members that rejected the data are movable too, but unpaid (the
// member itself or the tenant moves them), so this job leaves them. Live leases only (a lease in
// its grace is not worth a new member); at most REASSIGN_MEMBER_BATCH moves per poll.
import type { Address } from "viem";
import { LandlordRegistryAbi } from "../../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import type { Job } from "../../core/job.ts";
import { currentEpoch, LeaseIds, LeaseStatus } from "../views.ts";

/** Memberships moved per poll: bounded work (one transaction each). */
export const REASSIGN_MEMBER_BATCH = 20;

export interface MemberItem {
  leaseId: bigint;
  landlord: Address;
}

const open = new LeaseIds();
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const storageReassignMember: Job<MemberItem> = {
  name: "storage-reassign-member",
  description: "Move members that never accepted a lease's data in time (LandlordRegistry.reassignMember)",
  contracts: ["StorageMarket", "LandlordRegistry"],
  defaultIntervalMs: 15_000,
  // Accepted meanwhile, moved by someone else, or the lease released.
  settledErrors: ["NotMovable", "NotMember", "UnknownAssignment"],

  async due(context) {
    const { client } = context;
    const market = context.address("StorageMarket");
    const registry = context.address("LandlordRegistry");
    const [epoch, ids, block] = await Promise.all([
      currentEpoch(client, market),
      open.open(context),
      client.getBlock({ blockTag: "latest" }),
    ]);
    const leases = await Promise.all(
      ids.map((leaseId) =>
        client.readContract({ address: market, abi: StorageMarketAbi, functionName: "leaseOf", args: [leaseId] }),
      ),
    );
    const live: bigint[] = [];
    leases.forEach((lease, i) => {
      if (lease.status === LeaseStatus.Refunded || lease.status === LeaseStatus.Reclaimed) open.finish(context, ids[i]);
      else if (lease.status === LeaseStatus.Active && epoch < BigInt(lease.endEpoch)) live.push(ids[i]);
    });
    const due: MemberItem[] = [];
    for (const leaseId of live) {
      if (due.length >= REASSIGN_MEMBER_BATCH) break;
      const group = await client.readContract({
        address: registry,
        abi: LandlordRegistryAbi,
        functionName: "groupOf",
        args: [leaseId],
      });
      const states = await Promise.all(
        group.map((landlord) =>
          client.readContract({
            address: registry,
            abi: LandlordRegistryAbi,
            functionName: "movableAt",
            args: [leaseId, landlord],
          }),
        ),
      );
      states.forEach(([at, rejected], i) => {
        if (group[i] === ZERO_ADDRESS || at === 0n || rejected || at > block.timestamp) return;
        if (due.length < REASSIGN_MEMBER_BATCH) due.push({ leaseId, landlord: group[i] });
      });
    }
    return due;
  },

  call: ({ address }, item) => ({
    address: address("LandlordRegistry"),
    abi: LandlordRegistryAbi,
    functionName: "reassignMember",
    args: [item.leaseId, item.landlord],
  }),

  label: (item) => `lease ${item.leaseId} member ${item.landlord}`,
};
