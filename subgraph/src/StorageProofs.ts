// StorageProofs: epochs (randomness request, seed, proofs, settlement, void), every accepted
// proof, and lease data: proposals by the tenant and each holder's acceptance or rejection.
import { ponder } from "ponder:registry";
import { lease, leaseDataEvent, leaseHolder, storageEpoch, storageProof } from "ponder:schema";
import { holderId, NEW_EPOCH } from "./storageEpoch.ts";

ponder.on("StorageProofs:EpochOpened", async ({ event, context }) => {
  const { epoch, requestId, proofDeadline, keeper } = event.args;
  const opened = { requestId, proofDeadline, openedBy: keeper };
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, ...opened })
    .onConflictDoUpdate(opened);
});

ponder.on("StorageProofs:EpochReseeded", async ({ event, context }) => {
  await context.db
    .update(storageEpoch, { epoch: event.args.epoch })
    .set((row) => ({ requestId: event.args.requestId, reseeds: row.reseeds + 1 }));
});

ponder.on("StorageProofs:SeedRecorded", async ({ event, context }) => {
  await context.db.update(storageEpoch, { epoch: event.args.epoch }).set({ seed: event.args.seed });
});

ponder.on("StorageProofs:ProofAccepted", async ({ event, context }) => {
  const { epoch, landlord, leaseId, segmentIndex } = event.args;
  await context.db.insert(storageProof).values({
    id: event.id,
    epoch,
    landlord,
    leaseId,
    segmentIndex,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  await context.db.update(storageEpoch, { epoch }).set((row) => ({ proofs: row.proofs + 1 }));
});

// An epoch nobody opened can still be settled (void): its row may not exist yet.
ponder.on("StorageProofs:EpochSettled", async ({ event, context }) => {
  const { epoch, settled, failed, units, void: voided } = event.args;
  await context.db
    .insert(storageEpoch)
    .values({
      epoch,
      ...NEW_EPOCH,
      settledLandlords: Number(settled),
      failedLandlords: Number(failed),
      units: Number(units),
      voided,
    })
    .onConflictDoUpdate((row) => ({
      settledLandlords: row.settledLandlords + Number(settled),
      failedLandlords: row.failedLandlords + Number(failed),
      units: row.units + Number(units),
      voided: row.voided || voided,
    }));
});

// The tenant's data for a lease (at rent, resize or updateData): the holders accept it anew.
ponder.on("StorageProofs:DataProposed", async ({ event, context }) => {
  const { leaseId, dataRoot, sizeMB, dataLength, fee } = event.args;
  await context.db
    .update(lease, { leaseId })
    .set((row) => ({ dataRoot, dataSizeMB: sizeMB, dataLength, acceptedBy: [], dataFees: row.dataFees + fee }));
  await context.db.insert(leaseDataEvent).values({
    id: event.id,
    leaseId,
    kind: "proposed",
    dataRoot,
    sizeMB,
    dataLength,
    fee,
    timestamp: event.block.timestamp,
  });
});

ponder.on("StorageProofs:DataAccepted", async ({ event, context }) => {
  const { leaseId, landlord, dataRoot, sizeMB, dataLength, fromEpoch } = event.args;
  await context.db
    .update(leaseHolder, { id: holderId(leaseId, landlord) })
    .set({ acceptedRoot: dataRoot, acceptedSizeMB: sizeMB, acceptedDataLength: dataLength, fromEpoch });
  await context.db.update(lease, { leaseId }).set((row) => ({
    acceptedBy:
      row.dataRoot === dataRoot && !row.acceptedBy.some((a) => a.toLowerCase() === landlord.toLowerCase())
        ? [...row.acceptedBy, landlord]
        : row.acceptedBy,
  }));
  await context.db.insert(leaseDataEvent).values({
    id: event.id,
    leaseId,
    kind: "accepted",
    landlord,
    dataRoot,
    sizeMB,
    dataLength,
    epoch: fromEpoch,
    timestamp: event.block.timestamp,
  });
});

ponder.on("StorageProofs:DataRejected", async ({ event, context }) => {
  const { leaseId, landlord, dataRoot, epoch } = event.args;
  await context.db
    .update(leaseHolder, { id: holderId(leaseId, landlord) })
    .set({ rejectedRoot: dataRoot, rejectedEpoch: epoch });
  await context.db.insert(leaseDataEvent).values({
    id: event.id,
    leaseId,
    kind: "rejected",
    landlord,
    dataRoot,
    epoch,
    timestamp: event.block.timestamp,
  });
});

// An expired lease's holders stop earning from `fromEpoch` (audit M4; HoldingChanged per holder).
ponder.on("StorageProofs:LeaseExpired", async ({ event, context }) => {
  const { leaseId, fromEpoch } = event.args;
  await context.db.update(lease, { leaseId }).set({ expiredFromEpoch: fromEpoch });
});
