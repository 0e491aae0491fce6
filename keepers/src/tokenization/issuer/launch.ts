// An issuer's launch: approve the seed reserve and the launch fee, launch, report the token, its
// market and its first period's deadline.
import { parseEventLogs, type WalletClient } from "viem";
import { TokenizationFactoryAbi } from "../../../../abis/TokenizationFactory.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/send.ts";
import type { LaunchPlan } from "./config.ts";
import { call, contract } from "../../core/contracts.ts";

export async function launchToken(context: JobContext, wallet: WalletClient, plan: LaunchPlan) {
  const factory = context.address("TokenizationFactory");
  const { launchFee } = await contract(context, "TokenizationFactory").read.parameters();
  await transact(context, wallet, call(context, "BaseToken", "approve", [factory, plan.seedReserve + launchFee]));
  const receipt = await transact(context, wallet, call(context, "TokenizationFactory", "launch", [plan]));
  const [launched] = parseEventLogs({ abi: TokenizationFactoryAbi, logs: receipt.logs, eventName: "TokenLaunched" });
  const [, firstDeadline] = await contract(context, "TokenizationFactory").read.nextEvaluation([launched.args.token]);
  return {
    token: launched.args.token,
    market: launched.args.market,
    firstPeriodEnds: firstDeadline,
    firstPeriodEndsAt: new Date(Number(firstDeadline) * 1000).toISOString(),
    transactionHash: receipt.transactionHash,
  };
}
