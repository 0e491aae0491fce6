// The governance attacks of issue 13 (8 to 12) and the governance items of its "also fix"
// paragraph, each as the attacker would try it. Every test here failed on the code before the fix.
import { expect } from "chai";
import { network } from "hardhat";
import {
  ABSTAIN,
  CHOICE,
  DAY,
  deployGovernance,
  FOR,
  PROFILE,
  STATE,
  SUPPLY,
  tokens,
  BOUNTY,
  type Governance,
  budgetAction,
  proposeBudget as propose,
} from "./helpers/governanceFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture, mine } = networkHelpers;
const CAP = SUPPLY / 5n;
const DEPOSIT = PROFILE.governance.referendum.proposalDeposit;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

async function openReferendum(g: Governance) {
  const whale = g.voters[0];
  await g.fund(whale, tokens(100_000_000));
  const id = await propose(g);
  await g.referendum.connect(whale).support(id);
  expect(await g.referendum.state(id)).to.equal(STATE.Referendum);
  return id;
}

async function elect(g: Governance, count: number) {
  await g.council.connect(g.members[0]).openElection();
  const candidates = g.voters.slice(10, 10 + count);
  const bond = PROFILE.governance.council.candidateBond;
  for (const candidate of candidates) {
    await g.token.connect(g.treasury).transfer(candidate, bond);
    await g.token.connect(candidate).approve(g.council, bond);
    await g.council.connect(candidate).declareCandidacy(bond, "ipfs://c");
  }
  const voter = g.voters[9];
  await g.fund(voter, tokens(10 * count));
  const election = await g.council.electionOf(await g.council.latestElectionId());
  await time.increaseTo(election.votingStart + 1n);
  await g.council.connect(voter).voteCandidates(
    candidates.map((c) => c.address),
    candidates.map(() => tokens(10)),
  );
  await time.increaseTo(election.votingEnd + 1n);
  await g.council.finalizeElection(64);
  return candidates;
}

