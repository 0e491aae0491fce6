// The storage market's curve as the dashboard computes it (web/src/storageCurve.ts), against the
// contract's formulas worked by hand; the browser test checks the quote against StorageMarket.quote.
import { expect } from "chai";
import { priceAtBooked, quoteAt, weightOf } from "../src/storageCurve.ts";

describe("storage curve", function () {
  const state = { pool: 1000n, remaining: 100n, booked: 50n, price: 20n }; // n = 2: 2·1000/100

  it("recovers the weight from the price, and refuses what it cannot tell", function () {
    expect(weightOf(state)).to.equal(2);
    expect(weightOf({ ...state, price: 19n })).to.equal(2); // a price rounded down
    expect(weightOf({ ...state, pool: 0n })).to.equal(undefined);
    expect(weightOf({ ...state, remaining: 5000n })).to.equal(undefined); // R ≥ P: ambiguous
    const big = { pool: 10n ** 24n, remaining: 373_760n, booked: 0n, price: (5n * 10n ** 24n) / 373_760n };
    expect(weightOf(big)).to.equal(5);
  });

  it("quotes P·(R^n − (R−a)^n)/(R−a)^n rounded up, nothing when the stock is short", function () {
    // 1000·(10,000 − 8,100)/8,100 = 234.57…: 235.
    expect(quoteAt(state, 2, 5n, 2n)).to.equal(235n);
    expect(quoteAt(state, 2, 0n, 7n)).to.equal(0n);
    expect(quoteAt(state, 2, 10n, 10n)).to.equal(undefined);
    // n = 1: P·a/(R−a), 1000·10/90 = 111.1…: 112.
    expect(quoteAt({ ...state, price: 10n }, 1, 10n, 1n)).to.equal(112n);
  });

  it("prices along the curve through the state: the current point, and after a purchase", function () {
    expect(priceAtBooked(state, 2, state.booked)).to.equal(20n);
    // After 10 MB·days the pool is 1000·(100/90)^2 and the price 2·pool/90 = 27.43…: 27.
    expect(priceAtBooked(state, 2, state.booked + 10n)).to.equal(27n);
    // Selling back down the curve: lower.
    expect(priceAtBooked(state, 2, 0n)! < 20n).to.equal(true);
    expect(priceAtBooked(state, 2, state.booked + state.remaining)).to.equal(undefined);
  });
});
