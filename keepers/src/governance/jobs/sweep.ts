// Job reserve-sweep: send what holders left unclaimed of a distribution to the RewardsReserve
// once its claim period is over (CouncilReserve.sweep).
import { CouncilReserveAbi } from "../../../../abis/CouncilReserve.ts";
import type { Job } from "../../core/job.ts";
import { dueSweeps, LENS } from "../views.ts";

export const reserveSweep: Job<bigint> = {
  name: "reserve-sweep",
  description: "Sweep unclaimed distributions after their claim period (CouncilReserve.sweep)",
  contracts: ["CouncilReserve", LENS],
  defaultIntervalMs: 300_000,
  settledErrors: ["NotDue", "UnknownDistribution"],

  due: dueSweeps,

  call: ({ address }, distributionId) => ({
    address: address("CouncilReserve"),
    abi: CouncilReserveAbi,
    functionName: "sweep",
    args: [distributionId],
  }),
  label: (distributionId) => `distribution ${distributionId}`,
};
