// VestingVault: schedules with their terms, releases, revocations.
import { ponder } from "ponder:registry";
import { vestingRelease, vestingSchedule } from "ponder:schema";
import { eventMeta } from "./event.ts";

ponder.on("VestingVault:ScheduleCreated", async ({ event, context }) => {
  const { scheduleId, beneficiary, total, start, cliff, trancheInterval, trancheCount, unlockedAtStartBps, revocable } =
    event.args;
  await context.db.insert(vestingSchedule).values({
    scheduleId,
    beneficiary,
    total,
    start,
    cliff,
    trancheInterval,
    trancheCount,
    unlockedAtStartBps,
    revocable,
    createdAt: event.block.timestamp,
  });
});

ponder.on("VestingVault:Released", async ({ event, context }) => {
  const { scheduleId, beneficiary, caller, amount, totalReleased } = event.args;
  await context.db.insert(vestingRelease).values({
    id: event.id,
    scheduleId,
    beneficiary,
    caller,
    amount,
    totalReleased,
    ...eventMeta(event),
  });
  await context.db.update(vestingSchedule, { scheduleId }).set({ released: totalReleased });
});

ponder.on("VestingVault:ScheduleRevoked", async ({ event, context }) => {
  const { scheduleId, newTotal, returned } = event.args;
  await context.db.update(vestingSchedule, { scheduleId }).set({ revoked: true, total: newTotal, returned });
});
