// Insurance: products with their solvency, policies, oracle rounds and payouts.
import { formatPercent } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import type { Route } from "../router.tsx";
import { Filter, QueryView, Section, useAliases } from "../ui.tsx";

interface Data {
  insuranceProducts: Page<{
    productId: string;
    name: string;
    assets: string;
    locked: string;
    free: string;
    policies: number;
    premiums: string;
    paidOut: string;
  }>;
  insurancePolicys: Page<{
    policyId: string;
    productId: string;
    key: string;
    holder: string;
    sumInsured: string;
    premium: string;
    state: string;
    paid: string | null;
    observesAt: string;
  }>;
  oracleRounds: Page<{
    id: string;
    key: string;
    state: string;
    reports: number;
    value: string | null;
    observesAt: string;
  }>;
  insurancePayouts: Page<{
    id: string;
    kind: string;
    policyId: string | null;
    account: string;
    amount: string;
    timestamp: string;
  }>;
}

const QUERY = `{
  insuranceProducts(limit: 100) { items { productId name assets locked free policies premiums paidOut } }
  insurancePolicys(orderBy: "policyId", orderDirection: "desc", limit: 1000) { items { policyId productId key holder sumInsured premium state paid observesAt } }
  oracleRounds(orderBy: "observesAt", orderDirection: "desc", limit: 200) { items { id key state reports value observesAt } }
  insurancePayouts(orderBy: "timestamp", orderDirection: "desc", limit: 200) { items { id kind policyId account amount timestamp } }
}`;

export default function Insurance({ route }: { route: Route }) {
  const query = useGql<Data>(["insurance"], QUERY);
  const aliases = useAliases();
  const state = route.params.get("state") ?? "";
  return (
    <>
      <h1>Insurance</h1>
      <QueryView query={query}>
        {(d) => (
          <>
            <Section
              title="Products"
              prefix="p"
              testId="products"
              empty="No product yet."
              rows={d.insuranceProducts.items}
              rowKey={(p) => p.productId}
              columns={(h) => [
                h.text("id", "Product", (p) => `#${p.productId} ${p.name}`),
                h.amount("assets", "Pool (JZ)", (p) => p.assets),
                h.amount("locked", "Locked (JZ)", (p) => p.locked),
                {
                  key: "solvency",
                  label: "Locked of pool",
                  render: (p) => (BigInt(p.assets) === 0n ? "—" : formatPercent(p.locked, p.assets)),
                },
                h.int("policies", "Policies", (p) => p.policies),
                h.amount("premiums", "Premiums (JZ)", (p) => p.premiums),
                h.amount("paid", "Paid out (JZ)", (p) => p.paidOut),
              ]}
            />
            <Filter
              name="state"
              label="Policy state"
              options={["active", "paid", "expired", "refunded"].map((s) => ({ value: s, label: s }))}
            />
            <Section
              title="Policies"
              testId="policies"
              prefix="y"
              empty="No policy matches."
              rows={d.insurancePolicys.items.filter((p) => !state || p.state === state)}
              rowKey={(p) => p.policyId}
              columns={(h) => [
                h.text("id", "Policy", (p) => `#${p.policyId}`),
                h.text("key", "Subject", (p) => p.key),
                h.addr("holder", "Holder", (p) => p.holder, aliases),
                h.amount("sum", "Sum insured (JZ)", (p) => p.sumInsured),
                h.amount("premium", "Premium (JZ)", (p) => p.premium),
                h.text("state", "State", (p) => p.state),
                h.amount("paid", "Paid (JZ)", (p) => p.paid),
                h.time("observes", "Observed at", (p) => p.observesAt),
              ]}
            />
            <Section
              title="Oracle rounds"
              prefix="o"
              empty="No oracle round yet."
              rows={d.oracleRounds.items}
              rowKey={(o) => o.id}
              columns={(h) => [
                h.text("key", "Subject", (o) => o.key),
                h.text("state", "State", (o) => o.state),
                h.int("reports", "Reports", (o) => o.reports),
                h.text("value", "Value", (o) => o.value),
                h.time("observes", "Observed at", (o) => o.observesAt),
              ]}
            />
            <Section
              title="Payouts"
              testId="payouts"
              prefix="u"
              empty="No payout yet."
              rows={d.insurancePayouts.items}
              rowKey={(u) => u.id}
              columns={(h) => [
                h.time("time", "Time", (u) => u.timestamp),
                h.text("kind", "Kind", (u) => u.kind),
                h.text("policy", "Policy", (u) => (u.policyId ? `#${u.policyId}` : null)),
                h.addr("account", "Account", (u) => u.account, aliases),
                h.amount("amount", "Amount (JZ)", (u) => u.amount),
              ]}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
