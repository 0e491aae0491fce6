// KeeperRewards: upkeep kinds and their bounties, each keeper's jobs and earnings.
import { ponder, type Event, type Context } from "ponder:registry";
import { keeper, keeperBounty, upkeepKind } from "ponder:schema";
import { eventMeta } from "./event.ts";

ponder.on("KeeperRewards:KindRegistered", async ({ event, context }) => {
  const { kind, module, bounty } = event.args;
  await context.db.insert(upkeepKind).values({ kind, module, bounty });
});

ponder.on("KeeperRewards:BountyChanged", async ({ event, context }) => {
  await context.db.update(upkeepKind, { kind: event.args.kind }).set({ bounty: event.args.newBounty });
});

/** One upkeep of a keeper (`units` units of work): its bounty row and the keeper's running record. */
async function recordJob(
  event: Event<"KeeperRewards:BountyPaid"> | Event<"KeeperRewards:BountyUnpaid">,
  db: Context["db"],
  job: { amount: bigint; paid: boolean; budgetLeft: bigint },
) {
  const { kind, keeper: address, module, units, keeperJobs } = event.args;
  await db.insert(keeperBounty).values({
    id: event.id,
    kind,
    keeper: address,
    module,
    units,
    ...job,
    ...eventMeta(event),
  });
  const earned = job.paid ? job.amount : 0n;
  const unpaid = job.paid ? 0n : units;
  await db
    .insert(keeper)
    .values({ address, jobs: keeperJobs, earned, unpaidJobs: unpaid })
    .onConflictDoUpdate((row) => ({
      jobs: keeperJobs,
      earned: row.earned + earned,
      unpaidJobs: row.unpaidJobs + unpaid,
    }));
}

ponder.on("KeeperRewards:BountyPaid", async ({ event, context }) => {
  await recordJob(event, context.db, { amount: event.args.amount, paid: true, budgetLeft: event.args.budgetLeft });
});

ponder.on("KeeperRewards:BountyUnpaid", async ({ event, context }) => {
  await recordJob(event, context.db, { amount: event.args.amount, paid: false, budgetLeft: event.args.budget });
});
