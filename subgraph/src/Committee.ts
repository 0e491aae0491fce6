// Committee: terms and their progress, candidacies with frozen reputation and seats, duties done
// and missed, impeachment votes, slashes and term rewards.
import { ponder, type Context } from "ponder:registry";
import {
  committeeCandidate,
  committeeDuty,
  committeeImpeachmentVote,
  committeeSlash,
  committeeTerm,
  reputationFactors,
} from "ponder:schema";
import { zeroAddress, type Hex } from "viem";
import { CommitteeAbi, ReputationAbi } from "../../abis/index.ts";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

const candidateId = (term: bigint, node: Hex) => `${term}-${node.toLowerCase()}`;

async function termRow(db: Context["db"], term: bigint, timestamp: bigint) {
  return db.insert(committeeTerm).values({ term, updatedAt: timestamp }).onConflictDoUpdate({ updatedAt: timestamp });
}

/** The member at `seat` of `term` (from the drawn members). */
async function memberAt(db: Context["db"], term: bigint, seat: bigint): Promise<Hex> {
  const row = await db.find(committeeTerm, { term });
  return (row?.members?.[Number(seat)] ?? zeroAddress) as Hex;
}

/** Shows `member`'s seat of `term` as emptied (impeached, or vacated for missed duties). */
async function emptySeat(db: Context["db"], term: bigint, member: Hex) {
  const row = await db.find(committeeTerm, { term });
  if (!row?.members) return;
  await db
    .update(committeeTerm, { term })
    .set({ members: row.members.map((m) => (m.toLowerCase() === member.toLowerCase() ? zeroAddress : m)) });
}

ponder.on("Committee:ParametersChanged", ({ event, context }) => record("Committee", event, context.db));

ponder.on("Committee:CandidacyDeclared", async ({ event, context }) => {
  const { term, node, index } = event.args;
  await termRow(context.db, term, event.block.timestamp);
  await context.db.update(committeeTerm, { term }).set((row) => ({ candidates: row.candidates + 1 }));
  await context.db.insert(committeeCandidate).values({ id: candidateId(term, node), term, node, index: Number(index) });
});

ponder.on("Committee:CandidateFrozen", async ({ event, context }) => {
  const { term, node, reputation } = event.args;
  await context.db.update(committeeCandidate, { id: candidateId(term, node) }).set({ reputation });
  // The factors behind the frozen RPT, read as the Committee read them (at the close's last second).
  const committee = { abi: CommitteeAbi, address: event.log.address } as const;
  const [source, closesAt] = await Promise.all([
    context.client.readContract({ ...committee, functionName: "reputation" }),
    context.client.readContract({ ...committee, functionName: "candidacyCloseOf", args: [term] }),
  ]);
  const timepoint = closesAt - 1n;
  const f = await context.client.readContract({
    abi: ReputationAbi,
    address: source,
    functionName: "factorsOf",
    args: [node, timepoint],
  });
  await context.db.insert(reputationFactors).values({
    id: candidateId(term, node),
    term,
    node,
    timepoint,
    stake: f.stake,
    jobs: f.jobs,
    proofsPassed: f.proofsPassed,
    poorReports: f.poorReports,
    goodService: f.goodService,
    heldMB: f.heldMB,
    duties: f.duties,
    abBps: f.abBps,
    txBps: f.txBps,
    prBps: f.prBps,
    dcBps: f.dcBps,
    bmBps: f.bmBps,
    rpt: f.rpt,
  });
});

ponder.on("Committee:CandidacyClosed", async ({ event, context }) => {
  const { term, candidates, requestId } = event.args;
  await termRow(context.db, term, event.block.timestamp);
  await context.db
    .update(committeeTerm, { term })
    .set({ status: candidates === 0n ? "drawn" : "closed", requestId: candidates === 0n ? null : requestId });
});

ponder.on("Committee:CommitteeDrawn", async ({ event, context }) => {
  const { term, members, reputations } = event.args;
  await termRow(context.db, term, event.block.timestamp);
  await context.db
    .update(committeeTerm, { term })
    .set({ status: "drawn", members: [...members], reputations: [...reputations] });
  for (const [seat, member] of members.entries()) {
    await context.db.update(committeeCandidate, { id: candidateId(term, member) }).set({ seat });
  }
});

ponder.on("Committee:DutyRecorded", async ({ event, context }) => {
  const { term, seat, member, source, done } = event.args;
  await context.db.insert(committeeDuty).values({
    id: event.id,
    term,
    seat: Number(seat),
    member,
    source,
    done,
    ...eventMeta(event),
  });
  await context.db.update(committeeCandidate, { id: candidateId(term, member) }).set((row) => ({
    dutiesAssigned: row.dutiesAssigned + 1,
    dutiesDone: row.dutiesDone + (done ? 1 : 0),
  }));
});

ponder.on("Committee:ImpeachmentVoted", async ({ event, context }) => {
  const { term, voterSeat, targetSeat, votes, needed } = event.args;
  await context.db.insert(committeeImpeachmentVote).values({
    id: event.id,
    term,
    voter: await memberAt(context.db, term, voterSeat),
    target: await memberAt(context.db, term, targetSeat),
    votes: Number(votes),
    needed: Number(needed),
    ...eventMeta(event),
  });
});

ponder.on("Committee:MemberImpeached", async ({ event, context }) => {
  const { term, member, slashed } = event.args;
  await context.db.insert(committeeSlash).values({
    id: event.id,
    term,
    member,
    kind: "impeached",
    amount: slashed,
    ...eventMeta(event),
  });
  await context.db
    .update(committeeCandidate, { id: candidateId(term, member) })
    .set((row) => ({ impeached: true, slashed: row.slashed + slashed }));
  await emptySeat(context.db, term, member);
});

ponder.on("Committee:MemberPenalized", async ({ event, context }) => {
  const { term, member, assigned, missed, slashed, sitOutUntil } = event.args;
  await context.db.insert(committeeSlash).values({
    id: event.id,
    term,
    member,
    kind: "missed",
    amount: slashed,
    dutiesAssigned: Number(assigned),
    dutiesMissed: Number(missed),
    sitOutUntil,
    ...eventMeta(event),
  });
  await context.db
    .update(committeeCandidate, { id: candidateId(term, member) })
    .set((row) => ({ slashed: row.slashed + slashed }));
});

ponder.on("Committee:RewardPaid", async ({ event, context }) => {
  const { term, member, amount } = event.args;
  await context.db
    .update(committeeCandidate, { id: candidateId(term, member) })
    .set((row) => ({ reward: row.reward + amount }));
});

ponder.on("Committee:TermSettled", async ({ event, context }) => {
  const { term, received, paid, returned } = event.args;
  await termRow(context.db, term, event.block.timestamp);
  await context.db.update(committeeTerm, { term }).set({ status: "settled", received, paid, returned });
});

ponder.on("Committee:SeatVacated", async ({ event, context }) => {
  const { term, member } = event.args;
  await emptySeat(context.db, term, member);
});
