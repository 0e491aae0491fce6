// The IndexOracle (DESIGN §8, issue 16 item 4): rounds requested by consumers, opened by the first
// report after observation with the committee snapshotted, final at 2/3 with the lower median,
// the deadline path, void after grace, and the reports as Committee duties recorded at finality.
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, type ContractTransactionResponse } from "ethers";
import hre, { network } from "hardhat";
import { BOUNTY, SETTLE_DELAY } from "./helpers/committeeFixture.ts";
import {
  deployOracle,
  deployOracleOnMock,
  FLIGHT,
  FLIGHT_ID,
  HOUR,
  RAIN,
  RAIN_ID,
  STATE,
  subjectOf,
} from "./helpers/oracleFixture.ts";
import { DAY } from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const fixture = () => deployOracle(ethers, networkHelpers);
const mock13 = () => deployOracleOnMock(ethers, 13);
const mock15 = () => deployOracleOnMock(ethers, 15);

// `valueOf` is also every JavaScript object's method: call the contract's through getFunction.
type Oracle = Awaited<ReturnType<typeof deployOracle>>["oracle"];
async function valueOf(oracle: Oracle, feedId: string, subject: string): Promise<[bigint, bigint]> {
  const [state, value] = await oracle.getFunction("valueOf").staticCall(feedId, subject);
  return [state, value];
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

describe("IndexOracle", function () {
  describe("feeds, consumers and binding", function () {
    it("names feeds by keccak256 of their name and keeps their settings", async function () {
      const { oracle } = await loadFixture(fixture);
      expect(await oracle.feedIdOf(FLIGHT.name)).to.equal(FLIGHT_ID);
      const feed = await oracle.feedOf(FLIGHT_ID);
      expect([feed.min, feed.max, feed.reportDeadline, feed.grace, feed.deadlineQuorum, feed.exists]).to.deep.equal([
        FLIGHT.min,
        FLIGHT.max,
        FLIGHT.reportDeadline,
        FLIGHT.grace,
        3n,
        true,
      ]);
      expect((await oracle.feedOf(await oracle.feedIdOf("unknown"))).exists).to.equal(false);
    });

    it("sets feeds through the Timelock only, refusing each invalid setting with its value", async function () {
      const { oracle, timelock, outsider } = await loadFixture(fixture);
      const wind = { name: "wind-kmh", min: 0n, max: 400n, reportDeadline: HOUR, grace: DAY, deadlineQuorum: 2 };
      const windId = await oracle.feedIdOf(wind.name);
      await expect(oracle.connect(outsider).setFeed(wind))
        .to.be.revertedWithCustomError(oracle, "NotTimelock")
        .withArgs(outsider.address, timelock.address);
      const gov = oracle.connect(timelock);
      await expect(gov.setFeed({ ...wind, min: 400n }))
        .to.be.revertedWithCustomError(oracle, "InvalidFeed")
        .withArgs(windId, 400n, 400n);
      await expect(gov.setFeed({ ...wind, reportDeadline: 0n }))
        .to.be.revertedWithCustomError(oracle, "InvalidFeedParameter")
        .withArgs(windId, "reportDeadline", 0n);
      await expect(gov.setFeed({ ...wind, grace: 0n }))
        .to.be.revertedWithCustomError(oracle, "InvalidFeedParameter")
        .withArgs(windId, "grace", 0n);
      await expect(gov.setFeed({ ...wind, deadlineQuorum: 0 }))
        .to.be.revertedWithCustomError(oracle, "InvalidFeedParameter")
        .withArgs(windId, "deadlineQuorum", 0n);
      await expect(gov.setFeed({ ...wind, name: "" }))
        .to.be.revertedWithCustomError(oracle, "InvalidFeedParameter")
        .withArgs(await oracle.feedIdOf(""), "name", 0n);
      await expect(gov.setFeed(wind)).to.emit(oracle, "FeedSet").withArgs(windId, wind.name, 0n, 400n, HOUR, DAY, 2n);
      // The range and quorum may change; the timing never (rounds were sold against it).
      await expect(gov.setFeed({ ...wind, max: 500n, deadlineQuorum: 4 })).to.emit(oracle, "FeedSet");
      expect((await oracle.feedOf(windId)).max).to.equal(500n);
      await expect(gov.setFeed({ ...wind, grace: 2n * DAY }))
        .to.be.revertedWithCustomError(oracle, "FeedTimingFixed")
        .withArgs(windId, HOUR, DAY);
      await expect(gov.setFeed({ ...wind, reportDeadline: 2n * HOUR }))
        .to.be.revertedWithCustomError(oracle, "FeedTimingFixed")
        .withArgs(windId, HOUR, DAY);
    });

    it("binds the committee once, by the deployer, who then holds nothing; consumers by the Timelock", async function () {
      const { oracle, committee, timelock, outsider, deployer, keeperRewards } = await loadFixture(fixture);
      expect(await oracle.committee()).to.equal(await committee.getAddress());
      await expect(oracle.bindCommittee(committee))
        .to.be.revertedWithCustomError(oracle, "NotBinder")
        .withArgs(deployer.address);
      await expect(oracle.setConsumer(outsider.address, true))
        .to.be.revertedWithCustomError(oracle, "NotTimelock")
        .withArgs(deployer.address, timelock.address);
      await expect(oracle.connect(timelock).setConsumer(outsider.address, true))
        .to.emit(oracle, "ConsumerSet")
        .withArgs(outsider.address, true);
      expect(await oracle.isConsumer(outsider.address)).to.equal(true);
      await expect(oracle.connect(timelock).setConsumer(ZeroAddress, true))
        .to.be.revertedWithCustomError(oracle, "NotConsumer")
        .withArgs(ZeroAddress);

      // A fresh oracle: the deployer may allow a consumer before binding, and binds a contract only.
      const fresh = await ethers.deployContract("IndexOracle", [keeperRewards, timelock.address, [], []]);
      await expect(fresh.setConsumer(outsider.address, true)).to.emit(fresh, "ConsumerSet");
      await expect(fresh.bindCommittee(outsider.address))
        .to.be.revertedWithCustomError(fresh, "InvalidCommittee")
        .withArgs(outsider.address);
      await expect(fresh.bindCommittee(committee))
        .to.emit(fresh, "CommitteeBound")
        .withArgs(await committee.getAddress());
      await expect(fresh.setConsumer(outsider.address, false)).to.be.revertedWithCustomError(fresh, "NotTimelock");
      await expect(fresh.connect(outsider).bindCommittee(committee)).to.be.revertedWithCustomError(fresh, "NotBinder");
    });

    it("refuses reports while no committee is bound", async function () {
      const { keeperRewards, timelock, consumer, members } = await loadFixture(fixture);
      const unbound = await ethers.deployContract("IndexOracle", [keeperRewards, timelock.address, [FLIGHT], []]);
      await unbound.connect(timelock).setConsumer(consumer.address, true);
      const subject = subjectOf(BigInt(await time.latest()) + 10n, "UA1545:20130101");
      await unbound.connect(consumer).requestRound(FLIGHT_ID, subject);
      await time.increase(20);
      await expect(unbound.connect(members[0]).report(FLIGHT_ID, subject, 10))
        .to.be.revertedWithCustomError(unbound, "InvalidCommittee")
        .withArgs(ZeroAddress);
    });
  });

  describe("requests", function () {
    it("attack 1: a non-consumer cannot request a round", async function () {
      const { oracle, outsider, members } = await loadFixture(fixture);
      const subject = subjectOf(BigInt(await time.latest()) + HOUR, "UA1545:20130101");
      for (const caller of [outsider, members[0]]) {
        await expect(oracle.connect(caller).requestRound(FLIGHT_ID, subject))
          .to.be.revertedWithCustomError(oracle, "NotConsumer")
          .withArgs(caller.address);
      }
      expect((await oracle.roundOf(FLIGHT_ID, subject)).state).to.equal(STATE.None);
    });

    it("attack 2: a lone member cannot open a round for an unrequested subject", async function () {
      const { oracle, members } = await loadFixture(fixture);
      const subject = subjectOf(BigInt(await time.latest()) - 10n, "GARBAGE:20130101");
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 30))
        .to.be.revertedWithCustomError(oracle, "NotRequested")
        .withArgs(FLIGHT_ID, subject);
      await expect(oracle.finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "NotRequested")
        .withArgs(FLIGHT_ID, subject);
      await expect(oracle.voidRound(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "NotRequested")
        .withArgs(FLIGHT_ID, subject);
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.None, 0n]);
    });

    it("records a request once (a second is a no-op) and refuses an unknown feed or an invalid subject", async function () {
      const { oracle, consumer } = await loadFixture(fixture);
      const observesAt = BigInt(await time.latest()) + HOUR;
      const subject = subjectOf(observesAt, "UA1545:20130101");
      await expect(oracle.connect(consumer).requestRound(FLIGHT_ID, subject))
        .to.emit(oracle, "RoundRequested")
        .withArgs(FLIGHT_ID, subject, consumer.address, observesAt);
      await expect(oracle.connect(consumer).requestRound(FLIGHT_ID, subject)).to.not.emit(oracle, "RoundRequested");
      expect((await oracle.roundOf(FLIGHT_ID, subject)).state).to.equal(STATE.Requested);
      const unknown = await oracle.feedIdOf("unknown");
      await expect(oracle.connect(consumer).requestRound(unknown, subject))
        .to.be.revertedWithCustomError(oracle, "UnknownFeed")
        .withArgs(unknown);
      const noKey = subjectOf(observesAt, "");
      await expect(oracle.connect(consumer).requestRound(FLIGHT_ID, noKey))
        .to.be.revertedWithCustomError(oracle, "InvalidSubject")
        .withArgs(noKey);
      await expect(oracle.report(unknown, subject, 1)).to.be.revertedWithCustomError(oracle, "UnknownFeed");
      await expect(oracle.finalize(unknown, subject)).to.be.revertedWithCustomError(oracle, "UnknownFeed");
    });
  });

  describe("reports and finality", function () {
    it("opens at the first report with the term snapshotted, finalizes at ceil(2n/3) with the lower median, and records the reporters' duties", async function () {
      const { oracle, committee, members, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "NotObservable")
        .withArgs(subject, observesAt, (n: bigint) => n < observesAt);
      await time.increaseTo(observesAt);
      const first = oracle.connect(members[3]).report(FLIGHT_ID, subject, 42);
      await expect(first).to.emit(oracle, "RoundOpened").withArgs(FLIGHT_ID, subject, 0n, 7n);
      await expect(first).to.emit(oracle, "Reported").withArgs(FLIGHT_ID, subject, members[3].address, 3n, 42n, 1n);
      const values = [40, 2_000, 41, 39];
      for (const [i, value] of values.slice(0, 3).entries()) {
        await oracle.connect(members[i]).report(FLIGHT_ID, subject, value);
      }
      expect((await oracle.roundOf(FLIGHT_ID, subject)).state).to.equal(STATE.Open);
      // The fifth of 7 (ceil(14/3) = 5): 39, 40, 41, 42, 2000 -> 41.
      const last = oracle.connect(members[6]).report(FLIGHT_ID, subject, 39);
      await expect(last)
        .to.emit(oracle, "RoundFinalized")
        .withArgs(FLIGHT_ID, subject, 41n, 5n, false, members[6].address);
      const oracleAddress = await oracle.getAddress();
      for (const seat of [0, 1, 2, 3, 6]) {
        await expect(last)
          .to.emit(committee, "DutyRecorded")
          .withArgs(0n, seat, members[seat].address, oracleAddress, true);
      }
      const receipt = await (await last).wait();
      const duties = receipt!.logs
        .map((l) => committee.interface.parseLog(l))
        .filter((l) => l?.name === "DutyRecorded");
      expect(duties).to.have.length(5);
      const round = await oracle.roundOf(FLIGHT_ID, subject);
      expect([round.state, round.term, round.committeeSize, round.reports, round.value]).to.deep.equal([
        STATE.Final,
        0n,
        7n,
        5n,
        41n,
      ]);
      expect(round.reportedSeats).to.equal(0b1001111n);
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.Final, 41n]);
      // The same values once final, the final one first (it took the first report's slot).
      const stored = [...(await oracle.reportsOf(FLIGHT_ID, subject))];
      expect(stored[0]).to.equal(41n);
      expect(stored.sort((a, b) => Number(a - b))).to.deep.equal([39n, 40n, 41n, 42n, 2_000n]);
      const [assigned, done] = await committee.dutiesOf(0);
      expect(assigned).to.deep.equal([1n, 1n, 1n, 1n, 0n, 0n, 1n]);
      expect(done).to.deep.equal([1n, 1n, 1n, 1n, 0n, 0n, 1n]);
      // After finality: refused, for members that reported and for those that did not.
      await expect(oracle.connect(members[4]).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Final);
      await expect(oracle.finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Final);
      await time.increase(FLIGHT.reportDeadline + FLIGHT.grace);
      // Final stays final past the void time.
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.Final, 41n]);
      await expect(oracle.voidRound(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Final);
    });

    it("8 honest reports and 1 absurd one keep the median honest (13 members, final at the 9th)", async function () {
      const { oracle, consumer, wallets } = await loadFixture(mock13);
      for (const absurd of [FLIGHT.max, FLIGHT.min]) {
        const observesAt = BigInt(await time.latest()) + 10n;
        const subject = subjectOf(observesAt, `AA${absurd}:20130101`);
        await oracle.connect(consumer).requestRound(FLIGHT_ID, subject);
        await time.increaseTo(observesAt);
        // The absurd one comes first, then 40..47 (lower median of 9: the 5th smallest).
        const values = [absurd, 44n, 40n, 47n, 41n, 46n, 42n, 45n, 43n];
        for (const [i, value] of values.entries()) {
          const tx = oracle.connect(wallets[i]).report(FLIGHT_ID, subject, value);
          if (i < 8) await tx;
          else
            await expect(tx)
              .to.emit(oracle, "RoundFinalized")
              .withArgs(FLIGHT_ID, subject, absurd > 0n ? 44n : 43n, 9n, false, await wallets[i].getAddress());
        }
        const [state, value] = await valueOf(oracle, FLIGHT_ID, subject);
        expect(state).to.equal(STATE.Final);
        expect(value >= 40n && value <= 47n).to.equal(true);
      }
    });

    it("refuses an out-of-range report, a second report, a report before observation and a non-member's", async function () {
      const { oracle, members, outsider, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "NotObservable")
        .withArgs(subject, observesAt, (n: bigint) => n < observesAt);
      await time.increaseTo(observesAt);
      for (const value of [FLIGHT.max + 1n, FLIGHT.min - 1n, 2n ** 200n]) {
        await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, value))
          .to.be.revertedWithCustomError(oracle, "OutOfRange")
          .withArgs(FLIGHT_ID, value, FLIGHT.min, FLIGHT.max);
      }
      // The bounds themselves are values.
      await oracle.connect(members[0]).report(FLIGHT_ID, subject, FLIGHT.max);
      await oracle.connect(members[1]).report(FLIGHT_ID, subject, FLIGHT.min);
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "AlreadyReported")
        .withArgs(FLIGHT_ID, subject, members[0].address);
      await expect(oracle.connect(outsider).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "NotCommitteeMember")
        .withArgs(outsider.address, 0n);
      expect((await oracle.roundOf(FLIGHT_ID, subject)).reports).to.equal(2n);
      expect(await oracle.reportsOf(FLIGHT_ID, subject)).to.deep.equal([FLIGHT.max, FLIGHT.min]);
    });

    it("reportBySeat: the caller must hold the seat it names; both forms share the one report per member", async function () {
      const { oracle, committee, members, outsider, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await time.increaseTo(observesAt);
      for (const [caller, seat] of [
        [members[0], 1],
        [outsider, 0],
        [members[0], 7],
        [members[0], 40],
      ] as const) {
        await expect(oracle.connect(caller).reportBySeat(FLIGHT_ID, subject, 10, seat))
          .to.be.revertedWithCustomError(oracle, "NotCommitteeMember")
          .withArgs(caller.address, 0n);
      }
      await expect(oracle.connect(members[2]).reportBySeat(FLIGHT_ID, subject, 10, 2))
        .to.emit(oracle, "Reported")
        .withArgs(FLIGHT_ID, subject, members[2].address, 2n, 10n, 1n);
      await expect(oracle.connect(members[2]).report(FLIGHT_ID, subject, 11))
        .to.be.revertedWithCustomError(oracle, "AlreadyReported")
        .withArgs(FLIGHT_ID, subject, members[2].address);
      await oracle.connect(members[3]).report(FLIGHT_ID, subject, 12);
      await expect(oracle.connect(members[3]).reportBySeat(FLIGHT_ID, subject, 12, 3))
        .to.be.revertedWithCustomError(oracle, "AlreadyReported")
        .withArgs(FLIGHT_ID, subject, members[3].address);
      for (const seat of [3, 4, 5, 1]) await committee.connect(members[seat]).voteImpeach(seat, 0);
      expect(await committee.memberAt(0, 0)).to.deep.equal([ZeroAddress, 6n]);
      expect(await committee.memberAt(0, 2)).to.deep.equal([members[2].address, 6n]);
      expect(await committee.memberAt(5, 0)).to.deep.equal([ZeroAddress, 0n]);
      await expect(oracle.connect(members[0]).reportBySeat(FLIGHT_ID, subject, 10, 0))
        .to.be.revertedWithCustomError(oracle, "NotCommitteeMember")
        .withArgs(members[0].address, 0n);
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 10))
        .to.be.revertedWithCustomError(oracle, "NotCommitteeMember")
        .withArgs(members[0].address, 0n);
    });

    it("refuses a committee larger than a round's seat bitmap (33 seats)", async function () {
      const { oracle, consumer, wallets } = await deployOracleOnMock(ethers, 33);
      const subject = subjectOf(BigInt(await time.latest()) + 10n, "UA1545:20130101");
      await oracle.connect(consumer).requestRound(FLIGHT_ID, subject);
      await time.increase(20);
      await expect(oracle.connect(wallets[0]).report(FLIGHT_ID, subject, 10))
        .to.be.revertedWithCustomError(oracle, "CommitteeTooLarge")
        .withArgs(0n, 33n);
      await expect(oracle.connect(wallets[32]).reportBySeat(FLIGHT_ID, subject, 10, 32))
        .to.be.revertedWithCustomError(oracle, "CommitteeTooLarge")
        .withArgs(0n, 33n);
    });

    it("refuses to open a round in a term without a committee", async function () {
      const { oracle, consumer, members, committee } = await loadFixture(fixture);
      // Term 1 has nobody drawn: a round first reported in it has no committee.
      const termOne = await committee.termStart(1);
      const subject = subjectOf(termOne + HOUR, "UA1545:20130108");
      await oracle.connect(consumer).requestRound(FLIGHT_ID, subject);
      await time.increaseTo(termOne + HOUR);
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, subject, 40))
        .to.be.revertedWithCustomError(oracle, "NoCommittee")
        .withArgs(1n);
      await expect(oracle.connect(members[0]).reportBySeat(FLIGHT_ID, subject, 40, 0))
        .to.be.revertedWithCustomError(oracle, "NoCommittee")
        .withArgs(1n);
    });

    it("membership changes mid-round (an impeachment) do not move the quorum", async function () {
      const { oracle, committee, members, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await time.increaseTo(observesAt);
      await oracle.connect(members[0]).report(FLIGHT_ID, subject, 30);
      await oracle.connect(members[1]).report(FLIGHT_ID, subject, 31);
      // Seats 1..4 impeach seat 6 (4 of the 6 others).
      for (const voter of [1, 2, 3, 4]) await committee.connect(members[voter]).voteImpeach(voter, 6);
      expect((await committee.membersOf(0))[6]).to.equal(ZeroAddress);
      await expect(oracle.connect(members[6]).report(FLIGHT_ID, subject, 30))
        .to.be.revertedWithCustomError(oracle, "NotCommitteeMember")
        .withArgs(members[6].address, 0n);
      await oracle.connect(members[2]).report(FLIGHT_ID, subject, 32);
      await oracle.connect(members[3]).report(FLIGHT_ID, subject, 33);
      // Still 5 of the snapshot's 7, not ceil(2·6/3) = 4.
      let round = await oracle.roundOf(FLIGHT_ID, subject);
      expect([round.state, round.committeeSize, round.reports]).to.deep.equal([STATE.Open, 7n, 4n]);
      await expect(oracle.connect(members[4]).report(FLIGHT_ID, subject, 34))
        .to.emit(oracle, "RoundFinalized")
        .withArgs(FLIGHT_ID, subject, 32n, 5n, false, members[4].address);
      round = await oracle.roundOf(FLIGHT_ID, subject);
      expect(round.committeeSize).to.equal(7n);

      // A new round opened after the impeachment snapshots the 6 seats left (final at 4).
      const next = await requested("UA1546:20130101");
      await time.increaseTo(next.observesAt);
      await expect(oracle.connect(members[0]).report(FLIGHT_ID, next.subject, 10))
        .to.emit(oracle, "RoundOpened")
        .withArgs(FLIGHT_ID, next.subject, 0n, 6n);
      for (const seat of [1, 2]) await oracle.connect(members[seat]).report(FLIGHT_ID, next.subject, 10);
      await expect(oracle.connect(members[3]).report(FLIGHT_ID, next.subject, 10)).to.emit(oracle, "RoundFinalized");
    });

    it("a feed's final value is only that feed's: a round on feed A does not answer feed B", async function () {
      const { oracle, consumer, members, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("EWR:20130101");
      await time.increaseTo(observesAt);
      for (const seat of [0, 1, 2, 3, 4]) await oracle.connect(members[seat]).report(FLIGHT_ID, subject, 25);
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.Final, 25n]);
      expect(await valueOf(oracle, RAIN_ID, subject)).to.deep.equal([STATE.None, 0n]);
      // Reporting on B needs B's own request, and B's round counts its own reports.
      await expect(oracle.connect(members[0]).report(RAIN_ID, subject, 5))
        .to.be.revertedWithCustomError(oracle, "NotRequested")
        .withArgs(RAIN_ID, subject);
      await oracle.connect(consumer).requestRound(RAIN_ID, subject);
      await expect(oracle.connect(members[0]).report(RAIN_ID, subject, 5)).to.emit(oracle, "RoundOpened");
      expect(await valueOf(oracle, RAIN_ID, subject)).to.deep.equal([STATE.Open, 0n]);
      expect((await oracle.roundOf(RAIN_ID, subject)).reports).to.equal(1n);
      expect(await oracle.reportsOf(RAIN_ID, subject)).to.deep.equal([5n]);
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.Final, 25n]);
    });
  });

  describe("deadline path and void", function () {
    it("finalizes after the deadline at exactly its quorum, a majority of the snapshot (one less fails), records misses, pays one bounty", async function () {
      const { oracle, committee, members, requested, keeper, keeperRewards } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await time.increaseTo(observesAt);
      // The feed's quorum is 3; a majority of the committee is more (audit I7).
      expect(await oracle.deadlineQuorumOf(FLIGHT_ID, 7)).to.equal(4n);
      expect(await oracle.deadlineQuorumOf(FLIGHT_ID, 12)).to.equal(7n);
      expect(await oracle.deadlineQuorumOf(FLIGHT_ID, 3)).to.equal(3n);
      await oracle.connect(members[2]).report(FLIGHT_ID, subject, 50);
      await oracle.connect(members[5]).report(FLIGHT_ID, subject, 10);
      const deadline = observesAt + FLIGHT.reportDeadline;
      expect(await oracle.deadlinesOf(FLIGHT_ID, subject)).to.deep.equal([deadline, deadline + FLIGHT.grace]);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(oracle.connect(keeper).finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "NotDue")
        .withArgs(deadline, deadline - 1n);
      await time.setNextBlockTimestamp(deadline);
      await expect(oracle.connect(keeper).finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "QuorumNotReached")
        .withArgs(FLIGHT_ID, subject, 2n, 4n);
      // Late reports still count (the round is not void yet); three are one short.
      await oracle.connect(members[0]).report(FLIGHT_ID, subject, 30);
      await expect(oracle.connect(keeper).finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "QuorumNotReached")
        .withArgs(FLIGHT_ID, subject, 3n, 4n);
      await oracle.connect(members[3]).report(FLIGHT_ID, subject, 40);
      const finalize = oracle.connect(keeper).finalize(FLIGHT_ID, subject);
      await expect(finalize)
        .to.emit(oracle, "RoundFinalized")
        .withArgs(FLIGHT_ID, subject, 30n, 4n, true, keeper.address);
      await expect(finalize)
        .to.emit(keeperRewards, "BountyPaid")
        .withArgs(
          encodeBytes32String("IndexOracle.finalize"),
          keeper.address,
          await oracle.getAddress(),
          1n,
          BOUNTY,
          (n: bigint) => n >= 1n,
          (n: bigint) => n >= 0n,
        );
      const oracleAddress = await oracle.getAddress();
      for (const seat of [0, 2, 3, 5]) {
        await expect(finalize)
          .to.emit(committee, "DutyRecorded")
          .withArgs(0n, seat, members[seat].address, oracleAddress, true);
      }
      for (const seat of [1, 4, 6]) {
        await expect(finalize)
          .to.emit(committee, "DutyRecorded")
          .withArgs(0n, seat, members[seat].address, oracleAddress, false);
      }
      const [assigned, done] = await committee.dutiesOf(0);
      expect(assigned).to.deep.equal([1n, 1n, 1n, 1n, 1n, 1n, 1n]);
      expect(done).to.deep.equal([1n, 0n, 1n, 1n, 0n, 1n, 0n]);
      await expect(oracle.connect(keeper).finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Final);
    });

    it("a round never reported is not final at the deadline (quorum 3 of 0 reports: no committee snapshotted)", async function () {
      const { oracle, requested } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      await time.increaseTo(observesAt + FLIGHT.reportDeadline);
      await expect(oracle.finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "QuorumNotReached")
        .withArgs(FLIGHT_ID, subject, 0n, 3n);
    });

    it("is void after deadline + grace: valueOf says so without a call, reports and finalize are refused, voidRound records no duty", async function () {
      const { oracle, committee, members, requested, keeper, keeperRewards } = await loadFixture(fixture);
      const { subject, observesAt } = await requested("UA1545:20130101");
      const never = await requested("UA9999:20130101");
      await time.increaseTo(observesAt);
      for (const seat of [0, 1, 2]) await oracle.connect(members[seat]).report(FLIGHT_ID, subject, 20);
      const voidAt = observesAt + FLIGHT.reportDeadline + FLIGHT.grace;
      await time.setNextBlockTimestamp(voidAt - 1n);
      await expect(oracle.connect(keeper).voidRound(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "NotDue")
        .withArgs(voidAt, voidAt - 1n);
      await time.increaseTo(voidAt);
      expect(await valueOf(oracle, FLIGHT_ID, subject)).to.deep.equal([STATE.Void, 0n]);
      expect((await valueOf(oracle, FLIGHT_ID, never.subject))[0]).to.equal(STATE.Requested);
      expect((await oracle.roundOf(FLIGHT_ID, subject)).state).to.equal(STATE.Open);
      await expect(oracle.connect(members[3]).report(FLIGHT_ID, subject, 20))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Void);
      await expect(oracle.connect(keeper).finalize(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Void);
      const voided = oracle.connect(keeper).voidRound(FLIGHT_ID, subject);
      await expect(voided).to.emit(oracle, "RoundVoided").withArgs(FLIGHT_ID, subject, 3n, keeper.address);
      await expect(voided)
        .to.emit(keeperRewards, "BountyPaid")
        .withArgs(
          encodeBytes32String("IndexOracle.voidRound"),
          keeper.address,
          await oracle.getAddress(),
          1n,
          BOUNTY,
          (n: bigint) => n >= 1n,
          (n: bigint) => n >= 0n,
        );
      await expect(voided).to.not.emit(committee, "DutyRecorded");
      await expect(oracle.connect(keeper).voidRound(FLIGHT_ID, subject))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Void);
      await expect(oracle.connect(members[3]).report(FLIGHT_ID, subject, 20))
        .to.be.revertedWithCustomError(oracle, "RoundClosed")
        .withArgs(FLIGHT_ID, subject, STATE.Void);
      // A round nobody reported is void too (its policies are refunded).
      await time.increase(10);
      expect(await valueOf(oracle, FLIGHT_ID, never.subject)).to.deep.equal([STATE.Void, 0n]);
      await expect(oracle.connect(keeper).voidRound(FLIGHT_ID, never.subject))
        .to.emit(oracle, "RoundVoided")
        .withArgs(FLIGHT_ID, never.subject, 0n, keeper.address);
      expect(await valueOf(oracle, FLIGHT_ID, never.subject)).to.deep.equal([STATE.Void, 0n]);
      const [assigned] = await committee.dutiesOf(0);
      expect(assigned).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n, 0n]);
    });
  });

  describe("duties", function () {
    it("a member that skips deadline-path rounds is slashed by Committee.settleTerm; one that skips 2/3 rounds is not", async function () {
      const { oracle, committee, members, requested, keeper, start } = await loadFixture(fixture);
      // Three deadline-path rounds: seats 0..3 report (a majority), seats 4..6 miss each. Then two
      // 2/3 rounds where seats 5 and 6 never report (no misses recorded for them there).
      for (let k = 0; k < 3; ++k) {
        const { subject, observesAt } = await requested(`DL${k}:20130101`);
        await time.increaseTo(observesAt);
        for (const seat of [0, 1, 2, 3]) await oracle.connect(members[seat]).report(FLIGHT_ID, subject, 15);
        await time.increaseTo(observesAt + FLIGHT.reportDeadline);
        await oracle.connect(keeper).finalize(FLIGHT_ID, subject);
      }
      for (let k = 0; k < 2; ++k) {
        const { subject, observesAt } = await requested(`TT${k}:20130101`);
        await time.increaseTo(observesAt);
        for (const seat of [0, 1, 2, 3, 4]) await oracle.connect(members[seat]).report(FLIGHT_ID, subject, 15);
      }
      const [assigned, done] = await committee.dutiesOf(0);
      expect(assigned).to.deep.equal([5n, 5n, 5n, 5n, 5n, 3n, 3n]);
      expect(done).to.deep.equal([5n, 5n, 5n, 5n, 2n, 0n, 0n]);
      await time.increaseTo((await committee.termStart(1)) + SETTLE_DELAY);
      const settle = await (await committee.connect(keeper).settleTerm(0)).wait();
      const penalized = settle!.logs
        .map((l) => committee.interface.parseLog(l))
        .filter((l) => l?.name === "MemberPenalized")
        .map((l) => l!.args.member as string);
      // Seat 4 missed 3 of 5 (> 1/3), seats 5 and 6 3 of 3; seats 0..3 missed nothing.
      expect([...penalized].sort()).to.deep.equal([4, 5, 6].map((s) => members[s].address).sort());
      expect(start).to.be.greaterThan(0n);
    });
  });

  describe("Committee.recordDuties", function () {
    it("records a batch of done and missed seats; refuses non-sources, unknown seats and overlaps", async function () {
      const { committee, duty, members, nodes } = await loadFixture(fixture);
      await expect(committee.connect(nodes[10]).recordDuties(0, 1, 0))
        .to.be.revertedWithCustomError(committee, "NotDutySource")
        .withArgs(nodes[10].address);
      await expect(committee.connect(duty).recordDuties(0, 1 << 7, 0))
        .to.be.revertedWithCustomError(committee, "UnknownSeat")
        .withArgs(0n, 128n);
      await expect(committee.connect(duty).recordDuties(0, 0b11, 0b10))
        .to.be.revertedWithCustomError(committee, "UnknownSeat")
        .withArgs(0n, 3n);
      const batch = committee.connect(duty).recordDuties(0, 0b101, 0b1000010);
      await expect(batch).to.emit(committee, "DutyRecorded").withArgs(0n, 0n, members[0].address, duty.address, true);
      await expect(batch).to.emit(committee, "DutyRecorded").withArgs(0n, 1n, members[1].address, duty.address, false);
      await expect(batch).to.emit(committee, "DutyRecorded").withArgs(0n, 6n, members[6].address, duty.address, false);
      const [assigned, done] = await committee.dutiesOf(0);
      expect(assigned).to.deep.equal([1n, 1n, 1n, 0n, 0n, 0n, 1n]);
      expect(done).to.deep.equal([1n, 0n, 1n, 0n, 0n, 0n, 0n]);
      expect(await committee.dutiesDoneOf(members[2].address)).to.equal(1n);
      await expect(committee.connect(duty).recordDuties(0, 0, 0)).to.not.emit(committee, "DutyRecorded");
    });
  });

  describe("gas", function () {
    it("measures a report and the finalizing report on the real Committee (7 members)", async function () {
      // Coverage instruments the bytecode: its gas is not the contracts' gas.
      if (hre.globalOptions.coverage) this.skip();
      const { oracle, members, requested } = await loadFixture(fixture);
      // First the form that looks the caller up among the seats, on the term's first round (its
      // finalizing report writes the term's duty counters for the first time).
      const first = await requested("UA1546:20130101");
      await time.increaseTo(first.observesAt);
      const lookedUp: bigint[] = [];
      for (const seat of [0, 1, 2, 3, 4]) {
        lookedUp.push(await gasOf(oracle.connect(members[seat]).report(FLIGHT_ID, first.subject, 40 + seat)));
      }
      console.log(`      report gas (7 members, term's first duties): ${lookedUp.join(", ")}`);
      for (const g of lookedUp.slice(0, 4)) expect(g).to.be.lessThanOrEqual(90_000n);
      expect(lookedUp[4]).to.be.lessThanOrEqual(160_000n);
      // Then reportBySeat on a later round of the term: the goals.
      const { subject, observesAt } = await requested("UA1545:20130101");
      await time.increaseTo(observesAt);
      const gas: bigint[] = [];
      for (const seat of [0, 1, 2, 3, 4]) {
        gas.push(await gasOf(oracle.connect(members[seat]).reportBySeat(FLIGHT_ID, subject, 40 + seat, seat)));
      }
      console.log(`      reportBySeat gas (7 members): ${gas.join(", ")}`);
      for (const g of gas.slice(0, 4)) expect(g).to.be.lessThanOrEqual(75_000n);
      expect(gas[4]).to.be.lessThanOrEqual(130_000n);
    });

    it("measures reports and the finalizing report with 15 members (Committee double)", async function () {
      // Coverage instruments the bytecode: its gas is not the contracts' gas.
      if (hre.globalOptions.coverage) this.skip();
      const { oracle, consumer, wallets, committee } = await loadFixture(mock15);
      const observesAt = BigInt(await time.latest()) + 10n;
      const subject = subjectOf(observesAt, "UA1545:20130101");
      await oracle.connect(consumer).requestRound(FLIGHT_ID, subject);
      await time.increaseTo(observesAt);
      const gas: bigint[] = [];
      for (let i = 0; i < 10; ++i) {
        gas.push(await gasOf(oracle.connect(wallets[i]).reportBySeat(FLIGHT_ID, subject, 40 + i, i)));
      }
      console.log(`      reportBySeat gas (15 members, double): ${gas.join(", ")}`);
      // The oracle's own part of the finalizing report (the double records nothing).
      await committee.setSilent(true);
      const again = subjectOf(BigInt(await time.latest()) + 10n, "UA1546:20130101");
      await oracle.connect(consumer).requestRound(FLIGHT_ID, again);
      await time.increase(20);
      for (let i = 0; i < 9; ++i) await oracle.connect(wallets[i]).reportBySeat(FLIGHT_ID, again, 40 + i, i);
      const own = await gasOf(oracle.connect(wallets[9]).reportBySeat(FLIGHT_ID, again, 49, 9));
      console.log(`      finalizing reportBySeat, oracle's own part (15 members): ${own}`);
      expect(own).to.be.lessThanOrEqual(130_000n);
      expect((await oracle.roundOf(FLIGHT_ID, subject)).state).to.equal(STATE.Final);
      for (const g of gas.slice(0, 9)) expect(g).to.be.lessThanOrEqual(75_000n);
    });
  });
});
