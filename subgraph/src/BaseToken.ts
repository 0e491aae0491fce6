// BaseToken: transfers and balances, delegations and votes, total supply.
import { ponder, type Context } from "ponder:registry";
import { account, delegation, tokenSupply, transfer, votesChange } from "ponder:schema";
import { zeroAddress, type Address } from "viem";

/** The account row, created empty on first sight. */
async function touch(db: Context["db"], address: Address, timestamp: bigint) {
  await db
    .insert(account)
    .values({ address, balance: 0n, votes: 0n, transferCount: 0, updatedAt: timestamp })
    .onConflictDoNothing();
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

ponder.on("BaseToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(transfer).values({
    id: event.id,
    from,
    to,
    amount: value,
    blockNumber: event.block.number,
    timestamp,
    transactionHash: event.transaction.hash,
  });

  if (from !== zeroAddress) await moveBalance(context.db, from, -value, timestamp);
  if (to !== zeroAddress) await moveBalance(context.db, to, value, timestamp);
  if (from === zeroAddress || to === zeroAddress) {
    const minted = from === zeroAddress ? value : -value;
    await context.db
      .insert(tokenSupply)
      .values({ token: event.log.address, totalSupply: minted, totalVotesDelegated: 0n, updatedAt: timestamp })
      .onConflictDoUpdate((row) => ({ totalSupply: row.totalSupply + minted, updatedAt: timestamp }));
  }
});

ponder.on("BaseToken:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  await context.db.insert(delegation).values({
    id: event.id,
    delegator,
    fromDelegate,
    toDelegate,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
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
    blockNumber: event.block.number,
    timestamp,
  });
  await touch(context.db, delegate, timestamp);
  await context.db.update(account, { address: delegate }).set({ votes: newVotes, updatedAt: timestamp });
  const change = newVotes - previousVotes;
  await context.db
    .insert(tokenSupply)
    .values({ token: event.log.address, totalSupply: 0n, totalVotesDelegated: change, updatedAt: timestamp })
    .onConflictDoUpdate((row) => ({ totalVotesDelegated: row.totalVotesDelegated + change, updatedAt: timestamp }));
});
