// Job committee-settle-term: settle the next term once its settle delay passed
// (Committee.settleTerm): rewards by duties done, the rest back to the RewardsReserve, and the
// penalty of members that missed more than a third of their duties.
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const committeeSettleTerm: Job<bigint, AbiOf<"Committee">> = {
  name: "committee-settle-term",
  description: "Settle the committee's ended terms in order (Committee.settleTerm)",
  contracts: ["Committee"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "OutOfOrder"],

  async due(context) {
    const committee = contract(context, "Committee");
    const [next, schedule, now] = await Promise.all([
      committee.read.nextTermToSettle(),
      committee.read.schedule(),
      chainTime(context.client),
    ]);
    const dueAt = schedule.start + (next + 1n) * schedule.termLength + schedule.settleDelay;
    return now >= dueAt ? [next] : [];
  },

  call: (context, term) => call(context, "Committee", "settleTerm", [term]),
  label: (term) => `term ${term}`,
};
