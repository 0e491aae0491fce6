// The storage-provider agent's work, as keeper jobs of one landlord: accept the data of its
// leases once the bytes are on disk (StorageProofs.acceptData), reject data that never arrived
// within its patience (rejectData), answer its challenge each epoch (StorageProofs.prove) and
// claim its rent (LandlordRegistry.claimRent).
import { bytesToHex, type Address, type Hex } from "viem";
import { classify } from "../../core/errors.ts";
import type { Job } from "../../core/job.ts";
import type { Logger } from "../../core/log.ts";
import { currentEpochStatus, ZERO_HASH } from "../views.ts";
import type { LeaseBook } from "./leases.ts";
import type { LeaseStore } from "./store.ts";
import { abiOf, call, contract, type AbiOf } from "../../core/contracts.ts";

export interface ProveItem {
  epoch: bigint;
  leaseId: bigint;
  segmentIndex: bigint;
  segment: Hex;
  proof: Hex[];
}

export interface DataItem {
  leaseId: bigint;
  dataRoot: Hex;
}

/** challengeOf reverts once the proof window is over or while the seed is unknown. */
const CHALLENGE_GONE = ["ProofWindowClosed", "SeedUnavailable"];

/** Errors of acceptData/rejectData that mean the item changed under us: re-planned next poll. */
const DATA_RACES = ["AlreadyAccepted", "DataMismatch", "NotMember"];

export function acceptDataJob(book: LeaseBook): Job<DataItem, AbiOf<"StorageProofs">> {
  return {
    name: "provider-accept-data",
    description: "Accept the proposed data of this landlord's leases once stored (StorageProofs.acceptData)",
    contracts: ["StorageMarket", "StorageProofs", "LandlordRegistry"],
    defaultIntervalMs: 1_000,
    // Accepted already (another instance), new data proposed meanwhile, or the lease moved away.
    settledErrors: DATA_RACES,

    async due(context) {
      return (await book.sync(context)).flatMap(({ leaseId, plan }) =>
        plan.accept === undefined ? [] : [{ leaseId, dataRoot: plan.accept }],
      );
    },

    call: (context, item) => call(context, "StorageProofs", "acceptData", [item.leaseId, item.dataRoot]),

    label: (item) => `lease ${item.leaseId} data ${item.dataRoot}`,
  };
}

export function rejectDataJob(book: LeaseBook): Job<DataItem, AbiOf<"StorageProofs">> {
  return {
    name: "provider-reject-data",
    description: "Reject proposed data that never arrived within the patience (StorageProofs.rejectData)",
    contracts: ["StorageMarket", "StorageProofs", "LandlordRegistry"],
    defaultIntervalMs: 5_000,
    settledErrors: DATA_RACES,

    async due(context) {
      return (await book.sync(context)).flatMap(({ leaseId, plan }) =>
        plan.reject === undefined ? [] : [{ leaseId, dataRoot: plan.reject }],
      );
    },

    call: (context, item) => call(context, "StorageProofs", "rejectData", [item.leaseId, item.dataRoot]),

    label: (item) => `lease ${item.leaseId} data ${item.dataRoot}`,
  };
}

export function proveJob(landlord: Address, store: LeaseStore, log: Logger): Job<ProveItem, AbiOf<"StorageProofs">> {
  return {
    name: "provider-prove",
    description: "Answer this landlord's storage challenge of the current epoch (StorageProofs.prove)",
    contracts: ["StorageMarket", "StorageProofs"],
    defaultIntervalMs: 1_000,
    // The challenge is fixed for the epoch; these stay settled for safety (another instance).
    settledErrors: ["AlreadyProved", "ProofWindowClosed", "WrongChallenge", "NoChallenge"],

    async due(context) {
      const proofs = contract(context, "StorageProofs");
      const { epoch, usableSeed, windowOpen } = await currentEpochStatus(
        context.client,
        context.address("StorageMarket"),
        proofs.address,
      );
      if (usableSeed === ZERO_HASH || !windowOpen) return [];
      const proved = await proofs.read.hasProved([landlord, epoch]);
      if (proved) return [];
      let challenge;
      try {
        challenge = await proofs.read.challengeOf([landlord, epoch]);
      } catch (error) {
        // The window closed (or the seed went missing) between the reads: nothing to prove.
        const failure = classify(error, abiOf("StorageProofs"));
        if (failure.kind === "revert" && CHALLENGE_GONE.includes(failure.errorName)) return [];
        throw error;
      }
      if (!challenge.due) return [];
      // The challenge names the data it checks (what was held when the epoch opened), which may
      // be an older version than the lease's current data.
      const answer = store.proof(
        challenge.leaseId,
        challenge.dataRoot,
        Number(challenge.sizeMB),
        Number(challenge.segmentIndex),
      );
      if (answer === undefined) {
        log.error(
          {
            epoch: epoch.toString(),
            leaseId: challenge.leaseId.toString(),
            dataRoot: challenge.dataRoot,
            file: store.fileOf(challenge.leaseId, challenge.dataRoot),
          },
          "challenged on a lease whose data is missing: cannot prove",
        );
        return [];
      }
      return [
        {
          epoch,
          leaseId: challenge.leaseId,
          segmentIndex: challenge.segmentIndex,
          segment: bytesToHex(answer.segment),
          proof: answer.proof,
        },
      ];
    },

    call: (context, item) =>
      call(context, "StorageProofs", "prove", [item.epoch, item.leaseId, item.segmentIndex, item.segment, item.proof]),

    label: (item) => `epoch ${item.epoch} lease ${item.leaseId} segment ${item.segmentIndex}`,
  };
}

export function claimRentJob(landlord: Address): Job<bigint, AbiOf<"LandlordRegistry">> {
  return {
    name: "provider-claim-rent",
    description: "Claim this landlord's rent (LandlordRegistry.claimRent)",
    contracts: ["LandlordRegistry"],
    defaultIntervalMs: 15_000,
    settledErrors: ["NothingToClaim"],

    async due(context) {
      const record = await contract(context, "LandlordRegistry").read.landlordOf([landlord]);
      return record.rentOwed > 0n ? [record.rentOwed] : [];
    },

    call: (context) => call(context, "LandlordRegistry", "claimRent", []),

    label: (owed) => `${owed} wei owed`,
  };
}
