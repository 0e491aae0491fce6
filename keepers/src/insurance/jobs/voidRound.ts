// Job oracle-void: void the rounds still not final at their feed's deadline + grace
// (IndexOracle.voidRound), so that their policies are refunded and their capital released.
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { Finished, requestedRounds, RoundState, type RoundEntry } from "../views.ts";

const closed = new Finished();

export const oracleVoid: Job<RoundEntry, AbiOf<"IndexOracle">> = {
  name: "oracle-void",
  description: "Void oracle rounds not final by their deadline + grace (IndexOracle.voidRound)",
  contracts: ["IndexOracle"],
  defaultIntervalMs: 30_000,
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
      if (states[i].state === RoundState.Final || states[i].state === RoundState.Void) {
        closed.add(context, oracle.address, `${round.feedId}-${round.subject}`);
        continue;
      }
      let feed = feeds.get(round.feedId);
      if (feed === undefined) feeds.set(round.feedId, (feed = await oracle.read.feedOf([round.feedId])));
      if (now >= round.observesAt + BigInt(feed.reportDeadline) + BigInt(feed.grace)) due.push(round);
    }
    return due;
  },

  call: (context, round) => call(context, "IndexOracle", "voidRound", [round.feedId, round.subject]),
  label: (round) => `round ${round.feedId.slice(0, 10)}… ${round.subject}`,
};
