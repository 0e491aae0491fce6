// Job storage-reassign: move the copy-group memberships of blacklisted and retiring landlords to
// landlords drawn from the free-capacity sum tree (LandlordRegistry.reassign), a batch per call
// (one bounty per membership moved). InsufficientCapacity means no landlord has room for the next
// lease: a real failure, logged, tried again at the next poll. The landlords come from
// StorageLens.dueReassigns.
import type { Address } from "viem";
import type { Job } from "../../core/job.ts";
import { dueReassigns, LENS } from "../views.ts";
import { call, type AbiOf } from "../../core/contracts.ts";

/** Leases moved per call: bounded gas per transaction. */
export const REASSIGN_BATCH = 20n;

export const storageReassign: Job<Address, AbiOf<"LandlordRegistry">> = {
  name: "storage-reassign",
  description: "Move leases off blacklisted and retiring landlords (LandlordRegistry.reassign)",
  contracts: ["LandlordRegistry", LENS],
  defaultIntervalMs: 15_000,
  settledErrors: ["NothingToMove"],

  async due(context) {
    return [...(await dueReassigns(context))];
  },

  call: (context, landlord) => call(context, "LandlordRegistry", "reassign", [landlord, REASSIGN_BATCH]),

  label: (landlord) => `landlord ${landlord}`,
};
