// RecoverableWallet (every clone of the WalletFactory): owner changes, the owner's calls,
// guardian changes (pending, applied, cancelled) and recoveries (pending, executed, cancelled,
// superseded) with their approvals.
import { ponder } from "ponder:registry";
import { wallet, walletGuardianChange, walletOwnerChange, walletRecovery } from "ponder:schema";
import type { Hex } from "viem";
import { eventMeta } from "./event.ts";

const recoveryKey = (address: Hex, recoveryId: bigint) => `${address}:${recoveryId}`;
const low = (a: string) => a.toLowerCase();

ponder.on("RecoverableWallet:OwnerChanged", async ({ event, context }) => {
  const address = event.log.address;
  const { oldOwner, newOwner } = event.args;
  // The initialization's OwnerChanged(0, owner) precedes WalletCreated, which records the wallet.
  if ((await context.db.find(wallet, { wallet: address })) === null) return;
  await context.db.update(wallet, { wallet: address }).set({ owner: newOwner, updatedAt: event.block.timestamp });
  // A recovery's OwnerChanged comes just before its RecoveryExecuted, which re-labels the row.
  await context.db.insert(walletOwnerChange).values({
    id: event.id,
    wallet: address,
    oldOwner,
    newOwner,
    how: "transfer",
    ...eventMeta(event),
  });
});

ponder.on("RecoverableWallet:Executed", async ({ event, context }) => {
  const address = event.log.address;
  if ((await context.db.find(wallet, { wallet: address })) === null) return;
  await context.db
    .update(wallet, { wallet: address })
    .set((row) => ({ calls: row.calls + 1, updatedAt: event.block.timestamp }));
});

ponder.on("RecoverableWallet:GuardiansChangeProposed", async ({ event, context }) => {
  const address = event.log.address;
  const { changeId, guardians, threshold, delay, readyAt } = event.args;
  await context.db.insert(walletGuardianChange).values({
    id: `${address}:${changeId}`,
    wallet: address,
    changeId,
    guardians: [...guardians],
    threshold: Number(threshold),
    delay,
    readyAt,
    status: "pending",
    proposedAt: event.block.timestamp,
  });
});

ponder.on("RecoverableWallet:GuardiansChangeApplied", async ({ event, context }) => {
  const address = event.log.address;
  const { changeId, guardians, threshold, delay } = event.args;
  await context.db
    .update(walletGuardianChange, { id: `${address}:${changeId}` })
    .set({ status: "applied", closedAt: event.block.timestamp });
  await context.db.update(wallet, { wallet: address }).set({
    guardians: [...guardians],
    threshold: Number(threshold),
    delay,
    updatedAt: event.block.timestamp,
  });
});

ponder.on("RecoverableWallet:GuardiansChangeCancelled", async ({ event, context }) => {
  const address = event.log.address;
  await context.db
    .update(walletGuardianChange, { id: `${address}:${event.args.changeId}` })
    .set({ status: "cancelled", closedAt: event.block.timestamp });
});

ponder.on("RecoverableWallet:RecoveryProposed", async ({ event, context }) => {
  const address = event.log.address;
  const { recoveryId, newOwner, guardian } = event.args;
  // The proposer's approval follows as RecoveryApproved.
  await context.db.insert(walletRecovery).values({
    id: recoveryKey(address, recoveryId),
    wallet: address,
    recoveryId,
    newOwner,
    proposer: guardian,
    approvals: 0,
    approvers: [],
    readyAt: 0n,
    status: "pending",
    proposedAt: event.block.timestamp,
  });
});

ponder.on("RecoverableWallet:RecoveryApproved", async ({ event, context }) => {
  const { recoveryId, guardian, approvals, readyAt } = event.args;
  await context.db.update(walletRecovery, { id: recoveryKey(event.log.address, recoveryId) }).set((row) => ({
    approvals: Number(approvals),
    readyAt,
    approvers: [...row.approvers.filter((a) => low(a) !== low(guardian)), guardian],
  }));
});

ponder.on("RecoverableWallet:RecoveryRevoked", async ({ event, context }) => {
  const { recoveryId, guardian, approvals, readyAt } = event.args;
  await context.db.update(walletRecovery, { id: recoveryKey(event.log.address, recoveryId) }).set((row) => ({
    approvals: Number(approvals),
    readyAt,
    approvers: row.approvers.filter((a) => low(a) !== low(guardian)),
  }));
});

ponder.on("RecoverableWallet:RecoveryCancelled", async ({ event, context }) => {
  await context.db
    .update(walletRecovery, { id: recoveryKey(event.log.address, event.args.recoveryId) })
    .set({ status: "cancelled", closedAt: event.block.timestamp });
});

ponder.on("RecoverableWallet:RecoveryExecuted", async ({ event, context }) => {
  const address = event.log.address;
  const { recoveryId, oldOwner, newOwner } = event.args;
  const at = event.block.timestamp;
  await context.db
    .update(walletRecovery, { id: recoveryKey(address, recoveryId) })
    .set({ status: "executed", oldOwner, closedAt: at });
  // Every other pending recovery of the wallet can never execute now.
  const pending = await context.db.sql.query.walletRecovery.findMany({
    where: (row, { and, eq }) => and(eq(row.wallet, address), eq(row.status, "pending")),
  });
  for (const row of pending) {
    await context.db.update(walletRecovery, { id: row.id }).set({ status: "superseded", closedAt: at });
  }
  await context.db
    .update(wallet, { wallet: address })
    .set((row) => ({ owner: newOwner, recoveries: row.recoveries + 1, updatedAt: at }));
  // The OwnerChanged just before this event (same transaction) was a recovery, not a transfer.
  const changes = await context.db.sql.query.walletOwnerChange.findMany({
    where: (row, { and, eq }) => and(eq(row.wallet, address), eq(row.transactionHash, event.transaction.hash)),
  });
  for (const change of changes) await context.db.update(walletOwnerChange, { id: change.id }).set({ how: "recovery" });
});
