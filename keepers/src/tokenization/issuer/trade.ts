// Buy and sell on a token's market with a slippage bound (the quote less `slippageBps`), and
// consume tokens for the issuer's business.
import { parseEventLogs, type Address, type Hex, type WalletClient } from "viem";
import { BancorMarketAbi } from "../../../../abis/BancorMarket.ts";
import { IssuedTokenAbi } from "../../../../abis/IssuedToken.ts";
import { TokenizationFactoryAbi } from "../../../../abis/TokenizationFactory.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/send.ts";
import { call, callAt, contract, contractAt } from "../../core/contracts.ts";

async function marketOf(context: JobContext, token: Address) {
  return contract(context, "TokenizationFactory").read.marketOf([token]);
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
  const quote = await contractAt(context, "BancorMarket", market).read.quoteBuy([baseIn]);
  await transact(context, wallet, call(context, "BaseToken", "approve", [market, baseIn]));
  const receipt = await transact(
    context,
    wallet,
    callAt(market, "BancorMarket", "buy", [baseIn, bounded(quote, slippageBps)]),
  );
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
  const quote = await contractAt(context, "BancorMarket", market).read.quoteSell([amountIn]);
  const receipt = await transact(
    context,
    wallet,
    callAt(market, "BancorMarket", "sell", [amountIn, bounded(quote, slippageBps)]),
  );
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
  const receipt = await transact(
    context,
    wallet,
    callAt(token, "IssuedToken", "consume", [from ?? wallet.account!.address, amount, ref]),
  );
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
  const [market, recorded] = await Promise.all([
    marketOf(context, token),
    contract(context, "TokenizationFactory").read.defaultOf([token, period]),
  ]);
  const quote = await contractAt(context, "BancorMarket", market).read.quoteBuyExact([recorded.deficit]);
  const maxBaseIn = (quote * BigInt(10_000 + slippageBps)) / 10_000n;
  await transact(context, wallet, call(context, "BaseToken", "approve", [market, maxBaseIn]));
  const receipt = await transact(
    context,
    wallet,
    call(context, "TokenizationFactory", "buybackAndBurn", [token, period, maxBaseIn]),
  );
  const [cured] = parseEventLogs({ abi: TokenizationFactoryAbi, logs: receipt.logs, eventName: "DefaultCured" });
  return { ...cured.args, transactionHash: receipt.transactionHash };
}
