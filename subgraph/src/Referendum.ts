// Referendum: proposals through support, council response, referendum and the Timelock, with
// supports, votes and the bloc vote. Every state change is a proposalStep row.
import { ponder } from "ponder:registry";
import { blocVote, ordinaryCall, proposal, proposalStep, proposalSupport, vote } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { named, PROPOSAL_STATES, VOTE_SIDES } from "./governance.ts";

ponder.on("Referendum:ProposalCreated", async ({ event, context }) => {
  const { proposalId, proposer, targets, values, calldatas, descriptionURI, constitutional, publicityDays } =
    event.args;
  await context.db.insert(proposal).values({
    proposalId,
    proposer,
    targets: [...targets],
    values: [...values],
    calldatas: [...calldatas],
    descriptionURI,
    constitutional,
    publicityDays: Number(publicityDays),
    createdAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
});

ponder.on("Referendum:SupportOpened", async ({ event, context }) => {
  const { proposalId, snapshot, supportDeadline, deposit } = event.args;
  await context.db
    .update(proposal, { proposalId })
    .set({ supportSnapshot: snapshot, supportDeadline, deposit, depositStatus: deposit === 0n ? "none" : "held" });
});

ponder.on("Referendum:ProposalStateChanged", async ({ event, context }) => {
  const { proposalId } = event.args;
  const state = named(PROPOSAL_STATES, event.args.state);
  await context.db.update(proposal, { proposalId }).set({ state, updatedAt: event.block.timestamp });
  await context.db.insert(proposalStep).values({
    id: event.id,
    proposalId,
    state,
    ...eventMeta(event),
  });
});

ponder.on("Referendum:Supported", async ({ event, context }) => {
  const { proposalId, supporter, weight, totalSupport } = event.args;
  await context.db.insert(proposalSupport).values({
    id: `${proposalId}-${supporter}`,
    proposalId,
    supporter,
    weight,
    totalSupport,
    ...eventMeta(event),
  });
  await context.db
    .update(proposal, { proposalId })
    .set((row) => ({ support: totalSupport, supporters: row.supporters + 1 }));
});

ponder.on("Referendum:DepositRefunded", async ({ event, context }) => {
  await context.db.update(proposal, { proposalId: event.args.proposalId }).set({ depositStatus: "refunded" });
});

ponder.on("Referendum:UpkeepFeeRetained", async ({ event, context }) => {
  await context.db.update(proposal, { proposalId: event.args.proposalId }).set({ upkeepFee: event.args.amount });
});

ponder.on("Referendum:DepositForfeited", async ({ event, context }) => {
  await context.db.update(proposal, { proposalId: event.args.proposalId }).set({ depositStatus: "forfeited" });
});

ponder.on("Referendum:CouncilResponseRequired", async ({ event, context }) => {
  const { proposalId, responseDeadline } = event.args;
  await context.db.update(proposal, { proposalId }).set({ responseDeadline });
});

ponder.on("Referendum:CouncilResponseMissed", async ({ event, context }) => {
  await context.db.update(proposal, { proposalId: event.args.proposalId }).set({ responseMissed: true });
});

ponder.on("Referendum:ReferendumOpened", async ({ event, context }) => {
  const { proposalId, snapshot, voteStart, voteEnd } = event.args;
  await context.db.update(proposal, { proposalId }).set({ voteSnapshot: snapshot, voteStart, voteEnd });
});

/** Adds weight to a side of the live tally. */
function tally(side: (typeof VOTE_SIDES)[number], weight: bigint) {
  return (row: typeof proposal.$inferSelect) => ({
    forVotes: row.forVotes + (side === "for" ? weight : 0n),
    againstVotes: row.againstVotes + (side === "against" ? weight : 0n),
    abstainVotes: row.abstainVotes + (side === "abstain" ? weight : 0n),
  });
}

ponder.on("Referendum:VoteCast", async ({ event, context }) => {
  const { voter, proposalId, weight } = event.args;
  const side = named(VOTE_SIDES, event.args.support);
  await context.db.insert(vote).values({
    id: `${proposalId}-${voter}`,
    proposalId,
    voter,
    side,
    weight,
    ...eventMeta(event),
  });
  await context.db
    .update(proposal, { proposalId })
    .set((row) => ({ ...tally(side, weight)(row), voters: row.voters + 1, updatedAt: event.block.timestamp }));
});

/** Takes the bloc vote's weight off the side it counted for, if it was cast. */
function untallyBloc(row: typeof proposal.$inferSelect) {
  if (row.blocSide === null || row.blocWeight === null) return row;
  return { ...row, ...tally(row.blocSide as (typeof VOTE_SIDES)[number], -row.blocWeight)(row) };
}

// The bloc vote follows the council until voting closes: a re-cast moves its weight.
ponder.on("Referendum:BlocVoteCast", async ({ event, context }) => {
  const { proposalId, reserve, weight } = event.args;
  const side = named(VOTE_SIDES, event.args.support);
  const values = { reserve, side, weight, ...eventMeta(event) };
  await context.db
    .insert(blocVote)
    .values({ proposalId, ...values })
    .onConflictDoUpdate(values);
  await context.db.update(proposal, { proposalId }).set((row) => {
    const base = untallyBloc(row);
    return { ...tally(side, weight)(base), blocSide: side, blocWeight: weight };
  });
});

ponder.on("Referendum:BlocVoteWithdrawn", async ({ event, context }) => {
  const { proposalId } = event.args;
  await context.db.delete(blocVote, { proposalId });
  await context.db.update(proposal, { proposalId }).set((row) => {
    const base = untallyBloc(row);
    return {
      forVotes: base.forVotes,
      againstVotes: base.againstVotes,
      abstainVotes: base.abstainVotes,
      blocSide: null,
      blocWeight: null,
    };
  });
});

ponder.on("Referendum:ReferendumClosed", async ({ event, context }) => {
  const { proposalId, succeeded, forVotes, againstVotes, abstainVotes } = event.args;
  await context.db
    .update(proposal, { proposalId })
    .set({ succeeded, forVotes, againstVotes, abstainVotes, closedAt: event.block.timestamp });
});

ponder.on("Referendum:ProposalQueued", async ({ event, context }) => {
  const { proposalId, operationId, eta } = event.args;
  await context.db.update(proposal, { proposalId }).set({ timelockOperation: operationId, eta });
});

ponder.on("Referendum:ProposalExecuted", async ({ event, context }) => {
  const { proposalId, executor } = event.args;
  await context.db.update(proposal, { proposalId }).set({ executor, executedAt: event.block.timestamp });
});

ponder.on("Referendum:OrdinaryCallSet", async ({ event, context }) => {
  const { target, selector, ordinary } = event.args;
  const row = { ordinary, updatedAt: event.block.timestamp, transactionHash: event.transaction.hash };
  await context.db
    .insert(ordinaryCall)
    .values({ target, selector, ...row })
    .onConflictDoUpdate(row);
});
