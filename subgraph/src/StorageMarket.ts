// StorageMarket: leases (pending at rent, active once assigned, refunded or reclaimed), the
// per-epoch rent charges and the price and pool series.
import { ponder } from "ponder:registry";
import { lease, marketState, poolFunding, storageEpoch } from "ponder:schema";
import { NEW_EPOCH } from "./storageEpoch.ts";
import { bucketMarketState } from "./buckets.ts";

ponder.on("StorageMarket:MarketStateChanged", async ({ event, context }) => {
  const { epoch, worldDiskMB, sellable, booked, pool, price } = event.args;
  const point = {
    epoch,
    worldDiskMB,
    sellable,
    booked,
    remaining: sellable > booked ? sellable - booked : 0n,
    pool,
    price,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  };
  await context.db.insert(marketState).values({ id: event.id, ...point });
  await bucketMarketState(context.db, point);
});

// The one event that creates a lease row: LeaseRented comes first in the rent transaction, before
// StorageProofs.DataProposed and UpkeepFeePaid.
ponder.on("StorageMarket:LeaseRented", async ({ event, context }) => {
  const { leaseId, tenant, sizeMB, termEpochs, dataRoot, cost, requestId, assignableAt } = event.args;
  await context.db.insert(lease).values({
    leaseId,
    tenant,
    sizeMB,
    termEpochs,
    dataRoot,
    dataSizeMB: sizeMB,
    state: "pending",
    requestId,
    assignableAt,
    landlords: [],
    acceptedBy: [],
    paid: cost,
    dataFees: 0n,
    refunded: 0n,
    createdAt: event.block.timestamp,
  });
});

ponder.on("StorageMarket:LeaseStarted", async ({ event, context }) => {
  const { leaseId, startEpoch, endEpoch, keeper } = event.args;
  await context.db.update(lease, { leaseId }).set({ state: "active", startEpoch, endEpoch, assignedBy: keeper });
});

ponder.on("StorageMarket:LeaseRefunded", async ({ event, context }) => {
  const { leaseId, amount, keeper } = event.args;
  await context.db.update(lease, { leaseId }).set({ state: "refunded", refunded: amount, assignedBy: keeper });
});

ponder.on("StorageMarket:LeaseExtended", async ({ event, context }) => {
  const { leaseId, endEpoch, cost } = event.args;
  await context.db
    .update(lease, { leaseId })
    .set((row) => ({ endEpoch, paid: row.paid + cost, expiredFromEpoch: null }));
});

// `cost` includes the data fee of a data change (StorageProofs.DataProposed carries the new data).
ponder.on("StorageMarket:LeaseResized", async ({ event, context }) => {
  const { leaseId, sizeMB, startEpoch, endEpoch, cost } = event.args;
  await context.db
    .update(lease, { leaseId })
    .set((row) => ({ sizeMB, startEpoch, endEpoch, paid: row.paid + cost, expiredFromEpoch: null }));
});

ponder.on("StorageMarket:DataUpdated", async ({ event, context }) => {
  const { leaseId, fee } = event.args;
  await context.db.update(lease, { leaseId }).set((row) => ({ paid: row.paid + fee }));
});

ponder.on("StorageMarket:LeaseRenewed", async ({ event, context }) => {
  const { leaseId, startEpoch, endEpoch, cost } = event.args;
  await context.db
    .update(lease, { leaseId })
    .set((row) => ({ startEpoch, endEpoch, paid: row.paid + cost, expiredFromEpoch: null }));
});

ponder.on("StorageMarket:LeaseReclaimed", async ({ event, context }) => {
  await context.db.update(lease, { leaseId: event.args.leaseId }).set({ state: "reclaimed" });
});

ponder.on("StorageMarket:EpochCharged", async ({ event, context }) => {
  const { epoch, usedMD, rent } = event.args;
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, usedMD, rent })
    .onConflictDoUpdate({ usedMD, rent });
});

ponder.on("StorageMarket:RentSettled", async ({ event, context }) => {
  const { epoch, credited, withheld } = event.args;
  await context.db
    .insert(storageEpoch)
    .values({ epoch, ...NEW_EPOCH, credited, withheld })
    .onConflictDoUpdate((row) => ({ credited: row.credited + credited, withheld: row.withheld + withheld }));
});

ponder.on("StorageMarket:SubsidyDripped", async ({ event, context }) => {
  const { epoch, amount, subsidyLeft } = event.args;
  await context.db.insert(poolFunding).values({
    id: event.id,
    kind: "drip",
    from: event.transaction.from,
    amount,
    subsidyLeft,
    epoch,
    timestamp: event.block.timestamp,
  });
});

ponder.on("StorageMarket:Donated", async ({ event, context }) => {
  await context.db.insert(poolFunding).values({
    id: event.id,
    kind: "donation",
    from: event.args.donor,
    amount: event.args.amount,
    timestamp: event.block.timestamp,
  });
});

// The non-refundable upkeep fee of a rent (audit H3), after LeaseRented in the same transaction.
ponder.on("StorageMarket:UpkeepFeePaid", async ({ event, context }) => {
  const { leaseId, fee } = event.args;
  await context.db.update(lease, { leaseId }).set({ upkeepFee: fee });
});

// `assign` found the lease's randomness block missed and re-requested it: due again from
// `assignableAt` (the request id is unchanged; BlockRandomness re-seeds it).
ponder.on("StorageMarket:AssignReseeded", async ({ event, context }) => {
  const { leaseId, requestId, assignableAt } = event.args;
  await context.db.update(lease, { leaseId }).set({ requestId, assignableAt });
});
