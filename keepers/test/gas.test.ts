// The gas margin of every keeper and CLI transaction: a quarter of the estimate, and never less
// than two fresh ERC20Votes checkpoint slots' worth (a small `delegate` once ran out of gas).
import { expect } from "chai";
import { GAS_MARGIN_MIN, withGasMargin } from "../src/core/gas.ts";

describe("withGasMargin", function () {
  it("adds at least GAS_MARGIN_MIN to a small estimate: two checkpoints pushed instead of updated", function () {
    const delegateEstimate = 95_000n;
    expect(withGasMargin(delegateEstimate)).to.equal(delegateEstimate + GAS_MARGIN_MIN);
    expect(withGasMargin(delegateEstimate) - delegateEstimate).to.be.at.least(2n * 22_100n);
  });

  it("adds a quarter of a large estimate", function () {
    expect(withGasMargin(2_000_000n)).to.equal(2_500_000n);
  });

  it("switches from the floor to the quarter where they meet", function () {
    const meet = GAS_MARGIN_MIN * 4n;
    expect(withGasMargin(meet - 4n)).to.equal(meet - 4n + GAS_MARGIN_MIN);
    expect(withGasMargin(meet + 4n)).to.equal(meet + 4n + (meet + 4n) / 4n);
  });
});
