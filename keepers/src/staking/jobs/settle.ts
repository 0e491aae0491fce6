// Job staking-settle: settle the EconomicPool's rounds whose lock ended (EconomicPool.settle):
// each adds its budget from the RewardsReserve to the reward index, once.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const stakingSettle: Job<bigint, AbiOf<"EconomicPool">> = {
  name: "staking-settle",
  description: "Settle the economic pool's ended rounds (EconomicPool.settle)",
  contracts: ["EconomicPool"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "NotStarted"],

  async due(context) {
    const pool = contract(context, "EconomicPool");
    const [ended, settled] = await Promise.all([pool.read.roundsEnded(), pool.read.settledRounds()]);
    return ended > settled ? [ended] : [];
  },

  call: (context) => call(context, "EconomicPool", "settle", []),
  label: (rounds) => `rounds up to ${rounds}`,
};
