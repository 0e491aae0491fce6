// BancorMath against an independent reference in exact rationals: M·((R/(R−x))^(1/c) − 1) with
// c = 1/5 computed as a fraction, then rounded up, for many (M, R, x) including x next to R.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const TOKEN = 10n ** 18n;

/** A non-negative fraction num/den in lowest terms. */
class Fraction {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den = 1n) {
    const g = gcd(num < 0n ? -num : num, den);
    this.num = num / g;
    this.den = den / g;
  }
  times(other: Fraction) {
    return new Fraction(this.num * other.num, this.den * other.den);
  }
  minus(other: Fraction) {
    return new Fraction(this.num * other.den - other.num * this.den, this.den * other.den);
  }
  pow(n: number) {
    let result = new Fraction(1n);
    for (let i = 0; i < n; i++) result = result.times(this);
    return result;
  }
  ceil() {
    return (this.num + this.den - 1n) / this.den;
  }
}
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** The definition, in exact rationals: M·((R/(R−x))^(1/c) − 1), c = 1/n. */
function referenceCost(pool: bigint, remaining: bigint, amount: bigint, n: number): bigint {
  const growth = new Fraction(remaining, remaining - amount).pow(n);
  return new Fraction(pool).times(growth.minus(new Fraction(1n))).ceil();
}

/** A small deterministic generator, so the cases are the same in every run. */
function* cases(): Generator<[bigint, bigint, bigint]> {
  let state = 0x9e3779b97f4a7c15n;
  const next = (bound: bigint) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return (state * bound) >> 64n;
  };
  const pools = [1n, 7n, TOKEN, 1_000_000n * TOKEN, 1_000_000_000n * TOKEN];
  // 2^51 + 7 is past the unchecked fast path (R < 2^51 for n = 5) and still within R^5 < 2^256.
  const stocks = [2n, 10n, 365n, 365n * 1_000_000n, 365n * 10n ** 9n, 10n ** 15n, 2n ** 51n + 7n];
  for (const pool of pools) {
    for (const remaining of stocks) {
      yield [pool, remaining, 1n];
      yield [pool, remaining, remaining - 1n]; // the last unit: the steepest point of the curve
      yield [pool, remaining, remaining / 2n || 1n];
      for (let i = 0; i < 6; i++) yield [pool, remaining, 1n + next(remaining - 1n)];
    }
  }
}

describe("BancorMath", function () {
  async function harnessFixture() {
    return ethers.deployContract("BancorMathHarness");
  }

  it("matches the exact-rational reference, rounded up, for 270 (M, R, x) including x = R − 1", async function () {
    const math = await networkHelpers.loadFixture(harnessFixture);
    let checked = 0;
    for (const [pool, remaining, amount] of cases()) {
      const expected = referenceCost(pool, remaining, amount, 5);
      if (expected >= 2n ** 256n) {
        await expect(math.purchaseCost(pool, remaining, amount, 5))
          .to.be.revertedWithCustomError(math, "CostTooLarge")
          .withArgs(pool, remaining, amount);
        continue;
      }
      expect(await math.purchaseCost(pool, remaining, amount, 5), `M=${pool} R=${remaining} x=${amount}`).to.equal(
        expected,
      );
      checked++;
    }
    expect(checked).to.be.greaterThan(250);
  });

  it("matches the reference for other connector weights (c = 1, 1/2, 1/3, 1/20)", async function () {
    const math = await networkHelpers.loadFixture(harnessFixture);
    for (const n of [1, 2, 3, 20]) {
      for (const [pool, remaining, amount] of [
        [TOKEN, 1_000n, 1n],
        [123n * TOKEN, 1_000n, 999n],
        [5n, 97n, 13n],
      ] as const) {
        const expected = referenceCost(pool, remaining, amount, n);
        if (expected >= 2n ** 256n) {
          await expect(math.purchaseCost(pool, remaining, amount, n)).to.be.revertedWithCustomError(
            math,
            "CostTooLarge",
          );
        } else {
          expect(await math.purchaseCost(pool, remaining, amount, n)).to.equal(expected);
        }
      }
    }
  });

  it("prices the spot at n·M/R and charges about that for one unit of a deep stock", async function () {
    const math = await networkHelpers.loadFixture(harnessFixture);
    const pool = 1_000_000n * TOKEN;
    const remaining = 365n * 10n ** 9n;
    const spot = await math.spotPrice(pool, remaining, 5, 1n);
    expect(spot).to.equal((5n * pool) / remaining);
    const one = await math.purchaseCost(pool, remaining, 1n, 5);
    expect(one >= spot && one - spot <= spot / 10n ** 9n + 1n).to.equal(true);
  });

  it("refuses bad input with the values that were wrong", async function () {
    const math = await networkHelpers.loadFixture(harnessFixture);
    await expect(math.purchaseCost(TOKEN, 100n, 100n, 5))
      .to.be.revertedWithCustomError(math, "AmountExceedsStock")
      .withArgs(100n, 100n);
    await expect(math.purchaseCost(TOKEN, 100n, 1n, 0))
      .to.be.revertedWithCustomError(math, "InvalidWeightReciprocal")
      .withArgs(0);
    await expect(math.purchaseCost(TOKEN, 100n, 1n, 21))
      .to.be.revertedWithCustomError(math, "InvalidWeightReciprocal")
      .withArgs(21);
    await expect(math.purchaseCost(TOKEN, 2n ** 52n, 1n, 5))
      .to.be.revertedWithCustomError(math, "StockTooLarge")
      .withArgs(2n ** 52n, 5);
    await expect(math.spotPrice(TOKEN, 0n, 5, 1n)).to.be.revertedWithCustomError(math, "EmptyStock");
    expect(await math.purchaseCost(TOKEN, 100n, 0n, 5)).to.equal(0n);
  });
});
