// Job oracle-finalize: the IndexOracle's deadline path (IndexOracle.finalize) for rounds still open
// past their feed's report deadline with at least the deadline quorum of reports; a round that
// reached two thirds is final already, by the report that reached it.
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { Finished, requestedRounds, RoundState, type RoundEntry } from "../views.ts";

/** Rounds final or void are never read again. */
const closed = new Finished();

export const oracleFinalize: Job<RoundEntry, AbiOf<"IndexOracle">> = {
  name: "oracle-finalize",
  description: "Finalize oracle rounds past their report deadline with the deadline quorum (IndexOracle.finalize)",
  contracts: ["IndexOracle"],
  defaultIntervalMs: 10_000,
  settledErrors: ["NotDue", "RoundClosed"],

  async due(context) {
    const oracle = contract(context, "IndexOracle");
    const [rounds, now] = await Promise.all([requestedRounds(context), chainTime(context.client)]);
    const open = rounds.filter((r) => !closed.has(context, oracle.address, `${r.feedId}-${r.subject}`));
    const states = await Promise.all(open.map((r) => oracle.read.roundOf([r.feedId, r.subject])));
    const feeds = new Map<string, Awaited<ReturnType<typeof oracle.read.feedOf>>>();
    const due: RoundEntry[] = [];
    for (let i = 0; i < open.length; i++) {
      const round = open[i];
      const state = states[i];
      if (state.state === RoundState.Final || state.state === RoundState.Void) {
        closed.add(context, oracle.address, `${round.feedId}-${round.subject}`);
        continue;
      }
      if (state.state !== RoundState.Open) continue;
      let feed = feeds.get(round.feedId);
      if (feed === undefined) feeds.set(round.feedId, (feed = await oracle.read.feedOf([round.feedId])));
      const deadline = round.observesAt + BigInt(feed.reportDeadline);
      const voidAt = deadline + BigInt(feed.grace);
      if (now < deadline || now >= voidAt) continue;
      // The oracle's own rule (IndexOracle.deadlineQuorumOf), not a copy of it.
      const quorum = await oracle.read.deadlineQuorumOf([round.feedId, BigInt(state.committeeSize)]);
      if (BigInt(state.reports) >= quorum) due.push(round);
    }
    return due;
  },

  call: (context, round) => call(context, "IndexOracle", "finalize", [round.feedId, round.subject]),
  label: (round) => `round ${round.feedId.slice(0, 10)}… ${round.subject}`,
};
