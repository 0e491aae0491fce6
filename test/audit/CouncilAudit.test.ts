// Outside audit of the council's own governance (issue 17): CouncilChair, removal by peers, appeal,
// withheld pay. Fixed attacks (C1, C3, C5, C6) now assert the defence; the others (C2, C4) still
// pass as residuals, open in docs/audit-accounts-report.md.
import { expect } from "chai";
import { MaxUint256, ZeroAddress, type HDNodeWallet } from "ethers";
import { network } from "hardhat";
import { appealWithVoter, councilFixture, GROUNDS, removeByAll, voteRemoval } from "../helpers/councilFixture.ts";
import { AGAINST, DAY, FOR, PROFILE, STATE, tokens, type Governance } from "../helpers/governanceFixture.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time, loadFixture } = networkHelpers;
const OUTCOME = { none: 0n, open: 1n, restored: 2n, lost: 3n };
const QUORUM = PROFILE.governance.referendum.quorum;

const four = councilFixture(connection, 4);
const seven = councilFixture(connection, 7);

describe("Council audit (issue 17): chair, removal by peers, appeal", function () {
  it("audit C1 (fixed): the peers who removed a member cannot cast the reserve's bloc in its appeal; the holders decide", async function () {
    const { g, m } = await loadFixture(seven);
    const removalId = await removeByAll(g, m, 6);
    const { voter, proposalId } = await appealWithVoter(g, m[6], removalId);
    // The holders: quorum met, every holder's vote For the restoration.
    await g.referendum.connect(voter).castVote(proposalId, FOR);
    // The removers (a majority of the sitting members, the parties to the dispute) vote the bloc Against.
    const subject = await g.referendum.blocSubject(proposalId);
    for (const peer of m.slice(0, 4)) await g.council.connect(peer).memberVote(subject, AGAINST);
    expect(await g.council.decision(subject)).to.equal(0n);
    await expect(g.referendum.castBlocVote(proposalId)).to.be.revertedWithCustomError(g.referendum, "NoBlocMajority");
    const p = await g.referendum.proposalOf(proposalId);
    expect(p.forVotes).to.be.greaterThan(QUORUM);
    expect(p.againstVotes).to.equal(0n);
    await time.increaseTo(p.voteStart + p.voteDuration + 1n);
    await g.referendum.closeReferendum(proposalId);
    expect(await g.referendum.state(proposalId)).to.equal(STATE.Succeeded);
    expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.open);
  });

  it("audit C2 (fixed): in a council of four split 2-2, neither pair can remove: a removal needs a majority of the seats elected", async function () {
    const { g, m } = await loadFixture(four);
    // Both pairs hold 2/3 of the others (2 of 3) against a member of the other pair, but 2 of 4
    // elected seats is no majority, so the order of the calls decides nothing.
    const first = await voteRemoval(g, m[2], [m[0], m[1]]);
    const counter = await voteRemoval(g, m[0], [m[2], m[3]]);
    await expect(g.council.removeByPeers(m[2].address, GROUNDS))
      .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
      .withArgs(first, 2, 3);
    await expect(g.council.removeByPeers(m[0].address, GROUNDS))
      .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
      .withArgs(counter, 2, 3);
    expect(await g.council.sittingMembers()).to.have.length(4);
    // Three of four (a majority and all the others) still remove.
    await voteRemoval(g, m[3], [m[0], m[1], m[2]]);
    await expect(g.council.removeByPeers(m[3].address, GROUNDS)).to.emit(g.council, "MemberRemovedByPeers");
  });

  it("audit C2 (fixed): a council of seven reduced to four by removals cannot remove a fifth member by peers", async function () {
    const { g, m } = await loadFixture(seven);
    // Four of seven remove the other three one by one: each time a majority of the seven elected.
    for (const target of [4, 5, 6]) {
      await voteRemoval(g, m[target], m.slice(0, 4));
      await g.council.removeByPeers(m[target].address, GROUNDS);
    }
    // Three of the four left are 3 of 3 others, but not a majority of the seven elected.
    const subject = await voteRemoval(g, m[3], m.slice(0, 3));
    await expect(g.council.removeByPeers(m[3].address, GROUNDS))
      .to.be.revertedWithCustomError(g.council, "NotEnoughPeerVotes")
      .withArgs(subject, 3, 4);
  });

  it("audit C3 (fixed): chairVote refuses a candidate removed by peers mid-ballot", async function () {
    const { g, m } = await loadFixture(seven);
    await g.chair.connect(m[0]).declareForChair();
    await g.chair.connect(m[1]).declareForChair();
    const ballotId = await g.chair.ballotOfTerm(1);
    const removalId = await removeByAll(g, m, 0);
    expect(await g.council.isSittingMember(m[0].address)).to.equal(false);
    await expect(g.chair.connect(m[1]).chairVote(m[0].address))
      .to.be.revertedWithCustomError(g.chair, "NotCandidate")
      .withArgs(ballotId, m[0].address);
    expect((await g.chair.ballotOf(ballotId)).chair).to.equal(ZeroAddress);
    void removalId;
  });

  it("audit C4 (fixed): the report clock is the chair's: nothing is due before a chair, and an elected chair's runs from its election", async function () {
    const { g, m } = await loadFixture(four);
    expect(await g.chair.reportDeadline()).to.equal(MaxUint256); // no chair, nothing due
    await expect(g.chair.recordMissedReport()).to.be.revertedWithCustomError(g.chair, "NoChair");
    const interval = (await g.chair.parameters()).reportInterval;
    // A year from deployment passes without a chair: nobody could publish, nothing is recorded.
    const termEnd = (await g.council.currentTerm())[1].end;
    await time.increaseTo(termEnd - 30n * DAY);
    await expect(g.chair.recordMissedReport()).to.be.revertedWithCustomError(g.chair, "NoChair");
    await g.chair.connect(m[0]).declareForChair();
    for (const voter of m.slice(0, 3)) await g.chair.connect(voter).chairVote(m[0].address);
    expect(await g.chair.chair()).to.equal(m[0].address);
    const electedAt = BigInt(await time.latest());
    // Due a year from the election, or by the term's end if sooner (the chair declared knowing it).
    const due = electedAt + interval < termEnd ? electedAt + interval : termEnd;
    expect(await g.chair.reportDeadline()).to.equal(due);
    await time.setNextBlockTimestamp(due);
    await expect(g.chair.connect(g.keeper).recordMissedReport())
      .to.be.revertedWithCustomError(g.chair, "NotDue")
      .withArgs(due + 1n, due);
  });

  it("audit C5 (fixed): a restoration executed after the term ended is refused; an appeal after it cannot open", async function () {
    const { g, m } = await loadFixture(seven);
    const [, term] = await g.council.currentTerm();
    // Removed near the end of the term; the appeal runs past it.
    await time.increaseTo(term.end - 3n * DAY);
    const removalId = await removeByAll(g, m, 6);
    const { voter, proposalId, action } = await appealWithVoter(g, m[6], removalId);
    await g.referendum.connect(voter).castVote(proposalId, FOR);
    const p = await g.referendum.proposalOf(proposalId);
    await time.increaseTo(p.voteStart + p.voteDuration + 1n);
    await g.referendum.closeReferendum(proposalId);
    await g.referendum.queue(proposalId, action.targets, action.values, action.calldatas);
    await time.increase(PROFILE.timelock.minDelay);
    expect((await g.council.currentTerm())[2]).to.equal(false); // the term is over
    await expect(g.referendum.execute(proposalId, action.targets, action.values, action.calldatas)).to.be.revert(
      ethers,
    );
    expect(await g.council.isSittingMember(m[6].address)).to.equal(false);
    expect((await g.council.currentTerm())[1].seats).to.equal(6);
  });
  it("audit C6 (fixed): parallel ordinary restoreMember proposals cannot restore: only the appeal's own referendum does", async function () {
    const { g, m } = await loadFixture(seven);
    const removalId = await removeByAll(g, m, 6);
    const action = {
      targets: [await g.council.getAddress()],
      values: [0n],
      calldatas: [g.council.interface.encodeFunctionData("restoreMember", [m[6].address, removalId])],
    };
    expect(await g.referendum.isOrdinary(action.targets[0], action.calldatas[0].slice(0, 10))).to.equal(true);
    const whale = g.voters[1];
    await g.fund(whale, QUORUM + tokens(1));
    const deposit = PROFILE.governance.referendum.proposalDeposit;
    await g.fund(g.proposer, deposit * 2n);
    await g.token.connect(g.proposer).approve(g.referendum, deposit * 2n);
    const ids: bigint[] = [];
    for (let i = 0; i < 2; i++) {
      await g.referendum
        .connect(g.proposer)
        .propose(action.targets, action.values, action.calldatas, "ipfs://restore", false, 7);
      ids.push(await g.referendum.proposalCount());
    }
    for (const id of ids) await g.referendum.connect(whale).support(id);
    await g.referendum.connect(whale).castVote(ids[0], AGAINST);
    await g.referendum.connect(whale).castVote(ids[1], FOR);
    const p = await g.referendum.proposalOf(ids[1]);
    await time.increaseTo(p.voteStart + p.voteDuration + 1n);
    for (const id of ids) await g.referendum.closeReferendum(id);
    expect(await g.referendum.state(ids[0])).to.equal(STATE.Defeated);
    // The defeated restoration referendum did not close the matter: no appeal was ever "taken".
    expect(await g.council.appealOutcome(removalId)).to.equal(OUTCOME.open);
    await g.referendum.queue(ids[1], action.targets, action.values, action.calldatas);
    await time.increase(PROFILE.timelock.minDelay);
    await expect(g.referendum.execute(ids[1], action.targets, action.values, action.calldatas)).to.be.revert(ethers);
    expect(await g.council.isSittingMember(m[6].address)).to.equal(false);
    expect((await g.council.removalOf(removalId)).referendum).to.equal(ZeroAddress); // never appealed
  });
});
