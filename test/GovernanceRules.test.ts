// The rules issue 13 added around the attacks: the ordinary list, open proposals, the proposal
// bounty cap, the bloc vote's withdrawal, claimers, the claims vault, the distribution bounty
// threshold, BaseToken's pre-block snapshots in every order, VotingPower's limits.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BOUNTY,
  CHOICE,
  DAY,
  deployGovernance,
  PROFILE,
  STATE,
  SUPPLY,
  tokens,
  type Governance,
  budgetAction,
  proposeBudget as propose,
} from "./helpers/governanceFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const DEPOSIT = PROFILE.governance.referendum.proposalDeposit;
const FEE = PROFILE.governance.referendum.upkeepFee;
const CAP = SUPPLY / 5n;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

describe("governance rules of issue 13", function () {
  describe("ordinary list", function () {
    it("is changed only by the Timelock, never to list the Timelock, governance itself or role changes", async function () {
      const g = await loadFixture(fixture);
      const timelock = await g.asTimelock();
      const selector = g.rewards.interface.getFunction("setBounty")!.selector;
      const rewards = await g.rewards.getAddress();
      await expect(g.referendum.setOrdinary(rewards, selector, true))
        .to.be.revertedWithCustomError(g.referendum, "NotTimelock")
        .withArgs(g.deployer.address, await g.timelock.getAddress());
      await expect(g.referendum.connect(timelock).setOrdinary(rewards, selector, true))
        .to.emit(g.referendum, "OrdinaryCallSet")
        .withArgs(rewards, selector, true);
      expect(await g.referendum.isOrdinary(rewards, selector)).to.equal(true);
      const data = g.rewards.interface.encodeFunctionData("setBounty", [g.kind("Referendum.close"), 1n]);
      expect((await g.referendum.isConstitutional([rewards], [data]))[0]).to.equal(false);
      await g.referendum.connect(timelock).setOrdinary(rewards, selector, false);
      expect((await g.referendum.isConstitutional([rewards], [data]))[0]).to.equal(true);

      const refused: [string, string][] = [
        [await g.timelock.getAddress(), g.timelock.interface.getFunction("updateDelay")!.selector],
        [await g.referendum.getAddress(), g.referendum.interface.getFunction("setParameters")!.selector],
        [await g.votingPower.getAddress(), g.votingPower.interface.getFunction("addSource")!.selector],
        [ethers.ZeroAddress, selector],
        [await g.token.getAddress(), g.token.interface.getFunction("grantRole")!.selector],
        [await g.token.getAddress(), g.token.interface.getFunction("revokeRole")!.selector],
        [await g.token.getAddress(), g.token.interface.getFunction("renounceRole")!.selector],
        [await g.council.getAddress(), g.council.interface.getFunction("setParameters")!.selector],
        [await g.reserve.getAddress(), g.reserve.interface.getFunction("setParameters")!.selector],
      ];
      for (const [target, refusedSelector] of refused) {
        await expect(g.referendum.connect(timelock).setOrdinary(target, refusedSelector, true))
          .to.be.revertedWithCustomError(g.referendum, "NotOrdinaryCandidate")
          .withArgs(target, refusedSelector);
      }
      // Taking a pair off is always allowed.
      await expect(g.referendum.connect(timelock).setOrdinary(refused[0][0], refused[0][1], false)).to.emit(
        g.referendum,
        "OrdinaryCallSet",
      );
    });

    it("refuses bad referendum parameters: an upkeep fee above the deposit, no open proposal", async function () {
      const g = await loadFixture(fixture);
      const timelock = await g.asTimelock();
      const p = PROFILE.governance.referendum;
      await expect(g.referendum.connect(timelock).setParameters({ ...p, upkeepFee: p.proposalDeposit + 1n }))
        .to.be.revertedWithCustomError(g.referendum, "InvalidParameter")
        .withArgs("upkeepFee", p.proposalDeposit + 1n);
      await expect(g.referendum.connect(timelock).setParameters({ ...p, maxOpenProposals: 0 }))
        .to.be.revertedWithCustomError(g.referendum, "InvalidParameter")
        .withArgs("maxOpenProposals", 0);
    });
  });

  describe("open proposals and the proposal's cost", function () {
    it("frees a place when a proposal is cancelled, lapses or opens its referendum", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      await g.fund(whale, tokens(100_000_000));
      const [a, b, c] = [await propose(g), await propose(g), await propose(g)];
      expect(await g.referendum.openProposalsOf(g.proposer)).to.equal(3n);
      await g.referendum.connect(g.proposer).cancel(a);
      expect(await g.referendum.openProposalsOf(g.proposer)).to.equal(2n);
      await g.referendum.connect(whale).support(b);
      expect(await g.referendum.state(b)).to.equal(STATE.Referendum);
      expect(await g.referendum.openProposalsOf(g.proposer)).to.equal(1n);
      await time.increaseTo((await g.referendum.proposalOf(c)).supportDeadline + 1n);
      await g.referendum.connect(g.keeper).lapse(c);
      expect(await g.referendum.openProposalsOf(g.proposer)).to.equal(0n);
      // The whale's support refunded b's deposit less the fee; the others forfeited theirs.
      expect(await g.referendum.proposalCost(b)).to.deep.equal([FEE, 0n]);
      expect(await g.referendum.proposalCost(c)).to.deep.equal([DEPOSIT, BOUNTY]);
    });

    it("does the upkeep but pays nothing once a bounty would exceed what the proposal cost", async function () {
      const g = await loadFixture(fixture);
      const sybil = g.voters[1];
      await g.fund(sybil, tokens(100_000));
      await networkHelpers.mine();
      const id = await propose(g);
      await g.referendum.connect(sybil).support(id);
      // The missed-response bounty is raised above the fee the proposal still costs.
      await g.rewards.setBounty(g.kind("Referendum.missedResponse"), FEE + 1n);
      await time.increaseTo((await g.referendum.proposalOf(id)).responseDeadline + 1n);
      await expect(g.referendum.connect(g.keeper).recordMissedResponse(id))
        .to.emit(g.referendum, "CouncilResponseMissed")
        .and.not.to.emit(g.rewards, "BountyPaid");
      await time.increaseTo((await g.referendum.proposalOf(id)).supportDeadline + 1n);
      // A lapse after the refund forfeits nothing more and is paid within the fee.
      await expect(g.referendum.connect(g.keeper).lapse(id))
        .to.emit(g.rewards, "BountyPaid")
        .and.not.to.emit(g.referendum, "DepositForfeited");
      expect(await g.referendum.proposalCost(id)).to.deep.equal([FEE, BOUNTY]);
    });

    it("forfeits the deposit of a referendum its proposer's support alone opened", async function () {
      const g = await loadFixture(fixture);
      await g.fund(g.proposer, tokens(100_000_000));
      await networkHelpers.mine();
      const id = await propose(g);
      await expect(g.referendum.connect(g.proposer).support(id))
        .to.emit(g.referendum, "DepositForfeited")
        .withArgs(id, await g.reserve.getAddress(), DEPOSIT)
        .and.not.to.emit(g.referendum, "DepositRefunded");
      expect(await g.referendum.state(id)).to.equal(STATE.Referendum);
      expect(await g.token.balanceOf(g.referendum)).to.equal(0n);
      expect(await g.referendum.proposalCost(id)).to.deep.equal([DEPOSIT, 0n]);
    });

    it("refunds the proposer once other accounts' support alone reaches the threshold", async function () {
      const g = await loadFixture(fixture);
      const [other] = g.voters;
      await g.fund(g.proposer, tokens(100_000));
      await g.fund(other, tokens(100_000));
      await networkHelpers.mine();
      const id = await propose(g);
      await g.referendum.connect(g.proposer).support(id);
      expect(await g.referendum.state(id)).to.equal(STATE.CouncilResponse);
      const before = await g.token.balanceOf(g.proposer);
      await expect(g.referendum.connect(other).support(id))
        .to.emit(g.referendum, "DepositRefunded")
        .withArgs(id, g.proposer.address, DEPOSIT - FEE);
      expect(await g.token.balanceOf(g.proposer)).to.equal(before + DEPOSIT - FEE);
    });
  });

  describe("bloc vote", function () {
    it("is withdrawn when the council's majority dissolves, and cannot be cast twice the same way", async function () {
      const g = await loadFixture(fixture);
      const whale = g.voters[0];
      await g.fund(whale, tokens(100_000_000));
      const id = await propose(g);
      await g.referendum.connect(whale).support(id);
      const subject = await g.referendum.blocSubject(id);
      await expect(g.referendum.castBlocVote(id)).to.be.revertedWithCustomError(g.referendum, "NoBlocMajority");
      for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.abstain);
      await g.referendum.castBlocVote(id);
      await expect(g.referendum.castBlocVote(id))
        .to.be.revertedWithCustomError(g.referendum, "BlocAlreadyCast")
        .withArgs(id);
      expect((await g.referendum.proposalOf(id)).abstainVotes).to.equal(CAP);
      await g.council.connect(g.members[1]).memberVote(subject, CHOICE.for);
      await expect(g.referendum.castBlocVote(id))
        .to.emit(g.referendum, "BlocVoteWithdrawn")
        .withArgs(id, await g.reserve.getAddress(), CHOICE.abstain, CAP);
      const p = await g.referendum.proposalOf(id);
      expect([p.blocVoted, p.abstainVotes, p.forVotes]).to.deep.equal([false, 0n, 0n]);
      await expect(g.referendum.castBlocVote(id)).to.be.revertedWithCustomError(g.referendum, "NoBlocMajority");
    });
  });

  describe("bloc weight", function () {
    it("never counts the reserve's excess over its cap, even before it is distributed", async function () {
      const g = await loadFixture(fixture);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(5_000_000));
      const whale = g.voters[0];
      await g.fund(whale, tokens(100_000_000));
      await networkHelpers.mine();
      const id = await propose(g);
      await g.referendum.connect(whale).support(id);
      const subject = await g.referendum.blocSubject(id);
      for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.for);
      await expect(g.referendum.castBlocVote(id))
        .to.emit(g.referendum, "BlocVoteCast")
        .withArgs(id, await g.reserve.getAddress(), CHOICE.for, CAP);
    });
  });

  describe("reserve claims", function () {
    it("keeps what distributions owe in a claims vault only the reserve releases", async function () {
      const g = await loadFixture(fixture);
      const vault = await ethers.getContractAt("BondVault", await g.reserve.claimsVault());
      expect(await vault.council()).to.equal(await g.reserve.getAddress());
      expect(await g.token.delegates(vault)).to.equal(ethers.ZeroAddress);
      await expect(vault.initialize(g.token, g.keeper.address)).to.be.revertedWithCustomError(
        vault,
        "AlreadyInitialized",
      );
      await expect(vault.release(g.token, g.keeper.address, 1n))
        .to.be.revertedWithCustomError(vault, "NotCouncil")
        .withArgs(g.deployer.address);
      await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
      await networkHelpers.mine();
      await g.reserve.distributeExcess();
      expect(await g.token.balanceOf(vault)).to.equal(tokens(1_000_000));
      expect(await g.reserve.available()).to.equal(CAP);
    });

    it("lets a holder name and revoke a claimer, never itself or nobody", async function () {
      const g = await loadFixture(fixture);
      const [holder, helper] = g.voters;
      await expect(g.reserve.connect(holder).setClaimer(holder, true))
        .to.be.revertedWithCustomError(g.reserve, "InvalidRecipient")
        .withArgs(holder.address);
      await expect(g.reserve.connect(holder).setClaimer(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
        g.reserve,
        "InvalidRecipient",
      );
      await g.reserve.connect(holder).setClaimer(helper, true);
      expect(await g.reserve.isClaimer(holder, helper)).to.equal(true);
      await expect(g.reserve.connect(holder).setClaimer(helper, false))
        .to.emit(g.reserve, "ClaimerSet")
        .withArgs(holder.address, helper.address, false);
      expect(await g.reserve.isClaimer(holder, helper)).to.equal(false);
    });

    it("pays no distribution or sweep bounty for an excess below 100 bounties", async function () {
      const g = await loadFixture(fixture);
      await g.token.connect(g.treasury).transfer(g.reserve, 100n * BOUNTY - 1n);
      await networkHelpers.mine();
      await expect(g.reserve.connect(g.keeper).distributeExcess())
        .to.emit(g.reserve, "ExcessDistributed")
        .and.not.to.emit(g.rewards, "BountyPaid");
      await time.increaseTo((await g.reserve.distributionOf(1)).claimDeadline + 1n);
      await expect(g.reserve.connect(g.keeper).sweep(1))
        .to.emit(g.reserve, "DistributionSwept")
        .and.not.to.emit(g.rewards, "BountyPaid");
      await g.token.connect(g.treasury).transfer(g.reserve, 100n * BOUNTY);
      await expect(g.reserve.connect(g.keeper).distributeExcess()).to.emit(g.rewards, "BountyPaid");
    });
  });

  describe("BaseToken snapshots before the block", function () {
    async function tokenFixture() {
      const [admin, alice, bob, carol] = await ethers.getSigners();
      const token = await ethers.deployContract("BaseToken", [
        "Jiaozi",
        "JZ",
        [{ holder: alice.address, amount: tokens(1000) }],
        admin.address,
      ]);
      await token.grantRole(await token.SNAPSHOT_ROLE(), admin.address);
      return { token, admin, alice, bob, carol };
    }

    /** Runs `calls` in one block. */
    async function inOneBlock(calls: (() => Promise<unknown>)[]) {
      await networkHelpers.mine();
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        for (const call of calls) await call();
        await ethers.provider.send("evm_mine", []);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
    }

    it("reports each snapshot of a block by the balances before it, whatever moves around it", async function () {
      const { token, alice, bob, carol } = await loadFixture(tokenFixture);
      const gas = { gasLimit: 400_000 };
      // Block 1: a transfer, snapshot 1, a transfer, snapshot 2. Both see alice 1000, bob 0.
      await inOneBlock([
        () => token.connect(alice).transfer(bob, tokens(100), gas),
        () => token.snapshot(gas),
        () => token.connect(alice).transfer(bob, tokens(100), gas),
        () => token.snapshot(gas),
      ]);
      // Later blocks: snapshot 3 sees alice 800, bob 200; then bob moves twice.
      await token.snapshot();
      await token.connect(bob).transfer(carol, tokens(50));
      await inOneBlock([() => token.connect(bob).transfer(carol, tokens(50), gas), () => token.snapshot(gas)]);
      await token.connect(bob).transfer(carol, tokens(10));
      const expected: Record<number, [bigint, bigint, bigint]> = {
        1: [tokens(1000), 0n, 0n],
        2: [tokens(1000), 0n, 0n],
        3: [tokens(800), tokens(200), 0n],
        4: [tokens(800), tokens(150), tokens(50)],
      };
      for (const [id, balances] of Object.entries(expected)) {
        const actual = [
          await token.balanceOfAt(alice, id),
          await token.balanceOfAt(bob, id),
          await token.balanceOfAt(carol, id),
        ];
        expect(actual, `snapshot ${id}`).to.deep.equal(balances);
      }
      expect(await token.snapshotTime(3)).to.be.greaterThan(await token.snapshotTime(2));
      await expect(token.snapshotTime(5)).to.be.revertedWithCustomError(token, "SnapshotNotTaken").withArgs(5, 4);
      await expect(token.connect(carol).transfer(bob, tokens(1000)))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(carol.address, tokens(110), tokens(1000));
    });
  });

  describe("VotingPower limits", function () {
    it("refuses a zero token or timelock, a supply past 2^96 and a ninth source", async function () {
      const g = await loadFixture(fixture);
      const factory = await ethers.getContractFactory("VotingPower");
      await expect(factory.deploy(ethers.ZeroAddress, g.timelock)).to.be.revertedWithCustomError(
        g.votingPower,
        "InvalidSource",
      );
      await expect(factory.deploy(g.token, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        g.votingPower,
        "InvalidSource",
      );
      const huge = await ethers.deployContract("OZVotesToken", [g.keeper.address, 2n ** 96n]);
      await expect(factory.deploy(huge, g.timelock))
        .to.be.revertedWithCustomError(g.votingPower, "SupplyTooLarge")
        .withArgs(2n ** 96n, 2n ** 96n - 1n);
      const timelock = await g.asTimelock();
      for (let i = 0; i < 8; i++) {
        const source = await ethers.deployContract("OZVotesToken", [g.keeper.address, 1n]);
        await g.votingPower.connect(timelock).addSource(source);
      }
      const ninth = await ethers.deployContract("OZVotesToken", [g.keeper.address, 1n]);
      await expect(g.votingPower.connect(timelock).addSource(ninth))
        .to.be.revertedWithCustomError(g.votingPower, "TooManySources")
        .withArgs(9, 8);
      expect(await g.votingPower.clock()).to.equal(BigInt(await time.latest()));
    });
  });
});
