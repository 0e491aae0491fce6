// Job reserve-sweep: send what holders left unclaimed of a distribution to the RewardsReserve
// once its claim period is over (CouncilReserve.sweep).
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { dueSweeps, LENS } from "../views.ts";

export const reserveSweep: Job<bigint, AbiOf<"CouncilReserve">> = {
  name: "reserve-sweep",
  description: "Sweep unclaimed distributions after their claim period (CouncilReserve.sweep)",
  contracts: ["CouncilReserve", LENS],
  defaultIntervalMs: 300_000,
  settledErrors: ["NotDue", "UnknownDistribution"],

  due: dueSweeps,

  call: (context, distributionId) => call(context, "CouncilReserve", "sweep", [distributionId]),
  label: (distributionId) => `distribution ${distributionId}`,
};
