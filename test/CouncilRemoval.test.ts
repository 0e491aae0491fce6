import { expect } from "chai";
import { ZeroAddress, type HDNodeWallet } from "ethers";
import { network } from "hardhat";
import { appealWithVoter, electCouncil, GROUNDS, removeByAll, voteRemoval } from "./helpers/councilFixture.ts";
import {
  AGAINST,
  FOR,
  deployGovernance,
  PROFILE,
  STATE,
  tokens,
  type Governance,
} from "./helpers/governanceFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const APPEAL = PROFILE.governance.council.appealPeriod;
const BOND = PROFILE.governance.council.candidateBond;
const OUTCOME = { none: 0n, open: 1n, restored: 2n, lost: 3n };

async function four() {
  const g = await deployGovernance(ethers, networkHelpers, ignition);
  return { g, m: await electCouncil(g, networkHelpers, 4) };
}
async function seven() {
  const g = await deployGovernance(ethers, networkHelpers, ignition);
  return { g, m: await electCouncil(g, networkHelpers, 7) };
}

async function decide(
  g: Governance,
  proposalId: bigint,
  voter: Awaited<ReturnType<typeof appealWithVoter>>["voter"],
  side: number,
) {
  await g.referendum.connect(voter).castVote(proposalId, side);
  const p = await g.referendum.proposalOf(proposalId);
  await time.increaseTo(p.voteStart + p.voteDuration + 1n);
  await g.referendum.closeReferendum(proposalId);
}

