// Delegate the signer's base-token votes (to itself by default): balances vote only once delegated.
import type { Address, WalletClient } from "viem";
import { BaseTokenAbi } from "../../../abis/BaseToken.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/transact.ts";

export async function delegateVotes(context: JobContext, wallet: WalletClient, to?: Address) {
  const delegatee = to ?? wallet.account!.address;
  const receipt = await transact(context, wallet, {
    address: context.address("BaseToken"),
    abi: BaseTokenAbi,
    functionName: "delegate",
    args: [delegatee],
  });
  return { delegatee, transactionHash: receipt.transactionHash };
}
