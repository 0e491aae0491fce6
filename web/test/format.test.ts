// The dashboard's exact formatting (web/src/format.ts): bigint strings to decimals, no floats.
import { expect } from "chai";
import { compareAmounts, formatAmount, formatInteger, formatPercent, groupThousands } from "../src/format.ts";

describe("web format", function () {
  it("formats 18-decimal amounts exactly, with separators", function () {
    expect(formatAmount("0")).to.equal("0");
    expect(formatAmount("1")).to.equal("0.000000000000000001");
    expect(formatAmount("1000000000000000000")).to.equal("1");
    expect(formatAmount("1234500000000000000000")).to.equal("1,234.5");
    expect(formatAmount("-2500000000000000000")).to.equal("-2.5");
    expect(formatAmount(10n ** 27n)).to.equal("1,000,000,000");
    expect(formatAmount(null)).to.equal("—");
  });

  it("keeps every digit above 2^53 wei, where a float would round", function () {
    const wei = 2n ** 53n + 1n; // 9007199254740993: Number() makes it ...992
    expect(Number(wei.toString()).toString()).to.not.equal(wei.toString());
    expect(formatAmount(wei.toString())).to.equal("0.009007199254740993");
    expect(formatAmount("123456789012345678901234567890")).to.equal("123,456,789,012.34567890123456789");
  });

  it("cuts a long fraction toward zero and marks the cut", function () {
    expect(formatAmount("1999999999999999999", { maxFraction: 4 })).to.equal("1.9999…");
    expect(formatAmount("1500000000000000000", { maxFraction: 4 })).to.equal("1.5");
    expect(formatAmount("1000000000000000001", { maxFraction: 2 })).to.equal("1…");
  });

  it("formats other decimals, integers and percentages", function () {
    expect(formatAmount("123456", { decimals: 2 })).to.equal("1,234.56");
    expect(formatAmount("123456", { decimals: 0 })).to.equal("123,456");
    expect(formatInteger("1000000")).to.equal("1,000,000");
    expect(formatInteger(-1234)).to.equal("-1,234");
    expect(groupThousands("100")).to.equal("100");
    expect(formatPercent("3", "5")).to.equal("60.00%");
    expect(formatPercent("2", "3", 1)).to.equal("66.6%");
    expect(formatPercent("1", "0")).to.equal("—");
  });

  it("rejects what is not an integer, and compares amounts as bigints", function () {
    expect(() => formatAmount("1.5")).to.throw(/not an integer/);
    expect(compareAmounts("9007199254740993", "9007199254740992")).to.equal(1);
    expect(compareAmounts(null, "0")).to.equal(-1);
  });
});
