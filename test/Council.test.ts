import { expect } from "chai";
import type { Signer } from "ethers";
import { network } from "hardhat";
import { CHOICE, DAY, deployGovernance, PROFILE, tokens, type Governance } from "./helpers/governanceFixture.ts";
import { earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const BOND = PROFILE.governance.council.candidateBond;
const THRESHOLD = PROFILE.governance.council.electionThreshold;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

/** Opens an election (by a transitional member) and declares `count` candidates, in order. */
async function openWithCandidates(g: Governance, count: number) {
  await g.council.connect(g.members[0]).openElection();
  const candidates = g.voters.slice(0, count);
  for (const candidate of candidates) await declare(g, candidate);
  return { electionId: await g.council.latestElectionId(), candidates };
}

async function declare(g: Governance, candidate: Signer, bond = BOND) {
  await g.token.connect(g.treasury).transfer(await candidate.getAddress(), bond);
  await g.token.connect(candidate).approve(g.council, bond);
  return g.council.connect(candidate).declareCandidacy(bond, "ipfs://profile");
}

async function toVoting(g: Governance, electionId: bigint) {
  await time.increaseTo((await g.council.electionOf(electionId)).votingStart + 1n);
}

async function toFinal(g: Governance, electionId: bigint) {
  await time.increaseTo((await g.council.electionOf(electionId)).votingEnd + 1n);
}

/** Each of `votes[i]` comes from a fresh voter funded before voting, for candidates[i]. */
async function voteEach(g: Governance, candidates: Signer[], votes: bigint[]) {
  const voters = await g.newAccounts(votes.length);
  for (let i = 0; i < votes.length; i++) await g.fund(voters[i], votes[i]);
  return async () => {
    for (let i = 0; i < votes.length; i++) {
      await g.council.connect(voters[i]).voteCandidates([await candidates[i].getAddress()], [votes[i]]);
    }
  };
}

const addresses = (signers: Signer[]) => Promise.all(signers.map((s) => s.getAddress()));

describe("Council", function () {
  describe("transitional council", function () {
    it("sits from genesis; only its members open the first election before it is due", async function () {
      const g = await loadFixture(fixture);
      expect(await g.council.sittingMembers()).to.deep.equal(await addresses(g.members));
      const deadline = await g.council.transitionalDeadline();
      const due = deadline - 28n * DAY;
      expect(await g.council.electionDueAt()).to.equal(due);
      await expect(g.council.connect(g.keeper).openElection())
        .to.be.revertedWithCustomError(g.council, "NotDue")
        .withArgs(due, earlierThan(due));
      await expect(g.council.connect(g.members[1]).openElection()).to.emit(g.council, "ElectionOpened");
      await expect(g.council.openElection()).to.be.revertedWithCustomError(g.council, "ElectionStillOpen").withArgs(1);
    });

    it("ends at its deadline when no election was finalized; then anyone opens one", async function () {
      const g = await loadFixture(fixture);
      const deadline = await g.council.transitionalDeadline();
      await time.increaseTo(deadline - 28n * DAY);
      await expect(g.council.connect(g.keeper).openElection()).to.emit(g.rewards, "BountyPaid");
      await time.increaseTo(deadline);
      expect(await g.council.sittingMembers()).to.deep.equal([]);
      expect(await g.council.isSittingMember(g.members[0])).to.equal(false);
      await expect(
        g.council.connect(g.members[0]).memberVote(ethers.ZeroHash, CHOICE.for),
      ).to.be.revertedWithCustomError(g.council, "NotSittingMember");
    });

    it("is due for anyone at exactly its second, and seats its members until the deadline's second", async function () {
      const g = await loadFixture(fixture);
      const deadline = await g.council.transitionalDeadline();
      const due = deadline - 28n * DAY;
      await time.setNextBlockTimestamp(due - 1n);
      await expect(g.council.connect(g.keeper).openElection())
        .to.be.revertedWithCustomError(g.council, "NotDue")
        .withArgs(due, due - 1n);
      await time.setNextBlockTimestamp(due);
      await expect(g.council.connect(g.keeper).openElection()).to.emit(g.council, "ElectionOpened");
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(g.council.connect(g.members[0]).memberVote(ethers.ZeroHash, CHOICE.for)).to.emit(
        g.council,
        "MemberVoted",
      );
      await time.setNextBlockTimestamp(deadline);
      await expect(g.council.connect(g.members[1]).memberVote(ethers.ZeroHash, CHOICE.for))
        .to.be.revertedWithCustomError(g.council, "NotSittingMember")
        .withArgs(await g.members[1].getAddress());
    });

    it("ends when the first election is finalized, before its deadline", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 1);
      const vote = await voteEach(g, candidates, [tokens(1)]);
      await toVoting(g, electionId);
      await vote();
      await toFinal(g, electionId);
      await expect(g.council.finalizeElection(10)).to.emit(g.council, "TermEnded");
      expect(await g.council.sittingMembers()).to.deep.equal(await addresses(candidates));
      const [termId, term] = await g.council.currentTerm();
      expect(termId).to.equal(1n);
      expect(term.end - term.start).to.equal(365n * DAY);
    });
  });

  describe("candidacy and votes", function () {
    it("locks a bond of at least 10,000 in the candidate's vault without costing its vote", async function () {
      const g = await loadFixture(fixture);
      await g.council.connect(g.members[0]).openElection();
      const candidate = g.voters[0];
      await expect(declare(g, candidate, BOND - 1n))
        .to.be.revertedWithCustomError(g.council, "BondTooSmall")
        .withArgs(BOND - 1n, BOND);
      await g.token.connect(candidate).delegate(candidate);
      await g.token.connect(g.treasury).transfer(candidate, tokens(5));
      const before = await g.votingPower.getVotes(candidate);
      await expect(declare(g, candidate)).to.emit(g.council, "CandidateDeclared");
      const vault = await g.council.bondVaultOf(candidate);
      expect(await g.token.balanceOf(vault)).to.equal(BOND);
      expect(await g.votingPower.getVotes(candidate)).to.equal(before + BOND);
      await expect(declare(g, candidate)).to.be.revertedWithCustomError(g.council, "AlreadyCandidate");
      await toVoting(g, 1n);
      await expect(declare(g, g.voters[1])).to.be.revertedWithCustomError(g.council, "NotInNomination");
    });

    it("splits a voter's power over candidates; a new call replaces the old; the sum never exceeds the power", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 3);
      const [a, b, c] = await addresses(candidates);
      const voter = g.voters[10];
      await g.fund(voter, tokens(300));
      await toVoting(g, electionId);
      await g.council.connect(voter).voteCandidates([a, b], [tokens(200), tokens(100)]);
      expect((await g.council.candidateOf(electionId, a)).votes).to.equal(tokens(200));
      await expect(g.council.connect(voter).voteCandidates([a, c], [tokens(200), tokens(100) + 1n]))
        .to.be.revertedWithCustomError(g.council, "WeightsExceedPower")
        .withArgs(tokens(300) + 1n, tokens(300));
      await g.council.connect(voter).voteCandidates([c], [tokens(300)]);
      expect((await g.council.candidateOf(electionId, a)).votes).to.equal(0n);
      expect((await g.council.candidateOf(electionId, b)).votes).to.equal(0n);
      expect((await g.council.candidateOf(electionId, c)).votes).to.equal(tokens(300));
      await expect(g.council.connect(voter).voteCandidates([voter.address], [1n]))
        .to.be.revertedWithCustomError(g.council, "NotCandidate")
        .withArgs(electionId, voter.address);
      // Power is read at the start of voting: tokens received later add nothing.
      await g.fund(voter, tokens(1_000));
      await expect(g.council.connect(voter).voteCandidates([c], [tokens(301)])).to.be.revertedWithCustomError(
        g.council,
        "WeightsExceedPower",
      );
    });
  });

  describe("outcome", function () {
    it("elects every candidate at or above 200,000,000 votes when at least 5 reach it", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 7);
      const votes = [6n, 5n, 4n, 3n, 2n].map((n) => THRESHOLD + n).concat([THRESHOLD - 1n, THRESHOLD - 1n]);
      const vote = await voteEach(g, candidates, votes);
      await toVoting(g, electionId);
      await vote();
      await toFinal(g, electionId);
      await g.council.finalizeElection(100);
      expect(await g.council.sittingMembers()).to.deep.equal(await addresses(candidates.slice(0, 5)));
    });

    it("seats all six when six reach the threshold: no upper bound", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 6);
      const vote = await voteEach(g, candidates, Array(6).fill(THRESHOLD));
      await toVoting(g, electionId);
      await vote();
      await toFinal(g, electionId);
      await g.council.finalizeElection(100);
      expect((await g.council.sittingMembers()).length).to.equal(6);
    });

    it("elects the top 5 when fewer reach the threshold; ties go to the earlier declaration", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 7);
      // c0 reaches the threshold; c3..c6 tie on 10; only c3 and c4 fit with c1 and c2 ahead.
      const votes = [THRESHOLD, tokens(50), tokens(40), tokens(10), tokens(10), tokens(10), tokens(10)];
      const vote = await voteEach(g, candidates, votes);
      await toVoting(g, electionId);
      await vote();
      await toFinal(g, electionId);
      // Counted in batches of 3: progress, progress, seated.
      await expect(g.council.finalizeElection(3)).to.emit(g.council, "ElectionProgress").withArgs(electionId, 3, 7);
      await g.council.finalizeElection(3);
      await expect(g.council.finalizeElection(3)).to.emit(g.council, "ElectionFinalized");
      expect(await g.council.sittingMembers()).to.deep.equal(await addresses(candidates.slice(0, 5)));
      await expect(g.council.finalizeElection(3)).to.be.revertedWithCustomError(g.council, "AlreadyFinalized");
    });

    it("never seats a candidate without votes; an election nobody wins can be reopened at once", async function () {
      const g = await loadFixture(fixture);
      const { electionId } = await openWithCandidates(g, 2);
      await toFinal(g, electionId);
      await expect(g.council.finalizeElection(10)).to.emit(g.council, "ElectionFailed").withArgs(electionId);
      expect(await g.council.electionDueAt()).to.equal(0n);
      await expect(g.council.connect(g.keeper).openElection()).to.emit(g.council, "ElectionOpened");
    });

    it("keeps an elected bond locked for the whole term, frees a loser's at once, and a removed member's", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 6);
      const vote = await voteEach(
        g,
        candidates,
        [5, 4, 3, 2, 1, 0].map((n) => tokens(n + 1)),
      );
      await toVoting(g, electionId);
      await vote();
      await expect(g.council.connect(candidates[5]).withdrawBond(electionId)).to.be.revertedWithCustomError(
        g.council,
        "BondLocked",
      );
      await toFinal(g, electionId);
      await g.council.finalizeElection(10);
      const [, term] = await g.council.currentTerm();
      await expect(g.council.connect(candidates[5]).withdrawBond(electionId))
        .to.emit(g.council, "BondReleased")
        .withArgs(electionId, candidates[5].address, BOND);
      await expect(g.council.connect(candidates[0]).withdrawBond(electionId))
        .to.be.revertedWithCustomError(g.council, "BondLocked")
        .withArgs(electionId, candidates[0].address, term.end);

      // Removal by a passed referendum (the Timelock) frees the bond and the seat.
      const timelock = await g.asTimelock();
      await expect(g.council.connect(g.keeper).removeMember(candidates[1])).to.be.revertedWithCustomError(
        g.council,
        "NotTimelock",
      );
      await expect(g.council.connect(timelock).removeMember(candidates[1]))
        .to.emit(g.council, "MemberRemoved")
        .withArgs(1, candidates[1].address);
      expect((await g.council.sittingMembers()).length).to.equal(4);
      await g.council.connect(candidates[1]).withdrawBond(electionId);
      await expect(g.council.connect(candidates[1]).withdrawBond(electionId)).to.be.revertedWithCustomError(
        g.council,
        "NothingToRelease",
      );

      await time.increaseTo(term.end - 2n);
      await expect(g.council.connect(candidates[0]).withdrawBond(electionId)).to.be.revertedWithCustomError(
        g.council,
        "BondLocked",
      );
      await time.increaseTo(term.end);
      await g.council.connect(candidates[0]).withdrawBond(electionId);
      expect(await g.token.balanceOf(candidates[0])).to.equal(BOND);
    });

    it("schedules the next election so that it ends with the sitting term", async function () {
      const g = await loadFixture(fixture);
      const { electionId, candidates } = await openWithCandidates(g, 1);
      const vote = await voteEach(g, candidates, [tokens(1)]);
      await toVoting(g, electionId);
      await vote();
      await toFinal(g, electionId);
      await g.council.finalizeElection(10);
      const [, term] = await g.council.currentTerm();
      expect(await g.council.electionDueAt()).to.equal(term.end - 28n * DAY);
      await expect(g.council.connect(candidates[0]).openElection()).to.be.revertedWithCustomError(g.council, "NotDue");
    });
  });

  describe("decisions and statements", function () {
    it("issues a statement only with more than half of the sitting members, once", async function () {
      const g = await loadFixture(fixture);
      const target = g.keeper.address;
      const subject = await g.council.statementSubject(4, 0, target, "ipfs://condemn");
      await g.council.connect(g.members[0]).memberVote(subject, CHOICE.for);
      await expect(g.council.issueStatement(4, 0, target, "ipfs://condemn"))
        .to.be.revertedWithCustomError(g.council, "NotDecided")
        .withArgs(subject);
      await g.council.connect(g.members[2]).memberVote(subject, CHOICE.for);
      await expect(g.council.issueStatement(4, 0, target, "ipfs://condemn"))
        .to.emit(g.council, "StatementIssued")
        .withArgs(subject, 4, 0, target, "ipfs://condemn");
      await expect(g.council.issueStatement(4, 0, target, "ipfs://condemn")).to.be.revertedWithCustomError(
        g.council,
        "StatementAlreadyIssued",
      );
      await expect(g.council.issueStatement(4, 1, target, "x")).to.be.revertedWithCustomError(
        g.council,
        "InvalidStatementTarget",
      );
      await expect(g.council.connect(g.keeper).memberVote(subject, CHOICE.for)).to.be.revertedWithCustomError(
        g.council,
        "NotSittingMember",
      );
      await expect(g.council.connect(g.members[0]).memberVote(subject, 4))
        .to.be.revertedWithCustomError(g.council, "InvalidChoice")
        .withArgs(4);
    });

    it("changes its rules only through the Timelock, and validates them", async function () {
      const g = await loadFixture(fixture);
      const timelock = await g.asTimelock();
      const rules = { ...PROFILE.governance.council, minSeats: 7 };
      await expect(g.council.setParameters(rules)).to.be.revertedWithCustomError(g.council, "NotTimelock");
      await expect(g.council.connect(timelock).setParameters({ ...rules, minSeats: 0 }))
        .to.be.revertedWithCustomError(g.council, "InvalidParameter")
        .withArgs("minSeats", 0);
      await expect(g.council.connect(timelock).setParameters({ ...rules, electionThreshold: tokens(1) }))
        .to.be.revertedWithCustomError(g.council, "InvalidParameter")
        .withArgs("electionThreshold", tokens(1));
      await g.council.connect(timelock).setParameters(rules);
      expect((await g.council.parameters()).minSeats).to.equal(7n);
    });
  });
});
