// Checks the hourly and daily bucket tables (issue 19) against their raw points, through GraphQL:
// every bucket a query returns must equal the aggregate of the raw points in its hour or day,
// and every hour and day with points must have its bucket. Used by the indexer, storage and
// tokenization runtime tests, which produce the points.
import { expect } from "chai";
import { zeroAddress } from "viem";
import { graphql } from "../../scripts/stack.ts";

const PERIODS = [
  ["hour", 3_600n],
  ["day", 86_400n],
] as const;

interface Point {
  key: string;
  timestamp: bigint;
  blockNumber: bigint;
}

/** Groups chronologically sorted points into `${key}:${period}:${bucketStart}` buckets. */
function group<P extends Point>(points: P[]): Map<string, { period: string; bucketStart: bigint; points: P[] }> {
  const buckets = new Map<string, { period: string; bucketStart: bigint; points: P[] }>();
  for (const point of points)
    for (const [period, seconds] of PERIODS) {
      const bucketStart = point.timestamp - (point.timestamp % seconds);
      const id = `${point.key}${period}:${bucketStart}`;
      if (!buckets.has(id)) buckets.set(id, { period, bucketStart, points: [] });
      buckets.get(id)!.points.push(point);
    }
  return buckets;
}

function priceAggregate(points: (Point & { price: bigint })[]) {
  const prices = points.map((p) => p.price);
  const last = points[points.length - 1];
  return {
    points: points.length,
    openPrice: prices[0].toString(),
    highPrice: prices.reduce((a, b) => (b > a ? b : a)).toString(),
    lowPrice: prices.reduce((a, b) => (b < a ? b : a)).toString(),
    closePrice: last.price.toString(),
    priceSum: prices.reduce((a, b) => a + b, 0n).toString(),
    lastBlockNumber: last.blockNumber.toString(),
    lastTimestamp: last.timestamp.toString(),
  };
}

const PRICE_FIELDS =
  "period bucketStart points openPrice highPrice lowPrice closePrice priceSum lastBlockNumber lastTimestamp";
type Row = Record<string, string | number>;
const byId = (rows: Row[]) => Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));

/** Every market-state, price-point and supply bucket equals the aggregate of its raw points.
 * Returns how many raw points of each series it compared. */
