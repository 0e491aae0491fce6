// The storage-provider agent's work, as keeper jobs of one landlord: answer its challenge each
// epoch (StorageProofs.prove) and claim its rent (LandlordRegistry.claimRent).
import { bytesToHex, type Address, type Hex } from "viem";
import { LandlordRegistryAbi } from "../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../abis/StorageProofs.ts";
import type { Job } from "../job.ts";
import type { Logger } from "../log.ts";
import { currentEpochStatus, ZERO_HASH } from "../jobs/storage/views.ts";
import type { LeaseStore } from "./store.ts";

export interface ProveItem {
  epoch: bigint;
  leaseId: bigint;
  segmentIndex: bigint;
  segment: Hex;
  proof: Hex[];
}

export function proveJob(landlord: Address, store: LeaseStore, log: Logger): Job<ProveItem> {
  return {
    name: "provider-prove",
    description: "Answer this landlord's storage challenge of the current epoch (StorageProofs.prove)",
    contracts: ["StorageMarket", "StorageProofs"],
    defaultIntervalMs: 1_000,
    // A lease moved or assigned between the read and the send changes the challenge: a race, retried next poll.
    settledErrors: ["AlreadyProved", "ProofWindowClosed", "WrongChallenge", "NoChallenge"],

    async due({ client, address }) {
      const proofs = address("StorageProofs");
      const { epoch, usableSeed, windowOpen } = await currentEpochStatus(client, address("StorageMarket"), proofs);
      if (usableSeed === ZERO_HASH || !windowOpen) return [];
      const proved = await client.readContract({
        address: proofs,
        abi: StorageProofsAbi,
        functionName: "hasProved",
        args: [landlord, epoch],
      });
      if (proved) return [];
      const challenge = await client.readContract({
        address: proofs,
        abi: StorageProofsAbi,
        functionName: "challengeOf",
        args: [landlord, epoch],
      });
      if (!challenge.due) return [];
      const lease = await client.readContract({
        address: address("StorageMarket"),
        abi: StorageMarketAbi,
        functionName: "leaseOf",
        args: [challenge.leaseId],
      });
      const answer = store.proof(challenge.leaseId, lease.sizeMB, Number(challenge.segmentIndex));
      if (answer === undefined) {
        log.error(
          { epoch: epoch.toString(), leaseId: challenge.leaseId.toString(), file: store.fileOf(challenge.leaseId) },
          "challenged on a lease whose data is missing: cannot prove",
        );
        return [];
      }
      return [{ epoch, ...challenge, segment: bytesToHex(answer.segment), proof: answer.proof }];
    },

    call: ({ address }, item) => ({
      address: address("StorageProofs"),
      abi: StorageProofsAbi,
      functionName: "prove",
      args: [item.epoch, item.leaseId, item.segmentIndex, item.segment, item.proof],
    }),

    label: (item) => `epoch ${item.epoch} lease ${item.leaseId} segment ${item.segmentIndex}`,
  };
}

export function claimRentJob(landlord: Address): Job<bigint> {
  return {
    name: "provider-claim-rent",
    description: "Claim this landlord's rent (LandlordRegistry.claimRent)",
    contracts: ["LandlordRegistry"],
    defaultIntervalMs: 15_000,
    settledErrors: ["NothingToClaim"],

    async due({ client, address }) {
      const record = await client.readContract({
        address: address("LandlordRegistry"),
        abi: LandlordRegistryAbi,
        functionName: "landlordOf",
        args: [landlord],
      });
      return record.rentOwed > 0n ? [record.rentOwed] : [];
    },

    call: ({ address }) => ({
      address: address("LandlordRegistry"),
      abi: LandlordRegistryAbi,
      functionName: "claimRent",
      args: [],
    }),

    label: (owed) => `${owed} wei owed`,
  };
}
