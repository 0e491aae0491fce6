// The storage market's Bancor curve (DESIGN §6, BancorMath in contracts/libraries), from an
// indexed MarketStateChanged: pool P (JZ wei), remaining stock R (MB·days unsold), spot price
// p = n·P / R (wei per MB·day, rounded down). Buying a MB·days costs P·(R^n − (R−a)^n) / (R−a)^n,
// rounded up, exactly as StorageMarket.quote computes it at the block of that state (later blocks
// add the charges accrued since, which only the contract knows).
// The market emits no weight: n is recovered from its own price, n = round(p·R / P), exact
// while R < P (a price rounded down loses less than R/P of a unit of n; every deployment has a
// pool of many JZ, 10^18 wei each, against at most billions of MB·days).

export interface CurveState {
  pool: bigint;
  remaining: bigint;
  booked: bigint;
  price: bigint;
}

/** The weight's reciprocal n of the market, from one state; undefined when it cannot be told. */
export function weightOf({ pool, remaining, price }: CurveState): number | undefined {
  if (pool === 0n || remaining === 0n || remaining >= pool) return undefined;
  const n = Number((price * remaining * 2n + pool) / (2n * pool));
  return n >= 1 && n <= 64 ? n : undefined;
}

/** StorageMarket.quote(sizeMB, days) at the block of `state`: undefined when the stock is short. */
export function quoteAt(state: CurveState, n: number, sizeMB: bigint, days: bigint): bigint | undefined {
  const amount = sizeMB * days;
  if (amount === 0n) return 0n;
  if (amount >= state.remaining || state.pool === 0n) return undefined;
  const exponent = BigInt(n);
  const before = state.remaining ** exponent;
  const after = (state.remaining - amount) ** exponent;
  const numerator = state.pool * (before - after);
  return (numerator + after - 1n) / after;
}

/** The spot price once `booked` MB·days are sold along the curve through `state` (P·R^n fixed). */
export function priceAtBooked(state: CurveState, n: number, booked: bigint): bigint | undefined {
  const sellable = state.booked + state.remaining;
  const remaining = sellable - booked;
  if (remaining <= 0n || state.remaining === 0n) return undefined;
  const exponent = BigInt(n);
  // p(R') = n·P·R^n / R'^(n+1), rounded down like the contract's spot price.
  return (BigInt(n) * state.pool * state.remaining ** exponent) / remaining ** (exponent + 1n);
}
