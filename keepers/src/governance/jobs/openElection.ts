// Job council-open-election: open the council election when it is due (Council.openElection):
// the nomination and voting periods before the sitting term ends, or at once after an election
// that seated nobody.
import { CouncilAbi } from "../../../../abis/Council.ts";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";

export const councilOpenElection: Job<bigint> = {
  name: "council-open-election",
  description: "Open the council election when it is due (Council.openElection)",
  contracts: ["Council"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "ElectionStillOpen"],

  async due({ client, address }) {
    const [dueAt, now] = await Promise.all([
      client.readContract({ address: address("Council"), abi: CouncilAbi, functionName: "electionDueAt" }),
      chainTime(client),
    ]);
    return now >= dueAt ? [dueAt] : [];
  },

  call: ({ address }) => ({ address: address("Council"), abi: CouncilAbi, functionName: "openElection", args: [] }),
  label: (dueAt) => `due at ${dueAt}`,
};
