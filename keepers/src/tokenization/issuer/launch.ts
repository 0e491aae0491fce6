// An issuer's launch: approve the seed reserve and the launch fee, launch, report the token, its
// market and its first period's deadline.
import { erc20Abi, parseEventLogs, type WalletClient } from "viem";
import { TokenizationFactoryAbi } from "../../../../abis/TokenizationFactory.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/transact.ts";
import type { LaunchPlan } from "./config.ts";

export async function launchToken(context: JobContext, wallet: WalletClient, plan: LaunchPlan) {
  const factory = context.address("TokenizationFactory");
  const { launchFee } = await context.client.readContract({
    address: factory,
    abi: TokenizationFactoryAbi,
    functionName: "parameters",
  });
  await transact(context, wallet, {
    address: context.address("BaseToken"),
    abi: erc20Abi,
    functionName: "approve",
    args: [factory, plan.seedReserve + launchFee],
  });
  const receipt = await transact(context, wallet, {
    address: factory,
    abi: TokenizationFactoryAbi,
    functionName: "launch",
    args: [plan],
  });
  const [launched] = parseEventLogs({ abi: TokenizationFactoryAbi, logs: receipt.logs, eventName: "TokenLaunched" });
  const [, firstDeadline] = await context.client.readContract({
    address: factory,
    abi: TokenizationFactoryAbi,
    functionName: "nextEvaluation",
    args: [launched.args.token],
  });
  return {
    token: launched.args.token,
    market: launched.args.market,
    firstPeriodEnds: firstDeadline,
    firstPeriodEndsAt: new Date(Number(firstDeadline) * 1000).toISOString(),
    transactionHash: receipt.transactionHash,
  };
}
