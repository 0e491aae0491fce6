// The suite's wiring events (one-time bindings, duty sources, oracle consumers, renounced binders,
// re-anchored reward streams) into one `binding` table, so that a dashboard can show who is bound
// to whom and since when.
import { ponder } from "ponder:registry";
import { binding, committeeTerm } from "ponder:schema";
import { eventMeta } from "./event.ts";

const BENEFICIARIES = ["EconomicPool", "Committee"] as const;

ponder.on("StorageProofs:CommitteeBound", async ({ event, context }) => {
  const { committee, settleWindow } = event.args;
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "committee",
    target: committee,
    detail: `settleWindow=${settleWindow}`,
    ...eventMeta(event),
  });
});

// Reputation (not indexed) emits the same two; the HonorPool's are the ones a dashboard shows.
ponder.on("HonorPool:CommitteeBound", async ({ event, context }) => {
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "committee",
    target: event.args.committee,
    detail: `by=${event.args.by}`,
    ...eventMeta(event),
  });
});
ponder.on("HonorPool:BinderRenounced", async ({ event, context }) => {
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "binder_renounced",
    target: event.args.binder,
    ...eventMeta(event),
  });
});

ponder.on("IndexOracle:CommitteeBound", async ({ event, context }) => {
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "committee",
    target: event.args.committee,
    ...eventMeta(event),
  });
});

ponder.on("IndexOracle:ConsumerSet", async ({ event, context }) => {
  const { consumer, allowed } = event.args;
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "consumer",
    target: consumer,
    allowed,
    ...eventMeta(event),
  });
});

ponder.on("Committee:DutySourceSet", async ({ event, context }) => {
  const { source, allowed } = event.args;
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "duty_source",
    target: source,
    allowed,
    ...eventMeta(event),
  });
});

ponder.on("RewardsReserve:StreamAnchored", async ({ event, context }) => {
  const { beneficiary, periods, amount } = event.args;
  await context.db.insert(binding).values({
    id: event.id,
    contract: event.log.address,
    kind: "stream_anchored",
    detail: BENEFICIARIES[beneficiary],
    periods,
    amount,
    ...eventMeta(event),
  });
});

// A missed draw block: the term's draw waits for the new request.
ponder.on("Committee:DrawReseeded", async ({ event, context }) => {
  const { term, requestId } = event.args;
  await context.db.update(committeeTerm, { term }).set({ requestId, updatedAt: event.block.timestamp });
});
