// Council elections from a participant's side: declare candidacy with a bond (approved to the
// Council, which moves it into the candidate's bond vault), and split one's votes over candidates.
import { parseEventLogs, type Address, type WalletClient } from "viem";
import { CouncilAbi } from "../../../abis/Council.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import { call } from "../core/contracts.ts";

export async function declareCandidacy(context: JobContext, wallet: WalletClient, bond: bigint, profileURI: string) {
  const council = context.address("Council");
  await transact(context, wallet, call(context, "BaseToken", "approve", [council, bond]));
  const receipt = await transact(context, wallet, call(context, "Council", "declareCandidacy", [bond, profileURI]));
  const [declared] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "CandidateDeclared" });
  return { ...declared.args, transactionHash: receipt.transactionHash };
}

/** Replaces the signer's allocation in the open election; weights never add up to more than its
 * voting power at the start of voting. */
export async function voteCandidates(
  context: JobContext,
  wallet: WalletClient,
  allocation: { candidate: Address; weight: bigint }[],
) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "Council", "voteCandidates", [allocation.map((a) => a.candidate), allocation.map((a) => a.weight)]),
  );
  const [voted] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "CandidatesVoted" });
  return { ...voted.args, transactionHash: receipt.transactionHash };
}
