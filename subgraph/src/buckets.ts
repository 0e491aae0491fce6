// Hourly and daily buckets of the charted series (issue 19; tables in ponder.schema.ts), written
// beside each raw point. Buckets are UTC hours and days of the block timestamp. Ponder reverts
// them with the raw points on a reorg, since both are ordinary rows written by the same handlers.
import type { Context } from "ponder:registry";
import { marketStateBucket, pricePointBucket, supplyBucket } from "ponder:schema";
import type { Address } from "viem";

export const BUCKETS = [
  { period: "hour", seconds: 3_600n },
  { period: "day", seconds: 86_400n },
] as const;

/** The hour and the day a timestamp falls in: `[{ period, bucketStart }]`. */
export function bucketsOf(timestamp: bigint): { period: string; bucketStart: bigint }[] {
  return BUCKETS.map(({ period, seconds }) => ({ period, bucketStart: timestamp - (timestamp % seconds) }));
}

interface PricePoint {
  price: bigint;
  blockNumber: bigint;
  timestamp: bigint;
}

/** The price columns of a new bucket, and their update by one more point. */
function openPrice(point: PricePoint) {
  return {
    points: 1,
    openPrice: point.price,
    highPrice: point.price,
    lowPrice: point.price,
    closePrice: point.price,
    priceSum: point.price,
    lastBlockNumber: point.blockNumber,
    lastTimestamp: point.timestamp,
  };
}
function addPrice(row: { points: number; highPrice: bigint; lowPrice: bigint; priceSum: bigint }, point: PricePoint) {
  return {
    points: row.points + 1,
    highPrice: point.price > row.highPrice ? point.price : row.highPrice,
    lowPrice: point.price < row.lowPrice ? point.price : row.lowPrice,
    closePrice: point.price,
    priceSum: row.priceSum + point.price,
    lastBlockNumber: point.blockNumber,
    lastTimestamp: point.timestamp,
  };
}

export async function bucketMarketState(
  db: Context["db"],
  point: PricePoint & {
    epoch: bigint;
    worldDiskMB: bigint;
    sellable: bigint;
    booked: bigint;
    remaining: bigint;
    pool: bigint;
  },
) {
  const close = {
    closeEpoch: point.epoch,
    closeWorldDiskMB: point.worldDiskMB,
    closeSellable: point.sellable,
    closeBooked: point.booked,
    closeRemaining: point.remaining,
    closePool: point.pool,
  };
  for (const { period, bucketStart } of bucketsOf(point.timestamp))
    await db
      .insert(marketStateBucket)
      .values({ id: `${period}:${bucketStart}`, period, bucketStart, ...openPrice(point), ...close })
      .onConflictDoUpdate((row) => ({ ...addPrice(row, point), ...close }));
}

export async function bucketPricePoint(
  db: Context["db"],
  point: PricePoint & { token: Address; supply: bigint; reserve: bigint },
) {
  const close = { closeSupply: point.supply, closeReserve: point.reserve };
  for (const { period, bucketStart } of bucketsOf(point.timestamp))
    await db
      .insert(pricePointBucket)
      .values({
        id: `${point.token}:${period}:${bucketStart}`,
        token: point.token,
        period,
        bucketStart,
        ...openPrice(point),
        ...close,
      })
      .onConflictDoUpdate((row) => ({ ...addPrice(row, point), ...close }));
}

/** A mint (`minted`) or burn (`burned`) of the base token, with the supply and total burned after it. */
export async function bucketSupply(
  db: Context["db"],
  change: {
    token: Address;
    minted: bigint;
    burned: bigint;
    supply: bigint;
    totalBurned: bigint;
    blockNumber: bigint;
    timestamp: bigint;
  },
) {
  const close = {
    closeSupply: change.supply,
    closeTotalBurned: change.totalBurned,
    lastBlockNumber: change.blockNumber,
    lastTimestamp: change.timestamp,
  };
  for (const { period, bucketStart } of bucketsOf(change.timestamp))
    await db
      .insert(supplyBucket)
      .values({
        id: `${change.token}:${period}:${bucketStart}`,
        token: change.token,
        period,
        bucketStart,
        changes: 1,
        minted: change.minted,
        burned: change.burned,
        ...close,
      })
      .onConflictDoUpdate((row) => ({
        changes: row.changes + 1,
        minted: row.minted + change.minted,
        burned: row.burned + change.burned,
        ...close,
      }));
}
