// Support a proposal with the signer's voting power at the proposal's snapshot.
import { parseEventLogs, type WalletClient } from "viem";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import { PROPOSAL_STATE_NAMES } from "../../../lib/governance.ts";
import { call, contract } from "../core/contracts.ts";

export async function support(context: JobContext, wallet: WalletClient, proposalId: bigint) {
  const receipt = await transact(context, wallet, call(context, "Referendum", "support", [proposalId]));
  const [supported] = parseEventLogs({ abi: ReferendumAbi, logs: receipt.logs, eventName: "Supported" });
  const state = await contract(context, "Referendum").read.state([proposalId]);
  return {
    proposalId,
    weight: supported.args.weight,
    totalSupport: supported.args.totalSupport,
    state: PROPOSAL_STATE_NAMES[state],
    transactionHash: receipt.transactionHash,
  };
}
