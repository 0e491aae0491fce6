// The outside audit of the insurance module (issue 16), on the real IndexOracle, Committee and
// InsuranceMarket: each finding's exploit as the auditor wrote it, turned into a regression test
// once fixed ("audit Ix: ... fails"), or kept as the documentation of an accepted residual
// ("residual Ix: ..."; DEVELOPERS.md, "Insurance: audit").
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import { network } from "hardhat";
import { BOUNTY, SETTLE_DELAY } from "./helpers/committeeFixture.ts";
import { deployOracle, FLIGHT, FLIGHT_ID, HOUR, RAIN_ID, STATE, subjectOf } from "./helpers/oracleFixture.ts";
import { DAY, tokens } from "./helpers/stakingFixture.ts";
import { FileSource } from "../keepers/src/insurance/sources/file.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const SETTLE_KIND = encodeBytes32String("InsuranceMarket.settle");

/** The real oracle (7-member Committee, term 0 running) with a real market as its consumer. */
async function deployAll() {
  const base = await deployOracle(ethers, networkHelpers);
  const { oracle, keeperRewards, token, timelock, treasury, nodes } = base;
  // As the mainnet profile: minUpkeepFee = the settle bounty (both "10"); here both BOUNTY.
  const market = await ethers.deployContract("InsuranceMarket", [token, oracle, keeperRewards, BOUNTY]);
  await oracle.connect(timelock).setConsumer(market, true);
  await keeperRewards.registerKind(SETTLE_KIND, market, BOUNTY);
  const attacker = nodes[10];
  await token.connect(treasury).transfer(attacker, tokens(1_000));
  for (const m of base.members) await token.connect(treasury).transfer(m, tokens(1_000));
  await token.connect(attacker).approve(market, ethers.MaxUint256);
  for (const m of base.members) await token.connect(m).approve(market, ethers.MaxUint256);
  return { ...base, market, attacker };
}

async function flightProduct(now: bigint) {
  return {
    name: "Flight delay",
    feedId: FLIGHT_ID,
    comparator: 0n, // AtLeast
    tiers: [
      { threshold: 15n, payoutBps: 2_500n },
      { threshold: 30n, payoutBps: 5_000n },
      { threshold: 45n, payoutBps: 10_000n },
    ],
    premiumBps: 500n,
    maxSumInsured: tokens(1_000),
    maxExposurePerSubject: tokens(10_000),
    saleStart: now,
    saleEnd: now + 30n * DAY,
    minLeadTime: HOUR,
  };
}

