// Community: charity campaigns with their milestones and each donation's trace to the milestone
// payments it funded, procurement rounds, data listings and orders.
import { formatAmount } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { QueryView, Section, useAliases } from "../ui.tsx";

interface Data {
  charityCampaigns: Page<{
    campaignId: string;
    beneficiary: string;
    goal: string;
    raised: string;
    released: string;
    refunded: string;
    status: string;
    milestoneCount: number;
    releasedCount: number;
    deadline: string;
  }>;
  charityMilestones: Page<{
    id: string;
    campaignId: string;
    index: number;
    amount: string;
    approvals: number;
    /** Null until the beneficiary submits evidence (the verifiers' threshold is set then). */
    threshold: number | null;
    approved: boolean;
    releasedAt: string | null;
  }>;
  charityDonations: Page<{
    donationId: string;
    campaignId: string;
    donor: string;
    amount: string;
    cohort: number;
    refunded: string;
  }>;
  charityCohorts: Page<{ campaignId: string; cohort: number; amount: string; remaining: string }>;
  charityTraces: Page<{ id: string; donationId: string; milestone: number; amount: string }>;
  procurementRounds: Page<{
    roundId: string;
    sponsor: string;
    status: string;
    budget: string;
    applicationCount: number;
    voterCount: number;
    winner: string | null;
    winningBid: string | null;
    paid: string | null;
  }>;
  dataListings: Page<{
    listingId: string;
    seller: string;
    title: string;
    price: string;
    active: boolean;
    orders: number;
  }>;
  dataOrders: Page<{ orderId: string; listingId: string; buyer: string; price: string; state: string }>;
}

const QUERY = `{
  charityCampaigns(limit: 500) { items { campaignId beneficiary goal raised released refunded status milestoneCount releasedCount deadline } }
  charityMilestones(limit: 1000) { items { id campaignId index amount approvals threshold approved releasedAt } }
  charityDonations(orderBy: "donationId", orderDirection: "desc", limit: 1000) { items { donationId campaignId donor amount cohort refunded } }
  charityCohorts(limit: 1000) { items { campaignId cohort amount remaining } }
  charityTraces(limit: 1000) { items { id donationId milestone amount } }
  procurementRounds(limit: 500) { items { roundId sponsor status budget applicationCount voterCount winner winningBid paid } }
  dataListings(limit: 500) { items { listingId seller title price active orders } }
  dataOrders(limit: 1000) { items { orderId listingId buyer price state } }
}`;