describe("governance attacks (issue 13)", function () {
  describe("attack 8: flash-loaned excess distribution", function () {
    it("attack 8: tokens flash-borrowed inside the trigger's own transaction earn no share", async function () {
      const g = await loadFixture(fixture);
      const attacker = g.voters[0];
      const wallet = await ethers.deployContract("AttackerWallet", [], attacker);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      // A lender with 3B tokens lends them for one transaction.
      const lender = g.treasury;
      const borrowed = tokens(3_000_000_000);
      await g.token.connect(lender).approve(wallet, borrowed);
      const trigger = g.reserve.interface.encodeFunctionData("distributeExcess");
      await wallet.connect(attacker).flash(g.token, lender.address, borrowed, g.reserve, trigger);
      const id = await g.reserve.distributionCount();
      expect(id).to.equal(1n);
      expect(await g.reserve.claimable(id, wallet)).to.equal(0n);
      const claim = g.reserve.interface.encodeFunctionData("claim", [id, await wallet.getAddress()]);
      await expect(wallet.connect(attacker).execute(g.reserve, claim)).to.be.revertedWithCustomError(
        g.reserve,
        "NothingToClaim",
      );
    });

    it("attack 8: tokens bought in an earlier transaction of the trigger's block earn no share", async function () {
      const g = await loadFixture(fixture);
      const [buyer] = g.voters;
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      const before = await g.token.balanceOf(g.treasury);
      await mine();
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const buy = await g.token.connect(g.treasury).transfer(buyer, tokens(3_000_000_000), { gasLimit: 300_000 });
        const trigger = await g.reserve.connect(g.keeper).distributeExcess({ gasLimit: 1_000_000 });
        await ethers.provider.send("evm_mine", []);
        const [bought, triggered] = [await buy.wait(), await trigger.wait()];
        expect(bought!.blockNumber).to.equal(triggered!.blockNumber);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const id = await g.reserve.distributionCount();
      expect(id).to.equal(1n);
      const record = await g.reserve.distributionOf(id);
      expect(await g.reserve.claimable(id, buyer)).to.equal(0n);
      // The seller is paid for what it held before the block.
      expect(await g.reserve.claimable(id, g.treasury)).to.equal((record.amount * before) / record.eligibleSupply);
    });
  });

  describe("attack 9: shares forced into contracts", function () {
    it("attack 9: nobody claims another holder's share; a claimer the holder named may, paying the holder", async function () {
      const g = await loadFixture(fixture);
      const [holder, stranger, helper] = g.voters;
      await g.fund(holder, tokens(1_000_000_000));
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      await mine();
      await g.reserve.distributeExcess();
      await expect(g.reserve.connect(stranger).claim(1, holder))
        .to.be.revertedWithCustomError(g.reserve, "NotClaimer")
        .withArgs(holder.address, stranger.address);
      await expect(g.reserve.connect(holder).setClaimer(helper, true))
        .to.emit(g.reserve, "ClaimerSet")
        .withArgs(holder.address, helper.address, true);
      const share = await g.reserve.claimable(1, holder);
      const balance = await g.token.balanceOf(holder);
      await expect(g.reserve.connect(helper).claim(1, holder))
        .to.emit(g.reserve, "DistributionClaimed")
        .withArgs(1, holder.address, share);
      expect(await g.token.balanceOf(holder)).to.equal(balance + share);
    });

    it("attack 9: a suite contract's share cannot be pushed into it and goes to the RewardsReserve", async function () {
      const g = await loadFixture(fixture);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      await mine();
      await g.reserve.distributeExcess();
      // KeeperRewards holds 1M tokens; its share is locked if anyone can push it there.
      await expect(g.reserve.connect(g.keeper).claim(1, g.rewards)).to.be.revertedWithCustomError(
        g.reserve,
        "NotClaimer",
      );
      const record = await g.reserve.distributionOf(1);
      await time.increaseTo(record.claimDeadline + 1n);
      await expect(g.reserve.sweep(1))
        .to.emit(g.reserve, "DistributionSwept")
        .withArgs(1, await g.rewardsReserve.getAddress(), record.amount);
    });

    it("attack 9: a contract wallet (Safe, ERC-4337 account) claims its own share", async function () {
      const g = await loadFixture(fixture);
      const owner = g.voters[0];
      const wallet = await ethers.deployContract("AttackerWallet", [], owner);
      await g.token.connect(g.treasury).transfer(wallet, tokens(1_000_000_000));
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      await mine();
      await g.reserve.distributeExcess();
      const share = await g.reserve.claimable(1, wallet);
      expect(share).to.be.greaterThan(0n);
      const claim = g.reserve.interface.encodeFunctionData("claim", [1, await wallet.getAddress()]);
      await expect(wallet.connect(owner).execute(g.reserve, claim))
        .to.emit(g.reserve, "DistributionClaimed")
        .withArgs(1, await wallet.getAddress(), share);
    });
  });

  describe("attack 10: default-constitutional governance", function () {
    async function proposeOrdinary(g: Governance, target: string, calldata: string) {
      await g.fund(g.proposer, DEPOSIT);
      await g.token.connect(g.proposer).approve(g.referendum, DEPOSIT);
      return g.referendum.connect(g.proposer).propose([target], [0], [calldata], "ipfs://p", false, 7);
    }

    it("attack 10: an ordinary proposal revoking the reserve's SNAPSHOT_ROLE is rejected at propose", async function () {
      const g = await loadFixture(fixture);
      const revoke = g.token.interface.encodeFunctionData("revokeRole", [
        await g.token.SNAPSHOT_ROLE(),
        await g.reserve.getAddress(),
      ]);
      await expect(proposeOrdinary(g, await g.token.getAddress(), revoke))
        .to.be.revertedWithCustomError(g.referendum, "MislabeledConstitutional")
        .withArgs(0, await g.token.getAddress(), revoke.slice(0, 10));
    });

    it("attack 10: KeeperRewards setBounty/registerKind and GenesisEscrow.transferAuthority are constitutional", async function () {
      const g = await loadFixture(fixture);
      const escrow = await ethers.deployContract("GenesisEscrow", [
        g.deployer.address,
        [ethers.encodeBytes32String("Later")],
        [1n],
      ]);
      const calls: [string, string][] = [
        [
          await g.rewards.getAddress(),
          g.rewards.interface.encodeFunctionData("setBounty", [g.kind("Referendum.close"), 1n]),
        ],
        [
          await g.rewards.getAddress(),
          g.rewards.interface.encodeFunctionData("registerKind", [g.kind("Referendum.x"), g.deployer.address, 1n]),
        ],
        [await escrow.getAddress(), escrow.interface.encodeFunctionData("transferAuthority", [g.proposer.address])],
        [g.proposer.address, "0x"],
      ];
      for (const [target, data] of calls) {
        await expect(proposeOrdinary(g, target, data)).to.be.revertedWithCustomError(
          g.referendum,
          "MislabeledConstitutional",
        );
        expect((await g.referendum.isConstitutional([target], [data]))[0]).to.equal(true);
      }
      // The ordinary list of the profile still allows its calls.
      const a = await budgetAction(g);
      expect((await g.referendum.isConstitutional(a.targets, a.calldatas))[0]).to.equal(false);
    });
  });

  describe("attack 11: proposal spam for profit", function () {
    it("attack 11: the proposer's own support does not refund its deposit", async function () {
      const g = await loadFixture(fixture);
      await g.fund(g.proposer, tokens(200_000));
      await mine();
      const id = await propose(g);
      const balance = await g.token.balanceOf(g.proposer);
      await expect(g.referendum.connect(g.proposer).support(id)).not.to.emit(g.referendum, "DepositRefunded");
      expect(await g.token.balanceOf(g.proposer)).to.equal(balance);
    });

    it("attack 11: a proposer has at most 3 proposals open at once", async function () {
      const g = await loadFixture(fixture);
      for (let i = 0; i < 3; i++) await propose(g);
      const a = await budgetAction(g);
      await g.fund(g.proposer, DEPOSIT);
      await g.token.connect(g.proposer).approve(g.referendum, DEPOSIT);
      await expect(g.referendum.connect(g.proposer).propose(a.targets, a.values, a.calldatas, "ipfs://p", false, 7))
        .to.be.revertedWithCustomError(g.referendum, "TooManyOpenProposals")
        .withArgs(g.proposer.address, 3, 3);
    });

    it("attack 11: the upkeep bounties a proposal pays never exceed what it cost its proposer", async function () {
      const g = await loadFixture(fixture);
      // The spammer's second account supports each proposal with 100,000 votes: the deposit comes back.
      const sybil = g.voters[1];
      await g.fund(sybil, tokens(100_000));
      await mine();
      const id = await propose(g);
      const start = await g.token.balanceOf(g.proposer);
      await g.referendum.connect(sybil).support(id);
      const cost = DEPOSIT - ((await g.token.balanceOf(g.proposer)) - start);
      const p = await g.referendum.proposalOf(id);
      await time.increaseTo(p.responseDeadline + 1n);
      const earned = await g.rewards.earnedBy(g.keeper);
      await g.referendum.connect(g.keeper).recordMissedResponse(id);
      await time.increaseTo(p.supportDeadline + 1n);
      await g.referendum.connect(g.keeper).lapse(id);
      const paid = (await g.rewards.earnedBy(g.keeper)) - earned;
      expect(paid).to.be.greaterThan(0n);
      expect(paid).to.be.at.most(cost);
    });
  });

  describe("attack 12: finalizeElection bounty per batch", function () {
    it("attack 12: finalizing 15 free candidacies one by one pays one bounty, not 15", async function () {
      const g = await loadFixture(fixture);
      await g.council.connect(g.members[0]).openElection();
      const candidates = await g.newAccounts(15);
      const bond = PROFILE.governance.council.candidateBond;
      for (const candidate of candidates) {
        await g.token.connect(g.treasury).transfer(candidate.address, bond);
        await g.token.connect(candidate).approve(g.council, bond);
        await g.council.connect(candidate).declareCandidacy(bond, "ipfs://c");
      }
      await time.increaseTo((await g.council.electionOf(1)).votingEnd + 1n);
      const earned = await g.rewards.earnedBy(g.keeper);
      for (let i = 0; i < 15; i++) await g.council.connect(g.keeper).finalizeElection(1);
      expect((await g.council.electionOf(1)).finalized).to.equal(true);
      expect((await g.rewards.earnedBy(g.keeper)) - earned).to.equal(BOUNTY);
    });
  });

  describe("also fixed", function () {
    it("also: the vote snapshot is not chosen by whoever crosses 100M support", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      const late = g.voters[1];
      await g.fund(whale, tokens(100_000_000));
      await mine();
      const id = await propose(g);
      // Bought after the proposal opened, before the crossing the buyer times itself.
      await g.fund(late, tokens(500_000_000));
      await time.increase(DAY);
      await g.referendum.connect(whale).support(id);
      const snapshot = (await g.referendum.proposalOf(id)).snapshot;
      await expect(g.referendum.connect(late).castVote(id, FOR))
        .to.be.revertedWithCustomError(g.referendum, "NoVotingPower")
        .withArgs(late.address, snapshot);
    });

    it("also: the bloc vote follows the council's choice as it stands until voting closes", async function () {
      const g = await loadFixture(fixture);
      const id = await openReferendum(g);
      const subject = await g.referendum.blocSubject(id);
      for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.for);
      await g.referendum.castBlocVote(id);
      const weight = CAP;
      expect((await g.referendum.proposalOf(id)).forVotes).to.equal(weight);
      // A momentary majority is not locked in: the members change their minds.
      for (const m of g.members) await g.council.connect(m).memberVote(subject, CHOICE.against);
      await expect(g.referendum.castBlocVote(id))
        .to.emit(g.referendum, "BlocVoteCast")
        .withArgs(id, await g.reserve.getAddress(), CHOICE.against, weight);
      const p = await g.referendum.proposalOf(id);
      expect([p.forVotes, p.againstVotes]).to.deep.equal([0n, weight]);
    });

    it("also: reserve tokens owed to open distributions do not vote in the bloc", async function () {
      const g = await loadFixture(fixture);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(10_000_000));
      await mine();
      await g.reserve.distributeExcess();
      const id = await openReferendum(g);
      const subject = await g.referendum.blocSubject(id);
      for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.for);
      await expect(g.referendum.castBlocVote(id))
        .to.emit(g.referendum, "BlocVoteCast")
        .withArgs(id, await g.reserve.getAddress(), FOR, CAP);
    });

    it("also: payCouncil with no sitting member reverts with a custom error", async function () {
      const g = await loadFixture(fixture);
      const [member] = await elect(g, 1);
      await g.council.connect(await g.asTimelock()).removeMember(member);
      await expect(g.reserve.payCouncil()).to.be.revertedWithCustomError(g.reserve, "NoSittingMembers").withArgs(1);
    });

    it("also: payCouncil counts one unit of work per member paid", async function () {
      const g = await loadFixture(fixture);
      await elect(g, 2);
      await expect(g.reserve.connect(g.keeper).payCouncil())
        .to.emit(g.rewards, "BountyPaid")
        .withArgs(
          g.kind("CouncilReserve.payCouncil"),
          g.keeper.address,
          await g.reserve.getAddress(),
          2,
          2n * BOUNTY,
          2,
          (v: bigint) => v > 0n,
        );
    });
  });

  describe("outside audit of governance (after issue 13)", function () {
    async function grantAction(g: Governance, to: string, amount: bigint) {
      return {
        targets: [await g.reserve.getAddress()],
        values: [0n],
        calldatas: [g.reserve.interface.encodeFunctionData("grantLiquidity", [to, amount, ethers.ZeroHash])],
      };
    }

    async function proposeActions(
      g: Governance,
      a: { targets: string[]; values: bigint[]; calldatas: string[] },
      constitutional = false,
    ) {
      await g.fund(g.proposer, DEPOSIT);
      await g.token.connect(g.proposer).approve(g.referendum, DEPOSIT);
      await g.referendum.connect(g.proposer).propose(a.targets, a.values, a.calldatas, "ipfs://p", constitutional, 7);
      return g.referendum.proposalCount();
    }

    async function blocFor(g: Governance, id: bigint) {
      const subject = await g.referendum.blocSubject(id);
      await g.council.connect(g.members[0]).memberVote(subject, CHOICE.for);
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.for);
      await g.referendum.connect(g.keeper).castBlocVote(id);
    }

    async function toClose(g: Governance, id: bigint) {
      const p = await g.referendum.proposalOf(id);
      await time.increaseTo(p.voteStart + p.voteDuration + 1n);
    }

    it("audit gov A1: the bloc alone does not meet the quorum; the proposal is defeated without holders' votes", async function () {
      const g = await loadFixture(fixture);
      const opener = g.voters[0];
      await g.fund(opener, tokens(100_000_000));
      const a = await grantAction(g, g.voters[4].address, await g.reserve.available());
      const id = await proposeActions(g, a);
      await g.referendum.connect(opener).support(id);
      await blocFor(g, id);
      expect((await g.referendum.proposalOf(id)).forVotes).to.be.gte(PROFILE.governance.referendum.quorum);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Defeated);
    });

    it("audit gov A1: the bloc still counts for the majority once holders meet the quorum", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      await g.fund(whale, PROFILE.governance.referendum.quorum);
      const a = await budgetAction(g);
      const id = await proposeActions(g, a);
      await g.referendum.connect(whale).support(id);
      await g.referendum.connect(whale).castVote(id, ABSTAIN); // abstain: quorum, no side
      await blocFor(g, id);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Succeeded);
    });

    it("audit gov A1: the reserve never pays a sitting council member, even through a passed proposal", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      await g.fund(whale, PROFILE.governance.referendum.quorum);
      const member = g.members[0];
      const a = await grantAction(g, member.address, tokens(1_000));
      const id = await proposeActions(g, a);
      await g.referendum.connect(whale).support(id);
      await g.referendum.connect(whale).castVote(id, FOR);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      await g.referendum.queue(id, a.targets, a.values, a.calldatas);
      await time.increase(BigInt(PROFILE.timelock.minDelay) + 1n);
      await expect(g.referendum.execute(id, a.targets, a.values, a.calldatas))
        .to.be.revertedWithCustomError(g.reserve, "PaysCouncilMember")
        .withArgs(member.address);
      expect(await g.referendum.state(id)).to.equal(STATE.Queued);
      await expect(g.reserve.connect(await g.asTimelock()).grantLiquidity(member.address, tokens(1), ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "PaysCouncilMember")
        .withArgs(member.address);
    });

    it("audit gov A3: the bloc weighs at most the cap at the snapshot, even when the reserve held more", async function () {
      const g = await loadFixture(fixture);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(500_000_000));
      const opener = g.voters[0];
      await g.fund(opener, tokens(100_000_000));
      const a = {
        targets: [await g.referendum.getAddress()],
        values: [0n],
        calldatas: [
          g.referendum.interface.encodeFunctionData("setOrdinary", [await g.rewards.getAddress(), "0x12345678", true]),
        ],
      };
      const id = await proposeActions(g, a, true);
      await g.referendum.connect(opener).support(id);
      await g.reserve.distributeExcess();
      await blocFor(g, id);
      const p = await g.referendum.proposalOf(id);
      expect(p.forVotes).to.equal(CAP);
      expect(p.forVotes).to.be.lt(PROFILE.governance.referendum.constitutionalQuorum);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Defeated);
    });

    it("audit gov A2: a call made constitutional after propose is judged by the constitutional rule at queue", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      await g.fund(whale, PROFILE.governance.referendum.quorum);
      const a = await grantAction(g, g.voters[2].address, tokens(500_000_000));
      const id = await proposeActions(g, a);
      const selector = g.reserve.interface.getFunction("grantLiquidity")!.selector;
      await g.referendum.connect(await g.asTimelock()).setOrdinary(await g.reserve.getAddress(), selector, false);
      await g.referendum.connect(whale).support(id);
      await g.referendum.connect(whale).castVote(id, FOR);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      await expect(g.referendum.queue(id, a.targets, a.values, a.calldatas))
        .to.be.revertedWithCustomError(g.referendum, "NoLongerPasses")
        .withArgs(id, 0);
      expect(await g.token.balanceOf(g.voters[2])).to.equal(0n);
    });

    it("audit gov A2: the quorum and majorities are those in force when the proposal was made", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      const quorum = PROFILE.governance.referendum.quorum;
      await g.fund(whale, quorum);
      const a = await budgetAction(g);
      const id = await proposeActions(g, a);
      // An ethers Result (TypeChain's struct output) converts to the struct's fields.
      const current = (await g.referendum.parameters()) as unknown as { toObject(deep: boolean): object };
      const raised = { ...current.toObject(true), quorum: quorum * 2n, constitutionalQuorum: quorum * 3n };
      await g.referendum
        .connect(await g.asTimelock())
        .setParameters(raised as Parameters<typeof g.referendum.setParameters>[0]);
      await g.referendum.connect(whale).support(id);
      await g.referendum.connect(whale).castVote(id, FOR);
      await toClose(g, id);
      await g.referendum.closeReferendum(id);
      expect(await g.referendum.state(id)).to.equal(STATE.Succeeded); // judged by the quorum it was made under
    });

    it("audit gov A6: re-casting or withdrawing the bloc pays no bounty; close, queue and execute stay paid", async function () {
      const g = await loadFixture(fixture);
      const [m1, m2] = g.members;
      const whale = g.voters[0];
      await g.fund(whale, PROFILE.governance.referendum.quorum);
      const a = await budgetAction(g);
      const id = await proposeActions(g, a);
      await g.referendum.connect(whale).support(id); // refunded: the proposal's cost is the upkeep fee
      await g.referendum.connect(whale).castVote(id, FOR);
      const subject = await g.referendum.blocSubject(id);
      await g.council.connect(m1).memberVote(subject, CHOICE.for);
      const before = await g.token.balanceOf(m2);
      for (let i = 0; i < 12; i++) {
        await g.council.connect(m2).memberVote(subject, i % 2 === 0 ? CHOICE.for : CHOICE.none);
        await g.referendum.connect(m2).castBlocVote(id);
      }
      expect((await g.token.balanceOf(m2)) - before).to.equal(BOUNTY); // the first cast only
      await toClose(g, id);
      const k0 = await g.token.balanceOf(g.keeper);
      await g.referendum.connect(g.keeper).closeReferendum(id);
      await g.referendum.connect(g.keeper).queue(id, a.targets, a.values, a.calldatas);
      await time.increase(BigInt(PROFILE.timelock.minDelay) + 1n);
      await g.referendum.connect(g.keeper).execute(id, a.targets, a.values, a.calldatas);
      expect((await g.token.balanceOf(g.keeper)) - k0).to.equal(3n * BOUNTY);
    });
  });
});
