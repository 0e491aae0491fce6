// IndexOracle: feeds, rounds from request to final value or void, and each member's report.
import { ponder } from "ponder:registry";
import { oracleFeed, oracleReport, oracleRound } from "ponder:schema";
import type { Hex } from "viem";
import { decodeSubject } from "../../lib/subjects.ts";
import { eventMeta } from "./event.ts";

export const roundId = (feedId: Hex, subject: Hex) => `${feedId.toLowerCase()}-${subject.toLowerCase()}`;

ponder.on("IndexOracle:FeedSet", async ({ event, context }) => {
  const { feedId, name, min, max, reportDeadline, grace, deadlineQuorum } = event.args;
  const values = { name, min, max, reportDeadline, grace, deadlineQuorum: Number(deadlineQuorum) };
  await context.db
    .insert(oracleFeed)
    .values({ feedId, ...values, updatedAt: event.block.timestamp })
    .onConflictDoUpdate({ ...values, updatedAt: event.block.timestamp });
});

ponder.on("IndexOracle:RoundRequested", async ({ event, context }) => {
  const { feedId, subject, consumer, observesAt } = event.args;
  await context.db
    .insert(oracleRound)
    .values({
      id: roundId(feedId, subject),
      feedId,
      subject,
      key: decodeSubject(subject).key,
      observesAt,
      consumer,
      requestedAt: event.block.timestamp,
    })
    .onConflictDoNothing();
});

ponder.on("IndexOracle:RoundOpened", async ({ event, context }) => {
  const { feedId, subject, term, committeeSize } = event.args;
  await context.db
    .update(oracleRound, { id: roundId(feedId, subject) })
    .set({ state: "open", term, committeeSize: Number(committeeSize), openedAt: event.block.timestamp });
});

ponder.on("IndexOracle:Reported", async ({ event, context }) => {
  const { feedId, subject, member, seat, value, reports } = event.args;
  const id = roundId(feedId, subject);
  await context.db.update(oracleRound, { id }).set({ reports: Number(reports) });
  await context.db.insert(oracleReport).values({
    id: event.id,
    roundId: id,
    feedId,
    subject,
    member,
    seat: Number(seat),
    value,
    ...eventMeta(event),
  });
});

ponder.on("IndexOracle:RoundFinalized", async ({ event, context }) => {
  const { feedId, subject, value, reports, byDeadline, keeper } = event.args;
  await context.db.update(oracleRound, { id: roundId(feedId, subject) }).set({
    state: "final",
    value,
    reports: Number(reports),
    byDeadline,
    closedAt: event.block.timestamp,
    closedBy: keeper,
  });
});

ponder.on("IndexOracle:RoundVoided", async ({ event, context }) => {
  const { feedId, subject, reports, keeper } = event.args;
  // A void round may never have been requested through this indexer's start block: upsert.
  const { key, observesAt } = decodeSubject(subject);
  const closed = {
    state: "void" as const,
    reports: Number(reports),
    closedAt: event.block.timestamp,
    closedBy: keeper,
  };
  await context.db
    .insert(oracleRound)
    .values({ id: roundId(feedId, subject), feedId, subject, key, observesAt, ...closed })
    .onConflictDoUpdate(closed);
});
