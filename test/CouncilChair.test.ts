import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { MaxUint256, ZeroAddress, type HDNodeWallet } from "ethers";
import { network } from "hardhat";
import { electCouncil } from "./helpers/councilFixture.ts";
import { BOUNTY, CHOICE, deployGovernance, PROFILE, type Governance } from "./helpers/governanceFixture.ts";
import { earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const ROUND = PROFILE.council.chair.roundPeriod;
const INTERVAL = PROFILE.council.chair.reportInterval;

async function base() {
  return deployGovernance(ethers, networkHelpers, ignition);
}
async function three() {
  const g = await base();
  return { g, m: await electCouncil(g, networkHelpers, 3) };
}
async function four() {
  const g = await base();
  return { g, m: await electCouncil(g, networkHelpers, 4) };
}
async function seven() {
  const g = await base();
  return { g, m: await electCouncil(g, networkHelpers, 7) };
}

async function declare(g: Governance, ...who: HDNodeWallet[]) {
  for (const member of who) await g.chair.connect(member).declareForChair();
}
/** votes[i] is the candidate member i votes for (undefined: no vote). */
async function vote(g: Governance, m: HDNodeWallet[], votes: (HDNodeWallet | undefined)[]) {
  for (let i = 0; i < votes.length; i++) {
    if (votes[i] !== undefined) await g.chair.connect(m[i]).chairVote(votes[i]!.address);
  }
}
async function close(g: Governance) {
  const [, dueAt] = await g.chair.roundDueAt();
  await time.increaseTo(dueAt);
  return g.chair.connect(g.keeper).closeRound();
}

describe("CouncilChair", function () {
  describe("ballot with 3 members", function () {
    it("a candidate with more than half of the sitting members' votes wins at once, in the first round", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[0], m[1]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await g.chair.connect(m[0]).chairVote(m[1].address);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
      await expect(g.chair.connect(m[2]).chairVote(m[1].address))
        .to.emit(g.chair, "ChairElected")
        .withArgs(ballotId, 1, m[1].address, 1, 2, 3);
      expect(await g.chair.chair()).to.equal(m[1].address);
      await expect(g.chair.connect(m[0]).chairVote(m[1].address))
        .to.be.revertedWithCustomError(g.chair, "NotInRound")
        .withArgs(ballotId, 1, (await g.chair.ballotOf(ballotId)).roundEnd);
      await expect(g.chair.closeRound()).to.be.revertedWithCustomError(g.chair, "NoOpenRound").withArgs(ballotId);
    });

    it("a three-way tie eliminates the latest declaration; the next round elects", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[0], m[1], m[2]);
      await vote(g, m, [m[0], m[1], m[2]]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 1, [m[0].address, m[1].address, m[2].address], [1, 1, 1], m[2].address, ZeroAddress)
        .and.to.emit(g.chair, "CandidateEliminated")
        .withArgs(ballotId, 1, m[2].address, 1)
        .and.to.emit(g.rewards, "BountyPaid");
      expect((await g.chair.ballotOf(ballotId)).round).to.equal(2);
      // Round 2: the eliminated candidate is no candidate; the votes start afresh.
      await expect(g.chair.connect(m[2]).chairVote(m[2].address))
        .to.be.revertedWithCustomError(g.chair, "NotCandidate")
        .withArgs(ballotId, m[2].address);
      expect(await g.chair.voteOf(ballotId, 2, m[0].address)).to.equal(ZeroAddress);
      await g.chair.connect(m[2]).chairVote(m[0].address);
      await expect(g.chair.connect(m[1]).chairVote(m[0].address))
        .to.emit(g.chair, "ChairElected")
        .withArgs(ballotId, 1, m[0].address, 2, 2, 3);
    });

    it("one candidate alone wins when the first round closes, even without votes", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[2]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await expect(close(g)).to.emit(g.chair, "ChairElected").withArgs(ballotId, 1, m[2].address, 1, 0, 3);
      expect(await g.chair.chair()).to.equal(m[2].address);
    });

    it("a vote changes within the round; withdrawing it counts nothing", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[0], m[1]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await g.chair.connect(m[0]).chairVote(m[0].address);
      await g.chair.connect(m[0]).chairVote(m[1].address);
      expect(await g.chair.votesFor(ballotId, 1, m[0].address)).to.equal(0);
      expect(await g.chair.votesFor(ballotId, 1, m[1].address)).to.equal(1);
      await expect(g.chair.connect(m[0]).chairVote(ZeroAddress))
        .to.emit(g.chair, "ChairVoted")
        .withArgs(ballotId, 1, m[0].address, ZeroAddress);
      expect(await g.chair.votesFor(ballotId, 1, m[1].address)).to.equal(0);
      // No majority by votes cast twice: m0 for m1, m0 again for m1, still one vote.
      await g.chair.connect(m[0]).chairVote(m[1].address);
      await g.chair.connect(m[0]).chairVote(m[1].address);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
    });
  });

  describe("ballot with 4 members", function () {
    it("2-2 is no majority: the fewest go, a tie eliminates the later declaration and the last one left wins", async function () {
      const { g, m } = await loadFixture(four);
      await declare(g, m[0], m[1], m[2]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await vote(g, m, [m[0], m[1], m[0], m[1]]);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 1, [m[0].address, m[1].address, m[2].address], [2, 2, 0], m[2].address, ZeroAddress);
      await vote(g, m, [m[0], m[1], m[0], m[1]]);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 2, [m[0].address, m[1].address, m[2].address], [2, 2, 0], m[1].address, m[0].address)
        .and.to.emit(g.chair, "ChairElected")
        .withArgs(ballotId, 1, m[0].address, 2, 2, 4);
      expect(await g.chair.chair()).to.equal(m[0].address);
      const [, dueAt] = await g.chair.roundDueAt();
      expect(dueAt).to.equal(ethers.MaxUint256);
    });

    it("declaring is open in the first round only, once, for sitting members of an elected term", async function () {
      const { g, m } = await loadFixture(four);
      await expect(g.chair.connect(g.keeper).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "NotSittingMember")
        .withArgs(g.keeper.address);
      await declare(g, m[0], m[3]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await expect(g.chair.connect(m[0]).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "AlreadyCandidate")
        .withArgs(ballotId, m[0].address);
      const roundEnd = (await g.chair.ballotOf(ballotId)).roundEnd;
      await time.setNextBlockTimestamp(roundEnd - 1n);
      await declare(g, m[1]);
      await expect(g.chair.connect(m[2]).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "DeclarationClosed")
        .withArgs(ballotId, 1, roundEnd);
      await expect(g.chair.connect(m[2]).chairVote(m[0].address))
        .to.be.revertedWithCustomError(g.chair, "NotInRound")
        .withArgs(ballotId, 1, roundEnd);
      await g.chair.closeRound(); // m1 (latest, no votes) goes
      await expect(g.chair.connect(m[2]).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "DeclarationClosed")
        .withArgs(ballotId, 2, roundEnd + ROUND);
      await expect(g.chair.connect(m[2]).chairVote(m[2].address))
        .to.be.revertedWithCustomError(g.chair, "NotCandidate")
        .withArgs(ballotId, m[2].address);
      await expect(g.chair.connect(m[2]).chairVote(m[1].address))
        .to.be.revertedWithCustomError(g.chair, "NotCandidate")
        .withArgs(ballotId, m[1].address);
    });

    it("closeRound is not due before the round's end, due at its second, and pays one unit", async function () {
      const { g, m } = await loadFixture(four);
      await expect(g.chair.closeRound()).to.be.revertedWithCustomError(g.chair, "NoOpenRound").withArgs(0);
      await declare(g, m[0], m[1]);
      const ballotId = await g.chair.ballotOfTerm(1);
      // Nobody declared yet: no deadline; the first declaration starts the round.
      const roundEnd = (await g.chair.ballotOf(ballotId)).roundEnd;
      expect(await g.chair.roundDueAt()).to.deep.equal([ballotId, roundEnd]);
      await time.setNextBlockTimestamp(roundEnd - 1n);
      await expect(g.chair.closeRound())
        .to.be.revertedWithCustomError(g.chair, "NotDue")
        .withArgs(roundEnd, earlierThan(roundEnd));
      await time.setNextBlockTimestamp(roundEnd);
      await expect(g.chair.connect(g.keeper).closeRound())
        .to.emit(g.rewards, "BountyPaid")
        .withArgs(
          await g.chair.CLOSE_KIND(),
          g.keeper.address,
          await g.chair.getAddress(),
          1,
          BOUNTY,
          anyValue,
          anyValue,
        );
    });
  });

  describe("ballot with 7 members", function () {
    it("eliminates over several rounds (ties to the later declaration) until one has a majority of the seven", async function () {
      const { g, m } = await loadFixture(seven);
      const [a, b, c, d, e] = m;
      await declare(g, a, b, c, d, e);
      const ballotId = await g.chair.ballotOfTerm(1);
      const all = [a, b, c, d, e].map((x) => x.address);
      // Round 1: a 2, b 2, c 1, d 1, e 1 -> e (latest of the fewest) goes.
      await vote(g, m, [a, a, b, b, c, d, e]);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 1, all, [2, 2, 1, 1, 1], e.address, ZeroAddress);
      // Round 2: a 2, b 2, c 2, d 1 -> d goes.
      await vote(g, m, [a, a, b, b, c, d, c]);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 2, all, [2, 2, 2, 1, 0], d.address, ZeroAddress);
      // Round 3: a 3, b 2, c 2 -> c goes (tie with b, later declaration).
      await vote(g, m, [a, a, b, b, c, a, c]);
      await expect(close(g))
        .to.emit(g.chair, "RoundClosed")
        .withArgs(ballotId, 3, all, [3, 2, 2, 0, 0], c.address, ZeroAddress);
      // Round 4: b reaches 4 of 7 and wins at once.
      await vote(g, m, [a, a, b, b, b]);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
      await expect(g.chair.connect(m[6]).chairVote(b.address))
        .to.emit(g.chair, "ChairElected")
        .withArgs(ballotId, 1, b.address, 4, 4, 7);
      const ballot = await g.chair.ballotOf(ballotId);
      expect(ballot.remaining).to.equal(2);
      expect(ballot.chair).to.equal(b.address);
    });

    it("a round in which nobody votes eliminates the latest declaration", async function () {
      const { g, m } = await loadFixture(seven);
      await declare(g, m[3], m[1], m[5]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await expect(close(g)).to.emit(g.chair, "CandidateEliminated").withArgs(ballotId, 1, m[5].address, 0);
      await expect(close(g)).to.emit(g.chair, "ChairElected").withArgs(ballotId, 1, m[3].address, 2, 0, 7);
    });
  });

  describe("the transitional council", function () {
    it("elects no chair (term 0)", async function () {
      const g = await loadFixture(base);
      await expect(g.chair.connect(g.members[0]).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "NoElectedCouncil")
        .withArgs(0);
      await expect(g.chair.connect(g.members[0]).chairVote(g.members[1].address))
        .to.be.revertedWithCustomError(g.chair, "NoElectedCouncil")
        .withArgs(0);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
    });
  });

  describe("vacancy", function () {
    it("a removed chair is no chair; a member opens a new ballot by declaring", async function () {
      const { g, m } = await loadFixture(four);
      await declare(g, m[0]);
      await close(g);
      expect(await g.chair.chair()).to.equal(m[0].address);
      const first = await g.chair.ballotOfTerm(1);
      await expect(g.chair.connect(m[1]).declareForChair())
        .to.be.revertedWithCustomError(g.chair, "ChairAlreadyElected")
        .withArgs(first, m[0].address);
      await g.council.connect(await g.asTimelock()).removeMember(m[0].address);
      expect(await g.chair.chair()).to.equal(ZeroAddress);
      await expect(g.chair.connect(m[0]).publishReport("ipfs://r"))
        .to.be.revertedWithCustomError(g.chair, "NotChair")
        .withArgs(m[0].address, ZeroAddress);
      await expect(g.chair.connect(m[1]).declareForChair())
        .to.emit(g.chair, "BallotOpened")
        .withArgs(first + 1n, 1, m[0].address);
      expect(await g.chair.ballotOfTerm(1)).to.equal(first + 1n);
    });

    it("a candidate that no longer sits is eliminated first; a last candidate that does not sit fails the ballot", async function () {
      const { g, m } = await loadFixture(four);
      await declare(g, m[0], m[1]);
      const ballotId = await g.chair.ballotOfTerm(1);
      await vote(g, m, [m[0], m[0]]);
      await g.council.connect(await g.asTimelock()).removeMember(m[0].address);
      await expect(close(g)).to.emit(g.chair, "CandidateEliminated").withArgs(ballotId, 1, m[0].address, 1);
      // m1 wins as the last one left.
      expect(await g.chair.chair()).to.equal(m[1].address);

      const { g: h, m: n } = await loadFixture(four);
      await declare(h, n[1]);
      const other = await h.chair.ballotOfTerm(1);
      await h.council.connect(await h.asTimelock()).removeMember(n[1].address);
      await expect(close(h)).to.emit(h.chair, "BallotFailed").withArgs(other, 1);
      expect(await h.chair.chair()).to.equal(ZeroAddress);
      expect(await h.chair.roundDueAt()).to.deep.equal([other, ethers.MaxUint256]);
      await expect(h.chair.closeRound()).to.be.revertedWithCustomError(h.chair, "NoOpenRound").withArgs(other);
      await expect(h.chair.connect(n[0]).declareForChair())
        .to.emit(h.chair, "BallotOpened")
        .withArgs(other + 1n, 1, ZeroAddress);
    });
  });

  describe("reports", function () {
    it("only the chair publishes; each report moves the deadline one interval after it, or ends it with the term", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[0]);
      await close(g);
      // The first report is due a year from the election, or by the term's end if sooner.
      const termEnd = (await g.council.currentTerm())[1].end;
      const electedAt = BigInt(await time.latest());
      expect(await g.chair.reportDeadline()).to.equal(electedAt + INTERVAL < termEnd ? electedAt + INTERVAL : termEnd);
      await expect(g.chair.connect(m[1]).publishReport("ipfs://report"))
        .to.be.revertedWithCustomError(g.chair, "NotChair")
        .withArgs(m[1].address, m[0].address);
      const tx = g.chair.connect(m[0]).publishReport("ipfs://report");
      await expect(tx).to.emit(g.chair, "ReportPublished");
      const at = BigInt((await (await tx).getBlock())!.timestamp);
      // A yearly interval after a report passes the yearly term's end: nothing more due in it.
      expect(at + INTERVAL).to.be.greaterThanOrEqual(termEnd);
      await expect(tx).to.emit(g.chair, "ReportPublished").withArgs(1, 1, m[0].address, "ipfs://report", MaxUint256);
      expect(await g.chair.reportDeadline()).to.equal(MaxUint256);
      expect(await g.chair.reportCount()).to.equal(1);
    });

    it("a missed report is recorded after the deadline's second, also after the term, once, with a bounty", async function () {
      const { g, m } = await loadFixture(three);
      await declare(g, m[0]);
      await close(g);
      const deadline = await g.chair.reportDeadline();
      await time.setNextBlockTimestamp(deadline);
      await expect(g.chair.recordMissedReport())
        .to.be.revertedWithCustomError(g.chair, "NotDue")
        .withArgs(deadline + 1n, deadline);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(g.chair.connect(g.keeper).recordMissedReport())
        .to.emit(g.chair, "ReportMissed")
        .withArgs(1, 1, m[0].address, deadline)
        .and.to.emit(g.rewards, "BountyPaid")
        .withArgs(
          await g.chair.MISSED_REPORT_KIND(),
          g.keeper.address,
          await g.chair.getAddress(),
          1,
          BOUNTY,
          anyValue,
          anyValue,
        );
      // The deadline was the term's end: the term is over, its chair's clock stopped.
      expect(deadline).to.equal((await g.council.currentTerm())[1].end);
      await expect(g.chair.recordMissedReport()).to.be.revertedWithCustomError(g.chair, "NoChair");
      expect(await g.chair.reportDeadline()).to.equal(MaxUint256);
      await expect(g.chair.connect(m[0]).publishReport("ipfs://late"))
        .to.be.revertedWithCustomError(g.chair, "NotChair")
        .withArgs(m[0].address, ZeroAddress);
      expect(await g.chair.missedReportCount()).to.equal(1);
    });

    it("parameters change only through the Timelock and are checked", async function () {
      const g = await loadFixture(base);
      await expect(g.chair.setParameters({ roundPeriod: 1, reportInterval: 1 })).to.be.revertedWithCustomError(
        g.chair,
        "NotTimelock",
      );
      const timelock = await g.asTimelock();
      await expect(g.chair.connect(timelock).setParameters({ roundPeriod: 0, reportInterval: 1 }))
        .to.be.revertedWithCustomError(g.chair, "InvalidParameter")
        .withArgs("roundPeriod", 0);
      await expect(g.chair.connect(timelock).setParameters({ roundPeriod: 1, reportInterval: 0 }))
        .to.be.revertedWithCustomError(g.chair, "InvalidParameter")
        .withArgs("reportInterval", 0);
      await expect(g.chair.connect(timelock).setParameters({ roundPeriod: 5, reportInterval: 6 })).to.emit(
        g.chair,
        "ParametersChanged",
      );
      expect(await g.chair.parameters()).to.deep.equal([5n, 6n]);
      expect(CHOICE.for).to.equal(2);
    });
  });
});
