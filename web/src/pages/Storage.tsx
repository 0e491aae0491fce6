// The storage market: the price and pool series (chart and table), landlords with proof success
// and slashes, leases with copy groups and expiry, epochs (?state=active&sort=size:desc).
import { formatAmount, formatInteger, formatPercent, formatTime } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { setParams, useRoute, type Route } from "../router.tsx";
import { priceAtBooked, quoteAt, weightOf, type CurveState } from "../storageCurve.ts";
import { Addr, Chart, Filter, QueryView, Stat, Table, useAliases } from "../ui.tsx";

interface Data {
  marketStates: Page<{
    id: string;
    epoch: string;
    blockNumber: string;
    timestamp: string;
    price: string;
    pool: string;
    booked: string;
    worldDiskMB: string;
    remaining: string;
  }>;
  landlords: Page<{
    address: string;
    status: string;
    capacityMB: string;
    heldMB: string;
    collateral: string;
    proofsPassed: number;
    proofsFailed: number;
    slashed: string;
    rentEarned: string;
  }>;
  leases: Page<{
    leaseId: string;
    tenant: string | null;
    sizeMB: string;
    state: string;
    startEpoch: string | null;
    endEpoch: string | null;
    termEpochs: string | null;
    landlords: string[];
    paid: string;
  }>;
  storageEpochs: Page<{
    epoch: string;
    proofs: number;
    settledLandlords: number;
    failedLandlords: number;
    rent: string;
  }>;
}

const QUERY = `{
  marketStates(orderBy: "id", orderDirection: "desc", limit: 500) { items { id epoch blockNumber timestamp price pool booked worldDiskMB remaining } }
  landlords(limit: 1000) { items { address status capacityMB heldMB collateral proofsPassed proofsFailed slashed rentEarned } }
  leases(orderBy: "leaseId", orderDirection: "desc", limit: 1000) { items { leaseId tenant sizeMB state startEpoch endEpoch termEpochs landlords paid } }
  storageEpochs(orderBy: "epoch", orderDirection: "desc", limit: 50) { items { epoch proofs settledLandlords failedLandlords rent } }
}`;

const plot = (wei: string | bigint) => Number(BigInt(wei) / 10n ** 9n) / 1e9;
const CURVE_POINTS = 40;

/** The curve through the latest state (chart, with the current point, and a table of 10 points),
 * and a quote calculator (?qsize=MB&qdays=days) computed exactly as StorageMarket.quote at that
 * state's block. */
