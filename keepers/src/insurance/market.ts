// An underwriter's and a policyholder's actions on the InsuranceMarket: deposit capital for shares
// (approving the market first), withdraw shares for free capital, buy cover on a subject (premium
// and the non-refundable upkeep fee approved together), and the status of a product and an account.
// Slippage: deposits and withdrawals accept 0.5% less than the preview, since premium earned
// between the preview and the block moves the price.
import type { Address, WalletClient } from "viem";
import { InsuranceMarketAbi } from "../../../abis/index.ts";
import { decodeSubject, encodeSubject } from "../../../lib/subjects.ts";
import type { JobContext } from "../core/job.ts";
import { call, contract } from "../core/contracts.ts";
import { transact } from "../core/send.ts";
import { ENUMS } from "../../../abis/vocabulary.ts";

const SLIPPAGE_BPS = 50n;
const lessSlippage = (amount: bigint) => (amount * (10_000n - SLIPPAGE_BPS)) / 10_000n;

export async function underwrite(context: JobContext, wallet: WalletClient, productId: bigint, amount: bigint) {
  const market = contract(context, "InsuranceMarket");
  await transact(context, wallet, call(context, "BaseToken", "approve", [market.address, amount]));
  const preview = await market.read.previewDeposit([productId, amount]);
  const receipt = await transact(
    context,
    wallet,
    call(context, "InsuranceMarket", "deposit", [productId, amount, lessSlippage(preview)]),
  );
  return {
    underwriter: wallet.account!.address,
    productId,
    amount,
    ...(await positionOf(context, productId, wallet.account!.address)),
    transactionHash: receipt.transactionHash,
  };
}

/** Redeems `shares` (all of the caller's when undefined) for free capital. */
export async function redeem(context: JobContext, wallet: WalletClient, productId: bigint, shares?: bigint) {
  const market = contract(context, "InsuranceMarket");
  const account = wallet.account!.address;
  const amount = shares ?? (await market.read.sharesOf([productId, account]));
  const preview = await market.read.previewWithdraw([productId, amount]);
  const receipt = await transact(
    context,
    wallet,
    call(context, "InsuranceMarket", "withdraw", [productId, amount, lessSlippage(preview)]),
  );
  return {
    underwriter: account,
    productId,
    redeemed: amount,
    amount: preview,
    ...(await positionOf(context, productId, account)),
    transactionHash: receipt.transactionHash,
  };
}

export interface Cover {
  productId: bigint;
  key: string;
  observesAt: bigint;
  sumInsured: bigint;
  payee?: Address;
}

/** Buys cover; returns the policy id from the PolicyBought event. */
export async function buyCover(context: JobContext, wallet: WalletClient, cover: Cover) {
  const market = contract(context, "InsuranceMarket");
  const subject = encodeSubject(cover.observesAt, cover.key);
  const [premium, fee] = await Promise.all([
    market.read.quotePremium([cover.productId, cover.sumInsured]),
    market.read.upkeepFee(),
  ]);
  await transact(context, wallet, call(context, "BaseToken", "approve", [market.address, premium + fee]));
  const receipt = await transact(
    context,
    wallet,
    call(context, "InsuranceMarket", "buyPolicy", [cover.productId, subject, cover.sumInsured, premium]),
  );
  const logs = await context.client.getContractEvents({
    address: market.address,
    abi: InsuranceMarketAbi,
    eventName: "PolicyBought",
    blockHash: receipt.blockHash,
    strict: true,
  });
  const bought = logs.find((log) => log.transactionHash === receipt.transactionHash);
  const policyId = bought?.args.policyId ?? 0n;
  if (cover.payee !== undefined)
    await transact(context, wallet, call(context, "InsuranceMarket", "setPayee", [policyId, cover.payee]));
  return {
    holder: wallet.account!.address,
    policyId,
    subject,
    key: cover.key,
    observesAt: cover.observesAt,
    sumInsured: cover.sumInsured,
    premium,
    upkeepFee: fee,
    maxPayout: bought?.args.maxPayout ?? 0n,
    transactionHash: receipt.transactionHash,
  };
}

async function positionOf(context: JobContext, productId: bigint, account: Address) {
  const market = contract(context, "InsuranceMarket");
  const shares = await market.read.sharesOf([productId, account]);
  return { shares, value: shares === 0n ? 0n : await market.read.previewWithdraw([productId, shares]) };
}

/** A product's terms and pool (solvency: assets against locked), and an account's shares, owed
 * payments and policies on it. */
export async function insuranceStatus(context: JobContext, productId: bigint, account?: Address) {
  const market = contract(context, "InsuranceMarket");
  const [terms, pool, free] = await Promise.all([
    market.read.productOf([productId]),
    market.read.poolOf([productId]),
    market.read.freeCapitalOf([productId]),
  ]);
  const result: Record<string, unknown> = {
    productId,
    name: terms.name,
    feedId: terms.feedId,
    comparator: ENUMS.IInsuranceMarket.Comparator[terms.comparator],
    tiers: terms.tiers.map((tier) => ({ threshold: BigInt(tier.threshold), payoutBps: tier.payoutBps })),
    premiumBps: terms.premiumBps,
    assets: pool.assets,
    locked: pool.locked,
    unearned: pool.unearned,
    lockedMatured: pool.lockedMatured,
    free,
    totalShares: pool.totalShares,
  };
  if (account === undefined) return result;
  const bought = await context.client.getContractEvents({
    address: market.address,
    abi: InsuranceMarketAbi,
    eventName: "PolicyBought",
    args: { productId },
    fromBlock: BigInt(context.deployments.contracts.InsuranceMarket.startBlock ?? 0),
    strict: true,
  });
  const mine = bought.filter((log) => log.args.holder.toLowerCase() === account.toLowerCase());
  const policies = await Promise.all(mine.map((log) => market.read.policyOf([log.args.policyId])));
  return {
    ...result,
    account,
    ...(await positionOf(context, productId, account)),
    owed: await market.read.owedOf([account]),
    policies: policies.map((policy, i) => ({
      policyId: mine[i].args.policyId,
      key: decodeSubject(policy.subject).key,
      observesAt: decodeSubject(policy.subject).observesAt,
      sumInsured: policy.sumInsured,
      premium: policy.premium,
      maxPayout: policy.maxPayout,
      state: ENUMS.IInsuranceMarket.PolicyState[policy.state],
    })),
  };
}