export default function Community() {
  const query = useGql<Data>(["community"], QUERY);
  const aliases = useAliases();
  return (
    <>
      <h1>Community</h1>
      <QueryView query={query}>
        {(d) => {
          const cohorts = new Map(d.charityCohorts.items.map((c) => [`${c.campaignId}-${c.cohort}`, c]));
          const tracesOf = new Map<string, { milestone: number; amount: string }[]>();
          for (const t of d.charityTraces.items) tracesOf.set(t.donationId, [...(tracesOf.get(t.donationId) ?? []), t]);
          return (
            <>
              <Section
                title="Charity campaigns"
                testId="campaigns"
                prefix="c"
                empty="No campaign yet."
                rows={d.charityCampaigns.items}
                rowKey={(c) => c.campaignId}
                columns={(h) => [
                  h.text("id", "Campaign", (c) => `#${c.campaignId}`),
                  h.addr("beneficiary", "Beneficiary", (c) => c.beneficiary, aliases),
                  h.text("status", "Status", (c) => c.status),
                  h.amount("goal", "Goal", (c) => c.goal),
                  h.amount("raised", "Raised", (c) => c.raised),
                  h.amount("released", "Released", (c) => c.released),
                  h.amount("refunded", "Refunded", (c) => c.refunded),
                  h.text("milestones", "Milestones released", (c) => `${c.releasedCount} of ${c.milestoneCount}`),
                  h.time("deadline", "Deadline", (c) => c.deadline),
                ]}
              />
              <Section
                title="Milestones"
                testId="milestones"
                prefix="m"
                empty="No milestone yet."
                rows={d.charityMilestones.items}
                rowKey={(m) => m.id}
                columns={(h) => [
                  h.text("campaign", "Campaign", (m) => `#${m.campaignId}`),
                  h.int("index", "Milestone", (m) => m.index),
                  h.amount("amount", "Amount", (m) => m.amount),
                  h.text("approvals", "Approvals", (m) =>
                    m.threshold === null ? "no evidence yet" : `${m.approvals} of ${m.threshold}`,
                  ),
                  h.time("released", "Released", (m) => m.releasedAt),
                ]}
              />
              <Section
                title="Donations and the payments they funded"
                prefix="d"
                testId="donations"
                empty="No donation yet."
                rows={d.charityDonations.items}
                rowKey={(n) => n.donationId}
                columns={(h) => [
                  h.text("id", "Donation", (n) => `#${n.donationId}`),
                  h.text("campaign", "Campaign", (n) => `#${n.campaignId}`),
                  h.addr("donor", "Donor", (n) => n.donor, aliases),
                  h.amount("amount", "Amount", (n) => n.amount),
                  {
                    key: "paid",
                    label: "Paid to milestones",
                    render: (n) => {
                      const paid = (tracesOf.get(n.donationId) ?? []).sort((a, b) => a.milestone - b.milestone);
                      return paid.length === 0
                        ? "nothing yet"
                        : paid.map((t) => `milestone ${t.milestone}: ${formatAmount(t.amount)}`).join("; ");
                    },
                  },
                  h.amount("refunded", "Refunded", (n) => n.refunded),
                  // As CharityCampaigns.traceOf: the donation's share of its cohort's remaining,
                  // rounded down (the dust stays with the campaign); nothing once refunded.
                  h.amount("unspent", "Unspent", (n) => {
                    const cohort = cohorts.get(`${n.campaignId}-${n.cohort}`);
                    if (!cohort || BigInt(n.refunded) > 0n || BigInt(cohort.amount) === 0n) return "0";
                    return ((BigInt(n.amount) * BigInt(cohort.remaining)) / BigInt(cohort.amount)).toString();
                  }),
                ]}
              />
              <Section
                title="Procurement rounds"
                prefix="p"
                empty="No procurement round yet."
                rows={d.procurementRounds.items}
                rowKey={(r) => r.roundId}
                columns={(h) => [
                  h.text("id", "Round", (r) => `#${r.roundId}`),
                  h.addr("sponsor", "Sponsor", (r) => r.sponsor, aliases),
                  h.text("status", "Status", (r) => r.status),
                  h.amount("budget", "Budget (JZ)", (r) => r.budget),
                  h.int("applications", "Applications", (r) => r.applicationCount),
                  h.int("voters", "Voters", (r) => r.voterCount),
                  h.addr("winner", "Winner", (r) => r.winner, aliases),
                  h.amount("bid", "Winning bid (JZ)", (r) => r.winningBid),
                ]}
              />
              <Section
                title="Data listings"
                prefix="l"
                empty="No data listing yet."
                rows={d.dataListings.items}
                rowKey={(l) => l.listingId}
                columns={(h) => [
                  h.text("id", "Listing", (l) => `#${l.listingId} ${l.title}`),
                  h.addr("seller", "Seller", (l) => l.seller, aliases),
                  h.amount("price", "Price (JZ)", (l) => l.price),
                  h.text("active", "Active", (l) => (l.active ? "yes" : "no")),
                  h.int("orders", "Orders", (l) => l.orders),
                ]}
              />
              <Section
                title="Data orders"
                prefix="o"
                empty="No data order yet."
                rows={d.dataOrders.items}
                rowKey={(o) => o.orderId}
                columns={(h) => [
                  h.text("id", "Order", (o) => `#${o.orderId}`),
                  h.text("listing", "Listing", (o) => `#${o.listingId}`),
                  h.addr("buyer", "Buyer", (o) => o.buyer, aliases),
                  h.amount("price", "Price (JZ)", (o) => o.price),
                  h.text("state", "State", (o) => o.state),
                ]}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
