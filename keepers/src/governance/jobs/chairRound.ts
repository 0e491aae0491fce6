// Job council-chair-round: close the chair ballot's round whose window ended
// (CouncilChair.closeRound): a majority elects, otherwise the fewest are eliminated and a new
// round opens; the last one left wins.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const councilChairRound: Job<bigint, AbiOf<"CouncilChair">> = {
  name: "council-chair-round",
  description: "Close the chair ballot's round when its window ended (CouncilChair.closeRound)",
  contracts: ["CouncilChair"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "NoOpenRound", "NoElectedCouncil"],

  async due(context) {
    const [ballotId, dueAt] = await contract(context, "CouncilChair").read.roundDueAt();
    const now = (await context.client.getBlock()).timestamp;
    return dueAt <= now ? [ballotId] : [];
  },

  call: (context) => call(context, "CouncilChair", "closeRound", []),
  label: (ballotId) => `ballot ${ballotId}`,
};
