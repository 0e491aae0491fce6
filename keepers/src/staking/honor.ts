// An honor node's actions on the HonorPool: stake (approving the pool first), request a
// withdrawal, complete a due one (anyone's: the tokens go to the node), and its status with the
// reputation factors that make its RPT.
import type { Address, WalletClient } from "viem";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { call, contract } from "../core/contracts.ts";
import { transact } from "../core/send.ts";

export async function honorStake(context: JobContext, wallet: WalletClient, amount: bigint) {
  const pool = context.address("HonorPool");
  await transact(context, wallet, call(context, "BaseToken", "approve", [pool, amount]));
  const receipt = await transact(context, wallet, call(context, "HonorPool", "deposit", [amount]));
  return {
    node: wallet.account!.address,
    amount,
    ...(await honorStatus(context, wallet.account!.address)),
    transactionHash: receipt.transactionHash,
  };
}

export async function requestWithdraw(context: JobContext, wallet: WalletClient, amount: bigint) {
  const receipt = await transact(context, wallet, call(context, "HonorPool", "requestWithdraw", [amount]));
  return {
    node: wallet.account!.address,
    amount,
    ...(await honorStatus(context, wallet.account!.address)),
    transactionHash: receipt.transactionHash,
  };
}

export async function completeWithdraw(context: JobContext, wallet: WalletClient, node: Address) {
  const pending = (await contract(context, "HonorPool").read.nodeOf([node])).pending;
  const receipt = await transact(context, wallet, call(context, "HonorPool", "completeWithdraw", [node]));
  return { node, amount: pending, transactionHash: receipt.transactionHash };
}

/** A node's stake, request, lock and reputation factors (read at the second before now). */
export async function honorStatus(context: JobContext, node: Address) {
  const pool = contract(context, "HonorPool");
  const now = await chainTime(context.client);
  const [record, honor, [locked, lockedUntil], factors] = await Promise.all([
    pool.read.nodeOf([node]),
    pool.read.isHonorNode([node]),
    contract(context, "Committee").read.lockOf([node]),
    contract(context, "Reputation").read.factorsOf([node, now - 1n]),
  ]);
  return {
    stake: record.stake,
    pending: record.pending,
    payableAt: record.pending === 0n ? null : BigInt(record.payableAt),
    honorNode: honor,
    locked,
    lockedUntil: locked ? lockedUntil : null,
    reputation: {
      rpt: factors.rpt,
      stake: { value: factors.stake, bps: factors.abBps },
      jobs: { value: factors.jobs, bps: factors.txBps },
      service: {
        proofsPassed: factors.proofsPassed,
        poorReports: factors.poorReports,
        value: factors.goodService,
        bps: factors.prBps,
      },
      storage: { heldMB: factors.heldMB, bps: factors.dcBps },
      duties: { value: factors.duties, bps: factors.bmBps },
    },
  };
}
