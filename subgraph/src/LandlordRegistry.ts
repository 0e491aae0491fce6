// LandlordRegistry: landlords, their capacity, collateral and standing; copy groups of leases.
import { ponder, type Context } from "ponder:registry";
import { landlord, landlordSettlement, lease } from "ponder:schema";

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
    proofsPassed: 0,
    proofsFailed: 0,
    consecutiveFailures: 0,
    slashed: 0n,
    rentEarned: 0n,
    rentClaimed: 0n,
    serviceReports: 0,
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
  await context.db.update(landlord, { address: event.args.landlord }).set({ status: "retired" });
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
    passed: true,
    rent,
    slashed: 0n,
    failures: 0,
    collateral: row.collateral,
    timestamp: event.block.timestamp,
  });
});

ponder.on("LandlordRegistry:LandlordFailed", async ({ event, context }) => {
  const { epoch, landlord: address, slashed, failures, collateral } = event.args;
  await context.db.insert(landlordSettlement).values({
    id: event.id,
    epoch,
    landlord: address,
    passed: false,
    rent: 0n,
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

// The registry's LeaseAssigned comes before the market's LeaseRented in the same transaction.
ponder.on("LandlordRegistry:LeaseAssigned", async ({ event, context }) => {
  const { leaseId, landlords, sizeMB } = event.args;
  await context.db
    .insert(lease)
    .values({
      leaseId,
      sizeMB,
      state: "active",
      landlords: [...landlords],
      paid: 0n,
      createdAt: event.block.timestamp,
    })
    .onConflictDoUpdate({ landlords: [...landlords], sizeMB });
  for (const address of landlords) await assign(context.db, address, sizeMB, 1);
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
  for (const address of row.landlords) await assign(context.db, address, -row.sizeMB, -1);
});

ponder.on("LandlordRegistry:LeaseReassigned", async ({ event, context }) => {
  const { leaseId, from, to } = event.args;
  const row = await context.db.find(lease, { leaseId });
  if (row === null) return;
  await assign(context.db, from, -row.sizeMB, -1);
  await assign(context.db, to, row.sizeMB, 1);
  await context.db
    .update(lease, { leaseId })
    .set({ landlords: row.landlords.map((member) => (member.toLowerCase() === from.toLowerCase() ? to : member)) });
});
