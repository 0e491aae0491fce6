import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseUnits } from "ethers";
import { loadProfile, parseProfile, PROFILES_DIR, ProfileError } from "../deploy/profile.ts";

const TOTAL = 5_000_000_000n * 10n ** 18n;
type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The local profile merged with mainnet, as plain JSON to mutate. */
function localRaw(): Raw {
  const mainnet = JSON.parse(readFileSync(path.join(PROFILES_DIR, "mainnet.json"), "utf8"));
  const local = JSON.parse(readFileSync(path.join(PROFILES_DIR, "local.json"), "utf8"));
  const merged = { ...mainnet, ...local, addresses: { ...mainnet.addresses, ...local.addresses } };
  delete merged.extends;
  return merged;
}

function problemsOf(raw: Raw, env: Record<string, string> = {}) {
  try {
    parseProfile(raw, { env });
  } catch (error) {
    expect(error).to.be.instanceOf(ProfileError);
    return (error as ProfileError).problems;
  }
  throw new Error("the profile was accepted");
}

describe("Genesis profiles", function () {
  it("loads local: 5,000,000,000 tokens, durations divided by 1440", function () {
    const profile = loadProfile("local");
    expect(profile.token.totalSupply).to.equal(TOTAL);
    expect(profile.allocations.reduce((sum, a) => sum + a.amount, 0n)).to.equal(TOTAL);
    expect(profile.timelock.minDelay).to.equal(120n);
    const team = profile.allocations.find((a) => a.share === "Team")!;
    expect(team.target.kind === "vesting" && team.target.grants[0].trancheInterval).to.equal(21_900n);
  });

  it("loads mainnet with its addresses from the environment, and names each missing variable", function () {
    const env = {
      JIAOZI_PUBLIC_DISTRIBUTION: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      JIAOZI_TEAM: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      JIAOZI_PARTNERS: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      JIAOZI_ECOSYSTEM: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
      JIAOZI_COUNCIL_1: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
      JIAOZI_COUNCIL_2: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      JIAOZI_COUNCIL_3: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    };
    const profile = loadProfile("mainnet", { env });
    expect(profile.governance.referendum.day).to.equal(86_400n);
    expect(profile.governance.referendum.quorum).to.equal(parseUnits("1000000000", 18));
    expect(profile.governance.referendum.majority).to.deep.equal({ numerator: 3n, denominator: 5n });
    expect(profile.governance.council.minSeats).to.equal(5);
    expect(profile.storageMarket.minCapacityMB).to.equal(1024);
    expect(profile.storageMarket.unbondingDelay).to.equal(30n * 86_400n);
    expect(profile.storageMarket.acceptWindow).to.equal(86_400n);
    expect(profile.storageMarket.poolFloor).to.equal(parseUnits("10000", 18));
    expect(profile.tokenization).to.deep.equal({
      minSeedReserve: parseUnits("10000", 18),
      launchFee: parseUnits("1000", 18),
      minPeriodLength: 7n * 86_400n,
    });
    expect(profile.timelock.minDelay).to.equal(2n * 86_400n);
    expect(profile.dataMarket).to.deep.include({
      minPrice: parseUnits("20", 18),
      minUpkeepFee: parseUnits("1", 18),
      slashBps: 5_000,
      confirmationWindow: 3n * 86_400n,
    });
    expect(profile.allocations.map((a) => a.amount).reduce((x, y) => x + y)).to.equal(TOTAL);

    const error = (() => {
      try {
        loadProfile("mainnet", { env: { ...env, JIAOZI_TEAM: "" } });
      } catch (e) {
        return e as ProfileError;
      }
    })();
    expect(error?.problems).to.deep.equal([
      {
        field: "allocations[4].vesting[0].beneficiary",
        value: "@team",
        message: "needs the environment variable JIAOZI_TEAM",
      },
    ]);
    expect(error?.message).to.contain("allocations[4].vesting[0].beneficiary").and.contain("JIAOZI_TEAM");
  });

  it("rejects an unknown profile name and a cyclic extends", function () {
    expect(() => loadProfile("nope")).to.throw(ProfileError, /name: has no file/);
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-profiles-"));
    writeFileSync(path.join(dir, "a.json"), JSON.stringify({ name: "a", extends: "b" }));
    writeFileSync(path.join(dir, "b.json"), JSON.stringify({ name: "b", extends: "a" }));
    expect(() => loadProfile("a", { dir })).to.throw(ProfileError, /extends: forms a cycle/);
  });

  const cases: [string, (raw: Raw) => void, string, unknown][] = [
    ["shares not summing to the supply", (r) => (r.allocations[1].amount = "999999999"), "allocations", "4999999999"],
    ["a total supply of zero", (r) => (r.token.totalSupply = "0"), "token.totalSupply", "0"],
    ["an amount that is not a number", (r) => (r.allocations[0].amount = "1e9"), "allocations[0].amount", "1e9"],
    [
      "a zero duration",
      (r) => (r.allocations[4].vesting[0].trancheInterval = "0d"),
      "allocations[4].vesting[0].trancheInterval",
      "0d",
    ],
    ["a negative duration", (r) => (r.allocations[4].vesting[0].cliff = -5), "allocations[4].vesting[0].cliff", -5],
    ["a duration without unit", (r) => (r.timelock.minDelay = "2 days"), "timelock.minDelay", "2 days"],
    ["a duration that vanishes at timeDivisor", (r) => (r.timelock.minDelay = "30s"), "timelock.minDelay", "30s"],
    ["a keeper bounty that is not an amount", (r) => (r.keeperRewards.bounty = 10), "keeperRewards.bounty", 10],
    ["a zero time divisor", (r) => (r.timeDivisor = 0), "timeDivisor", 0],
    [
      "a majority that is not a fraction",
      (r) => (r.governance.referendum.majority = "60%"),
      "governance.referendum.majority",
      "60%",
    ],
    [
      "a publicity minimum above the maximum",
      (r) => (r.governance.referendum.minPublicityDays = 31),
      "governance.referendum.minPublicityDays",
      31,
    ],
    [
      "a transitional council member twice",
      (r) => (r.governance.transitionalCouncil = ["@council1", "@council1"]),
      "governance.transitionalCouncil",
      ["@council1", "@council1"],
    ],
    ["no council seats", (r) => (r.governance.council.minSeats = 0), "governance.council.minSeats", 0],
    [
      "an upkeep fee above the deposit",
      (r) => (r.governance.referendum.upkeepFee = "1001"),
      "governance.referendum.upkeepFee",
      "1001",
    ],
    [
      "no open proposal allowed",
      (r) => (r.governance.referendum.maxOpenProposals = 0),
      "governance.referendum.maxOpenProposals",
      0,
    ],
    [
      "an ordinary list in a profile (the manifest, lib/manifest.ts, holds the Referendum's ordinary list)",
      (r) => (r.governance.ordinaryCalls = [{ contract: "Council", function: "removeMember(address)" }]),
      "governance.ordinaryCalls",
      [{ contract: "Council", function: "removeMember(address)" }],
    ],
    ["a zero seed reserve", (r) => (r.tokenization.minSeedReserve = "0"), "tokenization.minSeedReserve", "0"],
    ["a zero landlord minimum", (r) => (r.storageMarket.minCapacityMB = 0), "storageMarket.minCapacityMB", 0],
    ["a zero pool floor", (r) => (r.storageMarket.poolFloor = "0"), "storageMarket.poolFloor", "0"],
    [
      "an unbonding delay in words",
      (r) => (r.storageMarket.unbondingDelay = "a month"),
      "storageMarket.unbondingDelay",
      "a month",
    ],
    ["an unknown tokenization field", (r) => (r.tokenization.seed = "1"), "tokenization.seed", "1"],
    [
      "a default wallet delay below the least",
      (r) => (r.accounts.wallet.defaultDelay = "12h"),
      "accounts.wallet.defaultDelay",
      "12h",
    ],
    ["a zero least wallet delay", (r) => (r.accounts.wallet.minDelay = "0s"), "accounts.wallet.minDelay", "0s"],
    ["an unknown wallet field", (r) => (r.accounts.wallet.guardians = 3), "accounts.wallet.guardians", 3],
    ["a zero data price", (r) => (r.dataMarket.minPrice = "0"), "dataMarket.minPrice", "0"],
    ["a data slash above 100%", (r) => (r.dataMarket.slashBps = 10_001), "dataMarket.slashBps", 10_001],
    [
      "a data window beyond a year (after the local divisor: the contract's MAX_WINDOW)",
      (r) => (r.dataMarket.confirmationWindow = "1000000d"),
      "dataMarket.confirmationWindow",
      "1000000d",
    ],
    ["an unknown data-market field", (r) => (r.dataMarket.fee = "1"), "dataMarket.fee", "1"],
    [
      "an address with a bad checksum",
      (r) => (r.addresses.team = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bC"),
      "allocations[4].vesting[0].beneficiary",
      "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bC",
    ],
    ["a short address", (r) => (r.allocations[1].account = "0x1234"), "allocations[1].account", "0x1234"],
    [
      "the zero address",
      (r) => (r.allocations[1].account = "0x0000000000000000000000000000000000000000"),
      "allocations[1].account",
      "0x0000000000000000000000000000000000000000",
    ],
    ["an unknown address name", (r) => (r.allocations[1].account = "@treasury"), "allocations[1].account", "@treasury"],
    ["an unknown module", (r) => (r.allocations[0].module = "Treasury"), "allocations[0].module", "Treasury"],
    ["two destinations", (r) => (r.allocations[0].account = "@team"), "allocations[0]", ["account", "module"]],
    ["a duplicate share", (r) => (r.allocations[2].share = "CouncilReserve"), "allocations[2].share", "CouncilReserve"],
    [
      "grants not summing to their share",
      (r) => (r.allocations[5].vesting[0].amount = "399999999"),
      "allocations[5].vesting",
      "399999999",
    ],
    [
      "a tranche count of zero",
      (r) => (r.allocations[5].vesting[0].trancheCount = 0),
      "allocations[5].vesting[0].trancheCount",
      0,
    ],
    [
      "bps above 10000",
      (r) => (r.allocations[5].vesting[0].unlockedAtStartBps = 10_001),
      "allocations[5].vesting[0].unlockedAtStartBps",
      10_001,
    ],
    [
      "a cliff after the last tranche",
      (r) => (r.allocations[4].vesting[0].cliff = "1461d"),
      "allocations[4].vesting[0].cliff",
      "1461d",
    ],
    [
      "revocable not a boolean",
      (r) => (r.allocations[4].vesting[0].revocable = "yes"),
      "allocations[4].vesting[0].revocable",
      "yes",
    ],
    ["a misspelt field", (r) => (r.allocations[4].vesting[0].cliffs = "1d"), "allocations[4].vesting[0].cliffs", "1d"],
    [
      "an unknown top-level field",
      (r) => (r.owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
      "owner",
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    ],
    ["an empty token symbol", (r) => (r.token.symbol = " "), "token.symbol", " "],
    ["no allocations", (r) => (r.allocations = []), "allocations", []],
  ];
  for (const [name, mutate, field, value] of cases) {
    it(`rejects ${name}, naming ${field}`, function () {
      const raw = localRaw();
      mutate(raw);
      const problems = problemsOf(raw);
      const problem = problems.find((p) => p.field === field);
      expect(problem, `no problem reported for ${field}: ${JSON.stringify(problems)}`).to.not.equal(undefined);
      expect(problem!.value).to.deep.equal(value);
    });
  }

  it("accepts the unmodified local profile (the cases above fail only for their change)", function () {
    expect(() => parseProfile(localRaw(), { env: {} })).to.not.throw();
  });

  it("accepts a cliff exactly at the last tranche", function () {
    const raw = localRaw();
    raw.allocations[4].vesting[0].cliff = "1460d";
    expect(() => parseProfile(raw, { env: {} })).to.not.throw();
  });
});
