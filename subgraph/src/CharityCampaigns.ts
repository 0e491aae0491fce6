// CharityCampaigns: campaigns with raised, released and refunded amounts; milestones, evidence,
// approvals, payments; donations, refunds, and the donation-to-payment trace. The trace follows the
// contract's rule (ICharityCampaigns): payment k of P made when the campaign held U unspent spends
// ceil(remaining·P/U) of each cohort (the donations between two payments), and each donation of a
// cohort floor(amount·spend/cohortAmount) of it, the same figures CharityCampaigns.traceOf returns.
import { ponder } from "ponder:registry";
import {
  charityApproval,
  charityCampaign,
  charityCohort,
  charityDonation,
  charityEvidence,
  charityMilestone,
  charityPayment,
  charityRefund,
  charityTrace,
} from "ponder:schema";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

const FAIL_REASONS = ["none", "goalMissed", "milestonesMissed"] as const;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

ponder.on("CharityCampaigns:CampaignCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(charityCampaign).values({
    campaignId: a.campaignId,
    creator: a.creator,
    beneficiary: a.beneficiary,
    token: a.token,
    goal: a.goal,
    deadline: a.deadline,
    releaseDeadline: a.releaseDeadline,
    committee: a.committee,
    verifiers: [...a.verifiers],
    metadataURI: a.metadataURI,
    milestoneCount: a.milestones.length,
    status: "active",
    createdAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await context.db.insert(charityMilestone).values(
    a.milestones.map((milestone, index) => ({
      id: `${a.campaignId}-${index}`,
      campaignId: a.campaignId,
      index,
      amount: milestone.amount,
      evidence: milestone.evidence,
    })),
  );
});

ponder.on("CharityCampaigns:DonationReceived", async ({ event, context }) => {
  const { donationId, campaignId, donor, payer, amount, cohort, raised } = event.args;
  await context.db.insert(charityDonation).values({
    donationId,
    campaignId,
    donor,
    payer,
    amount,
    cohort: Number(cohort),
    ...eventMeta(event),
  });
  await context.db
    .update(charityCampaign, { campaignId })
    .set((row) => ({ raised, donationCount: row.donationCount + 1, updatedAt: event.block.timestamp }));
  await context.db
    .insert(charityCohort)
    .values({ id: `${campaignId}-${cohort}`, campaignId, cohort: Number(cohort), amount, remaining: amount })
    .onConflictDoUpdate((row) => ({ amount: row.amount + amount, remaining: row.remaining + amount }));
});

ponder.on("CharityCampaigns:EvidenceSubmitted", async ({ event, context }) => {
  const { campaignId, milestone, round, uris, hashes, committeeTerm, verifierCount, threshold } = event.args;
  await context.db.insert(charityEvidence).values({
    id: event.id,
    campaignId,
    milestone: Number(milestone),
    round: Number(round),
    uris: [...uris],
    hashes: [...hashes],
    committeeTerm,
    verifierCount: Number(verifierCount),
    threshold: Number(threshold),
    ...eventMeta(event),
  });
  await context.db
    .update(charityMilestone, { id: `${campaignId}-${milestone}` })
    .set({ round: Number(round), threshold: Number(threshold), approvals: 0, approved: false });
});

ponder.on("CharityCampaigns:EvidenceApproved", async ({ event, context }) => {
  const { campaignId, milestone, round, verifier, approvals, threshold } = event.args;
  await context.db.insert(charityApproval).values({
    id: event.id,
    campaignId,
    milestone: Number(milestone),
    round: Number(round),
    verifier,
    approvals: Number(approvals),
    threshold: Number(threshold),
    ...eventMeta(event),
  });
  await context.db.update(charityMilestone, { id: `${campaignId}-${milestone}` }).set({ approvals: Number(approvals) });
});

ponder.on("CharityCampaigns:MilestoneApproved", async ({ event, context }) => {
  const { campaignId, milestone } = event.args;
  await context.db.update(charityMilestone, { id: `${campaignId}-${milestone}` }).set({ approved: true });
});

