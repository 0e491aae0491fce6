// InsuranceMarket: products and their pools over time, underwriter positions, subjects, policies
// from purchase to payout, expiry or refund, and what settlements kept as owed.
import { ponder, type Context } from "ponder:registry";
import {
  insuranceOwed,
  insurancePayout,
  insurancePolicy,
  insurancePoolPoint,
  insuranceProduct,
  insuranceSubject,
  insuranceUpkeepForward,
  underwriterPosition,
} from "ponder:schema";
import type { Hex } from "viem";
import { decodeSubject } from "../../lib/subjects.ts";
import { eventMeta } from "./event.ts";

const OUTCOMES = ["requested", "requested", "open", "final", "void"] as const;
const ONE = 10n ** 18n;

const positionId = (productId: bigint, underwriter: Hex) => `${productId}-${underwriter.toLowerCase()}`;
const subjectId = (productId: bigint, subject: Hex) => `${productId}-${subject.toLowerCase()}`;

async function owe(db: Context["db"], account: Hex, amount: bigint, timestamp: bigint) {
  await db
    .insert(insuranceOwed)
    .values({ account, owed: amount, updatedAt: timestamp })
    .onConflictDoUpdate((row) => ({ owed: row.owed + amount, updatedAt: timestamp }));
}

ponder.on("InsuranceMarket:ProductCreated", async ({ event, context }) => {
  const { productId, creator, feedId, terms } = event.args;
  await context.db.insert(insuranceProduct).values({
    productId,
    creator,
    name: terms.name,
    feedId,
    comparator: terms.comparator === 0 ? "at_least" : "at_most",
    thresholds: terms.tiers.map((tier) => BigInt(tier.threshold)),
    payoutsBps: terms.tiers.map((tier) => Number(tier.payoutBps)),
    premiumBps: Number(terms.premiumBps),
    maxSumInsured: terms.maxSumInsured,
    maxExposurePerSubject: terms.maxExposurePerSubject,
    saleStart: BigInt(terms.saleStart),
    saleEnd: BigInt(terms.saleEnd),
    minLeadTime: BigInt(terms.minLeadTime),
    createdAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
});

// After every change of a pool: its numbers, and a point of its history. The share price is what
// a withdrawal pays per share (locked capital of subjects past observation counted as lost).
ponder.on("InsuranceMarket:PoolUpdated", async ({ event, context }) => {
  const { productId, assets, locked, unearned, lockedMatured, totalShares } = event.args;
  const counted = assets - unearned - lockedMatured;
  const sharePrice = totalShares === 0n ? null : ((counted > 0n ? counted : 0n) * ONE) / totalShares;
  const committed = locked + unearned;
  const numbers = {
    assets,
    locked,
    unearned,
    lockedMatured,
    totalShares,
    sharePrice,
    free: assets > committed ? assets - committed : 0n,
  };
  await context.db.update(insuranceProduct, { productId }).set({ ...numbers, updatedAt: event.block.timestamp });
  const { free: _free, ...point } = numbers;
  await context.db.insert(insurancePoolPoint).values({ id: event.id, productId, ...point, ...eventMeta(event) });
});

ponder.on("InsuranceMarket:Deposited", async ({ event, context }) => {
  const { productId, underwriter, assets, shares } = event.args;
  await context.db
    .insert(underwriterPosition)
    .values({
      id: positionId(productId, underwriter),
      productId,
      underwriter,
      shares,
      deposited: assets,
      updatedAt: event.block.timestamp,
    })
    .onConflictDoUpdate((row) => ({
      shares: row.shares + shares,
      deposited: row.deposited + assets,
      updatedAt: event.block.timestamp,
    }));
});

ponder.on("InsuranceMarket:Withdrawn", async ({ event, context }) => {
  const { productId, underwriter, assets, shares } = event.args;
  await context.db.update(underwriterPosition, { id: positionId(productId, underwriter) }).set((row) => ({
    shares: row.shares - shares,
    withdrawn: row.withdrawn + assets,
    updatedAt: event.block.timestamp,
  }));
});

ponder.on("InsuranceMarket:PolicyBought", async ({ event, context }) => {
  const { policyId, productId, subject, holder, sumInsured, premium, maxPayout } = event.args;
  const { key, observesAt } = decodeSubject(subject);
  await context.db.insert(insurancePolicy).values({
    policyId,
    productId,
    subject,
    key,
    observesAt,
    holder,
    payee: holder,
    sumInsured,
    premium,
    maxPayout,
    boughtAt: event.block.timestamp,
  });
  await context.db
    .insert(insuranceSubject)
    .values({
      id: subjectId(productId, subject),
      productId,
      subject,
      key,
      observesAt,
      policies: 1,
      exposure: maxPayout,
      updatedAt: event.block.timestamp,
    })
    .onConflictDoUpdate((row) => ({
      policies: row.policies + 1,
      exposure: row.exposure + maxPayout,
      updatedAt: event.block.timestamp,
    }));
  await context.db
    .update(insuranceProduct, { productId })
    .set((row) => ({ policies: row.policies + 1, premiums: row.premiums + premium }));
});

ponder.on("InsuranceMarket:PayeeSet", async ({ event, context }) => {
  const { policyId, payee } = event.args;
  const policy = await context.db.find(insurancePolicy, { policyId });
  await context.db
    .update(insurancePolicy, { policyId })
    .set({ payee: payee === ZERO ? (policy?.holder ?? payee) : payee });
});

const ZERO = "0x0000000000000000000000000000000000000000";

/** Closes a policy and takes its locked payout off its subject's exposure. */
async function closePolicy(
  db: Context["db"],
  policyId: bigint,
  values: Partial<typeof insurancePolicy.$inferInsert>,
  timestamp: bigint,
) {
  const policy = await db.update(insurancePolicy, { policyId }).set({ ...values, settledAt: timestamp });
  await db
    .update(insuranceSubject, { id: subjectId(policy.productId, policy.subject) })
    .set((row) => ({ exposure: row.exposure - policy.maxPayout, settled: row.settled + 1, updatedAt: timestamp }));
  return policy;
}

ponder.on("InsuranceMarket:PolicyPaid", async ({ event, context }) => {
  const { policyId, payee, amount, tier, delivered } = event.args;
  const { timestamp } = event.block;
  const policy = await closePolicy(
    context.db,
    policyId,
    { state: "paid", paid: amount, tier: Number(tier), delivered },
    timestamp,
  );
  await context.db
    .update(insuranceProduct, { productId: policy.productId })
    .set((row) => ({ paidOut: row.paidOut + amount }));
  await context.db
    .insert(insurancePayout)
    .values({ id: event.id, kind: "payout", policyId, account: payee, amount, delivered, ...eventMeta(event) });
  if (!delivered) await owe(context.db, payee, amount, timestamp);
});

ponder.on("InsuranceMarket:PolicyExpired", async ({ event, context }) => {
  await closePolicy(context.db, event.args.policyId, { state: "expired", paid: 0n }, event.block.timestamp);
});

ponder.on("InsuranceMarket:PolicyRefunded", async ({ event, context }) => {
  const { policyId, payee, premium, delivered } = event.args;
  const { timestamp } = event.block;
  await closePolicy(context.db, policyId, { state: "refunded", paid: premium, delivered }, timestamp);
  await context.db.insert(insurancePayout).values({
    id: event.id,
    kind: "refund",
    policyId,
    account: payee,
    amount: premium,
    delivered,
    ...eventMeta(event),
  });
  if (!delivered) await owe(context.db, payee, premium, timestamp);
});

ponder.on("InsuranceMarket:SubjectSettled", async ({ event, context }) => {
  const { productId, subject, outcome, value } = event.args;
  await context.db.update(insuranceSubject, { id: subjectId(productId, subject) }).set({
    outcome: OUTCOMES[outcome],
    value: OUTCOMES[outcome] === "final" ? value : null,
    updatedAt: event.block.timestamp,
  });
});

ponder.on("InsuranceMarket:OwedClaimed", async ({ event, context }) => {
  const { account, amount } = event.args;
  await context.db.update(insuranceOwed, { account }).set((row) => ({
    owed: row.owed - amount,
    claimed: row.claimed + amount,
    updatedAt: event.block.timestamp,
  }));
  await context.db
    .insert(insurancePayout)
    .values({ id: event.id, kind: "claim", account, amount, delivered: true, ...eventMeta(event) });
});

ponder.on("InsuranceMarket:UpkeepFeePaid", async ({ event, context }) => {
  await context.db.update(insurancePolicy, { policyId: event.args.policyId }).set({ upkeepFee: event.args.fee });
});

// Emitted with OwedClaimed when the account named another address for it.
ponder.on("InsuranceMarket:OwedClaimedTo", async ({ event, context }) => {
  const { account, to } = event.args;
  await context.db.update(insuranceOwed, { account }).set({ lastClaimedTo: to, updatedAt: event.block.timestamp });
});

ponder.on("InsuranceMarket:UpkeepFeesForwarded", async ({ event, context }) => {
  await context.db
    .insert(insuranceUpkeepForward)
    .values({ id: event.id, amount: event.args.amount, ...eventMeta(event) });
});
