// KeeperRewards: upkeep kinds and their bounties, each keeper's jobs and earnings.
import { ponder } from "ponder:registry";
import { keeper, keeperBounty, upkeepKind } from "ponder:schema";

ponder.on("KeeperRewards:KindRegistered", async ({ event, context }) => {
  const { kind, module, bounty } = event.args;
  await context.db.insert(upkeepKind).values({ kind, module, bounty });
});

ponder.on("KeeperRewards:BountyChanged", async ({ event, context }) => {
  await context.db.update(upkeepKind, { kind: event.args.kind }).set({ bounty: event.args.newBounty });
});

ponder.on("KeeperRewards:BountyPaid", async ({ event, context }) => {
  const { kind, keeper: keeperAddress, module, amount, keeperJobs, budgetLeft } = event.args;
  await context.db.insert(keeperBounty).values({
    id: event.id,
    kind,
    keeper: keeperAddress,
    module,
    amount,
    paid: true,
    budgetLeft,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await context.db
    .insert(keeper)
    .values({ address: keeperAddress, jobs: keeperJobs, earned: amount, unpaidJobs: 0n })
    .onConflictDoUpdate((row) => ({ jobs: keeperJobs, earned: row.earned + amount }));
});

ponder.on("KeeperRewards:BountyUnpaid", async ({ event, context }) => {
  const { kind, keeper: keeperAddress, module, bounty, keeperJobs, budget } = event.args;
  await context.db.insert(keeperBounty).values({
    id: event.id,
    kind,
    keeper: keeperAddress,
    module,
    amount: bounty,
    paid: false,
    budgetLeft: budget,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await context.db
    .insert(keeper)
    .values({ address: keeperAddress, jobs: keeperJobs, earned: 0n, unpaidJobs: 1n })
    .onConflictDoUpdate((row) => ({ jobs: keeperJobs, unpaidJobs: row.unpaidJobs + 1n }));
});
