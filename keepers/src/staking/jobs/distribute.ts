// Job staking-distribute: during a settlement phase, push the stakers' unclaimed rewards to them
// in batches (EconomicPool.distribute); only accounts owed at least minDistribution, the ones a
// bounty pays for.
import type { Address } from "viem";
import type { Job } from "../../core/job.ts";
import { call, type AbiOf } from "../../core/contracts.ts";
import { distributable } from "../views.ts";

export const stakingDistribute: Job<Address[], AbiOf<"EconomicPool">> = {
  name: "staking-distribute",
  description: "Pay the stakers' rewards during settlement (EconomicPool.distribute)",
  contracts: ["EconomicPool"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "NotStarted"],

  due: distributable,

  call: (context, accounts) => call(context, "EconomicPool", "distribute", [accounts]),
  label: (accounts) => `${accounts.length} staker${accounts.length === 1 ? "" : "s"} from ${accounts[0]}`,
};
