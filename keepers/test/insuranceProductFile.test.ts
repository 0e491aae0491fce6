// `insure create-product` product files (keepers/src/insurance/productFile.ts): the two demo
// products parse to the InsuranceMarket's ProductTerms; each bad field is refused on a line of
// its own naming the field and the value, all of a file's problems at once.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, parseEther, stringToHex } from "viem";
import { parseProductFile, ProductFileError, readProductFile } from "../src/insurance/productFile.ts";
import { ROOT } from "../../scripts/stack.ts";

const NOW = 1_800_000_000n;
const GOOD = {
  name: "Flight delay",
  feed: "flight-delay-minutes",
  comparator: ">=",
  tiers: [
    { threshold: 15, payoutBps: 2500 },
    { threshold: 30, payoutBps: 5000 },
    { threshold: 45, payoutBps: 10000 },
  ],
  premiumBps: 800,
  maxSumInsured: "1000",
  maxExposurePerSubject: "50000",
  saleStart: "now",
  saleEnd: "30d",
  minLeadTime: "2h",
};

function problems(overrides: Record<string, unknown>): { field: string; message: string }[] {
  try {
    parseProductFile({ ...GOOD, ...overrides }, "p.json", NOW);
  } catch (error) {
    expect(error).to.be.instanceOf(ProductFileError);
    return (error as ProductFileError).problems.map(({ field, message }) => ({ field, message }));
  }
  throw new Error("accepted");
}
const fields = (overrides: Record<string, unknown>) => problems(overrides).map((p) => p.field);