describe("Council removal by peers and the appeal", function () {
  describe("removal", function () {
    it("at exactly 2/3 of the other members (4 of 6) removes, with the grounds in the event", async function () {
      const { g, m } = await loadFixture(seven);
      const subject = await voteRemoval(g, m[6], m.slice(0, 4));
      const tx = g.council.connect(g.keeper).removeByPeers(m[6].address, GROUNDS);
      await expect(tx).to.emit(g.council, "MemberRemoved").withArgs(1, m[6].address);
      const at = BigInt((await (await tx).getBlock())!.timestamp);
      await expect(tx)
        .to.emit(g.council, "MemberRemovedByPeers")
        .withArgs(1, 1, m[6].address, GROUNDS, 4, 6, at + APPEAL);
      expect(await g.council.isSittingMember(m[6].address)).to.equal(false);
      expect((await g.council.currentTerm())[1].seats).to.equal(6);
      expect(await g.council.removalIdOf(1, m[6].address)).to.equal(1);
      expect(await g.council.appealOutcome(1)).to.equal(OUTCOME.open);
      expect(subject).to.not.equal(ethers.ZeroHash);
    });

    it("one vote short of 2/3 (3 of 6) is refused", async function () {
      const { g, m } = await loadFixture(seven);
      const subject = await voteRemoval(g, m[6], m.slice(0, 3));
      await expect(g.council.removeByPeers(m[6].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
        .withArgs(subject, 3, 4);
      // Other grounds are another subject: the votes do not carry over.
      await expect(g.council.removeByPeers(m[6].address, "ipfs://other"))
        .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
        .withArgs(await g.council.removalSubject(m[6].address, "ipfs://other"), 0, 4);
    });

    it("attack 1: the member's own vote does not count toward its removal", async function () {
      const { g, m } = await loadFixture(four);
      // 2 of 4 members For, one of them the member itself: only one other counts. The removal
      // needs max(2/3 of the three others, a majority of the four elected) = 3.
      const subject = await voteRemoval(g, m[3], [m[3], m[0]]);
      await expect(g.council.removeByPeers(m[3].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
        .withArgs(subject, 1, 3);
      await g.council.connect(m[1]).memberVote(subject, FOR);
      await expect(g.council.removeByPeers(m[3].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
        .withArgs(subject, 2, 3);
      await g.council.connect(m[2]).memberVote(subject, FOR);
      await expect(g.council.removeByPeers(m[3].address, GROUNDS)).to.emit(g.council, "MemberRemovedByPeers");
    });

    it("attack 2: removed members do not vote, and a restored member cannot be removed by peers again in the term", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      await expect(g.council.connect(m[3]).memberVote(ethers.ZeroHash, FOR))
        .to.be.revertedWithCustomError(g.council, "NotSittingMember")
        .withArgs(m[3].address);
      await expect(g.council.removeByPeers(m[3].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotSittingMember")
        .withArgs(m[3].address);
      const { voter, proposalId, action } = await appealWithVoter(g, m[3], removalId);
      await decide(g, proposalId, voter, FOR);
      await g.referendum.queue(proposalId, action.targets, action.values, action.calldatas);
      await time.increase(PROFILE.timelock.minDelay);
      await g.referendum.execute(proposalId, action.targets, action.values, action.calldatas);
      await voteRemoval(g, m[3], m.slice(0, 3));
      await expect(g.council.removeByPeers(m[3].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "AlreadyRemovedByPeers")
        .withArgs(1, m[3].address, removalId);
    });

    it("removal by peers stops where the others are no majority of those elected; non-members are refused", async function () {
      const { g, m } = await loadFixture(four);
      await expect(g.council.removeByPeers(g.keeper.address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotSittingMember")
        .withArgs(g.keeper.address);
      await removeByAll(g, m, 3);
      // All of the two others, but 2 of the 4 elected: a council can never shrink itself to one.
      const subject = await voteRemoval(g, m[2], m.slice(0, 2));
      await expect(g.council.removeByPeers(m[2].address, GROUNDS))
        .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
        .withArgs(subject, 2, 3);
    });
  });

  describe("appeal", function () {
    it("within 14 days only (refused at the second after), once, by the removed member, at the Timelock's proposer", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      const deadline = (await g.council.removalOf(removalId)).appealDeadline;
      await expect(g.council.connect(m[2]).appeal(removalId, g.referendum, "ipfs://a"))
        .to.be.revertedWithCustomError(g.council, "NotRemovedMember")
        .withArgs(removalId, m[2].address);
      await expect(g.council.connect(m[3]).appeal(removalId, g.keeper.address, "ipfs://a"))
        .to.be.revertedWithCustomError(g.council, "NotReferendum")
        .withArgs(g.keeper.address);
      await expect(g.council.connect(m[3]).appeal(9, g.referendum, "ipfs://a"))
        .to.be.revertedWithCustomError(g.council, "UnknownRemoval")
        .withArgs(9);
      await expect(g.referendum.connect(m[3]).openAppeal(m[3].address, [], [], [], "x"))
        .to.be.revertedWithCustomError(g.referendum, "NotCouncil")
        .withArgs(m[3].address);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(g.council.connect(m[3]).appeal(removalId, g.referendum, "ipfs://a"))
        .to.be.revertedWithCustomError(g.council, "AppealClosed")
        .withArgs(removalId, deadline);
      await networkHelpers.mine();
      expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.lost);
    });

    it("at the window's last second opens the referendum at once, with no deposit; a second appeal is refused", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      const deadline = (await g.council.removalOf(removalId)).appealDeadline;
      const before = await g.token.balanceOf(m[3].address);
      await time.setNextBlockTimestamp(deadline);
      const tx = g.council.connect(m[3]).appeal(removalId, g.referendum, "ipfs://appeal");
      const proposalId = (await g.referendum.proposalCount()) + 1n;
      await expect(tx)
        .to.emit(g.council, "AppealOpened")
        .withArgs(removalId, m[3].address, await g.referendum.getAddress(), proposalId)
        .and.to.emit(g.referendum, "ReferendumOpened");
      const p = await g.referendum.proposalOf(proposalId);
      expect(p.proposer).to.equal(m[3].address);
      expect(p.deposit).to.equal(0);
      expect(p.constitutional).to.equal(false);
      expect(p.snapshot).to.equal(deadline - 1n);
      expect(p.voteStart).to.equal(deadline);
      expect(await g.referendum.state(proposalId)).to.equal(STATE.Referendum);
      expect(await g.referendum.openProposalsOf(m[3].address)).to.equal(0);
      expect(await g.token.balanceOf(m[3].address)).to.equal(before);
      await expect(g.council.connect(m[3]).appeal(removalId, g.referendum, "ipfs://again"))
        .to.be.revertedWithCustomError(g.council, "AlreadyAppealed")
        .withArgs(removalId, proposalId);
    });

    it("restoreMember is the Timelock's, for an open appeal only", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      await expect(g.council.restoreMember(m[3].address, removalId)).to.be.revertedWithCustomError(
        g.council,
        "NotTimelock",
      );
      const timelock = await g.asTimelock();
      await expect(g.council.connect(timelock).restoreMember(m[2].address, removalId))
        .to.be.revertedWithCustomError(g.council, "NotRestorable")
        .withArgs(removalId, OUTCOME.open);
      await time.increase(APPEAL + 1n);
      await expect(g.council.connect(timelock).restoreMember(m[3].address, removalId))
        .to.be.revertedWithCustomError(g.council, "NotRestorable")
        .withArgs(removalId, OUTCOME.lost);
    });
  });

  describe("outcomes", function () {
    it("the restoration referendum passes: the member sits again with its term, bond and pay as if never removed", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      // The first installment, due at the term's start, while the appeal is open: 4 shares.
      const perMember = PROFILE.governance.reserve.councilPay / 2n / 4n;
      await expect(g.reserve.connect(g.keeper).payCouncil())
        .to.emit(g.reserve, "PayWithheld")
        .withArgs(removalId, m[3].address, 1, 0, perMember)
        .and.to.emit(g.reserve, "CouncilInstallmentPaid")
        .withArgs(1, 0, 3, perMember);
      expect(await g.token.balanceOf(m[0].address)).to.equal(perMember);
      expect(await g.reserve.withheldOf(removalId)).to.equal(perMember);
      // The bond stays locked while the appeal is open.
      const electionId = await g.council.latestElectionId();
      const term = (await g.council.currentTerm())[1];
      await expect(g.council.connect(m[3]).withdrawBond(electionId))
        .to.be.revertedWithCustomError(g.council, "BondLocked")
        .withArgs(electionId, m[3].address, term.end);
      await expect(g.reserve.releaseWithheld(removalId))
        .to.be.revertedWithCustomError(g.reserve, "AppealOpen")
        .withArgs(removalId);

      const { voter, proposalId, action } = await appealWithVoter(g, m[3], removalId);
      await decide(g, proposalId, voter, FOR);
      expect(await g.referendum.state(proposalId)).to.equal(STATE.Succeeded);
      await g.referendum.queue(proposalId, action.targets, action.values, action.calldatas);
      await time.increase(PROFILE.timelock.minDelay);
      await expect(g.referendum.execute(proposalId, action.targets, action.values, action.calldatas))
        .to.emit(g.council, "MemberRestored")
        .withArgs(removalId, 1, m[3].address);
      expect(await g.council.isSittingMember(m[3].address)).to.equal(true);
      const restored = (await g.council.currentTerm())[1];
      expect([restored.start, restored.end, restored.seats]).to.deep.equal([term.start, term.end, 4n]);
      expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.restored);

      await expect(g.reserve.connect(g.keeper).releaseWithheld(removalId))
        .to.emit(g.reserve, "WithheldSettled")
        .withArgs(removalId, m[3].address, perMember, true);
      expect(await g.token.balanceOf(m[3].address)).to.equal(perMember);
      await expect(g.reserve.releaseWithheld(removalId))
        .to.be.revertedWithCustomError(g.reserve, "NothingWithheld")
        .withArgs(removalId);
      // The second installment: four equal shares, as if nobody had been removed.
      const [, , dueAt] = await g.reserve.nextInstallment();
      await time.increaseTo(dueAt);
      await g.reserve.payCouncil();
      for (const member of m) expect(await g.token.balanceOf(member.address)).to.equal(2n * perMember);
      await expect(g.council.connect(m[3]).withdrawBond(electionId))
        .to.be.revertedWithCustomError(g.council, "BondLocked")
        .withArgs(electionId, m[3].address, term.end);
      await time.increaseTo(term.end);
      await expect(g.council.connect(m[3]).withdrawBond(electionId))
        .to.emit(g.council, "BondReleased")
        .withArgs(electionId, m[3].address, BOND);
    });

    it("the restoration referendum fails: the bond is free and the withheld share goes back to the reserve", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      await g.reserve.payCouncil();
      const perMember = await g.reserve.withheldOf(removalId);
      const { voter, proposalId } = await appealWithVoter(g, m[3], removalId);
      expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.open);
      await decide(g, proposalId, voter, AGAINST);
      expect(await g.referendum.state(proposalId)).to.equal(STATE.Defeated);
      expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.lost);
      expect(await g.council.appealingMembers()).to.deep.equal([[], []]);
      const electionId = await g.council.latestElectionId();
      await expect(g.council.connect(m[3]).withdrawBond(electionId))
        .to.emit(g.council, "BondReleased")
        .withArgs(electionId, m[3].address, BOND);
      const held = await g.reserve.available();
      await expect(g.reserve.connect(g.keeper).releaseWithheld(removalId))
        .to.emit(g.reserve, "WithheldSettled")
        .withArgs(removalId, await g.reserve.getAddress(), perMember, false)
        .and.to.emit(g.rewards, "BountyPaid");
      expect(await g.reserve.available()).to.equal(held + perMember);
      expect(await g.token.balanceOf(m[3].address)).to.equal(BOND);
    });

    it("no appeal in the window: the appeal is lost when it closes and the bond is free", async function () {
      const { g, m } = await loadFixture(four);
      const removalId = await removeByAll(g, m, 3);
      const electionId = await g.council.latestElectionId();
      const deadline = (await g.council.removalOf(removalId)).appealDeadline;
      await time.setNextBlockTimestamp(deadline);
      await expect(g.council.connect(m[3]).withdrawBond(electionId)).to.be.revertedWithCustomError(
        g.council,
        "BondLocked",
      );
      expect(await g.council.appealingMembers()).to.deep.equal([[m[3].address], [removalId]]);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(g.council.connect(m[3]).withdrawBond(electionId)).to.emit(g.council, "BondReleased");
      expect(await g.council.appealOutcome(0)).to.equal(OUTCOME.none);
      expect((await g.council.removalOf(removalId)).referendum).to.equal(ZeroAddress);
    });
  });
});
