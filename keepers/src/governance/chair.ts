// The council's own governance (DESIGN §13) from a member's side: declare for chair, vote in the
// chair's ballot, publish the chair's report, vote and carry out a removal by peers, appeal a
// removal. Each returns what the chain recorded (events), for the CLI to print.
import { parseEventLogs, type Address, type WalletClient } from "viem";
import { CouncilAbi } from "../../../abis/Council.ts";
import { CouncilChairAbi } from "../../../abis/CouncilChair.ts";
import { ReferendumAbi } from "../../../abis/Referendum.ts";
import type { JobContext } from "../core/job.ts";
import { transact } from "../core/send.ts";
import { call, contract } from "../core/contracts.ts";
import { MEMBER_CHOICES } from "../../../lib/governance.ts";

/** Declares the signer (a sitting member) a candidate for chair in the current term's ballot. */
export async function chairDeclare(context: JobContext, wallet: WalletClient) {
  const receipt = await transact(context, wallet, call(context, "CouncilChair", "declareForChair", []));
  const [declared] = parseEventLogs({ abi: CouncilChairAbi, logs: receipt.logs, eventName: "ChairCandidateDeclared" });
  return {
    ballotId: declared.args.ballotId,
    termId: declared.args.termId,
    candidate: declared.args.candidate,
    index: declared.args.index,
    transactionHash: receipt.transactionHash,
  };
}

/** The signer's vote in the open round (the zero address withdraws it); reports a win at once. */
export async function chairVote(context: JobContext, wallet: WalletClient, candidate: Address) {
  const receipt = await transact(context, wallet, call(context, "CouncilChair", "chairVote", [candidate]));
  const [voted] = parseEventLogs({ abi: CouncilChairAbi, logs: receipt.logs, eventName: "ChairVoted" });
  const elected = parseEventLogs({ abi: CouncilChairAbi, logs: receipt.logs, eventName: "ChairElected" })[0];
  return {
    ballotId: voted.args.ballotId,
    round: voted.args.round,
    candidate,
    chair: elected?.args.chair ?? (await contract(context, "CouncilChair").read.chair()),
    transactionHash: receipt.transactionHash,
  };
}

/** The chair's report (only the chair may publish it). */
export async function publishReport(context: JobContext, wallet: WalletClient, uri: string) {
  const receipt = await transact(context, wallet, call(context, "CouncilChair", "publishReport", [uri]));
  const [published] = parseEventLogs({ abi: CouncilChairAbi, logs: receipt.logs, eventName: "ReportPublished" });
  return {
    reportId: published.args.reportId,
    termId: published.args.termId,
    uri,
    nextDeadline: published.args.nextDeadline,
    transactionHash: receipt.transactionHash,
  };
}

/**
 * A sitting member's choice on removing `member` with `groundsURI` (Council.memberVote on the
 * removal subject); with `execute`, then removes the member if 2/3 of the others chose for.
 */
export async function removeMember(
  context: JobContext,
  wallet: WalletClient,
  member: Address,
  groundsURI: string,
  options: { choice?: "for" | "against" | "abstain" | "none"; execute: boolean },
) {
  const council = contract(context, "Council");
  const subject = await council.read.removalSubject([member, groundsURI]);
  const result: Record<string, unknown> = { member, groundsURI, subject };
  if (options.choice !== undefined) {
    const receipt = await transact(
      context,
      wallet,
      call(context, "Council", "memberVote", [subject, MEMBER_CHOICES.indexOf(options.choice)]),
    );
    result.choice = options.choice;
    result.voteTransactionHash = receipt.transactionHash;
  }
  if (options.execute) {
    const receipt = await transact(context, wallet, call(context, "Council", "removeByPeers", [member, groundsURI]));
    const [removed] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "MemberRemovedByPeers" });
    Object.assign(result, {
      removalId: removed.args.removalId,
      termId: removed.args.termId,
      votes: removed.args.votes,
      others: removed.args.others,
      appealDeadline: removed.args.appealDeadline,
      transactionHash: receipt.transactionHash,
    });
  }
  return result;
}

/** The removed signer's one appeal: opens the restoration referendum (no deposit). */
export async function appealRemoval(
  context: JobContext,
  wallet: WalletClient,
  removalId: bigint,
  descriptionURI: string,
) {
  const referendum = context.address("Referendum");
  const receipt = await transact(
    context,
    wallet,
    call(context, "Council", "appeal", [removalId, referendum, descriptionURI]),
  );
  const [opened] = parseEventLogs({ abi: CouncilAbi, logs: receipt.logs, eventName: "AppealOpened" });
  const [vote] = parseEventLogs({ abi: ReferendumAbi, logs: receipt.logs, eventName: "ReferendumOpened" });
  return {
    removalId,
    member: opened.args.member,
    proposalId: opened.args.proposalId,
    voteStart: vote.args.voteStart,
    voteEnd: vote.args.voteEnd,
    transactionHash: receipt.transactionHash,
  };
}