describe("insurance product files", function () {
  it("parses the demo products of deploy/products into ProductTerms (feed id = keccak256 of its name)", function () {
    const flight = readProductFile(path.join(ROOT, "deploy/products/flight-delay.json"), NOW);
    expect(flight.feed).to.equal("flight-delay-minutes");
    expect(flight.terms).to.deep.include({
      feedId: keccak256(stringToHex("flight-delay-minutes")),
      comparator: 0,
      premiumBps: 800,
      maxSumInsured: parseEther("1000"),
      maxExposurePerSubject: parseEther("50000"),
      saleStart: NOW,
      saleEnd: NOW + 30n * 86_400n,
      minLeadTime: 7_200n,
    });
    expect(flight.terms.tiers).to.deep.equal([
      { threshold: 15n, payoutBps: 2500 },
      { threshold: 30n, payoutBps: 5000 },
      { threshold: 45n, payoutBps: 10000 },
    ]);
    const rain = readProductFile(path.join(ROOT, "deploy/products/rainfall.json"), NOW);
    expect(rain.terms.feedId).to.equal(keccak256(stringToHex("rain-mm")));
    expect(rain.terms.minLeadTime).to.equal(86_400n);
  });

  it("takes <= with tiers going down, ISO and unix sale times", function () {
    const plan = parseProductFile(
      {
        ...GOOD,
        comparator: "<=",
        tiers: [
          { threshold: 5, payoutBps: 2000 },
          { threshold: "0", payoutBps: 10000 },
        ],
        saleStart: "2027-01-15T08:00:00Z",
        saleEnd: 1_900_000_000,
      },
      "p.json",
      NOW,
    );
    expect(plan.terms.comparator).to.equal(1);
    expect(plan.terms.saleStart).to.equal(BigInt(Date.parse("2027-01-15T08:00:00Z") / 1000));
    expect(plan.terms.saleEnd).to.equal(1_900_000_000n);
  });

  it("refuses each bad field, naming it", function () {
    expect(fields({ name: "" })).to.deep.equal(["name"]);
    expect(fields({ feed: "Flight Delay" })).to.deep.equal(["feed"]);
    expect(fields({ comparator: ">" })).to.deep.equal(["comparator"]);
    expect(fields({ tiers: [] })).to.deep.equal(["tiers"]);
    expect(fields({ tiers: Array.from({ length: 9 }, (_, i) => ({ threshold: i, payoutBps: 100 })) })).to.deep.equal([
      "tiers",
    ]);
    expect(
      fields({
        tiers: [
          { threshold: 30, payoutBps: 2500 },
          { threshold: 15, payoutBps: 5000 },
        ],
      }),
    ).to.deep.equal(["tiers[1].threshold"]);
    expect(
      fields({
        comparator: "<=",
        tiers: [
          { threshold: 15, payoutBps: 2500 },
          { threshold: 30, payoutBps: 5000 },
        ],
      }),
    ).to.deep.equal(["tiers[1].threshold"]);
    expect(
      fields({
        tiers: [
          { threshold: 15, payoutBps: 5000 },
          { threshold: 30, payoutBps: 2500 },
        ],
      }),
    ).to.deep.equal(["tiers[1].payoutBps"]);
    expect(fields({ tiers: [{ threshold: 15, payoutBps: 10001 }] })).to.deep.equal(["tiers[0].payoutBps"]);
    expect(fields({ tiers: [{ threshold: 15, payoutBps: 0 }] })).to.deep.equal(["tiers[0].payoutBps"]);
    expect(fields({ tiers: [{ threshold: 1.5, payoutBps: 100, extra: 1 }] })).to.deep.equal([
      "tiers[0].extra",
      "tiers[0].threshold",
    ]);
    expect(fields({ tiers: [{ threshold: "9223372036854775808", payoutBps: 100 }] })).to.deep.equal([
      "tiers[0].threshold",
    ]);
    expect(fields({ tiers: ["15:2500"] })).to.deep.equal(["tiers[0]"]);
    expect(fields({ premiumBps: 0 })).to.deep.equal(["premiumBps"]);
    expect(fields({ premiumBps: 10_001 })).to.deep.equal(["premiumBps"]);
    expect(fields({ maxSumInsured: 1000 })).to.deep.equal(["maxSumInsured"]);
    expect(fields({ maxSumInsured: "0" })).to.deep.equal(["maxSumInsured"]);
    expect(fields({ maxExposurePerSubject: "-5" })).to.deep.equal(["maxExposurePerSubject"]);
    expect(fields({ maxExposurePerSubject: "999" })).to.deep.equal(["maxExposurePerSubject"]);
    expect(fields({ saleStart: "tomorrow" })).to.deep.equal(["saleStart"]);
    expect(fields({ saleEnd: "soon" })).to.deep.equal(["saleEnd"]);
    expect(fields({ saleStart: 1_800_000_100, saleEnd: 1_800_000_100 })).to.deep.equal(["saleEnd"]);
    expect(fields({ saleStart: 1_700_000_000, saleEnd: 1_700_000_100 })).to.deep.equal(["saleEnd"]);
    expect(fields({ saleEnd: "0s" })).to.deep.equal(["saleEnd"]);
    expect(fields({ minLeadTime: "0s" })).to.deep.equal(["minLeadTime"]);
    expect(fields({ minLeadTime: "2 hours" })).to.deep.equal(["minLeadTime"]);
    expect(fields({ minLeadTime: undefined })).to.deep.equal(["minLeadTime"]);
    expect(fields({ colour: "blue" })).to.deep.equal(["colour"]);
  });

  it("lists every problem of a file, one line each", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-product-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ ...GOOD, comparator: "=", premiumBps: 0, minLeadTime: "soon" }));
    let error: ProductFileError | undefined;
    try {
      readProductFile(file, NOW);
    } catch (e) {
      error = e as ProductFileError;
    }
    expect(error?.line.split("\n")).to.deep.equal([
      `${file} is not a valid product file:`,
      '  comparator = "=": must be ">=" or "<="',
      "  premiumBps = 0: must be a whole number from 1 to 10000 (a premium rate above 0)",
      `  minLeadTime = "soon": must be a duration above 0 ("365d", "6h", "30m", "45s")`,
    ]);
    writeFileSync(file, "{ not json");
    expect(() => readProductFile(file, NOW)).to.throw(ProductFileError, /\(file\)/);
    expect(() => parseProductFile([], "p.json", NOW)).to.throw(ProductFileError, /JSON object/);
  });
});
