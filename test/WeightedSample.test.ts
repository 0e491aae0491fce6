// WeightedSample (the committee draw): seat frequencies over thousands of seeded draws match
// weighted sampling without replacement within 3 sigma, against exact inclusion probabilities.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers } = await network.create();

/** P(index i is among `count` picks) for sequential weighted sampling without replacement, exactly. */
function inclusion(weights: number[], count: number): number[] {
  const result = weights.map(() => 0);
  function walk(left: number[], picks: number, probability: number) {
    if (picks === 0 || probability === 0) return;
    const total = left.reduce((a, b) => a + b, 0);
    if (total === 0) return;
    left.forEach((w, i) => {
      if (w === 0) return;
      const p = (probability * w) / total;
      result[i] += p;
      const next = [...left];
      next[i] = 0;
      walk(next, picks - 1, p);
    });
  }
  walk(weights, count, 1);
  return result;
}

describe("WeightedSample", function () {
  for (const [weights, count] of [
    [[1, 2, 3, 4, 10], 2],
    [[5000, 100, 100, 2500, 700, 1, 9000, 300], 7],
    [[10_000, 1, 1, 1], 3],
  ] as const) {
    it(`matches exact inclusion probabilities within 3 sigma: ${count} of [${weights.join(", ")}], 3,000 draws`, async function () {
      const harness = await ethers.deployContract("WeightedSampleHarness");
      const runs = 3_000;
      // Chunks of 100 draws stay under the 16,777,216 transaction gas cap, also instrumented for coverage.
      const chunk = 100;
      let picks = weights.map(() => 0n);
      for (let from = 0; from < runs; from += chunk) {
        const part = await harness.frequencies.staticCall([...weights], count, from, chunk, { gasLimit: 16_000_000 });
        picks = picks.map((value, i) => value + part[i]);
      }
      const expected = inclusion([...weights], count);
      picks.forEach((observed, i) => {
        const p = expected[i];
        const sigma = Math.sqrt(runs * p * (1 - p));
        expect(Math.abs(Number(observed) - runs * p), `index ${i}: ${observed} vs ${runs * p}`).to.be.at.most(
          3 * sigma + 1e-9,
        );
      });
      expect(picks.reduce((a, b) => a + b, 0n)).to.equal(BigInt(runs * Math.min(count, weights.length)));
    });
  }

  it("picks distinct indices, never a zero weight, all positive ones when there are fewer than asked", async function () {
    const harness = await ethers.deployContract("WeightedSampleHarness");
    const picked = await harness.sample.staticCall([0, 7, 0, 3, 0], 4, ethers.id("seed"));
    expect([...picked].sort()).to.deep.equal([1n, 3n]);
    expect(await harness.sample.staticCall([0, 0], 3, ethers.id("seed"))).to.deep.equal([]);
    expect(await harness.sample.staticCall([], 7, ethers.id("seed"))).to.deep.equal([]);
  });
});
