// Council: the transitional council, elections with candidates and split votes, terms and their
// members, member votes and statements.
import { ponder } from "ponder:registry";
import {
  candidate,
  candidateVote,
  councilMember,
  councilRemoval,
  councilTerm,
  election,
  memberVote,
  proposal,
  statement,
} from "ponder:schema";
import { eventMeta } from "./event.ts";
import { MEMBER_CHOICES, named, STATEMENT_KINDS } from "./governance.ts";

ponder.on("Council:TransitionalMember", async ({ event, context }) => {
  const { member, deadline } = event.args;
  await context.db
    .insert(councilTerm)
    .values({
      termId: 0n,
      electionId: 0n,
      start: event.block.timestamp,
      end: deadline,
      seats: 1,
      current: true,
    })
    .onConflictDoUpdate((row) => ({ seats: row.seats + 1 }));
  await context.db.insert(councilMember).values({
    id: `0-${member}`,
    termId: 0n,
    member,
    sitting: true,
    termEnd: deadline,
  });
});

ponder.on("Council:ElectionOpened", async ({ event, context }) => {
  const { electionId, opener, openedAt, votingStart, votingEnd } = event.args;
  await context.db.insert(election).values({
    electionId,
    opener,
    openedAt,
    votingStart,
    votingEnd,
  });
});

ponder.on("Council:CandidateDeclared", async ({ event, context }) => {
  const { electionId, candidate: address, index, bond, bondVault, profileURI } = event.args;
  await context.db.insert(candidate).values({
    id: `${electionId}-${address}`,
    electionId,
    candidate: address,
    index: Number(index),
    bond,
    bondVault,
    profileURI,
    declaredAt: event.block.timestamp,
  });
  await context.db.update(election, { electionId }).set({ candidateCount: Number(index) });
});

/** A new allocation replaces the voter's previous one: its weights leave those candidates first. */
ponder.on("Council:CandidatesVoted", async ({ event, context }) => {
  const { electionId, voter, candidates, weights, power } = event.args;
  const id = `${electionId}-${voter}`;
  const previous = await context.db.find(candidateVote, { id });
  const moves = new Map<string, bigint>();
  previous?.candidates.forEach((address, i) => moves.set(address, (moves.get(address) ?? 0n) - previous.weights[i]!));
  candidates.forEach((address, i) => moves.set(address, (moves.get(address) ?? 0n) + weights[i]!));
  for (const [address, change] of moves) {
    if (change === 0n) continue;
    await context.db
      .update(candidate, { id: `${electionId}-${address}` })
      .set((row) => ({ votes: row.votes + change }));
  }
  await context.db
    .insert(candidateVote)
    .values({
      id,
      electionId,
      voter,
      candidates: [...candidates],
      weights: [...weights],
      power,
      updatedAt: event.block.timestamp,
    })
    .onConflictDoUpdate({
      candidates: [...candidates],
      weights: [...weights],
      power,
      updatedAt: event.block.timestamp,
    });
  if (previous === null) await context.db.update(election, { electionId }).set((row) => ({ voters: row.voters + 1 }));
});

ponder.on("Council:ElectionProgress", async ({ event, context }) => {
  const { electionId, processed } = event.args;
  await context.db.update(election, { electionId }).set({ processed: Number(processed) });
});

ponder.on("Council:ElectionFailed", async ({ event, context }) => {
  await context.db
    .update(election, { electionId: event.args.electionId })
    .set((row) => ({ status: "failed", processed: row.candidateCount }));
});

ponder.on("Council:TermEnded", async ({ event, context }) => {
  await context.db.update(councilTerm, { termId: event.args.termId }).set({ end: event.args.endedAt });
});

