// Tokenization issuers: commitment, burn ratio and credit record (?default=yes&sort=supply:desc).
import { formatAmount, formatInteger, formatPercent } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { href, type Route } from "../router.tsx";
import { Addr, Filter, QueryView, Table, useAliases } from "../ui.tsx";

interface Token {
  token: string;
  issuer: string;
  name: string;
  symbol: string;
  initialSupply: string;
  supply: string;
  reserve: string;
  price: string;
  minimum: string;
  relative: boolean;
  periodLength: string;
  totalConsumed: string;
  compliant: number;
  defaulted: number;
  cured: number;
  inDefault: boolean;
}

const QUERY = `{
  issuedTokens(limit: 1000) {
    items { token issuer name symbol initialSupply supply reserve price minimum relative periodLength totalConsumed compliant defaulted cured inDefault }
  }
}`;

export default function Issuers({ route }: { route: Route }) {
  const query = useGql<{ issuedTokens: Page<Token> }>(["issuers"], QUERY);
  const aliases = useAliases();
  const filter = route.params.get("default") ?? "";
  return (
    <>
      <h1>Issuers</h1>
      <Filter
        name="default"
        label="Credit"
        options={[
          { value: "yes", label: "in default now" },
          { value: "no", label: "not in default" },
        ]}
      />
      <QueryView query={query} isEmpty={(d) => d.issuedTokens.items.length === 0} empty="No token issued yet.">
        {(d) => {
          const rows = d.issuedTokens.items.filter((t) => !filter || t.inDefault === (filter === "yes"));
          return rows.length === 0 ? (
            <p className="empty">No issuer matches.</p>
          ) : (
            <Table
              caption="Issued tokens"
              testId="issuers"
              rows={rows}
              rowKey={(t) => t.token}
              defaultSort="supply:desc"
              columns={[
                {
                  key: "name",
                  label: "Token",
                  sortValue: (t) => t.name,
                  render: (t) => <a href={href(`/issuers/${t.token}`)}>{`${t.name} (${t.symbol})`}</a>,
                },
                { key: "issuer", label: "Issuer", render: (t) => <Addr address={t.issuer} aliases={aliases} /> },
                {
                  key: "commitment",
                  label: "Commitment per period",
                  render: (t) =>
                    t.relative
                      ? `${formatAmount(t.minimum, { decimals: 2 })}% of supply`
                      : `${formatAmount(t.minimum)} ${t.symbol}`,
                },
                {
                  key: "supply",
                  label: "Supply",
                  amount: true,
                  sortValue: (t) => t.supply,
                  render: (t) => formatAmount(t.supply),
                },
                {
                  key: "reserve",
                  label: "Reserve (JZ)",
                  amount: true,
                  sortValue: (t) => t.reserve,
                  render: (t) => formatAmount(t.reserve),
                },
                {
                  key: "price",
                  label: "Price (JZ)",
                  amount: true,
                  sortValue: (t) => t.price,
                  render: (t) => formatAmount(t.price, { maxFraction: 8 }),
                },
                {
                  key: "burn",
                  label: "Burned of initial",
                  amount: true,
                  sortValue: (t) => t.totalConsumed,
                  render: (t) => formatPercent(t.totalConsumed, t.initialSupply),
                },
                {
                  key: "compliant",
                  label: "Compliant",
                  numeric: true,
                  sortValue: (t) => t.compliant,
                  render: (t) => formatInteger(t.compliant),
                },
                {
                  key: "defaulted",
                  label: "Defaulted",
                  numeric: true,
                  sortValue: (t) => t.defaulted,
                  render: (t) => formatInteger(t.defaulted),
                },
                {
                  key: "cured",
                  label: "Cured",
                  numeric: true,
                  sortValue: (t) => t.cured,
                  render: (t) => formatInteger(t.cured),
                },
                { key: "inDefault", label: "In default now", render: (t) => (t.inDefault ? "yes" : "no") },
              ]}
            />
          );
        }}
      </QueryView>
    </>
  );
}
