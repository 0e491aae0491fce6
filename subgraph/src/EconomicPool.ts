// EconomicPool: stakers and their stake changes, vaults and delegates, round settlements, rewards
// paid by claim or pushed by distribute, and the pool's totals.
import { ponder, type Context } from "ponder:registry";
import {
  economicPool,
  stakeChange,
  staker,
  stakingDistribution,
  stakingReward,
  stakingSettlement,
} from "ponder:schema";
import type { Hex } from "viem";
import { EconomicPoolAbi, RewardsReserveAbi } from "../../abis/index.ts";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

async function pool(db: Context["db"], address: Hex, timestamp: bigint) {
  return db.insert(economicPool).values({ address, updatedAt: timestamp }).onConflictDoUpdate({ updatedAt: timestamp });
}

async function stakerRow(db: Context["db"], address: Hex, timestamp: bigint) {
  return db.insert(staker).values({ address, updatedAt: timestamp }).onConflictDoUpdate({ updatedAt: timestamp });
}

ponder.on("EconomicPool:ParametersChanged", async ({ event, context }) => {
  const { minStake, minDistribution } = event.args.parameters;
  await record("EconomicPool", event, context.db);
  await pool(context.db, event.log.address, event.block.timestamp);
  await context.db.update(economicPool, { address: event.log.address }).set({ minStake, minDistribution });
});

ponder.on("EconomicPool:VaultCreated", async ({ event, context }) => {
  const { staker: address, vault } = event.args;
  await stakerRow(context.db, address, event.block.timestamp);
  await context.db.update(staker, { address }).set({ vault, delegate: address });
});

ponder.on("EconomicPool:StakeDelegated", async ({ event, context }) => {
  const { staker: address, delegatee } = event.args;
  await context.db.update(staker, { address }).set({ delegate: delegatee, updatedAt: event.block.timestamp });
});

ponder.on("EconomicPool:RewardsAccrued", async ({ event, context }) => {
  const { staker: address, owed } = event.args;
  await stakerRow(context.db, address, event.block.timestamp);
  await context.db.update(staker, { address }).set({ owedAtLastChange: owed });
});

for (const kind of ["deposit", "withdraw"] as const) {
  const name = kind === "deposit" ? "EconomicPool:Deposited" : "EconomicPool:Withdrawn";
  ponder.on(name, async ({ event, context }) => {
    const { staker: address, round, amount, principal, totalStaked } = event.args;
    const timestamp = event.block.timestamp;
    const state = await pool(context.db, event.log.address, timestamp);
    const before = await stakerRow(context.db, address, timestamp);
    const wasNode = before.economicNode;
    const isNode = principal !== 0n && principal >= state.minStake;
    await context.db.update(staker, { address }).set((row) => ({
      principal,
      economicNode: isNode,
      deposited: kind === "deposit" ? row.deposited + amount : row.deposited,
      withdrawn: kind === "withdraw" ? row.withdrawn + amount : row.withdrawn,
    }));
    await context.db.update(economicPool, { address: event.log.address }).set((row) => ({
      totalStaked,
      stakers:
        row.stakers +
        (before.principal === 0n && principal !== 0n ? 1 : 0) -
        (before.principal !== 0n && principal === 0n ? 1 : 0),
      economicNodes: row.economicNodes + (isNode && !wasNode ? 1 : 0) - (!isNode && wasNode ? 1 : 0),
    }));
    await context.db.insert(stakeChange).values({
      id: event.id,
      staker: address,
      kind,
      round,
      amount,
      principal,
      totalStaked,
      ...eventMeta(event),
    });
  });
}

ponder.on("EconomicPool:RoundsSettled", async ({ event, context }) => {
  const { fromRound, toRound, locked, received, allocated, carried, index } = event.args;
  // APR of the rounds settled: what they allocated over a year of their length, on the stake.
  const [schedule, reserveAddress] = await Promise.all([
    context.client.readContract({ abi: EconomicPoolAbi, address: event.log.address, functionName: "schedule" }),
    context.client.readContract({ abi: EconomicPoolAbi, address: event.log.address, functionName: "reserve" }),
  ]);
  const year = await context.client.readContract({
    abi: RewardsReserveAbi,
    address: reserveAddress,
    functionName: "year",
  });
  const span = (schedule.raise + schedule.lock + schedule.settlement) * (toRound - fromRound);
  const aprBps = locked === 0n || span === 0n ? null : (allocated * year * 10_000n) / (locked * span);
  await pool(context.db, event.log.address, event.block.timestamp);
  await context.db.update(economicPool, { address: event.log.address }).set((row) => ({
    settledRounds: toRound,
    index,
    carried,
    budgetReceived: row.budgetReceived + received,
  }));
  await context.db.insert(stakingSettlement).values({
    id: event.id,
    fromRound,
    toRound,
    locked,
    received,
    allocated,
    carried,
    index,
    aprBps,
    ...eventMeta(event),
  });
});

ponder.on("EconomicPool:RewardPaid", async ({ event, context }) => {
  const { staker: address, amount, caller } = event.args;
  await context.db
    .update(staker, { address })
    .set((row) => ({ rewardsPaid: row.rewardsPaid + amount, owedAtLastChange: 0n, updatedAt: event.block.timestamp }));
  await pool(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(economicPool, { address: event.log.address })
    .set((row) => ({ rewardsPaid: row.rewardsPaid + amount }));
  await context.db.insert(stakingReward).values({
    id: event.id,
    staker: address,
    amount,
    caller,
    pushed: caller.toLowerCase() !== address.toLowerCase(),
    ...eventMeta(event),
  });
});

ponder.on("EconomicPool:Distributed", async ({ event, context }) => {
  const { keeper, accounts, paid, units, amount } = event.args;
  await context.db.insert(stakingDistribution).values({
    id: event.id,
    keeper,
    accounts,
    paid,
    units,
    amount,
    ...eventMeta(event),
  });
});
