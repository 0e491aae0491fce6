// BaseToken: transfers and balances, delegations and votes, total supply.
import { ponder, type Context } from "ponder:registry";
import { account, delegation, genesisAllocation, snapshot, tokenSupply, transfer, votesChange } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { bucketSupply } from "./buckets.ts";
import { zeroAddress, type Address } from "viem";

/** The account row, created empty on first sight. */
async function touch(db: Context["db"], address: Address, timestamp: bigint) {
  await db.insert(account).values({ address, updatedAt: timestamp }).onConflictDoNothing();
}

/** Adds `delta` to an account's balance and counts the transfer. */
async function moveBalance(db: Context["db"], address: Address, delta: bigint, timestamp: bigint) {
  await touch(db, address, timestamp);
  await db.update(account, { address }).set((row) => ({
    balance: row.balance + delta,
    transferCount: row.transferCount + 1,
    updatedAt: timestamp,
  }));
}

/** Adds to the token's supply (mints, burns) and to the votes delegated in it. */
async function adjustSupply(
  db: Context["db"],
  token: Address,
  delta: { supply: bigint; votes: bigint; burned?: bigint },
  timestamp: bigint,
) {
  const burned = delta.burned ?? 0n;
  return db
    .insert(tokenSupply)
    .values({
      token,
      totalSupply: delta.supply,
      totalVotesDelegated: delta.votes,
      totalBurned: burned,
      updatedAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({
      totalSupply: row.totalSupply + delta.supply,
      totalVotesDelegated: row.totalVotesDelegated + delta.votes,
      totalBurned: row.totalBurned + burned,
      updatedAt: timestamp,
    }));
}

ponder.on("BaseToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(transfer).values({
    id: event.id,
    from,
    to,
    amount: value,
    ...eventMeta(event),
  });

  if (from !== zeroAddress) await moveBalance(context.db, from, -value, timestamp);
  if (to !== zeroAddress) await moveBalance(context.db, to, value, timestamp);
  if (from === zeroAddress || to === zeroAddress) {
    const minted = from === zeroAddress ? value : -value;
    const burned = from === zeroAddress ? 0n : value;
    const row = await adjustSupply(context.db, event.log.address, { supply: minted, votes: 0n, burned }, timestamp);
    await bucketSupply(context.db, {
      token: event.log.address,
      minted: from === zeroAddress ? value : 0n,
      burned,
      supply: row.totalSupply,
      totalBurned: row.totalBurned,
      blockNumber: event.block.number,
      timestamp,
    });
  }
});

ponder.on("BaseToken:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  await context.db.insert(delegation).values({
    id: event.id,
    delegator,
    fromDelegate,
    toDelegate,
    ...eventMeta(event),
  });
  await touch(context.db, delegator, event.block.timestamp);
  await context.db
    .update(account, { address: delegator })
    .set({ delegate: toDelegate, updatedAt: event.block.timestamp });
});

ponder.on("BaseToken:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate, previousVotes, newVotes } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(votesChange).values({
    id: event.id,
    delegate,
    previousVotes,
    newVotes,
    ...eventMeta(event),
  });
  await touch(context.db, delegate, timestamp);
  await context.db.update(account, { address: delegate }).set({ votes: newVotes, updatedAt: timestamp });
  const change = newVotes - previousVotes;
  await adjustSupply(context.db, event.log.address, { supply: 0n, votes: change }, timestamp);
});

ponder.on("BaseToken:Snapshot", async ({ event, context }) => {
  const { snapshotId, timestamp, totalSupply } = event.args;
  await context.db.insert(snapshot).values({ snapshotId, timestamp, totalSupply });
});

ponder.on("BaseToken:GenesisAllocation", async ({ event, context }) => {
  const { holder, amount } = event.args;
  await context.db
    .insert(genesisAllocation)
    .values({ holder, amount })
    .onConflictDoUpdate((row) => ({ amount: row.amount + amount }));
});
