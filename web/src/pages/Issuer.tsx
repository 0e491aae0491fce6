// An issuer's token: price and supply over time (chart and table), its periods, consumption with
// refs and market trades.
import { formatAmount, formatInteger, formatTime } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { href, type Route } from "../router.tsx";
import { Addr, Chart, QueryView, Stat, Table, useAliases } from "../ui.tsx";

interface Data {
  issuedToken: {
    token: string;
    market: string;
    issuer: string;
    name: string;
    symbol: string;
    metadataURI: string;
    supply: string;
    reserve: string;
    price: string;
    totalConsumed: string;
    inDefault: boolean;
    deficit: string;
    periods: Page<{
      period: string;
      status: string;
      required: string;
      consumed: string;
      deficit: string;
      evaluatedAt: string;
    }>;
    consumptions: Page<{
      amount: string;
      ref: string;
      cure: boolean;
      blockNumber: string;
      transactionHash: string;
      logIndex: number;
    }>;
    trades: Page<{
      side: string;
      trader: string;
      baseAmount: string;
      tokenAmount: string;
      price: string;
      blockNumber: string;
      transactionHash: string;
      logIndex: number;
    }>;
    prices: Page<{ timestamp: string; blockNumber: string; price: string; supply: string; logIndex: number }>;
  } | null;
}

const QUERY = `query ($token: String!) {
  issuedToken(token: $token) {
    token market issuer name symbol metadataURI supply reserve price totalConsumed inDefault deficit
    periods(orderBy: "period", limit: 1000) { items { period status required consumed deficit evaluatedAt } }
    consumptions(orderBy: "blockNumber", limit: 1000) { items { amount ref cure blockNumber transactionHash logIndex } }
    trades(orderBy: "blockNumber", limit: 1000) { items { side trader baseAmount tokenAmount price blockNumber transactionHash logIndex } }
    prices(orderBy: "blockNumber", limit: 1000) { items { timestamp blockNumber price supply logIndex } }
  }
}`;

/** wei as a float of whole tokens, for drawing only (tables show the exact figure). */
const plot = (wei: string) => Number(BigInt(wei) / 10n ** 9n) / 1e9;

