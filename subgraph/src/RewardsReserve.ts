// RewardsReserve: its holdings, every deposit (with its reason), absorption and release to a
// pool, and which pools it is bound to.
import { ponder, type Context } from "ponder:registry";
import { rewardsReserve, rewardsReserveFlow } from "ponder:schema";
import { hexToString, type Hex } from "viem";
import { ENUMS } from "../../abis/vocabulary.ts";
import { eventMeta } from "./event.ts";

const BENEFICIARIES = ENUMS.IRewardsReserve.Beneficiary;

async function reserve(db: Context["db"], address: Hex, timestamp: bigint) {
  return db
    .insert(rewardsReserve)
    .values({ address, updatedAt: timestamp })
    .onConflictDoUpdate({ updatedAt: timestamp });
}

/** A bytes32 reason as its text ("CouncilReserve.sweep"), without the zero padding. */
const reasonText = (reason: Hex) => hexToString(reason, { size: 32 }).replace(/\0+$/, "");

ponder.on("RewardsReserve:PoolBound", async ({ event, context }) => {
  const { beneficiary, pool } = event.args;
  await reserve(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(rewardsReserve, { address: event.log.address })
    .set(BENEFICIARIES[beneficiary] === "EconomicPool" ? { economicPool: pool } : { committee: pool });
});

ponder.on("RewardsReserve:Deposited", async ({ event, context }) => {
  const { from, amount, reason, held } = event.args;
  await reserve(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(rewardsReserve, { address: event.log.address })
    .set((row) => ({ held, deposited: row.deposited + amount }));
  await context.db.insert(rewardsReserveFlow).values({
    id: event.id,
    kind: "deposit",
    amount,
    from,
    reason: reasonText(reason),
    held,
    ...eventMeta(event),
  });
});

ponder.on("RewardsReserve:Absorbed", async ({ event, context }) => {
  const { amount, reason, held } = event.args;
  await reserve(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(rewardsReserve, { address: event.log.address })
    .set((row) => ({ held, absorbed: row.absorbed + amount }));
  await context.db.insert(rewardsReserveFlow).values({
    id: event.id,
    kind: "absorb",
    amount,
    reason: reasonText(reason),
    held,
    ...eventMeta(event),
  });
});

ponder.on("RewardsReserve:Released", async ({ event, context }) => {
  const { beneficiary, periods, amount, entitled, paid, held } = event.args;
  const name = BENEFICIARIES[beneficiary];
  await reserve(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(rewardsReserve, { address: event.log.address })
    .set(name === "EconomicPool" ? { held, paidEconomic: paid } : { held, paidCommittee: paid });
  await context.db.insert(rewardsReserveFlow).values({
    id: event.id,
    kind: "release",
    amount,
    beneficiary: name,
    periods,
    entitled,
    held,
    ...eventMeta(event),
  });
});
