// Buy and sell on a token's market with a slippage bound (the quote less `slippageBps`), and
// consume tokens for the issuer's business.
import { erc20Abi, parseEventLogs, type Address, type Hex, type WalletClient } from "viem";
import { BancorMarketAbi } from "../../../../abis/BancorMarket.ts";
import { IssuedTokenAbi } from "../../../../abis/IssuedToken.ts";
import { TokenizationFactoryAbi } from "../../../../abis/TokenizationFactory.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/transact.ts";

async function marketOf(context: JobContext, token: Address) {
  return context.client.readContract({
    address: context.address("TokenizationFactory"),
    abi: TokenizationFactoryAbi,
    functionName: "marketOf",
    args: [token],
  });
}

const bounded = (quote: bigint, slippageBps: number) => (quote * BigInt(10_000 - slippageBps)) / 10_000n;

export async function buy(
  context: JobContext,
  wallet: WalletClient,
  token: Address,
  baseIn: bigint,
  slippageBps: number,
) {
  const market = await marketOf(context, token);
  const quote = await context.client.readContract({
    address: market,
    abi: BancorMarketAbi,
    functionName: "quoteBuy",
    args: [baseIn],
  });
  await transact(context, wallet, {
    address: context.address("BaseToken"),
    abi: erc20Abi,
    functionName: "approve",
    args: [market, baseIn],
  });
  const receipt = await transact(context, wallet, {
    address: market,
    abi: BancorMarketAbi,
    functionName: "buy",
    args: [baseIn, bounded(quote, slippageBps)],
  });
  const [bought] = parseEventLogs({ abi: BancorMarketAbi, logs: receipt.logs, eventName: "Bought" });
  return { ...bought.args, transactionHash: receipt.transactionHash };
}

export async function sell(
  context: JobContext,
  wallet: WalletClient,
  token: Address,
  amountIn: bigint,
  slippageBps: number,
) {
  const market = await marketOf(context, token);
  const quote = await context.client.readContract({
    address: market,
    abi: BancorMarketAbi,
    functionName: "quoteSell",
    args: [amountIn],
  });
  const receipt = await transact(context, wallet, {
    address: market,
    abi: BancorMarketAbi,
    functionName: "sell",
    args: [amountIn, bounded(quote, slippageBps)],
  });
  const [sold] = parseEventLogs({ abi: BancorMarketAbi, logs: receipt.logs, eventName: "Sold" });
  return { ...sold.args, transactionHash: receipt.transactionHash };
}

export async function consume(
  context: JobContext,
  wallet: WalletClient,
  token: Address,
  amount: bigint,
  ref: Hex,
  from?: Address,
) {
  const receipt = await transact(context, wallet, {
    address: token,
    abi: IssuedTokenAbi,
    functionName: "consume",
    args: [from ?? wallet.account!.address, amount, ref],
  });
  const [consumed] = parseEventLogs({ abi: IssuedTokenAbi, logs: receipt.logs, eventName: "Consumed" });
  return { ...consumed.args, transactionHash: receipt.transactionHash };
}

/** Cures the default of `period`: approves the quoted cost plus `slippageBps` to the market. */
export async function buyback(
  context: JobContext,
  wallet: WalletClient,
  token: Address,
  period: bigint,
  slippageBps: number,
) {
  const factory = context.address("TokenizationFactory");
  const [market, recorded] = await Promise.all([
    marketOf(context, token),
    context.client.readContract({
      address: factory,
      abi: TokenizationFactoryAbi,
      functionName: "defaultOf",
      args: [token, period],
    }),
  ]);
  const quote = await context.client.readContract({
    address: market,
    abi: BancorMarketAbi,
    functionName: "quoteBuyExact",
    args: [recorded.deficit],
  });
  const maxBaseIn = (quote * BigInt(10_000 + slippageBps)) / 10_000n;
  await transact(context, wallet, {
    address: context.address("BaseToken"),
    abi: erc20Abi,
    functionName: "approve",
    args: [market, maxBaseIn],
  });
  const receipt = await transact(context, wallet, {
    address: factory,
    abi: TokenizationFactoryAbi,
    functionName: "buybackAndBurn",
    args: [token, period, maxBaseIn],
  });
  const [cured] = parseEventLogs({ abi: TokenizationFactoryAbi, logs: receipt.logs, eventName: "DefaultCured" });
  return { ...cured.args, transactionHash: receipt.transactionHash };
}
