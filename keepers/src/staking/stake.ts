// A staker's actions on the EconomicPool: deposit (approving the pool first), withdraw, claim,
// delegate the staked votes, and the status of an account. Amounts are wei; the commands print
// them in whole tokens.
import type { Address, WalletClient } from "viem";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { call, contract } from "../core/contracts.ts";
import { transact } from "../core/send.ts";
import { ENUMS } from "../../../abis/vocabulary.ts";

export async function deposit(context: JobContext, wallet: WalletClient, amount: bigint) {
  const pool = context.address("EconomicPool");
  await transact(context, wallet, call(context, "BaseToken", "approve", [pool, amount]));
  const receipt = await transact(context, wallet, call(context, "EconomicPool", "deposit", [amount]));
  return {
    staker: wallet.account!.address,
    amount,
    ...(await stakeStatus(context, wallet.account!.address)),
    transactionHash: receipt.transactionHash,
  };
}

export async function withdraw(context: JobContext, wallet: WalletClient, amount: bigint) {
  const receipt = await transact(context, wallet, call(context, "EconomicPool", "withdraw", [amount]));
  return {
    staker: wallet.account!.address,
    amount,
    ...(await stakeStatus(context, wallet.account!.address)),
    transactionHash: receipt.transactionHash,
  };
}

export async function claim(context: JobContext, wallet: WalletClient) {
  const staker = wallet.account!.address;
  const owed = await contract(context, "EconomicPool").read.earned([staker]);
  const receipt = await transact(context, wallet, call(context, "EconomicPool", "claim", []));
  return { staker, amount: owed, transactionHash: receipt.transactionHash };
}

export async function delegateStake(context: JobContext, wallet: WalletClient, to?: Address) {
  const delegatee = to ?? wallet.account!.address;
  const receipt = await transact(context, wallet, call(context, "EconomicPool", "delegateStake", [delegatee]));
  return { staker: wallet.account!.address, delegatee, transactionHash: receipt.transactionHash };
}

/** An account's stake, what it earned so far, whether it is an economic node, and the pool's phase. */
export async function stakeStatus(context: JobContext, account: Address) {
  const pool = contract(context, "EconomicPool");
  const [stake, earned, node, vault, schedule, now] = await Promise.all([
    pool.read.stakeOf([account]),
    pool.read.earned([account]),
    pool.read.isEconomicNode([account]),
    pool.read.vaultOf([account]),
    pool.read.schedule(),
    chainTime(context.client),
  ]);
  // Before the first round there is no phase yet (currentPhase reverts NotStarted).
  const [round, phase] = now < schedule.start ? [null, "NotStarted"] : await pool.read.currentPhase();
  return {
    principal: stake.principal,
    earned,
    economicNode: node,
    vault: stake.hasVault ? vault : null,
    round,
    phase: typeof phase === "string" ? phase : ENUMS.IEconomicPool.Phase[phase],
    firstRaise: schedule.start,
  };
}