ponder.on("CharityCampaigns:MilestoneReleased", async ({ event, context }) => {
  const { campaignId, milestone, beneficiary, amount, raisedAtRelease, unspentBefore } = event.args;
  await context.db.insert(charityPayment).values({
    id: `${campaignId}-${milestone}`,
    campaignId,
    milestone: Number(milestone),
    beneficiary,
    amount,
    raisedAtRelease,
    unspentBefore,
    ...eventMeta(event),
  });
  await context.db
    .update(charityMilestone, { id: `${campaignId}-${milestone}` })
    .set({ releasedAt: event.block.timestamp });
  await context.db.update(charityCampaign, { campaignId }).set((row) => ({
    released: row.released + amount,
    releasedCount: Number(milestone) + 1,
    updatedAt: event.block.timestamp,
  }));
  // The trace: every cohort made before this payment spends its pro-rata part of it.
  const cohorts = await context.db.sql.query.charityCohort.findMany({
    where: (row, { eq }) => eq(row.campaignId, campaignId),
  });
  for (const cohort of cohorts) {
    if (cohort.cohort > Number(milestone) || cohort.remaining === 0n) continue;
    const spend = ceilDiv(cohort.remaining * amount, unspentBefore);
    await context.db.update(charityCohort, { id: cohort.id }).set({ remaining: cohort.remaining - spend });
    const donations = await context.db.sql.query.charityDonation.findMany({
      where: (row, { and, eq }) => and(eq(row.campaignId, campaignId), eq(row.cohort, cohort.cohort)),
    });
    for (const donation of donations) {
      const share = (donation.amount * spend) / cohort.amount;
      await context.db.insert(charityTrace).values({
        id: `${donation.donationId}-${milestone}`,
        donationId: donation.donationId,
        campaignId,
        milestone: Number(milestone),
        amount: share,
      });
      await context.db
        .update(charityDonation, { donationId: donation.donationId })
        .set({ spent: donation.spent + share });
    }
  }
});

ponder.on("CharityCampaigns:CampaignCompleted", async ({ event, context }) => {
  await context.db
    .update(charityCampaign, { campaignId: event.args.campaignId })
    .set({ status: "completed", updatedAt: event.block.timestamp });
});

ponder.on("CharityCampaigns:CampaignCancelled", async ({ event, context }) => {
  await context.db
    .update(charityCampaign, { campaignId: event.args.campaignId })
    .set({ status: "cancelled", updatedAt: event.block.timestamp });
});

ponder.on("CharityCampaigns:CampaignFailed", async ({ event, context }) => {
  await context.db
    .update(charityCampaign, { campaignId: event.args.campaignId })
    .set({ status: "failed", failReason: FAIL_REASONS[event.args.reason], updatedAt: event.block.timestamp });
});

ponder.on("CharityCampaigns:Refunded", async ({ event, context }) => {
  const { donationId, campaignId, donor, to, amount, fee, by } = event.args;
  await context.db
    .insert(charityRefund)
    .values({ id: event.id, donationId, campaignId, donor, to, amount, fee, by, failed: false, ...eventMeta(event) });
  await context.db.update(charityDonation, { donationId }).set({ refunded: amount });
  await context.db
    .update(charityCampaign, { campaignId })
    .set((row) => ({ refunded: row.refunded + amount, updatedAt: event.block.timestamp }));
});

ponder.on("CharityCampaigns:RefundFailed", async ({ event, context }) => {
  const { donationId, campaignId, donor, amount } = event.args;
  await context.db
    .insert(charityRefund)
    .values({ id: event.id, donationId, campaignId, donor, amount, by: null, failed: true, ...eventMeta(event) });
});

// A donation token's minimum (the base token's at deployment, others by the Timelock): a rule set of
// the module, with the other modules' in parameter_change.
ponder.on("CharityCampaigns:DonationTokenSet", async ({ event, context }) => {
  const { token, minDonation } = event.args;
  await record("CharityCampaigns", { ...event, args: { parameters: { token, minDonation } } }, context.db);
});

// A charity sale's proceeds: the donation (made in the same transaction, just before) came from auction `auctionId`.
ponder.on("DutchAuction:CharityProceeds", async ({ event, context }) => {
  await context.db
    .update(charityDonation, { donationId: event.args.donationId })
    .set({ auctionId: event.args.auctionId });
});