/** MemberElected comes before ElectionFinalized: the seat's term row is written by the latter. */
ponder.on("Council:MemberElected", async ({ event, context }) => {
  const { electionId, termId, member, votes } = event.args;
  await context.db.update(candidate, { id: `${electionId}-${member}` }).set({ elected: true });
  await context.db.insert(councilMember).values({
    id: `${termId}-${member}`,
    termId,
    member,
    votes,
    sitting: true,
  });
});

ponder.on("Council:ElectionFinalized", async ({ event, context }) => {
  const { electionId, termId, members, termStart, termEnd } = event.args;
  await context.db
    .update(election, { electionId })
    .set((row) => ({ status: "seated", termId, processed: row.candidateCount }));
  const previous = await context.db.sql.query.councilTerm.findFirst({
    where: (term, { eq }) => eq(term.current, true),
  });
  if (previous !== undefined) {
    await context.db.update(councilTerm, { termId: previous.termId }).set({ current: false });
    const seats = await context.db.sql.query.councilMember.findMany({
      where: (seat, { eq }) => eq(seat.termId, previous.termId),
    });
    for (const seat of seats) await context.db.update(councilMember, { id: seat.id }).set({ sitting: false });
  }
  await context.db.insert(councilTerm).values({
    termId,
    electionId,
    start: termStart,
    end: termEnd,
    seats: members.length,
    current: true,
  });
  for (const member of members) {
    await context.db.update(councilMember, { id: `${termId}-${member}` }).set({ termEnd });
  }
});

ponder.on("Council:BondReleased", async ({ event, context }) => {
  const { electionId, candidate: address } = event.args;
  await context.db.update(candidate, { id: `${electionId}-${address}` }).set({ bondReleased: true });
});

ponder.on("Council:MemberRemoved", async ({ event, context }) => {
  const { termId, member } = event.args;
  await context.db.update(councilMember, { id: `${termId}-${member}` }).set({ sitting: false, removed: true });
  await context.db.update(councilTerm, { termId }).set((row) => ({ seats: row.seats - 1 }));
});

ponder.on("Council:MemberVoted", async ({ event, context }) => {
  const { termId, subject, member } = event.args;
  const choice = named(MEMBER_CHOICES, event.args.choice);
  await context.db
    .insert(memberVote)
    .values({ id: `${termId}-${subject}-${member}`, termId, subject, member, choice, ...eventMeta(event) })
    .onConflictDoUpdate({ choice, ...eventMeta(event) });
});

ponder.on("Council:StatementIssued", async ({ event, context }) => {
  const { subject, proposalId, account, uri } = event.args;
  await context.db.insert(statement).values({
    subject,
    kind: named(STATEMENT_KINDS, event.args.kind),
    proposalId,
    account,
    uri,
    ...eventMeta(event),
  });
  if (proposalId !== 0n) {
    await context.db.update(proposal, { proposalId }).set((row) => ({ statements: row.statements + 1 }));
  }
});

ponder.on("Council:MemberRemovedByPeers", async ({ event, context }) => {
  const { removalId, termId, member, groundsURI, votes, others, appealDeadline } = event.args;
  await context.db.insert(councilRemoval).values({
    removalId,
    termId,
    member,
    groundsURI,
    votes: Number(votes),
    others: Number(others),
    appealDeadline,
    outcome: "open",
    ...eventMeta(event),
  });
});

ponder.on("Council:AppealOpened", async ({ event, context }) => {
  const { removalId, proposalId } = event.args;
  await context.db
    .update(councilRemoval, { removalId })
    .set({ appealProposalId: proposalId, appealedAt: event.block.timestamp });
});

ponder.on("Council:MemberRestored", async ({ event, context }) => {
  const { removalId, termId, member } = event.args;
  await context.db
    .update(councilRemoval, { removalId })
    .set({ outcome: "restored", restoredAt: event.block.timestamp });
  await context.db.update(councilMember, { id: `${termId}-${member}` }).set({ sitting: true, removed: false });
  await context.db.update(councilTerm, { termId }).set((row) => ({ seats: row.seats + 1 }));
});
