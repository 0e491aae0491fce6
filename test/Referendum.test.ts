import { expect } from "chai";
import { Signature, type Signer } from "ethers";
import hre, { network } from "hardhat";
import {
  ABSTAIN,
  AGAINST,
  CHOICE,
  DAY,
  deployGovernance,
  FOR,
  PROFILE,
  STATE,
  tokens,
  type Governance,
} from "./helpers/governanceFixture.ts";
import { earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const DEPOSIT = PROFILE.governance.referendum.proposalDeposit;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

interface Actions {
  targets: string[];
  values: bigint[];
  calldatas: string[];
}

/** An ordinary action: add `amount` to the reserve's infrastructure budget. */
async function budgetAction(g: Governance, amount = tokens(1)): Promise<Actions> {
  return {
    targets: [await g.reserve.getAddress()],
    values: [0n],
    calldatas: [g.reserve.interface.encodeFunctionData("approveBudget", [amount])],
  };
}

/** A constitutional action: change the referendum's own rules (support period 61 days). */
async function rulesAction(g: Governance): Promise<Actions> {
  const p = PROFILE.governance.referendum;
  return {
    targets: [await g.referendum.getAddress()],
    values: [0n],
    calldatas: [g.referendum.interface.encodeFunctionData("setParameters", [{ ...p, supportPeriod: 61n * DAY }])],
  };
}

async function propose(g: Governance, actions: Actions, constitutional = false, days = 7) {
  await g.fund(g.proposer, DEPOSIT);
  await g.token.connect(g.proposer).approve(g.referendum, DEPOSIT);
  await g.referendum
    .connect(g.proposer)
    .propose(actions.targets, actions.values, actions.calldatas, "ipfs://proposal", constitutional, days);
  return g.referendum.proposalCount();
}

/** Funds `amounts[i]` to voters[i + 1], then proposes and opens a referendum with 100M support. */
async function openReferendum(g: Governance, actions: Actions, amounts: bigint[], constitutional = false) {
  const whale = g.voters[0];
  await g.fund(whale, tokens(100_000_000));
  for (let i = 0; i < amounts.length; i++) await g.fund(g.voters[i + 1], amounts[i]);
  const id = await propose(g, actions, constitutional);
  await g.referendum.connect(whale).support(id);
  expect(await g.referendum.state(id)).to.equal(STATE.Referendum);
  return id;
}

async function voteEnd(g: Governance, id: bigint) {
  const p = await g.referendum.proposalOf(id);
  return p.voteStart + p.voteDuration;
}

async function closeAfterVoting(g: Governance, id: bigint) {
  await time.increaseTo((await voteEnd(g, id)) + 1n);
  await g.referendum.connect(g.keeper).closeReferendum(id);
  return g.referendum.state(id);
}

describe("Referendum", function () {
  describe("support phase (CAS appendix 1)", function () {
    it("takes the deposit; 99,999 support does nothing, 100,000 refunds it and requires a response", async function () {
      const g = await loadFixture(fixture);
      const [small, one] = g.voters;
      await g.fund(small, tokens(99_999));
      await g.fund(one, tokens(1));
      const id = await propose(g, await budgetAction(g));
      expect(await g.token.balanceOf(g.referendum)).to.equal(DEPOSIT);

      await expect(g.referendum.connect(small).support(id))
        .to.emit(g.referendum, "Supported")
        .withArgs(id, small.address, tokens(99_999), tokens(99_999));
      expect(await g.referendum.state(id)).to.equal(STATE.Proposed);
      expect((await g.referendum.proposalOf(id)).responseDeadline).to.equal(0n);

      const tx = g.referendum.connect(one).support(id);
      // The deposit comes back less the upkeep fee, which funds KeeperRewards (the upkeep bounties).
      const fee = PROFILE.governance.referendum.upkeepFee;
      await expect(tx)
        .to.emit(g.referendum, "DepositRefunded")
        .withArgs(id, g.proposer.address, DEPOSIT - fee);
      await expect(tx)
        .to.emit(g.referendum, "UpkeepFeeRetained")
        .withArgs(id, await g.rewards.getAddress(), fee);
      const deadline = BigInt(await time.latest()) + 14n * DAY;
      await expect(tx).to.emit(g.referendum, "CouncilResponseRequired").withArgs(id, deadline);
      expect(await g.referendum.state(id)).to.equal(STATE.CouncilResponse);
      expect(await g.token.balanceOf(g.proposer)).to.equal(DEPOSIT - fee);
      expect(await g.token.balanceOf(g.referendum)).to.equal(0n);
      expect(await g.referendum.proposalCost(id)).to.deep.equal([fee, 0n]);
    });

    it("records a missed response, which a later statement does not erase", async function () {
      const g = await loadFixture(fixture);
      await g.fund(g.voters[0], tokens(100_000));
      const id = await propose(g, await budgetAction(g));
      await g.referendum.connect(g.voters[0]).support(id);
      const { responseDeadline } = await g.referendum.proposalOf(id);

      await expect(g.referendum.recordMissedResponse(id))
        .to.be.revertedWithCustomError(g.referendum, "NotDue")
        .withArgs(responseDeadline + 1n, earlierThan(responseDeadline + 1n));
      await time.increaseTo(responseDeadline + 1n);
      await expect(g.referendum.connect(g.keeper).recordMissedResponse(id))
        .to.emit(g.referendum, "CouncilResponseMissed")
        .withArgs(id, responseDeadline);
      await expect(g.referendum.recordMissedResponse(id)).to.be.revertedWithCustomError(
        g.referendum,
        "NothingToRecord",
      );

      // A late statement is still issued, and the miss stays on record.
      const subject = await g.council.statementSubject(3, id, ethers.ZeroAddress, "ipfs://oppose");
      for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
      await g.council.issueStatement(3, id, ethers.ZeroAddress, "ipfs://oppose");
      expect((await g.referendum.proposalOf(id)).responseMissed).to.equal(true);
    });

    it("does not record a miss when the council responded in time", async function () {
      const g = await loadFixture(fixture);
      await g.fund(g.voters[0], tokens(100_000));
      const id = await propose(g, await budgetAction(g));
      await g.referendum.connect(g.voters[0]).support(id);
      const subject = await g.council.statementSubject(0, id, ethers.ZeroAddress, "ipfs://support");
      for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
      await expect(g.council.issueStatement(0, id, ethers.ZeroAddress, "ipfs://support"))
        .to.emit(g.council, "StatementIssued")
        .withArgs(subject, 0, id, ethers.ZeroAddress, "ipfs://support");
      await time.increaseTo((await g.referendum.proposalOf(id)).responseDeadline + 1n);
      await expect(g.referendum.recordMissedResponse(id)).to.be.revertedWithCustomError(
        g.referendum,
        "NothingToRecord",
      );
    });

    it("opens the referendum at 100,000,000 support, not one token before", async function () {
      const g = await loadFixture(fixture);
      const [a, b] = g.voters;
      await g.fund(a, tokens(99_999_999));
      await g.fund(b, tokens(1));
      const id = await propose(g, await budgetAction(g), false, 10);
      await g.referendum.connect(a).support(id);
      expect(await g.referendum.state(id)).to.equal(STATE.CouncilResponse);
      const tx = g.referendum.connect(b).support(id);
      await expect(tx).to.emit(g.referendum, "ReferendumOpened");
      const opened = BigInt(await time.latest());
      const proposal = await g.referendum.proposalOf(id);
      expect(proposal.voteStart).to.equal(opened);
      expect(proposal.voteDuration).to.equal(10n * DAY);
      await expect(g.referendum.connect(b).support(id)).to.be.revertedWithCustomError(g.referendum, "UnexpectedState");
    });

    it("accepts publicity of 7 and 30 days and rejects 6 and 31", async function () {
      const g = await loadFixture(fixture);
      const actions = await budgetAction(g);
      for (const days of [6, 31]) {
        await expect(propose(g, actions, false, days))
          .to.be.revertedWithCustomError(g.referendum, "InvalidPublicity")
          .withArgs(days, 7, 30);
      }
      for (const days of [7, 30]) {
        const id = await propose(g, actions, false, days);
        expect((await g.referendum.proposalOf(id)).publicityDays).to.equal(days);
      }
    });

    it("refuses a second support and support without power at the snapshot", async function () {
      const g = await loadFixture(fixture);
      const [a, late] = g.voters;
      await g.fund(a, tokens(10));
      const id = await propose(g, await budgetAction(g));
      await g.fund(late, tokens(1_000_000));
      await g.referendum.connect(a).support(id);
      await expect(g.referendum.connect(a).support(id))
        .to.be.revertedWithCustomError(g.referendum, "AlreadySupported")
        .withArgs(id, a.address);
      const { snapshot } = await g.referendum.proposalOf(id);
      await expect(g.referendum.connect(late).support(id))
        .to.be.revertedWithCustomError(g.referendum, "NoVotingPower")
        .withArgs(late.address, snapshot);
    });

    it("sends the deposit to the reserve when the support window lapses first", async function () {
      const g = await loadFixture(fixture);
      const id = await propose(g, await budgetAction(g));
      const { supportDeadline } = await g.referendum.proposalOf(id);
      await expect(g.referendum.lapse(id))
        .to.be.revertedWithCustomError(g.referendum, "NotDue")
        .withArgs(supportDeadline + 1n, earlierThan(supportDeadline + 1n));
      await time.increaseTo(supportDeadline + 1n);
      const before = await g.token.balanceOf(g.reserve);
      await expect(g.referendum.connect(g.keeper).lapse(id))
        .to.emit(g.referendum, "DepositForfeited")
        .withArgs(id, await g.reserve.getAddress(), DEPOSIT)
        .and.to.emit(g.rewards, "BountyPaid");
      expect(await g.token.balanceOf(g.reserve)).to.equal(before + DEPOSIT);
      expect(await g.referendum.state(id)).to.equal(STATE.Expired);
      await expect(g.referendum.lapse(id)).to.be.revertedWithCustomError(g.referendum, "UnexpectedState");
    });

    it("lets the proposer cancel while Proposed, forfeiting the deposit; nobody else", async function () {
      const g = await loadFixture(fixture);
      const id = await propose(g, await budgetAction(g));
      await expect(g.referendum.connect(g.keeper).cancel(id))
        .to.be.revertedWithCustomError(g.referendum, "NotProposer")
        .withArgs(id, g.keeper.address);
      await expect(g.referendum.connect(g.proposer).cancel(id)).to.emit(g.referendum, "ProposalCanceled").withArgs(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Canceled);
    });

    it("refuses malformed actions and unknown proposals", async function () {
      const g = await loadFixture(fixture);
      await expect(g.referendum.propose([], [], [], "x", false, 7))
        .to.be.revertedWithCustomError(g.referendum, "InvalidActions")
        .withArgs(0, 0, 0);
      await expect(g.referendum.propose([g.proposer.address], [], ["0x"], "x", false, 7))
        .to.be.revertedWithCustomError(g.referendum, "InvalidActions")
        .withArgs(1, 0, 1);
      await expect(g.referendum.support(9)).to.be.revertedWithCustomError(g.referendum, "UnknownProposal").withArgs(9);
    });
  });

  describe("constitutional detection", function () {
    it("rejects a mislabeled constitutional proposal at propose and accepts it labelled", async function () {
      const g = await loadFixture(fixture);
      const rules = await rulesAction(g);
      const selector = rules.calldatas[0].slice(0, 10);
      await expect(propose(g, rules, false))
        .to.be.revertedWithCustomError(g.referendum, "MislabeledConstitutional")
        .withArgs(0, await g.referendum.getAddress(), selector);
      const id = await propose(g, rules, true);
      expect((await g.referendum.proposalOf(id)).constitutional).to.equal(true);
    });

    it("classifies calls to each governance contract, the Timelock and the rest", async function () {
      const g = await loadFixture(fixture);
      const check = async (target: unknown, data: string) =>
        (
          await g.referendum.isConstitutional(
            [await (target as { getAddress(): Promise<string> }).getAddress()],
            [data],
          )
        )[0];
      const council = g.council.interface;
      const reserve = g.reserve.interface;
      expect(await check(g.council, council.encodeFunctionData("removeMember", [g.proposer.address]))).to.equal(false);
      expect(
        await check(g.council, council.encodeFunctionData("setParameters", [PROFILE.governance.council])),
      ).to.equal(true);
      expect(await check(g.reserve, reserve.encodeFunctionData("approveBudget", [1n]))).to.equal(false);
      expect(
        await check(g.reserve, reserve.encodeFunctionData("grantLiquidity", [g.proposer.address, 1n, ethers.ZeroHash])),
      ).to.equal(false);
      expect(
        await check(
          g.reserve,
          reserve.encodeFunctionData("setParameters", [
            { ...PROFILE.governance.reserve, rewardsReserve: await g.rewardsReserve.getAddress() },
          ]),
        ),
      ).to.equal(true);
      expect(
        await check(g.votingPower, g.votingPower.interface.encodeFunctionData("addSource", [g.proposer.address])),
      ).to.equal(true);
      expect(await check(g.timelock, g.timelock.interface.encodeFunctionData("updateDelay", [1n]))).to.equal(true);
      expect(await check(g.council, "0x")).to.equal(true);
      // Default-constitutional: anything off the ordinary list, such as a bounty change.
      expect(
        await check(g.rewards, g.rewards.interface.encodeFunctionData("setBounty", [ethers.ZeroHash, 1n])),
      ).to.equal(true);
    });
  });

  describe("voting and outcome", function () {
    it("999,999,999 votes cast is not a quorum; 1,000,000,000 is", async function () {
      for (const [abstain, expected] of [
        [tokens(99_999_999), STATE.Defeated],
        [tokens(100_000_000), STATE.Succeeded],
      ] as const) {
        const g = await loadFixture(fixture);
        const id = await openReferendum(g, await budgetAction(g), [tokens(600_000_000), tokens(300_000_000), abstain]);
        await g.referendum.connect(g.voters[1]).castVote(id, FOR);
        await g.referendum.connect(g.voters[2]).castVote(id, AGAINST);
        await g.referendum.connect(g.voters[3]).castVote(id, ABSTAIN);
        expect(await closeAfterVoting(g, id)).to.equal(expected);
      }
    });

    it("a vote reads and writes one slot of the proposal: a later vote costs at most 69,000 gas", async function () {
      // Coverage instruments the bytecode: its gas is not the contracts' gas.
      if (hre.globalOptions.coverage) this.skip();
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), [tokens(600_000_000), tokens(400_000_000)]);
      await g.referendum.connect(g.voters[1]).castVote(id, FOR);
      const later = await (await g.referendum.connect(g.voters[2]).castVote(id, AGAINST)).wait();
      console.log(`      later castVote ${later!.gasUsed}`);
      expect(later!.gasUsed).to.be.at.most(69_000n);
    });

    it("for exactly 3/5 of for + against fails; one wei more passes", async function () {
      for (const [forVotes, expected] of [
        [tokens(600_000_000), STATE.Defeated],
        [tokens(600_000_000) + 1n, STATE.Succeeded],
      ] as const) {
        const g = await loadFixture(fixture);
        const id = await openReferendum(g, await budgetAction(g), [forVotes, tokens(400_000_000)]);
        await g.referendum.connect(g.voters[1]).castVote(id, FOR);
        await g.referendum.connect(g.voters[2]).castVote(id, AGAINST);
        const tx = closeAfterVoting(g, id);
        expect(await tx).to.equal(expected);
      }
    });

    it("a constitutional proposal passes at exactly 2/3 with 1,500,000,000 cast, and fails with less cast", async function () {
      for (const [forVotes, againstVotes, expected] of [
        [tokens(1_000_000_000), tokens(500_000_000), STATE.Succeeded],
        [tokens(1_000_000_000) - 2n, tokens(500_000_000) - 1n, STATE.Defeated],
      ] as const) {
        const g = await loadFixture(fixture);
        const id = await openReferendum(g, await rulesAction(g), [forVotes, againstVotes], true);
        await g.referendum.connect(g.voters[1]).castVote(id, FOR);
        await g.referendum.connect(g.voters[2]).castVote(id, AGAINST);
        expect(await closeAfterVoting(g, id)).to.equal(expected);
      }
    });

    it("a constitutional proposal with 1,500,000,000 cast fails one wei below 2/3", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(
        g,
        await rulesAction(g),
        [tokens(1_000_000_000) - 1n, tokens(500_000_000) + 1n],
        true,
      );
      await g.referendum.connect(g.voters[1]).castVote(id, FOR);
      await g.referendum.connect(g.voters[2]).castVote(id, AGAINST);
      expect(await closeAfterVoting(g, id)).to.equal(STATE.Defeated);
    });

    it("goes from proposal to executed change through the Timelock, each step an event and a bounty", async function () {
      const g = await loadFixture(fixture);
      const actions = await budgetAction(g, tokens(5_000));
      const id = await openReferendum(g, actions, [tokens(1_000_000_000)]);
      await expect(g.referendum.connect(g.voters[1]).castVote(id, FOR))
        .to.emit(g.referendum, "VoteCast")
        .withArgs(g.voters[1].address, id, FOR, tokens(1_000_000_000));
      await expect(g.referendum.closeReferendum(id)).to.be.revertedWithCustomError(g.referendum, "NotDue");
      await time.increaseTo((await voteEnd(g, id)) + 1n);
      await expect(g.referendum.connect(g.keeper).closeReferendum(id))
        .to.emit(g.referendum, "ReferendumClosed")
        .withArgs(id, true, tokens(1_000_000_000), 0n, 0n);
      await expect(g.referendum.queue(id, actions.targets, actions.values, ["0x"])).to.be.revertedWithCustomError(
        g.referendum,
        "ActionsMismatch",
      );
      await expect(
        g.referendum.connect(g.keeper).queue(id, actions.targets, actions.values, actions.calldatas),
      ).to.emit(g.referendum, "ProposalQueued");
      const { eta } = await g.referendum.proposalOf(id);
      expect(eta).to.equal(BigInt(await time.latest()) + PROFILE.timelock.minDelay);
      await expect(g.referendum.execute(id, actions.targets, actions.values, actions.calldatas))
        .to.be.revertedWithCustomError(g.referendum, "NotDue")
        .withArgs(eta, earlierThan(eta));
      await time.increaseTo(eta);
      const jobsBefore = await g.rewards.jobsOf(g.keeper);
      await expect(g.referendum.connect(g.keeper).execute(id, actions.targets, actions.values, actions.calldatas))
        .to.emit(g.referendum, "ProposalExecuted")
        .withArgs(id, g.keeper.address)
        .and.to.emit(g.reserve, "BudgetApproved")
        .withArgs(tokens(5_000), tokens(5_000));
      expect(await g.reserve.budget()).to.equal(tokens(5_000));
      expect(await g.referendum.state(id)).to.equal(STATE.Executed);
      expect(await g.rewards.jobsOf(g.keeper)).to.equal(jobsBefore + 1n);
      await expect(
        g.referendum.execute(id, actions.targets, actions.values, actions.calldatas),
      ).to.be.revertedWithCustomError(g.referendum, "UnexpectedState");
    });

    it("expires a passed proposal not executed within 30 days of its eta", async function () {
      const g = await loadFixture(fixture);
      const actions = await budgetAction(g);
      const id = await openReferendum(g, actions, [tokens(1_000_000_000)]);
      await g.referendum.connect(g.voters[1]).castVote(id, FOR);
      await closeAfterVoting(g, id);
      await g.referendum.queue(id, actions.targets, actions.values, actions.calldatas);
      const { eta } = await g.referendum.proposalOf(id);
      const deadline = eta + 30n * DAY;
      await time.increaseTo(deadline - 1n);
      await expect(g.referendum.expire(id))
        .to.be.revertedWithCustomError(g.referendum, "NotDue")
        .withArgs(deadline + 1n, earlierThan(deadline + 1n));
      await time.increaseTo(deadline + 1n);
      await expect(g.referendum.execute(id, actions.targets, actions.values, actions.calldatas))
        .to.be.revertedWithCustomError(g.referendum, "Lapsed")
        .withArgs(id, deadline);
      await expect(g.referendum.connect(g.keeper).expire(id))
        .to.emit(g.referendum, "ProposalExpired")
        .withArgs(id, STATE.Queued);
      // The Timelock cannot be used around the Referendum: only it may execute.
      await expect(
        g.timelock.executeBatch(
          actions.targets,
          actions.values,
          actions.calldatas,
          ethers.ZeroHash,
          ethers.toBeHex(id, 32),
        ),
      ).to.be.revertedWithCustomError(g.timelock, "AccessControlUnauthorizedAccount");
    });

    it("expires a succeeded proposal never queued within 30 days of closing", async function () {
      const g = await loadFixture(fixture);
      const actions = await budgetAction(g);
      const id = await openReferendum(g, actions, [tokens(1_000_000_000)]);
      await g.referendum.connect(g.voters[1]).castVote(id, FOR);
      await closeAfterVoting(g, id);
      const { closedAt } = await g.referendum.proposalOf(id);
      await time.increaseTo(closedAt + 30n * DAY + 1n);
      await expect(g.referendum.queue(id, actions.targets, actions.values, actions.calldatas))
        .to.be.revertedWithCustomError(g.referendum, "Lapsed")
        .withArgs(id, closedAt + 30n * DAY);
      await g.referendum.expire(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Expired);
    });

    it("refuses invalid vote types, double votes, votes after the end and the reserve voting directly", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), [tokens(10)]);
      const voter = g.voters[1];
      for (const invalid of [CHOICE.none, CHOICE.abstain + 1]) {
        await expect(g.referendum.connect(voter).castVote(id, invalid))
          .to.be.revertedWithCustomError(g.referendum, "InvalidVoteType")
          .withArgs(invalid);
      }
      await g.referendum.connect(voter).castVote(id, FOR);
      await expect(g.referendum.connect(voter).castVote(id, AGAINST))
        .to.be.revertedWithCustomError(g.referendum, "AlreadyVoted")
        .withArgs(id, voter.address);
      const end = await voteEnd(g, id);
      await time.increaseTo(end + 1n);
      const p = await g.referendum.proposalOf(id);
      await expect(g.referendum.connect(g.voters[0]).castVote(id, FOR))
        .to.be.revertedWithCustomError(g.referendum, "VotingClosed")
        .withArgs(id, p.voteStart, end);
      const reserve = await g.reserve.getAddress();
      await networkHelpers.impersonateAccount(reserve);
      await networkHelpers.setBalance(reserve, 10n ** 18n);
      await expect(g.referendum.connect(await ethers.getSigner(reserve)).castVote(id, FOR))
        .to.be.revertedWithCustomError(g.referendum, "ReserveVotesThroughBloc")
        .withArgs(reserve);
    });
  });

  describe("attacks", function () {
    it("tokens acquired after the snapshot give no power (flash-loan style)", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), []);
      const borrower = g.voters[5];
      await g.fund(borrower, tokens(2_000_000_000));
      expect(await g.votingPower.getVotes(borrower)).to.equal(tokens(2_000_000_000));
      const p = await g.referendum.proposalOf(id);
      await expect(g.referendum.connect(borrower).castVote(id, FOR))
        .to.be.revertedWithCustomError(g.referendum, "NoVotingPower")
        .withArgs(borrower.address, p.snapshot);
    });

    it("moving tokens to a second account after voting gives nothing", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), [tokens(500_000_000)]);
      const [first, second] = [g.voters[1], g.voters[6]];
      await g.referendum.connect(first).castVote(id, FOR);
      await g.token.connect(first).transfer(second, tokens(500_000_000));
      await g.token.connect(second).delegate(second);
      await expect(g.referendum.connect(second).castVote(id, FOR)).to.be.revertedWithCustomError(
        g.referendum,
        "NoVotingPower",
      );
      expect((await g.referendum.proposalOf(id)).forVotes).to.equal(tokens(500_000_000));
    });

    it("counts a ballot signature once; a replay, a forged voter and another proposal's ballot are refused", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), [tokens(300)]);
      const voter = g.voters[1];
      const sign = (signer: Signer, proposalId: bigint, support: number, as: string) =>
        signBallot(g, signer, proposalId, support, as);
      const signature = await sign(voter, id, FOR, voter.address);
      await expect(g.referendum.connect(g.keeper).castVoteBySig(id, AGAINST, voter.address, signature))
        .to.be.revertedWithCustomError(g.referendum, "InvalidSignature")
        .withArgs(voter.address);
      await expect(g.referendum.connect(g.keeper).castVoteBySig(id, FOR, voter.address, signature))
        .to.emit(g.referendum, "VoteCast")
        .withArgs(voter.address, id, FOR, tokens(300));
      await expect(g.referendum.connect(g.keeper).castVoteBySig(id, FOR, voter.address, signature))
        .to.be.revertedWithCustomError(g.referendum, "AlreadyVoted")
        .withArgs(id, voter.address);
      const forged = await sign(g.voters[2], id, FOR, voter.address);
      await expect(g.referendum.castVoteBySig(id, FOR, voter.address, forged)).to.be.revertedWithCustomError(
        g.referendum,
        "InvalidSignature",
      );
      await expect(g.referendum.castVoteBySig(id + 1n, FOR, voter.address, signature)).to.be.revertedWithCustomError(
        g.referendum,
        "InvalidSignature",
      );
    });

    it("a proposal whose action re-enters governance fails safely and stays queued", async function () {
      const g = await loadFixture(fixture);
      // The action calls Referendum.execute on its own proposal (id 1) from inside the Timelock.
      const referendum = await g.referendum.getAddress();
      const inner = {
        targets: [referendum],
        values: [0n],
        calldatas: [g.referendum.interface.encodeFunctionData("execute", [1n, [referendum], [0n], ["0x"]])],
      };
      const id = await openReferendum(g, inner, [tokens(1_600_000_000)], true);
      expect(id).to.equal(1n);
      await g.referendum.connect(g.voters[1]).castVote(id, FOR);
      await closeAfterVoting(g, id);
      await g.referendum.queue(id, inner.targets, inner.values, inner.calldatas);
      await time.increaseTo((await g.referendum.proposalOf(id)).eta);
      await expect(
        g.referendum.execute(id, inner.targets, inner.values, inner.calldatas),
      ).to.be.revertedWithCustomError(g.referendum, "ReentrancyGuardReentrantCall");
      expect(await g.referendum.state(id)).to.equal(STATE.Queued);
    });
  });

  describe("bloc vote", function () {
    it("casts the reserve's whole power for the side more than half of the members chose", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g, await budgetAction(g), []);
      const subject = await g.referendum.blocSubject(id);
      await g.council.connect(g.members[0]).memberVote(subject, CHOICE.against);
      await expect(g.referendum.castBlocVote(id))
        .to.be.revertedWithCustomError(g.referendum, "NoBlocMajority")
        .withArgs(id, subject);
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.against);
      const power = await g.votingPower.getPastVotes(g.reserve, (await g.referendum.proposalOf(id)).voteStart - 1n);
      expect(power).to.equal(tokens(1_000_000_000));
      await expect(g.referendum.connect(g.keeper).castBlocVote(id))
        .to.emit(g.referendum, "BlocVoteCast")
        .withArgs(id, await g.reserve.getAddress(), AGAINST, power);
      expect((await g.referendum.proposalOf(id)).againstVotes).to.equal(power);
      await expect(g.referendum.castBlocVote(id)).to.be.revertedWithCustomError(g.referendum, "BlocAlreadyCast");
    });

    it("does not vote at exactly 50% of the sitting members", async function () {
      const g = await loadFixture(fixture);
      const timelock = await g.asTimelock();
      const id = await openReferendum(g, await budgetAction(g), []);
      const subject = await g.referendum.blocSubject(id);
      await g.council.connect(g.members[0]).memberVote(subject, CHOICE.for);
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.for);
      await g.council.connect(timelock).removeMember(g.members[2]);
      // Two of two sitting now: more than half.
      expect(await g.council.decision(subject)).to.equal(CHOICE.for);
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.against);
      // One for, one against of two: exactly half each, no decision.
      expect(await g.council.decision(subject)).to.equal(CHOICE.none);
      // One for and one silent: still exactly half.
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.none);
      expect(await g.council.decision(subject)).to.equal(CHOICE.none);
      await expect(g.referendum.castBlocVote(id)).to.be.revertedWithCustomError(g.referendum, "NoBlocMajority");
    });
  });
});

async function signBallot(g: Governance, signer: Signer, proposalId: bigint, support: number, voter: string) {
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await signer.signTypedData(
    { name: "Jiaozi Referendum", version: "1", chainId, verifyingContract: await g.referendum.getAddress() },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
      ],
    },
    { proposalId, support, voter },
  );
  return Signature.from(signature).serialized;
}