export default function Issuer({ route }: { route: Route }) {
  const token = (route.path[1] ?? "").toLowerCase();
  const query = useGql<Data>(["issuer", token], QUERY, { token });
  const aliases = useAliases();
  return (
    <>
      <p>
        <a href={href("/issuers")}>← Issuers</a>
      </p>
      <QueryView query={query} isEmpty={(d) => d.issuedToken === null} empty={`No issued token ${token} is indexed.`}>
        {(d) => {
          const t = d.issuedToken!;
          const prices = t.prices.items;
          return (
            <>
              <h1>
                {t.name} ({t.symbol})
              </h1>
              <p>
                Issuer <Addr address={t.issuer} aliases={aliases} /> · market <Addr address={t.market} /> ·{" "}
                {t.metadataURI}
              </p>
              <div className="stats">
                <Stat label={`Supply (${t.symbol})`} value={formatAmount(t.supply)} testId="issuer-supply" />
                <Stat label="Reserve (JZ)" value={formatAmount(t.reserve)} testId="issuer-reserve" />
                <Stat label="Price (JZ)" value={formatAmount(t.price)} testId="issuer-price" />
                <Stat label={`Consumed (${t.symbol})`} value={formatAmount(t.totalConsumed)} testId="issuer-consumed" />
                <Stat label="In default now" value={t.inDefault ? `yes, deficit ${formatAmount(t.deficit)}` : "no"} />
              </div>
              <h2>Price and supply</h2>
              {prices.length === 0 ? (
                <p className="empty">No trade or consumption yet.</p>
              ) : (
                <>
                  <Chart
                    title="Price (JZ) and supply over time"
                    xLabel="time"
                    x={prices.map((p) => Number(p.timestamp))}
                    series={[
                      { label: "price", values: prices.map((p) => plot(p.price)) },
                      { label: "supply", values: prices.map((p) => plot(p.supply)) },
                    ]}
                  />
                  <Table
                    caption="Price and supply (table view of the chart)"
                    testId="price-points"
                    rows={prices}
                    rowKey={(p) => `${p.blockNumber}-${p.logIndex}`}
                    columns={[
                      {
                        key: "block",
                        label: "Block",
                        amount: true,
                        sortValue: (p) => p.blockNumber,
                        render: (p) => formatInteger(p.blockNumber),
                      },
                      { key: "time", label: "Time", render: (p) => formatTime(p.timestamp) },
                      {
                        key: "price",
                        label: "Price (JZ)",
                        amount: true,
                        sortValue: (p) => p.price,
                        render: (p) => formatAmount(p.price),
                      },
                      {
                        key: "supply",
                        label: "Supply",
                        amount: true,
                        sortValue: (p) => p.supply,
                        render: (p) => formatAmount(p.supply),
                      },
                    ]}
                  />
                </>
              )}
              <h2>Periods</h2>
              {t.periods.items.length === 0 ? (
                <p className="empty">No period judged yet.</p>
              ) : (
                <Table
                  caption="Judged periods"
                  prefix="p"
                  rows={t.periods.items}
                  rowKey={(p) => p.period}
                  columns={[
                    {
                      key: "period",
                      label: "Period",
                      amount: true,
                      sortValue: (p) => p.period,
                      render: (p) => p.period,
                    },
                    { key: "status", label: "Status", sortValue: (p) => p.status, render: (p) => p.status },
                    { key: "required", label: "Required", amount: true, render: (p) => formatAmount(p.required) },
                    { key: "consumed", label: "Consumed", amount: true, render: (p) => formatAmount(p.consumed) },
                    { key: "deficit", label: "Deficit", amount: true, render: (p) => formatAmount(p.deficit) },
                  ]}
                />
              )}
              <h2>Trades</h2>
              {t.trades.items.length === 0 ? (
                <p className="empty">No trade yet.</p>
              ) : (
                <Table
                  caption="Market trades"
                  prefix="t"
                  testId="trades"
                  rows={t.trades.items}
                  rowKey={(x) => `${x.transactionHash}-${x.logIndex}`}
                  columns={[
                    {
                      key: "block",
                      label: "Block",
                      amount: true,
                      sortValue: (x) => x.blockNumber,
                      render: (x) => formatInteger(x.blockNumber),
                    },
                    { key: "side", label: "Side", render: (x) => x.side },
                    { key: "trader", label: "Trader", render: (x) => <Addr address={x.trader} aliases={aliases} /> },
                    {
                      key: "base",
                      label: "JZ",
                      amount: true,
                      sortValue: (x) => x.baseAmount,
                      render: (x) => formatAmount(x.baseAmount),
                    },
                    {
                      key: "tokens",
                      label: t.symbol,
                      amount: true,
                      sortValue: (x) => x.tokenAmount,
                      render: (x) => formatAmount(x.tokenAmount),
                    },
                  ]}
                />
              )}
              <h2>Consumption</h2>
              {t.consumptions.items.length === 0 ? (
                <p className="empty">Nothing consumed yet.</p>
              ) : (
                <Table
                  caption="Consumption with business refs"
                  prefix="c"
                  rows={t.consumptions.items}
                  rowKey={(x) => `${x.transactionHash}-${x.logIndex}`}
                  columns={[
                    {
                      key: "block",
                      label: "Block",
                      amount: true,
                      sortValue: (x) => x.blockNumber,
                      render: (x) => formatInteger(x.blockNumber),
                    },
                    {
                      key: "amount",
                      label: "Amount",
                      amount: true,
                      sortValue: (x) => x.amount,
                      render: (x) => formatAmount(x.amount),
                    },
                    { key: "ref", label: "Ref", render: (x) => (x.cure ? "cure (buyback)" : <code>{x.ref}</code>) },
                  ]}
                />
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}
