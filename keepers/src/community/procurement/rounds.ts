// A sponsor's, a supplier's and a voter's actions on the ProcurementVote (DESIGN §13): open a round
// (approving budget + pool + fee first), apply (approving the bond), vote with the stake at the
// round's snapshot, confirm or fail a delivery, claim a voter reward or a bond; and a round's status.
// Amounts are wei; the commands print them in whole tokens.
import type { Address, Hex, WalletClient } from "viem";
import { zeroHash } from "viem";
import type { JobContext } from "../../core/job.ts";
import { call, contract } from "../../core/contracts.ts";
import { transact } from "../../core/send.ts";
import { ENUMS } from "../../../../abis/vocabulary.ts";

export interface RoundTerms {
  budget: bigint;
  rewardPool: bigint;
  bond: bigint;
  applicationPeriod: number;
  votingPeriod: number;
  deliveryPeriod: number;
  salt?: Hex;
  uri: string;
}

const STATUS = ENUMS.IProcurementVote.Status;

function termsOf(terms: RoundTerms) {
  return { ...terms, salt: terms.salt ?? zeroHash };
}

/** Opens a round funded by the signer: approves budget + pool + the open fee, then opens it. */
export async function openRound(context: JobContext, wallet: WalletClient, terms: RoundTerms) {
  const procurement = contract(context, "ProcurementVote");
  const { openFee } = await procurement.read.parameters();
  const total = terms.budget + terms.rewardPool + openFee;
  const spender = context.address("ProcurementVote");
  await transact(context, wallet, call(context, "BaseToken", "approve", [spender, total]));
  const receipt = await transact(context, wallet, call(context, "ProcurementVote", "open", [termsOf(terms)]));
  const roundId = await procurement.read.roundCount();
  return { roundId, fee: openFee, ...(await roundStatus(context, roundId)), transactionHash: receipt.transactionHash };
}

/** Opens the reserve round the council approved for exactly `terms` (anyone may). */
export async function openReserveRound(context: JobContext, wallet: WalletClient, terms: RoundTerms) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "ProcurementVote", "openReserveRound", [termsOf(terms)]),
  );
  const roundId = await contract(context, "ProcurementVote").read.roundCount();
  return { roundId, ...(await roundStatus(context, roundId)), transactionHash: receipt.transactionHash };
}

/** What the council must approve for a reserve round of `terms`: the spend amount, ref and subject. */
export async function reserveSpend(context: JobContext, terms: RoundTerms) {
  const [amount, ref, subject] = await contract(context, "ProcurementVote").read.reserveSpend([termsOf(terms)]);
  return { amount, ref, subject };
}

/** Applies to `roundId` with `bid` and the round's bond (approved first). */
export async function applyTo(
  context: JobContext,
  wallet: WalletClient,
  roundId: bigint,
  bid: bigint,
  documents: string,
) {
  const round = await contract(context, "ProcurementVote").read.roundOf([roundId]);
  await transact(
    context,
    wallet,
    call(context, "BaseToken", "approve", [context.address("ProcurementVote"), round.bond]),
  );
  const receipt = await transact(
    context,
    wallet,
    call(context, "ProcurementVote", "submitApplication", [roundId, bid, documents]),
  );
  const applicationId = (await contract(context, "ProcurementVote").read.roundOf([roundId])).applicationCount;
  return {
    roundId,
    applicationId: BigInt(applicationId),
    bid,
    bond: round.bond,
    transactionHash: receipt.transactionHash,
  };
}

/** Votes for `applicationId` with the signer's stake at the round's snapshot. */
export async function vote(context: JobContext, wallet: WalletClient, roundId: bigint, applicationId: bigint) {
  const procurement = contract(context, "ProcurementVote");
  const receipt = await transact(context, wallet, call(context, "ProcurementVote", "vote", [roundId, applicationId]));
  const ballot = await procurement.read.ballotOf([roundId, wallet.account!.address]);
  return {
    roundId,
    applicationId,
    voter: wallet.account!.address,
    weight: ballot.weight,
    transactionHash: receipt.transactionHash,
  };
}

/** Confirms delivery (the sponsor; for a reserve round anyone, once the council decided For). */
export async function confirm(context: JobContext, wallet: WalletClient, roundId: bigint) {
  const receipt = await transact(context, wallet, call(context, "ProcurementVote", "confirmDelivery", [roundId]));
  return { roundId, ...(await roundStatus(context, roundId)), transactionHash: receipt.transactionHash };
}

/** Declares the delivery failed (the sponsor; for a reserve round anyone, once the council decided Against). */
export async function declareFailure(context: JobContext, wallet: WalletClient, roundId: bigint) {
  const receipt = await transact(context, wallet, call(context, "ProcurementVote", "declareFailure", [roundId]));
  return { roundId, ...(await roundStatus(context, roundId)), transactionHash: receipt.transactionHash };
}

/** Claims the signer's voter reward of `roundId`. */
export async function claimReward(context: JobContext, wallet: WalletClient, roundId: bigint) {
  const voter = wallet.account!.address;
  const amount = await contract(context, "ProcurementVote").read.rewardOf([roundId, voter]);
  const receipt = await transact(context, wallet, call(context, "ProcurementVote", "claimReward", [roundId]));
  return { roundId, voter, amount, transactionHash: receipt.transactionHash };
}

/** Takes back the signer's bond of a losing (or failed round's) application. */
export async function claimBond(context: JobContext, wallet: WalletClient, roundId: bigint, applicationId: bigint) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "ProcurementVote", "claimBond", [roundId, applicationId]),
  );
  return { roundId, applicationId, transactionHash: receipt.transactionHash };
}

/** A round's record, its status by name, and (with `voter`) that voter's ballot and reward. */
export async function roundStatus(context: JobContext, roundId: bigint, voter?: Address) {
  const procurement = contract(context, "ProcurementVote");
  const [round, snapshot] = await Promise.all([
    procurement.read.roundOf([roundId]),
    procurement.read.snapshotOf([roundId]),
  ]);
  const result: Record<string, unknown> = {
    status: STATUS[round.status],
    sponsor: round.sponsor,
    fromReserve: round.fromReserve,
    snapshot,
    applicationEnd: round.applicationEnd,
    votingEnd: round.votingEnd,
    deliveryDeadline: round.deliveryDeadline,
    budget: round.budget,
    rewardPool: round.rewardPool,
    bond: round.bond,
    applications: round.applicationCount,
    voters: round.voterCount,
    leader: round.leader,
    leaderWeight: round.leaderWeight,
    totalWeight: round.totalWeight,
    rewardsPaid: round.rewardsPaid,
  };
  if (voter !== undefined) {
    const [ballot, reward] = await Promise.all([
      procurement.read.ballotOf([roundId, voter]),
      procurement.read.rewardOf([roundId, voter]),
    ]);
    Object.assign(result, {
      ballot: { application: ballot.application, weight: ballot.weight, claimed: ballot.claimed },
      reward,
    });
  }
  return result;
}
