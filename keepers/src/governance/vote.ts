// Vote on an open referendum: directly (castVote), or by an EIP-712 ballot the voter signed and
// anyone submits (castVoteBySig). The ballot has no nonce: one vote per voter and proposal is
// what makes a replay fail.
import { parseEventLogs, type Address, type Hex, type WalletClient } from "viem";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import { CHOICES, SIDES, type Side } from "../../../lib/governance.ts";
import { call } from "../core/contracts.ts";

/** The Referendum's EIP-712 domain and the Ballot type (IReferendum, BALLOT_TYPEHASH). */
export async function ballotTypedData(context: JobContext, proposalId: bigint, side: Side, voter: Address) {
  return {
    domain: {
      name: "Jiaozi Referendum",
      version: "1",
      chainId: context.deployments.chainId,
      verifyingContract: context.address("Referendum"),
    },
    types: {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
      ],
    },
    primaryType: "Ballot" as const,
    message: { proposalId, support: SIDES[side], voter },
  };
}

/** The voter signs a ballot; no transaction, no gas. */
export async function signBallot(context: JobContext, wallet: WalletClient, proposalId: bigint, side: Side) {
  const voter = wallet.account!.address;
  const signature = await wallet.signTypedData({
    account: wallet.account!,
    ...(await ballotTypedData(context, proposalId, side, voter)),
  });
  return { proposalId, side, voter, signature };
}

function voteResult(receipt: Awaited<ReturnType<typeof transact>>) {
  const [cast] = parseEventLogs({ abi: ReferendumAbi, logs: receipt.logs, eventName: "VoteCast" });
  return {
    proposalId: cast.args.proposalId,
    voter: cast.args.voter,
    side: CHOICES[cast.args.support] as Side,
    weight: cast.args.weight,
    transactionHash: receipt.transactionHash,
  };
}

export async function castVote(context: JobContext, wallet: WalletClient, proposalId: bigint, side: Side) {
  const receipt = await transact(context, wallet, call(context, "Referendum", "castVote", [proposalId, SIDES[side]]));
  return voteResult(receipt);
}

/** Submits a ballot signed by `voter`; the signer of the wallet only pays the gas. */
export async function castVoteBySig(
  context: JobContext,
  wallet: WalletClient,
  ballot: { proposalId: bigint; side: Side; voter: Address; signature: Hex },
) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "Referendum", "castVoteBySig", [
      ballot.proposalId,
      SIDES[ballot.side],
      ballot.voter,
      ballot.signature,
    ]),
  );
  return voteResult(receipt);
}
