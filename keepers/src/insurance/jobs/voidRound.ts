// Job oracle-void: void the rounds still not final at their feed's deadline + grace
// (IndexOracle.voidRound), so that their policies are refunded and their capital released.
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, type AbiOf } from "../../core/contracts.ts";
import { Finished, pendingRounds, type RoundEntry } from "../views.ts";

const closed = new Finished();

export const oracleVoid: Job<RoundEntry, AbiOf<"IndexOracle">> = {
  name: "oracle-void",
  description: "Void oracle rounds not final by their deadline + grace (IndexOracle.voidRound)",
  contracts: ["IndexOracle"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "RoundClosed"],

  async due(context) {
    const [rounds, now] = await Promise.all([pendingRounds(context, closed), chainTime(context.client)]);
    return rounds.filter(({ voidAt }) => now >= voidAt).map(({ round }) => round);
  },

  call: (context, round) => call(context, "IndexOracle", "voidRound", [round.feedId, round.subject]),
  label: (round) => `round ${round.feedId.slice(0, 10)}… ${round.subject}`,
};
