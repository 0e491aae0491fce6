// Job oracle-finalize: the IndexOracle's deadline path (IndexOracle.finalize) for rounds still open
// past their feed's report deadline with at least the deadline quorum of reports; a round that
// reached two thirds is final already, by the report that reached it.
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { Finished, pendingRounds, RoundState, type RoundEntry } from "../views.ts";

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
    const [rounds, now] = await Promise.all([pendingRounds(context, closed), chainTime(context.client)]);
    const due: RoundEntry[] = [];
    for (const { round, state, deadline, voidAt } of rounds) {
      if (state.state !== RoundState.Open || now < deadline || now >= voidAt) continue;
      // The oracle's own rule (IndexOracle.deadlineQuorumOf), not a copy of it.
      const quorum = await oracle.read.deadlineQuorumOf([round.feedId, BigInt(state.committeeSize)]);
      if (BigInt(state.reports) >= quorum) due.push(round);
    }
    return due;
  },

  call: (context, round) => call(context, "IndexOracle", "finalize", [round.feedId, round.subject]),
  label: (round) => `round ${round.feedId.slice(0, 10)}… ${round.subject}`,
};
