// Job council-missed-report: put on record that the council went a report interval without the
// chair's report (CouncilChair.recordMissedReport), once per missed interval.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const councilMissedReport: Job<bigint, AbiOf<"CouncilChair">> = {
  name: "council-missed-report",
  description: "Record a missed yearly report of the council chair (CouncilChair.recordMissedReport)",
  contracts: ["CouncilChair"],
  defaultIntervalMs: 60_000,
  // NoChair: the chair was removed between due() and the call (a vacancy: nothing is due).
  settledErrors: ["NotDue", "NoChair"],

  async due(context) {
    const deadline = await contract(context, "CouncilChair").read.reportDeadline();
    const now = (await context.client.getBlock()).timestamp;
    return now > deadline ? [deadline] : [];
  },

  call: (context) => call(context, "CouncilChair", "recordMissedReport", []),
  label: (deadline) => `deadline ${deadline}`,
};
