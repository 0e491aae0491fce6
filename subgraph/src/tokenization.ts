// The spot price of an issued token as BancorMarket.price() computes it: n·reserve / supply, in
// base-token wei per whole token (0 for an empty supply).
const PRICE_SCALE = 10n ** 18n;

export function spotPrice(reserve: bigint, supply: bigint, weightReciprocal: number): bigint {
  return supply === 0n ? 0n : (BigInt(weightReciprocal) * reserve * PRICE_SCALE) / supply;
}
