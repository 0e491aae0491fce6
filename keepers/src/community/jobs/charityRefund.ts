// Job charity-refund: refund the donations of every closed campaign (failed by time, cancelled or
// completed with money left) through CharityCampaigns.refund's cursor, REFUND_BATCH donations a
// call; the contract pays a bounty per donation refunded (DESIGN §2, §13). A campaign is due while
// `refundsDue` says donations are left to its cursor.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

/** Donations refunded per call (each one transfer; the batch keeps a call well inside a block). */
export const REFUND_BATCH = 50n;

export const charityRefund: Job<bigint, AbiOf<"CharityCampaigns">> = {
  name: "charity-refund",
  description: "Refund the unspent donations of failed or cancelled campaigns (CharityCampaigns.refund)",
  contracts: ["CharityCampaigns"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "CampaignNotActive"],

  async due(context) {
    const charity = contract(context, "CharityCampaigns");
    const count = await charity.read.campaignCount();
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const due = await Promise.all(ids.map((id) => charity.read.refundsDue([id])));
    return ids.filter((_, i) => due[i][0]);
  },

  call: (context, campaignId) => call(context, "CharityCampaigns", "refund", [campaignId, REFUND_BATCH]),
  label: (campaignId) => `campaign ${campaignId}`,
};