function Curve({ now }: { now: Data["marketStates"]["items"][number] }) {
  const { params } = useRoute();
  const state: CurveState = {
    pool: BigInt(now.pool),
    remaining: BigInt(now.remaining),
    booked: BigInt(now.booked),
    price: BigInt(now.price),
  };
  const n = weightOf(state);
  const sizeText = params.get("qsize") ?? "1";
  const daysText = params.get("qdays") ?? "30";
  const valid = /^\d{1,9}$/.test(sizeText) && /^\d{1,6}$/.test(daysText);
  const quote = n !== undefined && valid ? quoteAt(state, n, BigInt(sizeText), BigInt(daysText)) : undefined;
  if (n === undefined) return <p className="empty">The curve needs a pool and unsold stock.</p>;
  const sellable = state.booked + state.remaining;
  const xs = Array.from({ length: CURVE_POINTS }, (_, i) => (sellable * BigInt(i)) / BigInt(CURVE_POINTS));
  const points = [...xs, state.booked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const prices = points.map((b) => priceAtBooked(state, n, b));
  const table = Array.from({ length: 10 }, (_, i) => (sellable * BigInt(i)) / 10n);
  return (
    <>
      <h2>Price versus MB·days sold</h2>
      <Chart
        title={`The Bancor curve through the latest state (weight 1/${n}), the current point marked`}
        xLabel="MB·days sold"
        x={points.map(Number)}
        series={[
          { label: "price (JZ)", values: prices.map((p) => (p === undefined ? null : plot(p))) },
          {
            label: "now",
            scale: "price (JZ)",
            pointsOnly: true,
            values: points.map((b, i) => (b === state.booked && prices[i] !== undefined ? plot(prices[i]!) : null)),
          },
        ]}
      />
      <Table
        caption="The curve (table view of the chart)"
        prefix="c"
        testId="curve"
        rows={[...table, state.booked]
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .map((b) => ({ b, now: b === state.booked }))}
        rowKey={(r) => `${r.b}-${r.now}`}
        columns={[
          {
            key: "sold",
            label: "MB·days sold",
            amount: true,
            render: (r) => `${formatInteger(r.b)}${r.now ? " (now)" : ""}`,
          },
          {
            key: "price",
            label: "Spot price (JZ per MB·day)",
            amount: true,
            render: (r) => formatAmount(priceAtBooked(state, n, r.b)),
          },
        ]}
      />
      <h2>Quote</h2>
      <form className="quote" onSubmit={(e) => e.preventDefault()}>
        <label>
          MB{" "}
          <input
            inputMode="numeric"
            value={sizeText}
            onChange={(e) => setParams({ qsize: e.target.value || undefined })}
            aria-invalid={!valid}
          />
        </label>{" "}
        <label>
          days{" "}
          <input
            inputMode="numeric"
            value={daysText}
            onChange={(e) => setParams({ qdays: e.target.value || undefined })}
            aria-invalid={!valid}
          />
        </label>
      </form>
      <p data-testid="quote">
        {!valid
          ? "Whole numbers of MB and days, please."
          : quote === undefined
            ? "More than the market has left to sell."
            : `${formatAmount(quote)} JZ for ${formatInteger(sizeText)} MB for ${formatInteger(daysText)} days`}
      </p>
      <p className="legend">
        As StorageMarket.quote gives it at block <span data-testid="quote-block">{formatInteger(now.blockNumber)}</span>
        , the latest market state indexed; a rent later pays the charges accrued since as well.
      </p>
    </>
  );
}

export default function Storage({ route }: { route: Route }) {
  const query = useGql<Data>(["storage"], QUERY);
  const aliases = useAliases();
  const state = route.params.get("state") ?? "";
  return (
    <>
      <h1>Storage market</h1>
      <QueryView query={query}>
        {(d) => {
          const series = [...d.marketStates.items].reverse();
          const now = d.marketStates.items[0];
          const leases = d.leases.items.filter((l) => !state || l.state === state);
          return (
            <>
              <div className="stats">
                <Stat label="Spot price (JZ per MB·day)" value={formatAmount(now?.price)} testId="market-price" />
                <Stat label="Pool M (JZ)" value={formatAmount(now?.pool)} testId="market-pool" />
                <Stat label="MB booked" value={formatInteger(now?.booked)} testId="market-booked" />
                <Stat label="World disk (MB)" value={formatInteger(now?.worldDiskMB)} />
              </div>
              <h2>Price and pool</h2>
              {series.length === 0 ? (
                <p className="empty">No market state yet.</p>
              ) : (
                <>
                  <Chart
                    title="Price and pool over time"
                    xLabel="time"
                    x={series.map((s) => Number(s.timestamp))}
                    series={[
                      { label: "price", values: series.map((s) => plot(s.price)) },
                      { label: "pool", values: series.map((s) => plot(s.pool)) },
                    ]}
                  />
                  <Table
                    caption="Market states (table view of the chart, latest first)"
                    prefix="m"
                    rows={d.marketStates.items.slice(0, 20)}
                    rowKey={(s) => s.id}
                    columns={[
                      { key: "time", label: "Time", render: (s) => formatTime(s.timestamp) },
                      { key: "epoch", label: "Epoch", amount: true, render: (s) => s.epoch },
                      {
                        key: "price",
                        label: "Price (JZ)",
                        amount: true,
                        sortValue: (s) => s.price,
                        render: (s) => formatAmount(s.price),
                      },
                      {
                        key: "pool",
                        label: "Pool (JZ)",
                        amount: true,
                        sortValue: (s) => s.pool,
                        render: (s) => formatAmount(s.pool),
                      },
                      { key: "booked", label: "Booked MB", amount: true, render: (s) => formatInteger(s.booked) },
                    ]}
                  />
                  <Curve now={now} />
                </>
              )}
              <h2>Landlords</h2>
              {d.landlords.items.length === 0 ? (
                <p className="empty">No landlord registered.</p>
              ) : (
                <Table
                  caption="Landlords"
                  prefix="l"
                  testId="landlords"
                  rows={d.landlords.items}
                  rowKey={(l) => l.address}
                  defaultSort="rent:desc"
                  columns={[
                    {
                      key: "address",
                      label: "Landlord",
                      render: (l) => <Addr address={l.address} aliases={aliases} />,
                    },
                    { key: "status", label: "Status", render: (l) => l.status },
                    {
                      key: "capacity",
                      label: "Capacity MB",
                      amount: true,
                      sortValue: (l) => l.capacityMB,
                      render: (l) => formatInteger(l.capacityMB),
                    },
                    { key: "held", label: "Held MB", amount: true, render: (l) => formatInteger(l.heldMB) },
                    {
                      key: "proofs",
                      label: "Proof success",
                      numeric: true,
                      sortValue: (l) => l.proofsPassed / Math.max(1, l.proofsPassed + l.proofsFailed),
                      render: (l) =>
                        l.proofsPassed + l.proofsFailed === 0
                          ? "no proofs yet"
                          : `${formatPercent(BigInt(l.proofsPassed), BigInt(l.proofsPassed + l.proofsFailed))} (${l.proofsPassed}/${l.proofsPassed + l.proofsFailed})`,
                    },
                    {
                      key: "slashed",
                      label: "Slashed (JZ)",
                      amount: true,
                      sortValue: (l) => l.slashed,
                      render: (l) => formatAmount(l.slashed),
                    },
                    {
                      key: "collateral",
                      label: "Collateral (JZ)",
                      amount: true,
                      render: (l) => formatAmount(l.collateral),
                    },
                    {
                      key: "rent",
                      label: "Rent earned (JZ)",
                      amount: true,
                      sortValue: (l) => l.rentEarned,
                      render: (l) => formatAmount(l.rentEarned),
                    },
                  ]}
                />
              )}
              <h2>Leases</h2>
              <Filter
                name="state"
                label="State"
                options={["pending", "active", "refunded", "reclaimed"].map((s) => ({ value: s, label: s }))}
              />
              {leases.length === 0 ? (
                <p className="empty">No lease{state ? ` is ${state}` : ""}.</p>
              ) : (
                <Table
                  caption="Leases"
                  testId="leases"
                  rows={leases}
                  rowKey={(l) => l.leaseId}
                  defaultSort="id:desc"
                  columns={[
                    {
                      key: "id",
                      label: "Lease",
                      amount: true,
                      sortValue: (l) => l.leaseId,
                      render: (l) => `#${l.leaseId}`,
                    },
                    { key: "tenant", label: "Tenant", render: (l) => <Addr address={l.tenant} aliases={aliases} /> },
                    {
                      key: "size",
                      label: "Size MB",
                      amount: true,
                      sortValue: (l) => l.sizeMB,
                      render: (l) => formatInteger(l.sizeMB),
                    },
                    { key: "state", label: "State", sortValue: (l) => l.state, render: (l) => l.state },
                    { key: "term", label: "Term (epochs)", amount: true, render: (l) => formatInteger(l.termEpochs) },
                    {
                      key: "expiry",
                      label: "Ends at epoch",
                      amount: true,
                      sortValue: (l) => l.endEpoch,
                      render: (l) => formatInteger(l.endEpoch),
                    },
                    {
                      key: "group",
                      label: "Copy group",
                      render: (l) =>
                        l.landlords.length === 0
                          ? "not assigned"
                          : l.landlords.map((a) => <Addr key={a} address={a} aliases={aliases} />),
                    },
                    {
                      key: "paid",
                      label: "Paid (JZ)",
                      amount: true,
                      sortValue: (l) => l.paid,
                      render: (l) => formatAmount(l.paid),
                    },
                  ]}
                />
              )}
              <h2>Epochs</h2>
              {d.storageEpochs.items.length === 0 ? (
                <p className="empty">No proof epoch yet.</p>
              ) : (
                <Table
                  caption="Proof epochs (latest 50)"
                  prefix="e"
                  rows={d.storageEpochs.items}
                  rowKey={(e) => e.epoch}
                  columns={[
                    { key: "epoch", label: "Epoch", amount: true, render: (e) => e.epoch },
                    { key: "proofs", label: "Proofs", numeric: true, render: (e) => formatInteger(e.proofs) },
                    {
                      key: "passed",
                      label: "Settled",
                      numeric: true,
                      render: (e) => formatInteger(e.settledLandlords),
                    },
                    { key: "failed", label: "Failed", numeric: true, render: (e) => formatInteger(e.failedLandlords) },
                    { key: "rent", label: "Rent (JZ)", amount: true, render: (e) => formatAmount(e.rent) },
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