describe("Insurance audit (exploits of the audit, as regressions and residuals)", function () {
  it("audit I1 fails: void-round bounty farming — a policy's fee now covers its settle bounty and its subject's void bounty, so garbage subjects gain nothing", async function () {
    const { market, oracle, token, attacker } = await loadFixture(deployAll);
    const before = await token.balanceOf(attacker);
    const now = BigInt(await time.latest());
    await market.connect(attacker).createProduct(await flightProduct(now));
    const productId = await market.productCount();
    // The attacker is its own underwriter: the premium goes to its own pool and comes back.
    await market.connect(attacker).deposit(productId, tokens(10), 0n);
    const N = 5;
    const subjects: string[] = [];
    for (let i = 0; i < N; ++i) {
      const subject = subjectOf(now + 2n * HOUR + BigInt(i) * 60n, `GARBAGE${i}:20990101`);
      subjects.push(subject);
      await market.connect(attacker).buyPolicy(productId, subject, tokens(1), tokens(1));
    }
    // Nobody reports a garbage subject: void at observesAt + reportDeadline + grace.
    await time.increase(2n * HOUR + 600n + FLIGHT.reportDeadline + FLIGHT.grace);
    for (const subject of subjects) {
      await oracle.connect(attacker).voidRound(FLIGHT_ID, subject); // bounty 1
      await market.connect(attacker).settle(productId, subject, 1); // bounty 2, premium refunded
    }
    const shares = await market.sharesOf(productId, attacker);
    await market.connect(attacker).withdraw(productId, shares, 0n);
    const gain = (await token.balanceOf(attacker)) - before;
    // Per subject: − upkeep fee (2 × BOUNTY) + void bounty (BOUNTY) + settle bounty (BOUNTY) = 0.
    expect(await market.upkeepFee()).to.equal(2n * BOUNTY);
    expect(gain).to.be.lte(0n);
  });

  it("residual I2: three of seven members (beyond the ⌊(n−1)/3⌋ faulty members the oracle tolerates) who report first set the value of a two-thirds round", async function () {
    const { oracle, members, requested } = await loadFixture(deployAll);
    const { subject, observesAt } = await requested("UA1545:20130101", HOUR);
    await time.increaseTo(observesAt);
    // The true delay is 60 minutes (tier 3); 3 colluders race at observation time with the minimum.
    for (const m of members.slice(0, 3)) await oracle.connect(m).report(FLIGHT_ID, subject, FLIGHT.min);
    await oracle.connect(members[3]).report(FLIGHT_ID, subject, 60n);
    await oracle.connect(members[4]).report(FLIGHT_ID, subject, 60n); // 5th report = ceil(14/3): final
    const [state, value] = await oracle.getFunction("valueOf").staticCall(FLIGHT_ID, subject);
    expect(state).to.equal(STATE.Final);
    expect(value).to.equal(FLIGHT.min); // sorted [-120, -120, -120, 60, 60], lower middle = -120
    // The two remaining honest members cannot correct it.
    await expect(oracle.connect(members[5]).report(FLIGHT_ID, subject, 60n)).to.be.revertedWithCustomError(
      oracle,
      "RoundClosed",
    );
  });

  it("audit I3 fails: three colluding members of seven cannot finalize a garbage subject on the deadline path, so the honest four are never recorded missed", async function () {
    const { market, oracle, committee, members } = await loadFixture(deployAll);
    const colluders = members.slice(0, 3);
    const now = BigInt(await time.latest());
    const buyer = colluders[0];
    await market.connect(buyer).createProduct(await flightProduct(now));
    const productId = await market.productCount();
    await market.connect(buyer).deposit(productId, tokens(10), 0n);
    const observesAt = now + 2n * HOUR;
    const subject = subjectOf(observesAt, "NOSUCH1:20990101");
    await market.connect(buyer).buyPolicy(productId, subject, tokens(1), tokens(1));
    await time.increaseTo(observesAt);
    for (const m of colluders) await oracle.connect(m).report(FLIGHT_ID, subject, 0n);
    await time.increaseTo(observesAt + FLIGHT.reportDeadline);
    // The deadline path needs a majority of the snapshot: 4 of 7.
    await expect(oracle.connect(colluders[1]).finalize(FLIGHT_ID, subject))
      .to.be.revertedWithCustomError(oracle, "QuorumNotReached")
      .withArgs(FLIGHT_ID, subject, 3n, 4n);
    // The round goes void; nobody's duty is recorded.
    await time.increaseTo(observesAt + FLIGHT.reportDeadline + FLIGHT.grace);
    await oracle.voidRound(FLIGHT_ID, subject);
    const [assigned] = await committee.dutiesOf(0n);
    expect(assigned).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });
  it("residual I4 bounded: capital that leaves in the hour before the risk start (observation − lead time) earns premium, but not once the risk window opened: it then shares the loss", async function () {
    const { market, oracle, token, treasury, attacker, members, nodes } = await loadFixture(deployAll);
    const [underwriter, buyer] = [nodes[11], nodes[12]];
    for (const who of [underwriter, buyer]) {
      await token.connect(treasury).transfer(who, tokens(1_000));
      await token.connect(who).approve(market, ethers.MaxUint256);
    }
    const now = BigInt(await time.latest());
    const terms = await flightProduct(now);
    await market.connect(underwriter).createProduct(terms);
    const productId = await market.productCount();
    await market.connect(underwriter).deposit(productId, tokens(100), 0n);
    // A 100-token policy observed in 5 days locks all 100 of the underwriter's capital; premium 5.
    const observesAt = now + 5n * DAY;
    const subject = subjectOf(observesAt, "UA1545:20130101");
    await market.connect(buyer).buyPolicy(productId, subject, tokens(100), tokens(5));
    // The attacker's capital arrives after the sale: it backs nothing (all locking is done).
    const before = await token.balanceOf(attacker);
    await market.connect(attacker).deposit(productId, tokens(100), 0n);
    // Since audit I8 the policy's capital counts as lost from its risk start's bucket (observation
    // − 1 hour lead time): leaving two seconds before the observation's bucket is too late.
    const bucketStart = (observesAt / HOUR) * HOUR;
    await time.increaseTo(bucketStart - 2n);
    const shares = await market.sharesOf(productId, attacker);
    await market.connect(attacker).withdraw(productId, shares, 0n);
    const gain = (await token.balanceOf(attacker)) - before;
    // Its half of (200 + 5 premium − 100 counted lost) less its 100: a loss of about 47.5.
    expect(gain).to.be.lessThan(0n);
    // The flight is 60 minutes late: the underwriter pays the full 100.
    await time.increaseTo(observesAt);
    for (const m of members.slice(0, 5)) await oracle.connect(m).report(FLIGHT_ID, subject, 60n);
    await market.settle(productId, subject, 10);
    const uwShares = await market.sharesOf(productId, underwriter);
    const uwBefore = await token.balanceOf(underwriter);
    await market.connect(underwriter).withdraw(productId, uwShares, 0n);
    const uwBack = (await token.balanceOf(underwriter)) - uwBefore;
    // The underwriter no longer bears the whole loss: it gets back more than the attacker's skim left it.
    expect(uwBack).to.be.greaterThan(tokens(26) / 10n);
  });
  it("audit I5 fails: a policy observed a century ahead is refused (at most MAX_HORIZON ahead)", async function () {
    const { market, token, treasury, attacker, nodes } = await loadFixture(deployAll);
    const underwriter = nodes[11];
    await token.connect(treasury).transfer(underwriter, tokens(1_000));
    await token.connect(underwriter).approve(market, ethers.MaxUint256);
    const now = BigInt(await time.latest());
    await market.connect(underwriter).createProduct(await flightProduct(now));
    const productId = await market.productCount();
    await market.connect(underwriter).deposit(productId, tokens(100), 0n);
    const century = now + 100n * 365n * DAY;
    const subject = subjectOf(century, "UA1545:21261201");
    await expect(
      market.connect(attacker).buyPolicy(productId, subject, tokens(100), tokens(5)),
    ).to.be.revertedWithCustomError(market, "ObservationTooFar");
    const horizon = await market.MAX_HORIZON();
    const latest = BigInt(await time.latest()) + 1n + horizon;
    await time.setNextBlockTimestamp(latest - horizon);
    await market.connect(attacker).buyPolicy(productId, subjectOf(latest, "UA1545:20271201"), tokens(1), tokens(1));
  });
  it("residual I6: the shipped sample is a replay: its keys are not bound to the observation time, so a known flight sold for a future time pays (a real source only answers after the event)", async function () {
    const { market, oracle, token, treasury, attacker, members, nodes } = await loadFixture(deployAll);
    const underwriter = nodes[11];
    await token.connect(treasury).transfer(underwriter, tokens(1_000));
    await token.connect(underwriter).approve(market, ethers.MaxUint256);
    const now = BigInt(await time.latest());
    await market.connect(underwriter).createProduct(await flightProduct(now));
    const productId = await market.productCount();
    await market.connect(underwriter).deposit(productId, tokens(500), 0n);
    const observesAt = now + 2n * HOUR; // any time after the lead time: nothing ties it to the key's date
    const subject = subjectOf(observesAt, "MQ4576:20130101");
    const before = await token.balanceOf(attacker);
    await market.connect(attacker).buyPolicy(productId, subject, tokens(400), tokens(20));
    // The members' feeder source (the shipped sample, as `npm start` runs it) reads the key only.
    const source = new FileSource({ finalityDelaySeconds: 300n, now: async () => BigInt(await time.latest()) });
    await time.increaseTo(observesAt + 300n);
    const reading = await source.read(FLIGHT.name, "MQ4576:20130101", observesAt);
    expect(reading).to.deep.include({ status: "final", value: 137n });
    for (const m of members.slice(0, 5)) await oracle.connect(m).report(FLIGHT_ID, subject, 137n);
    await market.settle(productId, subject, 1);
    const gain = (await token.balanceOf(attacker)) - before;
    // Paid 400 (tier 3, 100 %) for a premium of 20 and the upkeep fee.
    expect(gain).to.equal(tokens(400) - tokens(20) - (await market.upkeepFee()));
  });
  it("audit I7 fails: when the source has no value, three colluding members of seven cannot decide it on the deadline path; the round goes void and the policy is refunded", async function () {
    const { market, oracle, token, treasury, members, nodes } = await loadFixture(deployAll);
    const underwriter = nodes[11];
    await token.connect(treasury).transfer(underwriter, tokens(1_000));
    await token.connect(underwriter).approve(market, ethers.MaxUint256);
    const now = BigInt(await time.latest());
    await market.connect(underwriter).createProduct(await flightProduct(now));
    const productId = await market.productCount();
    await market.connect(underwriter).deposit(productId, tokens(500), 0n);
    const colluders = members.slice(0, 3);
    const observesAt = now + 2n * HOUR;
    const subject = subjectOf(observesAt, "MQ4525:20130101"); // arr_delay NA in the shipped sample
    const before = await token.balanceOf(colluders[0]);
    await market.connect(colluders[0]).buyPolicy(productId, subject, tokens(400), tokens(20));
    const source = new FileSource({ finalityDelaySeconds: 300n, now: async () => BigInt(await time.latest()) });
    await time.increaseTo(observesAt + 300n);
    expect(await source.read(FLIGHT.name, "MQ4525:20130101", observesAt)).to.deep.equal({ status: "missing" });
    for (const m of colluders) await oracle.connect(m).report(FLIGHT_ID, subject, FLIGHT.max);
    await time.increaseTo(observesAt + FLIGHT.reportDeadline);
    await expect(oracle.connect(colluders[1]).finalize(FLIGHT_ID, subject)).to.be.revertedWithCustomError(
      oracle,
      "QuorumNotReached",
    );
    await time.increaseTo(observesAt + FLIGHT.reportDeadline + FLIGHT.grace);
    await market.settle(productId, subject, 1);
    // Refunded its premium only: it lost the upkeep fee, gained nothing.
    expect((await token.balanceOf(colluders[0])) - before).to.equal(-(await market.upkeepFee()));
  });
  it("audit I8 fails: with a lead time covering the index period, an informed underwriter leaving during the rain day is priced with the day's locked capital counted as lost", async function () {
    const { market, oracle, token, treasury, attacker, members, nodes } = await loadFixture(deployAll);
    const [underwriter, buyer] = [nodes[11], nodes[12]];
    for (const who of [underwriter, buyer]) {
      await token.connect(treasury).transfer(who, tokens(1_000));
      await token.connect(who).approve(market, ethers.MaxUint256);
    }
    const now = BigInt(await time.latest());
    const rain = {
      ...(await flightProduct(now)),
      name: "Rain day",
      feedId: RAIN_ID,
      tiers: [
        { threshold: 20n, payoutBps: 5_000n },
        { threshold: 40n, payoutBps: 10_000n },
      ],
      // The index period is the whole day: the lead time covers it (no sale once it began).
      minLeadTime: DAY,
    };
    await market.connect(underwriter).createProduct(rain);
    const productId = await market.productCount();
    await market.connect(underwriter).deposit(productId, tokens(200), 0n);
    await market.connect(attacker).deposit(productId, tokens(200), 0n);
    // The day's total is observable at the day's end, 2 days from now; policies lock 200 of 400.
    const observesAt = now + 2n * DAY;
    const subject = subjectOf(observesAt, "EWR:20130101");
    await market.connect(buyer).buyPolicy(productId, subject, tokens(200), tokens(10));
    // Mid-day: 60 mm have fallen already (public weather data). The attacker leaves at full price.
    await time.increaseTo(observesAt - 12n * HOUR);
    const before = await token.balanceOf(attacker);
    await market.connect(attacker).withdraw(productId, await market.sharesOf(productId, attacker), 0n);
    const attackerOut = (await token.balanceOf(attacker)) - before;
    // Its half of (400 + 10 premium − 200 counted lost): about 105, not its 200 and more.
    expect(attackerOut).to.be.lessThan(tokens(110));
    await time.increaseTo(observesAt);
    for (const m of members.slice(0, 5)) await oracle.connect(m).report(RAIN_ID, subject, 60n);
    await market.settle(productId, subject, 1);
    const uwBefore = await token.balanceOf(underwriter);
    await market.connect(underwriter).withdraw(productId, await market.sharesOf(productId, underwriter), 0n);
    const uwOut = (await token.balanceOf(underwriter)) - uwBefore;
    // The loss is shared: the underwriter that stayed gets its half back (about 105).
    expect(uwOut).to.be.greaterThan(tokens(100));
  });
});
