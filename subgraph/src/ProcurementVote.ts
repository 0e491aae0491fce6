// ProcurementVote (DESIGN §13, issue 18): rounds with their terms, tallies and outcomes
// (`procurement_round`), applications (`procurement_application`), votes with the rewards claimed
// (`procurement_vote`) and the carried pool's history (`procurement_carry`). Every row is rebuilt
// from the events alone.
import { ponder } from "ponder:registry";
import { procurementApplication, procurementCarry, procurementRound, procurementVote } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

const FAIL_REASONS = ["none", "no-applications", "no-votes"] as const;
const appId = (roundId: bigint, applicationId: bigint | number) => `${roundId}-${applicationId}`;

ponder.on("ProcurementVote:ParametersChanged", ({ event, context }) => record("ProcurementVote", event, context.db));

ponder.on("ProcurementVote:RoundOpened", async ({ event, context }) => {
  const { roundId, sponsor, uri, carriedIn, round } = event.args;
  await context.db.insert(procurementRound).values({
    roundId,
    sponsor,
    fromReserve: round.fromReserve,
    uri,
    status: "open",
    openedAt: BigInt(round.openedAt),
    snapshot: BigInt(round.snapshot),
    applicationEnd: BigInt(round.applicationEnd),
    votingEnd: BigInt(round.votingEnd),
    deliveryDeadline: BigInt(round.deliveryDeadline),
    budget: round.budget,
    rewardPool: round.rewardPool,
    carriedIn,
    bond: round.bond,
    fee: round.fee,
    updatedAt: event.block.timestamp,
    ...eventMeta(event),
  });
  if (carriedIn !== 0n) {
    await context.db
      .insert(procurementCarry)
      .values({ id: event.id, roundId, reason: "opened", amount: carriedIn, carried: 0n, ...eventMeta(event) });
  }
});

ponder.on("ProcurementVote:Applied", async ({ event, context }) => {
  const { roundId, applicationId, supplier, bid, bond, documentsUri } = event.args;
  await context.db.insert(procurementApplication).values({
    id: appId(roundId, applicationId),
    roundId,
    applicationId: Number(applicationId),
    supplier,
    bid,
    bond,
    documentsUri,
    status: "applied",
    ...eventMeta(event),
  });
  await context.db
    .update(procurementRound, { roundId })
    .set((row) => ({ applicationCount: row.applicationCount + 1, updatedAt: event.block.timestamp }));
});

ponder.on("ProcurementVote:ApplicationWithdrawn", async ({ event, context }) => {
  const { roundId, applicationId, bondForfeited, carried } = event.args;
  await context.db.update(procurementApplication, { id: appId(roundId, applicationId) }).set({ status: "withdrawn" });
  await context.db
    .insert(procurementCarry)
    .values({ id: event.id, roundId, reason: "withdrawn", amount: bondForfeited, carried, ...eventMeta(event) });
});

ponder.on("ProcurementVote:Voted", async ({ event, context }) => {
  const { roundId, applicationId, voter, weight, applicationWeight, totalWeight, leader } = event.args;
  await context.db.insert(procurementVote).values({
    id: `${roundId}-${voter}`,
    roundId,
    applicationId: Number(applicationId),
    voter,
    weight,
    ...eventMeta(event),
  });
  await context.db
    .update(procurementApplication, { id: appId(roundId, applicationId) })
    .set((row) => ({ weight: applicationWeight, votes: row.votes + 1 }));
  await context.db.update(procurementRound, { roundId }).set((row) => ({
    voterCount: row.voterCount + 1,
    totalWeight,
    leader: Number(leader),
    updatedAt: event.block.timestamp,
  }));
});

ponder.on("ProcurementVote:RoundAwarded", async ({ event, context }) => {
  const { roundId, applicationId, supplier, bid, totalWeight, keeper } = event.args;
  await context.db.update(procurementRound, { roundId }).set({
    status: "awarded",
    leader: Number(applicationId),
    winner: supplier,
    winningBid: bid,
    totalWeight,
    closedBy: keeper,
    updatedAt: event.block.timestamp,
  });
  const round = await context.db.find(procurementRound, { roundId });
  for (let id = 1; id <= (round?.applicationCount ?? 0); id++) {
    const key = appId(roundId, id);
    const application = await context.db.find(procurementApplication, { id: key });
    if (application === null || application.status !== "applied") continue;
    await context.db
      .update(procurementApplication, { id: key })
      .set({ status: BigInt(id) === applicationId ? "won" : "lost" });
  }
});

ponder.on("ProcurementVote:RoundFailed", async ({ event, context }) => {
  const { roundId, reason, budgetReturned, poolCarried, carried, keeper } = event.args;
  await context.db.update(procurementRound, { roundId }).set({
    status: "failed",
    failReason: FAIL_REASONS[reason] ?? String(reason),
    budgetReturned,
    closedBy: keeper,
    updatedAt: event.block.timestamp,
  });
  await context.db
    .insert(procurementCarry)
    .values({ id: event.id, roundId, reason: "failed-round", amount: poolCarried, carried, ...eventMeta(event) });
});

ponder.on("ProcurementVote:DeliveryConfirmed", async ({ event, context }) => {
  const { roundId, applicationId, paid, budgetReturned } = event.args;
  await context.db
    .update(procurementRound, { roundId })
    .set({ status: "delivered", paid, budgetReturned, updatedAt: event.block.timestamp });
  await context.db
    .update(procurementApplication, { id: appId(roundId, applicationId) })
    .set({ status: "paid", bondReturned: true });
});

ponder.on("ProcurementVote:DeliveryFailed", async ({ event, context }) => {
  const { roundId, applicationId, bondForfeited, budgetReturned, carried } = event.args;
  await context.db
    .update(procurementRound, { roundId })
    .set({ status: "delivery-failed", budgetReturned, updatedAt: event.block.timestamp });
  await context.db.update(procurementApplication, { id: appId(roundId, applicationId) }).set({ status: "forfeited" });
  // A reserve round's forfeited bond is carried; a sponsor's own round's goes to the CouncilReserve
  // (ProcurementVote, audit F4), which the reserve's tables show as its balance.
  const round = await context.db.find(procurementRound, { roundId });
  if (round?.fromReserve !== false)
    await context.db.insert(procurementCarry).values({
      id: event.id,
      roundId,
      reason: "delivery-failed",
      amount: bondForfeited,
      carried,
      ...eventMeta(event),
    });
});

ponder.on("ProcurementVote:RewardClaimed", async ({ event, context }) => {
  const { roundId, voter, amount, dust, carried } = event.args;
  await context.db
    .update(procurementVote, { id: `${roundId}-${voter}` })
    .set({ reward: amount, claimedAt: event.block.timestamp });
  await context.db.update(procurementRound, { roundId }).set((row) => ({
    rewardsPaid: row.rewardsPaid + amount,
    updatedAt: event.block.timestamp,
  }));
  if (dust !== 0n) {
    // The last claim of a round: its dust joins the carried pool.
    await context.db.update(procurementRound, { roundId }).set({ dust });
    await context.db
      .insert(procurementCarry)
      .values({ id: event.id, roundId, reason: "dust", amount: dust, carried, ...eventMeta(event) });
  }
});

ponder.on("ProcurementVote:BondReturned", async ({ event, context }) => {
  const { roundId, applicationId } = event.args;
  await context.db.update(procurementApplication, { id: appId(roundId, applicationId) }).set({ bondReturned: true });
});
