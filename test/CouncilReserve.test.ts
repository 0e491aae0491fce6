import { expect } from "chai";
import { network } from "hardhat";
import {
  CHOICE,
  DAY,
  deployGovernance,
  PROFILE,
  SUPPLY,
  tokens,
  type Governance,
} from "./helpers/governanceFixture.ts";
import { earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const CAP = SUPPLY / 5n;
const INFRASTRUCTURE = 0;
const LIQUIDITY = 1;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

/** A majority of the transitional council (two of three) approves `subject`. */
async function approve(g: Governance, subject: string) {
  for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
}

async function approvedSpend(g: Governance, purpose: number, to: string, amount: bigint, ref = ethers.ZeroHash) {
  await approve(g, await g.reserve.spendSubject(purpose, to, amount, ref));
  return g.reserve.spend(purpose, to, amount, ref);
}

describe("CouncilReserve", function () {
  describe("cap and excess distribution", function () {
    it("holds exactly 1/5 of the supply: no excess; one wei more is excess anyone distributes", async function () {
      const g = await loadFixture(fixture);
      expect(await g.reserve.cap()).to.equal(CAP);
      expect(await g.reserve.available()).to.equal(CAP);
      await expect(g.reserve.distributeExcess())
        .to.be.revertedWithCustomError(g.reserve, "NoExcess")
        .withArgs(CAP, CAP);
      await g.token.connect(g.treasury).transfer(g.reserve, 1n);
      expect(await g.reserve.excess()).to.equal(1n);
      await expect(g.reserve.connect(g.keeper).distributeExcess()).to.emit(g.reserve, "ExcessDistributed");
      expect(await g.reserve.available()).to.equal(CAP);
      expect(await g.reserve.lockedForClaims()).to.equal(1n);
    });

    it("hands the excess out pro rata to the other holders' balances at the snapshot", async function () {
      const g = await loadFixture(fixture);
      const [a, b] = g.voters;
      await g.fund(a, tokens(1_000_000_000));
      await g.fund(b, tokens(500_000_000));
      const excess = tokens(3_000_000);
      await g.token.connect(g.treasury).transfer(g.reserve, excess);
      const tx = await g.reserve.connect(g.keeper).distributeExcess();
      const eligible = SUPPLY - CAP - excess;
      await expect(tx)
        .to.emit(g.reserve, "ExcessDistributed")
        .withArgs(1, 1, excess, eligible, BigInt(await time.latest()) + 365n * DAY);
      // Moving tokens after the snapshot changes nothing.
      await g.token.connect(a).transfer(b, tokens(1_000_000_000));
      const shareA = (excess * tokens(1_000_000_000)) / eligible;
      expect(await g.reserve.claimable(1, a)).to.equal(shareA);
      await expect(g.reserve.connect(a).claim(1, a))
        .to.emit(g.reserve, "DistributionClaimed")
        .withArgs(1, a.address, shareA);
      expect(await g.token.balanceOf(a)).to.equal(shareA);
      await expect(g.reserve.connect(a).claim(1, a)).to.be.revertedWithCustomError(g.reserve, "AlreadyClaimed");
      await g.reserve.connect(b).claim(1, b);
      expect(await g.reserve.available()).to.equal(CAP);
      // The reserve and its claims vault have no share.
      expect(await g.reserve.claimable(1, g.reserve)).to.equal(0n);
      expect(await g.reserve.claimable(1, await g.reserve.claimsVault())).to.equal(0n);

      // After 365 days the rest goes to the RewardsReserve.
      const { claimDeadline } = await g.reserve.distributionOf(1);
      await expect(g.reserve.sweep(1))
        .to.be.revertedWithCustomError(g.reserve, "NotDue")
        .withArgs(claimDeadline + 1n, earlierThan(claimDeadline + 1n));
      await time.increaseTo(claimDeadline + 1n);
      await expect(g.reserve.connect(g.treasury).claim(1, g.treasury)).to.be.revertedWithCustomError(
        g.reserve,
        "ClaimClosed",
      );
      const rest = excess - shareA - (excess * tokens(500_000_000)) / eligible;
      // Deposited into the RewardsReserve's accounting with its reason, not merely transferred.
      const held = await g.rewardsReserve.held();
      const sweep = g.reserve.connect(g.keeper).sweep(1);
      await expect(sweep)
        .to.emit(g.reserve, "DistributionSwept")
        .withArgs(1, await g.rewardsReserve.getAddress(), rest);
      await expect(sweep)
        .to.emit(g.rewardsReserve, "Deposited")
        .withArgs(await g.reserve.getAddress(), rest, g.kind("CouncilReserve.sweep"), held + rest);
      expect(await g.token.balanceOf(g.rewardsReserve)).to.equal(held + rest);
      expect(await g.rewardsReserve.held()).to.equal(held + rest);
      expect(await g.token.allowance(g.reserve, g.rewardsReserve)).to.equal(0n);
      expect(await g.reserve.lockedForClaims()).to.equal(0n);
      expect(await g.reserve.available()).to.equal(CAP);
      await expect(g.reserve.sweep(1)).to.be.revertedWithCustomError(g.reserve, "UnknownDistribution");
    });
  });

  describe("spending", function () {
    it("pays exactly two purposes; a third is refused", async function () {
      const g = await loadFixture(fixture);
      await expect(g.reserve.spend(2, g.keeper.address, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "UnknownPurpose")
        .withArgs(2);
      await expect(g.reserve.spend(255, g.keeper.address, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "UnknownPurpose")
        .withArgs(255);
    });

    it("pays infrastructure only with member approval and within the referendum-approved budget", async function () {
      const g = await loadFixture(fixture);
      const to = g.keeper.address;
      const subject = await g.reserve.spendSubject(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash);
      await expect(g.reserve.spend(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "NotApproved")
        .withArgs(subject);
      await approve(g, subject);
      await expect(g.reserve.spend(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "BudgetExceeded")
        .withArgs(tokens(100), 0n);
      const timelock = await g.asTimelock();
      await expect(g.reserve.approveBudget(tokens(150))).to.be.revertedWithCustomError(g.reserve, "NotTimelock");
      await g.reserve.connect(timelock).approveBudget(tokens(150));
      await expect(g.reserve.spend(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash))
        .to.emit(g.reserve, "Payment")
        .withArgs(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash, false);
      expect(await g.reserve.budget()).to.equal(tokens(50));
      await expect(g.reserve.spend(INFRASTRUCTURE, to, tokens(100), ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "AlreadySpent")
        .withArgs(subject);
    });

    it("grants an issuer up to 1% of the reserve per year by member majority, more only by referendum", async function () {
      const g = await loadFixture(fixture);
      const issuer = g.voters[3].address;
      const limit = CAP / 100n;
      await approvedSpend(g, LIQUIDITY, issuer, limit - tokens(1), ethers.id("first"));
      const second = ethers.id("second");
      await approve(g, await g.reserve.spendSubject(LIQUIDITY, issuer, tokens(2), second));
      const available = await g.reserve.available();
      await expect(g.reserve.spend(LIQUIDITY, issuer, tokens(2), second))
        .to.be.revertedWithCustomError(g.reserve, "LiquidityLimitExceeded")
        .withArgs(issuer, tokens(2), limit - tokens(1), available / 100n);
      // A new window once the window passed (shortened to 30 days: the transitional council
      // that approves here sits less than a year).
      const timelock = await g.asTimelock();
      await g.reserve.connect(timelock).setParameters({
        ...PROFILE.governance.reserve,
        rewardsReserve: await g.rewardsReserve.getAddress(),
        liquidityWindow: 30n * DAY,
      });
      await time.increase(30n * DAY);
      await g.reserve.spend(LIQUIDITY, issuer, tokens(2), second);
      expect((await g.reserve.liquidityOf(issuer)).granted).to.equal(tokens(2));
      // Beyond the limit by referendum.
      await expect(g.reserve.connect(timelock).grantLiquidity(issuer, limit * 3n, ethers.ZeroHash))
        .to.emit(g.reserve, "Payment")
        .withArgs(LIQUIDITY, issuer, limit * 3n, ethers.ZeroHash, true);
    });

    it("grants exactly 1% of the reserve by member majority, and refuses one wei more", async function () {
      const g = await loadFixture(fixture);
      const issuer = g.voters[4].address;
      const limit = (await g.reserve.available()) / 100n;
      const over = ethers.id("over");
      await approve(g, await g.reserve.spendSubject(LIQUIDITY, issuer, limit + 1n, over));
      await expect(g.reserve.spend(LIQUIDITY, issuer, limit + 1n, over))
        .to.be.revertedWithCustomError(g.reserve, "LiquidityLimitExceeded")
        .withArgs(issuer, limit + 1n, 0n, limit);
      await expect(approvedSpend(g, LIQUIDITY, issuer, limit, ethers.id("exact")))
        .to.emit(g.reserve, "Payment")
        .withArgs(LIQUIDITY, issuer, limit, ethers.id("exact"), false);
      expect((await g.reserve.liquidityOf(issuer)).granted).to.equal(limit);
    });

    it("pays the elected council 400,000 per term in two installments, split equally", async function () {
      const g = await loadFixture(fixture);
      await expect(g.reserve.payCouncil()).to.be.revertedWithCustomError(g.reserve, "NoCouncil");
      // Elect two members.
      await g.council.connect(g.members[0]).openElection();
      const [a, b] = g.voters;
      for (const candidate of [a, b]) {
        const bond = PROFILE.governance.council.candidateBond;
        await g.token.connect(g.treasury).transfer(candidate, bond);
        await g.token.connect(candidate).approve(g.council, bond);
        await g.council.connect(candidate).declareCandidacy(bond, "ipfs://c");
      }
      const voter = g.voters[5];
      await g.fund(voter, tokens(10));
      const election = await g.council.electionOf(1);
      await time.increaseTo(election.votingStart + 1n);
      await g.council.connect(voter).voteCandidates([a.address, b.address], [tokens(5), tokens(5)]);
      await time.increaseTo(election.votingEnd + 1n);
      await g.council.finalizeElection(10);

      const half = PROFILE.governance.reserve.councilPay / 2n;
      await expect(g.reserve.connect(g.keeper).payCouncil())
        .to.emit(g.reserve, "CouncilInstallmentPaid")
        .withArgs(1, 0, 2, half / 2n);
      expect(await g.token.balanceOf(a)).to.equal(half / 2n);
      const [termId, installment, dueAt] = await g.reserve.nextInstallment();
      expect([termId, installment]).to.deep.equal([1n, 1n]);
      const [, term] = await g.council.currentTerm();
      expect(dueAt).to.equal(term.start + (term.end - term.start) / 2n);
      await expect(g.reserve.payCouncil())
        .to.be.revertedWithCustomError(g.reserve, "NotDue")
        .withArgs(dueAt, earlierThan(dueAt));
      await time.increaseTo(dueAt);
      await g.reserve.payCouncil();
      expect(await g.token.balanceOf(b)).to.equal(half);
      await expect(g.reserve.payCouncil()).to.be.revertedWithCustomError(g.reserve, "NoCouncil");
    });

    it("refuses payments the reserve cannot cover and bad recipients", async function () {
      const g = await loadFixture(fixture);
      const timelock = await g.asTimelock();
      await expect(g.reserve.connect(timelock).grantLiquidity(ethers.ZeroAddress, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "InvalidRecipient")
        .withArgs(ethers.ZeroAddress);
      await expect(g.reserve.connect(timelock).grantLiquidity(g.keeper.address, CAP + 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(g.reserve, "InsufficientReserve")
        .withArgs(CAP + 1n, CAP);
      await expect(
        g.reserve.connect(timelock).setParameters({
          ...PROFILE.governance.reserve,
          rewardsReserve: await g.rewardsReserve.getAddress(),
          capBps: 0,
        }),
      )
        .to.be.revertedWithCustomError(g.reserve, "InvalidParameter")
        .withArgs("capBps", 0);
    });
  });
});
