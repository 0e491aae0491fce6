// LandlordRegistry: landlords, their capacity, collateral, holdings and standing (passed, failed
// or void epochs, retirement and unbonding); copy groups of leases and their members.
import { ponder, type Context } from "ponder:registry";
import { landlord, landlordSettlement, lease, leaseHolder, storageEpoch } from "ponder:schema";
import { holderId, NEW_EPOCH } from "./storageEpoch.ts";

type Db = Context["db"];

/** Adds `sizeMB` and `count` leases to a landlord's assignments (negative to remove). */
async function assign(db: Db, address: `0x${string}`, sizeMB: bigint, count: number) {
  await db.update(landlord, { address }).set((row) => ({
    assignedMB: row.assignedMB + sizeMB,
    leaseCount: row.leaseCount + count,
  }));
}

ponder.on("LandlordRegistry:LandlordRegistered", async ({ event, context }) => {
  const { landlord: address, id, capacityMB, collateral, endpoint } = event.args;
  await context.db.insert(landlord).values({
    address,
    landlordId: id,
    capacityMB,
    collateral,
    endpoint,
    status: "active",
    leaseCount: 0,
    assignedMB: 0n,
    heldMB: 0n,
    heldCount: 0,
    proofsPassed: 0,
    proofsFailed: 0,
    voidEpochs: 0,
    consecutiveFailures: 0,
    slashed: 0n,
    rentEarned: 0n,
    rentClaimed: 0n,
    serviceReports: 0,
    moveFees: 0n,
    acceptanceLapses: 0,
    registeredAt: event.block.timestamp,
  });
});

ponder.on("LandlordRegistry:CapacityAdded", async ({ event, context }) => {
  const { landlord: address, capacityMB, collateral } = event.args;
  await context.db.update(landlord, { address }).set({ capacityMB, collateral });
});

ponder.on("LandlordRegistry:EndpointChanged", async ({ event, context }) => {
  await context.db.update(landlord, { address: event.args.landlord }).set({ endpoint: event.args.endpoint });
});

ponder.on("LandlordRegistry:RetirementStarted", async ({ event, context }) => {
  await context.db.update(landlord, { address: event.args.landlord }).set({ status: "retiring" });
});

ponder.on("LandlordRegistry:LandlordClosed", async ({ event, context }) => {
  const { landlord: address, closedEpoch, unbondsAt } = event.args;
  await context.db.update(landlord, { address }).set({ status: "retired", closedEpoch, unbondsAt });
});

ponder.on("LandlordRegistry:HoldingChanged", async ({ event, context }) => {
  const { landlord: address, heldMB, heldCount, fromEpoch } = event.args;
  await context.db
    .update(landlord, { address })
    .set({ heldMB, heldCount: Number(heldCount), heldFromEpoch: fromEpoch });
});

ponder.on("LandlordRegistry:CollateralReturned", async ({ event, context }) => {
  await context.db.update(landlord, { address: event.args.landlord }).set({ collateral: 0n });
});

ponder.on("LandlordRegistry:LandlordBlacklisted", async ({ event, context }) => {
  await context.db
    .update(landlord, { address: event.args.landlord })
    .set({ status: "blacklisted", blacklistedAtEpoch: event.args.epoch });
});

ponder.on("LandlordRegistry:LandlordPassed", async ({ event, context }) => {
  const { epoch, landlord: address, rent } = event.args;
  const row = await context.db.update(landlord, { address }).set((current) => ({
    proofsPassed: current.proofsPassed + 1,
    consecutiveFailures: 0,
    rentEarned: current.rentEarned + rent,
  }));
  await context.db.insert(landlordSettlement).values({
    id: event.id,
    epoch,
    landlord: address,
    outcome: "passed",
    passed: true,
    rent,
    withheld: 0n,
    slashed: 0n,
    failures: 0,
    collateral: row.collateral,
    timestamp: event.block.timestamp,
  });
});

ponder.on("LandlordRegistry:LandlordFailed", async ({ event, context }) => {
  const { epoch, landlord: address, withheld, slashed, failures, collateral } = event.args;
  await context.db.insert(landlordSettlement).values({
    id: event.id,
    epoch,
    landlord: address,
    outcome: "failed",
    passed: false,
    rent: 0n,
    withheld,
    slashed,
    failures: Number(failures),
    collateral,
    timestamp: event.block.timestamp,
  });
  await context.db.update(landlord, { address }).set((row) => ({
    collateral,
    proofsFailed: row.proofsFailed + 1,
    consecutiveFailures: Number(failures),
    slashed: row.slashed + slashed,
  }));
});

