// Job reserve-sweep: send what holders left unclaimed of a distribution to the RewardsReserve
// once its claim period is over (CouncilReserve.sweep).
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const reserveSweep: Job<bigint, AbiOf<"CouncilReserve">> = {
  name: "reserve-sweep",
  description: "Sweep unclaimed distributions after their claim period (CouncilReserve.sweep)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 300_000,
  settledErrors: ["NotDue", "UnknownDistribution"],

  async due(context) {
    const reserve = contract(context, "CouncilReserve");
    const [count, now] = await Promise.all([reserve.read.distributionCount(), chainTime(context.client)]);
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const distributions = await Promise.all(ids.map((id) => reserve.read.distributionOf([id])));
    return ids.filter((_, i) => !distributions[i].swept && now > BigInt(distributions[i].claimDeadline));
  },

  call: (context, distributionId) => call(context, "CouncilReserve", "sweep", [distributionId]),
  label: (distributionId) => `distribution ${distributionId}`,
};
