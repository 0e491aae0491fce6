// Delegate the signer's base-token votes (to itself by default): balances vote only once delegated.
import type { Address, WalletClient } from "viem";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import { call } from "../core/contracts.ts";

export async function delegateVotes(context: JobContext, wallet: WalletClient, to?: Address) {
  const delegatee = to ?? wallet.account!.address;
  const receipt = await transact(context, wallet, call(context, "BaseToken", "delegate", [delegatee]));
  return { delegatee, transactionHash: receipt.transactionHash };
}