// A void epoch (no seed by settlement): the share went back to the pool, nothing else changed.
ponder.on("LandlordRegistry:LandlordVoid", async ({ event, context }) => {
  const { epoch, landlord: address, withheld } = event.args;
  const row = await context.db.update(landlord, { address }).set((current) => ({ voidEpochs: current.voidEpochs + 1 }));
  await context.db.insert(landlordSettlement).values({
    id: event.id,
    epoch,
    landlord: address,
    outcome: "void",
    passed: false,
    rent: 0n,
    withheld,
    slashed: 0n,
    failures: row.consecutiveFailures,
    collateral: row.collateral,
    timestamp: event.block.timestamp,
  });
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, voidLandlords: 1, voided: true })
    .onConflictDoUpdate((current) => ({ voidLandlords: current.voidLandlords + 1, voided: true }));
});

ponder.on("LandlordRegistry:RentClaimed", async ({ event, context }) => {
  await context.db
    .update(landlord, { address: event.args.landlord })
    .set((row) => ({ rentClaimed: row.rentClaimed + event.args.amount }));
});

ponder.on("LandlordRegistry:ServiceReported", async ({ event, context }) => {
  await context.db
    .update(landlord, { address: event.args.landlord })
    .set({ serviceReports: Number(event.args.reports) });
});

/** A landlord joins a lease's copy group (drawn or moved to it); it holds the lease once it
 * accepted the data (StorageProofs.DataAccepted). */
async function join(db: Db, leaseId: bigint, address: `0x${string}`, epoch: bigint) {
  const values = { member: true, joinedEpoch: epoch, leftEpoch: null };
  await db
    .insert(leaseHolder)
    .values({ id: holderId(leaseId, address), leaseId, landlord: address, ...values })
    .onConflictDoUpdate(values);
}

// The registry's LeaseAssigned comes before the market's LeaseStarted in the assign transaction.
ponder.on("LandlordRegistry:LeaseAssigned", async ({ event, context }) => {
  const { leaseId, landlords, sizeMB, epoch } = event.args;
  await context.db.update(lease, { leaseId }).set({ landlords: [...landlords], sizeMB });
  for (const address of landlords) {
    await assign(context.db, address, sizeMB, 1);
    await join(context.db, leaseId, address, epoch);
  }
});

ponder.on("LandlordRegistry:LeaseResizedInGroup", async ({ event, context }) => {
  const { leaseId, oldSizeMB, newSizeMB } = event.args;
  const row = await context.db.find(lease, { leaseId });
  for (const address of row?.landlords ?? []) await assign(context.db, address, newSizeMB - oldSizeMB, 0);
  await context.db.update(lease, { leaseId }).set({ sizeMB: newSizeMB });
});

ponder.on("LandlordRegistry:LeaseReleased", async ({ event, context }) => {
  const row = await context.db.find(lease, { leaseId: event.args.leaseId });
  if (row === null) return;
  for (const address of row.landlords) {
    await assign(context.db, address, -row.sizeMB, -1);
    await context.db.update(leaseHolder, { id: holderId(row.leaseId, address) }).set({ member: false });
  }
});

ponder.on("LandlordRegistry:LeaseReassigned", async ({ event, context }) => {
  const { leaseId, from, to, epoch } = event.args;
  const row = await context.db.find(lease, { leaseId });
  if (row === null) return;
  await assign(context.db, from, -row.sizeMB, -1);
  await assign(context.db, to, row.sizeMB, 1);
  await context.db.update(leaseHolder, { id: holderId(leaseId, from) }).set({ member: false, leftEpoch: epoch });
  await join(context.db, leaseId, to, epoch);
  await context.db.update(lease, { leaseId }).set({
    landlords: row.landlords.map((member) => (member.toLowerCase() === from.toLowerCase() ? to : member)),
    acceptedBy: row.acceptedBy.filter((member) => member.toLowerCase() !== from.toLowerCase()),
  });
});

// Settle bounties taken from the rent shares settled (audit H3), once per settlement batch.
ponder.on("LandlordRegistry:SettleBountiesFunded", async ({ event, context }) => {
  const { epoch, amount } = event.args;
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, settleFees: amount })
    .onConflictDoUpdate((row) => ({ settleFees: row.settleFees + amount }));
});

// Reassign bounties paid from the moved landlord's collateral (audit H4).
ponder.on("LandlordRegistry:MoveFeesTaken", async ({ event, context }) => {
  const { landlord: address, fee, collateral } = event.args;
  await context.db.update(landlord, { address }).set((row) => ({ collateral, moveFees: row.moveFees + fee }));
});

// A member lost its membership for not accepting the lease's data in time (slashed: LandlordFailed
// follows) or for rejecting it (unpaid, not slashed); LeaseReassigned follows (audit H5).
ponder.on("LandlordRegistry:AcceptanceLapsed", async ({ event, context }) => {
  const { leaseId, landlord: address, rejected, movableAt } = event.args;
  await context.db.update(landlord, { address }).set((row) => ({ acceptanceLapses: row.acceptanceLapses + 1 }));
  await context.db
    .update(leaseHolder, { id: holderId(leaseId, address) })
    .set({ lapsedAt: movableAt, lapseRejected: rejected });
});
