// CharityCampaigns (DESIGN §13) from a participant's side: create a campaign, donate (approving the
// campaign's token first), submit evidence, approve it as a verifier, and trace a donation to the
// milestone payments it funded. Each returns what the chain recorded (events) for the CLI to print.
import { erc20Abi, parseEventLogs, zeroAddress, type Address, type Hex, type WalletClient } from "viem";
import { CharityCampaignsAbi } from "../../../../abis/CharityCampaigns.ts";
import { ConfigError } from "../../core/errors.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/send.ts";
import { call, callAt, contract } from "../../core/contracts.ts";

export interface CampaignInput {
  beneficiary: Address;
  /** Zero for the base token. */
  token: Address;
  /** Unix seconds (uint40). */
  deadline: number;
  releaseDeadline: number;
  committee: boolean;
  verifiers: Address[];
  milestones: { amount: bigint; evidence: string }[];
  metadataURI: string;
}

export async function createCampaign(context: JobContext, wallet: WalletClient, input: CampaignInput) {
  const receipt = await transact(context, wallet, call(context, "CharityCampaigns", "createCampaign", [input]));
  const [created] = parseEventLogs({ abi: CharityCampaignsAbi, logs: receipt.logs, eventName: "CampaignCreated" });
  return {
    campaignId: created.args.campaignId,
    beneficiary: created.args.beneficiary,
    token: created.args.token,
    goal: created.args.goal,
    deadline: created.args.deadline,
    releaseDeadline: created.args.releaseDeadline,
    committee: created.args.committee,
    verifiers: created.args.verifiers,
    transactionHash: receipt.transactionHash,
  };
}

/** Donates `amount` for the signer (or for `donor`), approving the campaign's token when needed. */
export async function donate(
  context: JobContext,
  wallet: WalletClient,
  campaignId: bigint,
  amount: bigint,
  donor?: Address,
) {
  const charity = contract(context, "CharityCampaigns");
  const { token } = await charity.read.campaignOf([campaignId]);
  if (token === zeroAddress) throw new ConfigError("<campaign>", `campaign ${campaignId} does not exist`);
  const owner = wallet.account!.address;
  const allowance = await context.client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [owner, charity.address],
  });
  if (allowance < amount) {
    // Any allow-listed ERC-20: the BaseToken's ABI has the standard approve.
    await transact(context, wallet, callAt(token, "BaseToken", "approve", [charity.address, amount]));
  }
  const receipt = await transact(
    context,
    wallet,
    donor === undefined
      ? call(context, "CharityCampaigns", "donate", [campaignId, amount])
      : call(context, "CharityCampaigns", "donateFor", [campaignId, amount, donor]),
  );
  const [received] = parseEventLogs({ abi: CharityCampaignsAbi, logs: receipt.logs, eventName: "DonationReceived" });
  return {
    donationId: received.args.donationId,
    campaignId: received.args.campaignId,
    donor: received.args.donor,
    amount: received.args.amount,
    raised: received.args.raised,
    transactionHash: receipt.transactionHash,
  };
}

export async function submitEvidence(
  context: JobContext,
  wallet: WalletClient,
  campaignId: bigint,
  milestone: bigint,
  uris: string[],
  hashes: Hex[],
) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "CharityCampaigns", "submitEvidence", [campaignId, milestone, uris, hashes]),
  );
  const [submitted] = parseEventLogs({ abi: CharityCampaignsAbi, logs: receipt.logs, eventName: "EvidenceSubmitted" });
  return {
    campaignId,
    milestone,
    round: submitted.args.round,
    committeeTerm: submitted.args.committeeTerm,
    verifierCount: submitted.args.verifierCount,
    threshold: submitted.args.threshold,
    transactionHash: receipt.transactionHash,
  };
}

export async function approveEvidence(
  context: JobContext,
  wallet: WalletClient,
  campaignId: bigint,
  milestone: bigint,
) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "CharityCampaigns", "approveMilestone", [campaignId, milestone]),
  );
  const [approved] = parseEventLogs({ abi: CharityCampaignsAbi, logs: receipt.logs, eventName: "EvidenceApproved" });
  const released = parseEventLogs({ abi: CharityCampaignsAbi, logs: receipt.logs, eventName: "MilestoneReleased" })[0];
  return {
    campaignId,
    milestone,
    approvals: approved.args.approvals,
    threshold: approved.args.threshold,
    released: released === undefined ? null : released.args.amount,
    transactionHash: receipt.transactionHash,
  };
}

/** A donation's trace: the milestone payments it funded, its share of each, and what is unspent. */
export async function traceDonation(context: JobContext, donationId: bigint) {
  const charity = contract(context, "CharityCampaigns");
  const [donation, [milestones, amounts, unspent]] = await Promise.all([
    charity.read.donationOf([donationId]),
    charity.read.traceOf([donationId]),
  ]);
  return {
    donationId,
    campaignId: donation.campaignId,
    donor: donation.donor,
    amount: donation.amount,
    payments: milestones.map((milestone, i) => ({ milestone, amount: amounts[i] })),
    unspent,
    refunded: donation.refunded,
  };
}
