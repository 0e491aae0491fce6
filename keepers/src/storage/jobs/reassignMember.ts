// Job storage-reassign-member: move the copy-group memberships whose member did not accept the
// lease's current data within the registry's acceptance window (audit H5,
// LandlordRegistry.reassignMember): the member is slashed as for a missed proof and the move is
// paid from its collateral. Members that rejected the data are movable too, but unpaid (the
// member itself or the tenant moves them), so this job leaves them. Live leases only (a lease in
// its grace is not worth a new member); at most REASSIGN_MEMBER_BATCH moves per poll. The
// movable members come from StorageLens.dueLeases (`movable`, `rejected`).
import type { Address } from "viem";
import type { Job } from "../../core/job.ts";
import { dueLeases, LeaseStatus, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

/** Memberships moved per poll: bounded work (one transaction each). */
export const REASSIGN_MEMBER_BATCH = 20;

export interface MemberItem {
  leaseId: bigint;
  landlord: Address;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const storageReassignMember: Job<MemberItem, AbiOf<"LandlordRegistry">> = {
  name: "storage-reassign-member",
  description: "Move members that never accepted a lease's data in time (LandlordRegistry.reassignMember)",
  contracts: ["StorageMarket", "LandlordRegistry", LENS],
  defaultIntervalMs: 15_000,
  // Accepted meanwhile, moved by someone else, or the lease released.
  settledErrors: ["NotMovable", "NotMember", "UnknownAssignment"],

  async due(context) {
    const { epoch, due: leases } = await dueLeases(context);
    const due: MemberItem[] = [];
    for (const lease of leases) {
      if (lease.status !== LeaseStatus.Active || epoch >= lease.endEpoch) continue;
      lease.movable.forEach((landlord, i) => {
        if (landlord === ZERO_ADDRESS || lease.rejected[i]) return;
        if (due.length < REASSIGN_MEMBER_BATCH) due.push({ leaseId: lease.leaseId, landlord });
      });
    }
    return due;
  },

  call: (context, item) => call(context, "LandlordRegistry", "reassignMember", [item.leaseId, item.landlord]),

  label: (item) => `lease ${item.leaseId} member ${item.landlord}`,
};
