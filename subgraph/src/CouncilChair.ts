// CouncilChair (DESIGN §13): the chair's ballots round by round, votes, the chair, reports and
// missed reports.
import { ponder } from "ponder:registry";
import { councilChair, councilChairBallot, councilChairVote, councilMissedReport, councilReport } from "ponder:schema";
import { eventMeta } from "./event.ts";

ponder.on("CouncilChair:BallotOpened", async ({ event, context }) => {
  const { ballotId, termId, previousChair } = event.args;
  await context.db.insert(councilChair).values({
    ballotId,
    termId,
    round: 1,
    candidates: [],
    previousChair: previousChair === "0x0000000000000000000000000000000000000000" ? null : previousChair,
    openedAt: event.block.timestamp,
  });
});

ponder.on("CouncilChair:RoundOpened", async ({ event, context }) => {
  const { ballotId, round, roundEnd } = event.args;
  await context.db.update(councilChair, { ballotId }).set({ round: Number(round), roundEnd });
  await context.db
    .insert(councilChairBallot)
    .values({ id: `${ballotId}-${round}`, ballotId, round: Number(round), roundEnd })
    .onConflictDoUpdate({ roundEnd });
});

ponder.on("CouncilChair:ChairCandidateDeclared", async ({ event, context }) => {
  const { ballotId, candidate } = event.args;
  await context.db.update(councilChair, { ballotId }).set((row) => ({ candidates: [...row.candidates, candidate] }));
});

ponder.on("CouncilChair:ChairVoted", async ({ event, context }) => {
  const { ballotId, round, member, candidate } = event.args;
  const chosen = candidate === "0x0000000000000000000000000000000000000000" ? null : candidate;
  await context.db
    .insert(councilChairVote)
    .values({
      id: `${ballotId}-${round}-${member}`,
      ballotId,
      round: Number(round),
      member,
      candidate: chosen,
      ...eventMeta(event),
    })
    .onConflictDoUpdate({ candidate: chosen, ...eventMeta(event) });
});

ponder.on("CouncilChair:RoundClosed", async ({ event, context }) => {
  const { ballotId, round, candidates, votes, eliminated, chair } = event.args;
  const zero = "0x0000000000000000000000000000000000000000";
  await context.db.update(councilChairBallot, { id: `${ballotId}-${round}` }).set({
    closed: true,
    candidates: [...candidates],
    votes: votes.map(Number),
    eliminated: eliminated === zero ? null : eliminated,
    chair: chair === zero ? null : chair,
  });
});

ponder.on("CouncilChair:ChairElected", async ({ event, context }) => {
  const { ballotId, chair, round, votes } = event.args;
  await context.db
    .update(councilChair, { ballotId })
    .set({ chair, electedAt: event.block.timestamp, electedVotes: Number(votes), round: Number(round) });
  await context.db.update(councilChairBallot, { id: `${ballotId}-${round}` }).set({ chair });
});

ponder.on("CouncilChair:BallotFailed", async ({ event, context }) => {
  await context.db.update(councilChair, { ballotId: event.args.ballotId }).set({ failed: true });
});

ponder.on("CouncilChair:ReportPublished", async ({ event, context }) => {
  const { reportId, termId, chair, uri, nextDeadline } = event.args;
  await context.db.insert(councilReport).values({ reportId, termId, chair, uri, nextDeadline, ...eventMeta(event) });
});

ponder.on("CouncilChair:ReportMissed", async ({ event, context }) => {
  const { missedId, termId, chair, deadline } = event.args;
  await context.db.insert(councilMissedReport).values({ missedId, termId, chair, deadline, ...eventMeta(event) });
});