export async function expectBucketsMatchPoints(
  endpoint: string,
): Promise<{ marketStates: number; pricePoints: number; supplyChanges: number }> {
  const data = await graphql<{
    marketStates: { items: Row[] };
    marketStateBuckets: { items: Row[] };
    pricePoints: { items: Row[] };
    pricePointBuckets: { items: Row[] };
    tokenSupplys: { items: Row[] };
    mints: { items: Row[] };
    burns: { items: Row[] };
    supplyBuckets: { items: Row[] };
  }>(
    endpoint,
    `
      query ($zero: String!) {
        marketStates(orderBy: "id", limit: 1000) {
          items { id epoch worldDiskMB sellable booked remaining pool price blockNumber timestamp }
        }
        marketStateBuckets(limit: 1000) {
          items { id ${PRICE_FIELDS} closeEpoch closeWorldDiskMB closeSellable closeBooked closeRemaining closePool }
        }
        pricePoints(orderBy: "id", limit: 1000) {
          items { id token reserve supply price blockNumber timestamp }
        }
        pricePointBuckets(limit: 1000) {
          items { id token ${PRICE_FIELDS} closeSupply closeReserve }
        }
        tokenSupplys {
          items { token }
        }
        mints: transfers(where: { from: $zero }, orderBy: "id", limit: 1000) {
          items { id amount blockNumber timestamp }
        }
        burns: transfers(where: { to: $zero }, orderBy: "id", limit: 1000) {
          items { id amount blockNumber timestamp }
        }
        supplyBuckets(limit: 1000) {
          items { id token period bucketStart changes minted burned closeSupply closeTotalBurned lastBlockNumber lastTimestamp }
        }
      }
    `,
    { zero: zeroAddress },
  );
  for (const list of Object.values(data)) expect(list.items.length, "more than one page").to.be.lessThan(1000);
  // Rows of one event have Ponder's event id (its checkpoint): in chronological order as strings.
  const chronological = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  // The storage market's price and pool series.
  const states = data.marketStates.items.map((row) => ({
    key: "",
    timestamp: BigInt(row.timestamp),
    blockNumber: BigInt(row.blockNumber),
    price: BigInt(row.price),
    row,
  }));
  const expectedStates = [...group(states)].map(([id, { period, bucketStart, points }]) => {
    const last = points[points.length - 1].row;
    return [
      id,
      {
        period,
        bucketStart: bucketStart.toString(),
        ...priceAggregate(points),
        closeEpoch: last.epoch,
        closeWorldDiskMB: last.worldDiskMB,
        closeSellable: last.sellable,
        closeBooked: last.booked,
        closeRemaining: last.remaining,
        closePool: last.pool,
      },
    ];
  });
  expect(byId(data.marketStateBuckets.items), "market state buckets").to.deep.equal(Object.fromEntries(expectedStates));

  // Issued tokens' price and supply series.
  const prices = data.pricePoints.items
    .map((row) => ({
      key: `${row.token}:`,
      timestamp: BigInt(row.timestamp),
      blockNumber: BigInt(row.blockNumber),
      id: String(row.id),
      price: BigInt(row.price),
      row,
    }))
    .sort(chronological);
  const expectedPrices = [...group(prices)].map(([id, { period, bucketStart, points }]) => {
    const last = points[points.length - 1].row;
    return [
      id,
      {
        token: last.token,
        period,
        bucketStart: bucketStart.toString(),
        ...priceAggregate(points),
        closeSupply: last.supply,
        closeReserve: last.reserve,
      },
    ];
  });
  expect(byId(data.pricePointBuckets.items), "price point buckets").to.deep.equal(Object.fromEntries(expectedPrices));

  // The base token's mints and burns (the only token whose Transfer events the indexer follows).
  const tokens = data.tokenSupplys.items.map((row) => row.token);
  expect(tokens.length, "one base token").to.be.lessThanOrEqual(1);
  const changes = [
    ...data.mints.items.map((row) => ({ row, minted: BigInt(row.amount), burned: 0n })),
    ...data.burns.items.map((row) => ({ row, minted: 0n, burned: BigInt(row.amount) })),
  ]
    .map(({ row, minted, burned }) => ({
      key: `${tokens[0]}:`,
      timestamp: BigInt(row.timestamp),
      blockNumber: BigInt(row.blockNumber),
      id: String(row.id),
      minted,
      burned,
    }))
    .sort(chronological);
  let supply = 0n;
  let totalBurned = 0n;
  const after = new Map<object, { supply: bigint; totalBurned: bigint }>();
  for (const change of changes) {
    supply += change.minted - change.burned;
    totalBurned += change.burned;
    after.set(change, { supply, totalBurned });
  }
  const expectedSupply = [...group(changes)].map(([id, { period, bucketStart, points }]) => {
    const last = points[points.length - 1];
    return [
      id,
      {
        token: tokens[0],
        period,
        bucketStart: bucketStart.toString(),
        changes: points.length,
        minted: points.reduce((sum, p) => sum + p.minted, 0n).toString(),
        burned: points.reduce((sum, p) => sum + p.burned, 0n).toString(),
        closeSupply: after.get(last)!.supply.toString(),
        closeTotalBurned: after.get(last)!.totalBurned.toString(),
        lastBlockNumber: last.blockNumber.toString(),
        lastTimestamp: last.timestamp.toString(),
      },
    ];
  });
  expect(byId(data.supplyBuckets.items), "supply buckets").to.deep.equal(Object.fromEntries(expectedSupply));
  return { marketStates: states.length, pricePoints: prices.length, supplyChanges: changes.length };
}
