// CouncilReserve: payments by purpose, council installments, approved budgets, excess
// distributions and their claims and sweeps.
import { ponder } from "ponder:registry";
import {
  budgetApproval,
  councilTerm,
  distribution,
  distributionClaim,
  reserveClaimer,
  reservePayment,
  councilRemoval,
} from "ponder:schema";
import { eventMeta } from "./event.ts";
import { named, RESERVE_PURPOSES } from "./governance.ts";

ponder.on("CouncilReserve:Payment", async ({ event, context }) => {
  const { to, amount, ref, byReferendum } = event.args;
  await context.db.insert(reservePayment).values({
    id: event.id,
    purpose: named(RESERVE_PURPOSES, event.args.purpose),
    to,
    amount,
    ref,
    byReferendum,
    ...eventMeta(event),
  });
});

ponder.on("CouncilReserve:CouncilInstallmentPaid", async ({ event, context }) => {
  const { termId, installment } = event.args;
  await context.db.update(councilTerm, { termId }).set({ installmentsPaid: Number(installment) + 1 });
});

ponder.on("CouncilReserve:BudgetApproved", async ({ event, context }) => {
  const { amount, budget } = event.args;
  await context.db.insert(budgetApproval).values({ id: event.id, amount, budget, ...eventMeta(event) });
});

ponder.on("CouncilReserve:ExcessDistributed", async ({ event, context }) => {
  const { distributionId, snapshotId, amount, eligibleSupply, claimDeadline } = event.args;
  await context.db.insert(distribution).values({
    distributionId,
    snapshotId,
    amount,
    eligibleSupply,
    claimDeadline,
    createdAt: event.block.timestamp,
  });
});

ponder.on("CouncilReserve:DistributionClaimed", async ({ event, context }) => {
  const { distributionId, holder, amount } = event.args;
  await context.db.insert(distributionClaim).values({
    id: `${distributionId}-${holder}`,
    distributionId,
    holder,
    amount,
    ...eventMeta(event),
  });
  await context.db
    .update(distribution, { distributionId })
    .set((row) => ({ claimed: row.claimed + amount, claims: row.claims + 1 }));
});

ponder.on("CouncilReserve:DistributionSwept", async ({ event, context }) => {
  const { distributionId, amount } = event.args;
  await context.db.update(distribution, { distributionId }).set({ swept: true, sweptAmount: amount });
});

ponder.on("CouncilReserve:ClaimerSet", async ({ event, context }) => {
  const { holder, claimer, allowed } = event.args;
  const values = { holder, claimer, allowed, updatedAt: event.block.timestamp };
  await context.db
    .insert(reserveClaimer)
    .values({ id: `${holder}-${claimer}`, ...values })
    .onConflictDoUpdate(values);
});

ponder.on("CouncilReserve:PayWithheld", async ({ event, context }) => {
  const { removalId, amount } = event.args;
  await context.db.update(councilRemoval, { removalId }).set((row) => ({ withheld: row.withheld + amount }));
});

ponder.on("CouncilReserve:WithheldSettled", async ({ event, context }) => {
  const { removalId, restored } = event.args;
  await context.db
    .update(councilRemoval, { removalId })
    .set((row) => ({ withheld: 0n, outcome: restored ? "restored" : "lost", restoredAt: row.restoredAt }));
});
