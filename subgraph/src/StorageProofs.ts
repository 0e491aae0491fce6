// StorageProofs: epochs (seed, proofs, settlement) and every accepted proof.
import { ponder } from "ponder:registry";
import { storageEpoch, storageProof } from "ponder:schema";
import { NEW_EPOCH } from "./storageEpoch.ts";

ponder.on("StorageProofs:EpochOpened", async ({ event, context }) => {
  const { epoch, seedBlock, proofDeadline, keeper } = event.args;
  const opened = { seedBlock, proofDeadline, openedBy: keeper };
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, ...opened })
    .onConflictDoUpdate(opened);
});

ponder.on("StorageProofs:EpochReseeded", async ({ event, context }) => {
  await context.db
    .update(storageEpoch, { epoch: event.args.epoch })
    .set((row) => ({ seedBlock: event.args.seedBlock, reseeds: row.reseeds + 1 }));
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

// An epoch nobody opened can still be settled (everyone passes): its row may not exist yet.
ponder.on("StorageProofs:EpochSettled", async ({ event, context }) => {
  const { epoch, settled, failed } = event.args;
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, settledLandlords: Number(settled), failedLandlords: Number(failed) })
    .onConflictDoUpdate((row) => ({
      settledLandlords: row.settledLandlords + Number(settled),
      failedLandlords: row.failedLandlords + Number(failed),
    }));
});
