// HonorPool: honor nodes with their active stake and pending request, every change (deposits,
// requests, completed withdrawals, slashes with their reason), vaults and delegates.
import { ponder, type Context } from "ponder:registry";
import { honorChange, honorNode, honorPool } from "ponder:schema";
import { hexToString, type Hex } from "viem";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

async function pool(db: Context["db"], address: Hex, timestamp: bigint) {
  return db.insert(honorPool).values({ address, updatedAt: timestamp }).onConflictDoUpdate({ updatedAt: timestamp });
}

async function node(db: Context["db"], address: Hex, timestamp: bigint) {
  return db.insert(honorNode).values({ address, updatedAt: timestamp }).onConflictDoUpdate({ updatedAt: timestamp });
}

ponder.on("HonorPool:ParametersChanged", async ({ event, context }) => {
  const { minStake, withdrawDelay } = event.args.parameters;
  await pool(context.db, event.log.address, event.block.timestamp);
  await context.db.update(honorPool, { address: event.log.address }).set({ minStake, withdrawDelay });
  await record("HonorPool", event, context.db);
});

ponder.on("HonorPool:VaultCreated", async ({ event, context }) => {
  const { node: address, vault } = event.args;
  await node(context.db, address, event.block.timestamp);
  await context.db.update(honorNode, { address }).set({ vault, delegate: address });
});

ponder.on("HonorPool:StakeDelegated", async ({ event, context }) => {
  const { node: address, delegatee } = event.args;
  await context.db.update(honorNode, { address }).set({ delegate: delegatee });
});

ponder.on("HonorPool:Deposited", async ({ event, context }) => {
  const { node: address, amount, stake, totalStaked } = event.args;
  const { minStake } = await pool(context.db, event.log.address, event.block.timestamp);
  await context.db.update(honorPool, { address: event.log.address }).set({ totalStaked });
  const row = await node(context.db, address, event.block.timestamp);
  await context.db.update(honorNode, { address }).set({ stake, honorNode: stake >= minStake && stake !== 0n });
  await context.db.insert(honorChange).values({
    id: event.id,
    node: address,
    kind: "deposit",
    amount,
    stake,
    pending: row.pending,
    totalStaked,
    ...eventMeta(event),
  });
});

ponder.on("HonorPool:WithdrawRequested", async ({ event, context }) => {
  const { node: address, amount, stake, pending, payableAt, totalStaked } = event.args;
  const { minStake } = await pool(context.db, event.log.address, event.block.timestamp);
  await context.db.update(honorPool, { address: event.log.address }).set({ totalStaked });
  await node(context.db, address, event.block.timestamp);
  await context.db
    .update(honorNode, { address })
    .set({ stake, pending, payableAt, honorNode: stake >= minStake && stake !== 0n });
  await context.db.insert(honorChange).values({
    id: event.id,
    node: address,
    kind: "request",
    amount,
    stake,
    pending,
    totalStaked,
    ...eventMeta(event),
  });
});

ponder.on("HonorPool:WithdrawCompleted", async ({ event, context }) => {
  const { node: address, amount } = event.args;
  const row = await node(context.db, address, event.block.timestamp);
  await context.db.update(honorNode, { address }).set({ pending: 0n, payableAt: null });
  await context.db.insert(honorChange).values({
    id: event.id,
    node: address,
    kind: "complete",
    amount,
    stake: row.stake,
    pending: 0n,
    ...eventMeta(event),
  });
});

ponder.on("HonorPool:Slashed", async ({ event, context }) => {
  const { node: address, reason, bps, amount, stake, pending, totalStaked } = event.args;
  const { minStake } = await pool(context.db, event.log.address, event.block.timestamp);
  await context.db
    .update(honorPool, { address: event.log.address })
    .set((row) => ({ totalStaked, slashed: row.slashed + amount }));
  await node(context.db, address, event.block.timestamp);
  await context.db.update(honorNode, { address }).set((row) => ({
    stake,
    pending,
    slashed: row.slashed + amount,
    honorNode: stake >= minStake && stake !== 0n,
  }));
  await context.db.insert(honorChange).values({
    id: event.id,
    node: address,
    kind: "slash",
    amount,
    stake,
    pending,
    reason: hexToString(reason, { size: 32 }).replace(/\0+$/, ""),
    bps: Number(bps),
    totalStaked,
    ...eventMeta(event),
  });
});
