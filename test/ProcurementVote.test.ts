// ProcurementVote flows, events and the attacks of issue 18 (DESIGN §13), on the suite as genesis
// wires it (test/helpers/procurementFixture.ts). Attack tests are named "attack N: ..." and were
// run against the contract without the defence they name (see DEVELOPERS.md, "ProcurementVote").
import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { FOR, AGAINST } from "./helpers/governanceFixture.ts";
import {
  BOUNTY,
  deployProcurement,
  FAIL,
  MIN_STAKE,
  OPEN_FEE,
  STATUS,
  tokens,
  type Procurement,
  type Terms,
} from "./helpers/procurementFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;

async function fixture() {
  return deployProcurement(ethers, networkHelpers, ignition);
}

/** Stakes two voters (and a third with an odd stake), then opens a round sponsored by `sponsor`. */
async function staked() {
  const p = await loadFixture(fixture);
  const [v1, v2, v3] = p.voters;
  await p.stake([v1, v2, v3], [MIN_STAKE, MIN_STAKE * 2n, MIN_STAKE + 7n]);
  await p.fund(p.sponsor, tokens(1_000_000));
  for (const s of p.suppliers) await p.fund(s, tokens(10_000));
  return p;
}

async function openRound(p: Procurement, overrides: Partial<Terms> = {}) {
  const terms = p.terms(overrides);
  await p.procurement.connect(p.sponsor).open(terms);
  const roundId = await p.procurement.roundCount();
  return { roundId, terms, round: await p.procurement.roundOf(roundId) };
}

async function toVoting(p: Procurement, roundId: bigint) {
  await time.increaseTo((await p.procurement.roundOf(roundId)).applicationEnd);
}

async function toClose(p: Procurement, roundId: bigint) {
  await time.increaseTo((await p.procurement.roundOf(roundId)).votingEnd);
}

/** Opens a round, two applications (A bids 6,000, B 8,000), the votes given, closed. */
async function awarded(p: Procurement, votes: [Signer, bigint][]) {
  const { roundId } = await openRound(p);
  const [a, b] = p.suppliers;
  await p.procurement.connect(a).submitApplication(roundId, tokens(6_000), "ipfs://a");
  await p.procurement.connect(b).submitApplication(roundId, tokens(8_000), "ipfs://b");
  await toVoting(p, roundId);
  for (const [voter, app] of votes) await p.procurement.connect(voter).vote(roundId, app);
  await toClose(p, roundId);
  await p.procurement.connect(p.keeper).close(roundId);
  return roundId;
}

async function balanceCoversHeld(p: Procurement) {
  const balance = await p.token.balanceOf(p.procurement);
  expect(balance).to.be.gte(await p.procurement.held());
}

describe("ProcurementVote", function () {
  describe("a round from open to delivery", function () {
    it("picks the supplier with the most weight, pays its bid on the sponsor's confirmation and pays voters", async function () {
      const p = await staked();
      const [v1, v2, v3] = p.voters;
      const [a, b] = p.suppliers;
      const terms = p.terms();
      const sponsorBefore = await p.token.balanceOf(p.sponsor);
      const rewardsBefore = await p.token.balanceOf(p.rewards);
      await expect(p.procurement.connect(p.sponsor).open(terms)).to.emit(p.procurement, "RoundOpened");
      const roundId = await p.procurement.roundCount();
      expect(await p.token.balanceOf(p.sponsor)).to.equal(sponsorBefore - terms.budget - terms.rewardPool - OPEN_FEE);
      expect(await p.token.balanceOf(p.rewards)).to.equal(rewardsBefore + OPEN_FEE);
      const round = await p.procurement.roundOf(roundId);
      // Opened in the lock: the snapshot is the raise's last second (audit F3), before the opening.
      const { start, raise } = await p.pool.schedule();
      const [poolRound] = await p.pool.phaseAt(round.openedAt);
      expect(await p.procurement.snapshotOf(roundId)).to.equal((await p.pool.roundStart(poolRound)) + raise - 1n);
      expect(round.snapshot).to.be.lessThan(round.openedAt);
      expect(start).to.be.lessThan(round.openedAt);

      await expect(p.procurement.connect(a).submitApplication(roundId, tokens(6_000), "ipfs://a"))
        .to.emit(p.procurement, "Applied")
        .withArgs(roundId, 1n, a.address, tokens(6_000), terms.bond, "ipfs://a");
      await p.procurement.connect(b).submitApplication(roundId, tokens(8_000), "ipfs://b");
      await toVoting(p, roundId);
      await expect(p.procurement.connect(v1).vote(roundId, 1n))
        .to.emit(p.procurement, "Voted")
        .withArgs(roundId, 1n, v1.address, MIN_STAKE, MIN_STAKE, MIN_STAKE, 1n);
      await p.procurement.connect(v2).vote(roundId, 2n);
      await p.procurement.connect(v3).vote(roundId, 1n);
      // A: 20,000 + 20,000 + 7 wei > B: 40,000.
      await expect(p.procurement.close(roundId)).to.be.revertedWithCustomError(p.procurement, "NotDue");
      await toClose(p, roundId);
      const total = MIN_STAKE * 4n + 7n;
      await expect(p.procurement.connect(p.keeper).close(roundId))
        .to.emit(p.procurement, "RoundAwarded")
        .withArgs(roundId, 1n, a.address, tokens(6_000), MIN_STAKE * 2n + 7n, total, p.keeper.address)
        .and.to.emit(p.rewards, "BountyPaid");
      await expect(p.procurement.close(roundId)).to.be.revertedWithCustomError(p.procurement, "WrongStatus");

      const aBefore = await p.token.balanceOf(a);
      const sponsorMid = await p.token.balanceOf(p.sponsor);
      await expect(p.procurement.connect(p.sponsor).confirmDelivery(roundId))
        .to.emit(p.procurement, "DeliveryConfirmed")
        .withArgs(roundId, 1n, a.address, tokens(6_000), tokens(4_000), terms.bond);
      expect(await p.token.balanceOf(a)).to.equal(aBefore + tokens(6_000) + terms.bond);
      expect(await p.token.balanceOf(p.sponsor)).to.equal(sponsorMid + tokens(4_000));
      expect((await p.procurement.roundOf(roundId)).status).to.equal(STATUS.Delivered);

      // B lost: takes its bond back; A's came with the payment.
      await expect(p.procurement.connect(b).claimBond(roundId, 2n))
        .to.emit(p.procurement, "BondReturned")
        .withArgs(roundId, 2n, b.address, terms.bond);
      await expect(p.procurement.connect(a).claimBond(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "NothingToClaim",
      );

      // Voters: pro rata to weight, the last claim moves the dust to the carried pool.
      let paid = 0n;
      for (const v of [v1, v2, v3]) {
        const expected = ((await p.procurement.ballotOf(roundId, v)).weight * terms.rewardPool) / total;
        expect(await p.procurement.rewardOf(roundId, v)).to.equal(expected);
        const before = await p.token.balanceOf(v);
        await p.procurement.connect(v).claimReward(roundId);
        expect(await p.token.balanceOf(v)).to.equal(before + expected);
        paid += expected;
      }
      expect(paid).to.be.lte(terms.rewardPool);
      expect(paid + (await p.procurement.carried())).to.equal(terms.rewardPool);
      expect(await p.procurement.held()).to.equal(await p.procurement.carried());
      await balanceCoversHeld(p);
    });

    it("tie: the earlier application wins, whatever the order of the votes", async function () {
      const p = await staked();
      const [v1] = p.voters;
      const [v4] = p.voters.slice(3);
      await p.stake([v4], [MIN_STAKE]);
      await p.fund(p.sponsor, tokens(1_000_000));
      // The later application (2) gets its votes first, then 1 catches up exactly.
      const roundId = await awarded(p, [
        [v1, 2n],
        [v4, 1n],
      ]);
      const round = await p.procurement.roundOf(roundId);
      expect(round.leader).to.equal(1n);
      expect(round.leaderWeight).to.equal(MIN_STAKE);
      expect((await p.procurement.applicationOf(roundId, 2n)).weight).to.equal(MIN_STAKE);
    });

    it("a round without applications, or without votes, fails: the budget goes back, the pool is carried", async function () {
      const p = await staked();
      const { roundId, terms } = await openRound(p);
      await toClose(p, roundId);
      const before = await p.token.balanceOf(p.sponsor);
      await expect(p.procurement.close(roundId))
        .to.emit(p.procurement, "RoundFailed")
        .withArgs(roundId, FAIL.NoApplications, terms.budget, terms.rewardPool, terms.rewardPool, p.deployer.address);
      expect(await p.token.balanceOf(p.sponsor)).to.equal(before + terms.budget);

      const second = await openRound(p);
      expect(second.round.rewardPool).to.equal(terms.rewardPool * 2n);
      await p.procurement.connect(p.suppliers[0]).submitApplication(second.roundId, 1n, "ipfs://a");
      await toClose(p, second.roundId);
      await expect(p.procurement.close(second.roundId))
        .to.emit(p.procurement, "RoundFailed")
        .withArgs(
          second.roundId,
          FAIL.NoVotes,
          terms.budget,
          terms.rewardPool * 2n,
          terms.rewardPool * 2n,
          p.deployer.address,
        );
      await p.procurement.connect(p.suppliers[0]).claimBond(second.roundId, 1n);
      expect(await p.procurement.held()).to.equal(terms.rewardPool * 2n);
      await balanceCoversHeld(p);
    });

    it("a withdrawn application's bond goes to the next round's pool", async function () {
      const p = await staked();
      const { roundId, terms } = await openRound(p);
      const [a] = p.suppliers;
      await p.procurement.connect(a).submitApplication(roundId, tokens(1), "ipfs://a");
      await expect(p.procurement.connect(a).withdrawApplication(roundId, 1n))
        .to.emit(p.procurement, "ApplicationWithdrawn")
        .withArgs(roundId, 1n, a.address, terms.bond, terms.bond);
      await expect(p.procurement.connect(a).withdrawApplication(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "ApplicationWithdrawnAlready",
      );
      await toVoting(p, roundId);
      await expect(p.procurement.connect(p.voters[0]).vote(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "ApplicationWithdrawnAlready",
      );
      const next = await openRound(p);
      expect(next.round.rewardPool).to.equal(terms.rewardPool + terms.bond);
      await expect(p.procurement.connect(a).claimBond(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "WrongStatus",
      );
    });

    it("a failed delivery (declared, or expired at the deadline) forfeits the winner's bond to the CouncilReserve and returns the budget", async function () {
      const p = await staked();
      const [v1] = p.voters;
      const first = await awarded(p, [[v1, 1n]]);
      const bond = (await p.procurement.roundOf(first)).bond;
      const reserveBefore = await p.token.balanceOf(p.reserve);
      await expect(p.procurement.connect(p.suppliers[0]).declareFailure(first))
        .to.be.revertedWithCustomError(p.procurement, "NotSponsor")
        .withArgs(first, p.suppliers[0].address);
      await expect(p.procurement.connect(p.sponsor).declareFailure(first))
        .to.emit(p.procurement, "DeliveryFailed")
        .withArgs(first, 1n, p.suppliers[0].address, bond, tokens(10_000), false, 0n);
      expect(await p.token.balanceOf(p.reserve)).to.equal(reserveBefore + bond);
      expect(await p.procurement.carried()).to.equal(0n);

      const second = await awarded(p, [[v1, 2n]]);
      const deadline = (await p.procurement.roundOf(second)).deliveryDeadline;
      await expect(p.procurement.expireDelivery(second)).to.be.revertedWithCustomError(p.procurement, "NotDue");
      await time.increaseTo(deadline);
      await expect(p.procurement.connect(p.sponsor).confirmDelivery(second)).to.be.revertedWithCustomError(
        p.procurement,
        "DeliveryOverdue",
      );
      await expect(p.procurement.connect(p.keeper).expireDelivery(second))
        .to.emit(p.procurement, "DeliveryFailed")
        .withArgs(second, 2n, p.suppliers[1].address, bond, tokens(10_000), true, 0n)
        .and.to.emit(p.rewards, "BountyPaid");
      expect(await p.token.balanceOf(p.reserve)).to.equal(reserveBefore + 2n * bond);
      await balanceCoversHeld(p);
    });
  });

  describe("a round sponsored by the CouncilReserve", function () {
    async function reserveRound(p: Procurement, salt = ethers.id("round-1")) {
      const terms = p.terms({ salt });
      const timelock = await p.asTimelock();
      const [amount, ref, subject] = await p.procurement.reserveSpend(terms);
      expect(amount).to.equal(terms.budget + terms.rewardPool + OPEN_FEE);
      await p.reserve.connect(timelock).approveBudget(amount * 2n);
      return { terms, amount, ref, subject };
    }

    it("opens only on the council's member majority for the exact terms, once, within the approved budget", async function () {
      const p = await staked();
      const { terms, amount, ref, subject } = await reserveRound(p);
      expect(subject).to.equal(await p.reserve.spendSubject(0, p.procurement, amount, ref));
      await expect(p.procurement.openReserveRound(terms)).to.be.revertedWithCustomError(p.reserve, "NotApproved");
      const [m1, m2] = p.members;
      await p.council.connect(m1).memberVote(subject, FOR);
      await p.council.connect(m2).memberVote(subject, FOR);
      const budgetBefore = await p.reserve.budget();
      await expect(p.procurement.openReserveRound(terms))
        .to.emit(p.reserve, "Payment")
        .and.to.emit(p.procurement, "RoundOpened");
      expect(await p.reserve.budget()).to.equal(budgetBefore - amount);
      const round = await p.procurement.roundOf(1n);
      expect(round.fromReserve).to.equal(true);
      expect(round.sponsor).to.equal(await p.reserve.getAddress());
      // Other terms were not approved; the same terms cannot open twice.
      await expect(
        p.procurement.openReserveRound({ ...terms, budget: terms.budget + 1n }),
      ).to.be.revertedWithCustomError(p.reserve, "NotApproved");
      await expect(p.procurement.openReserveRound(terms))
        .to.be.revertedWithCustomError(p.procurement, "ReserveRoundOpened")
        .withArgs(round.fromReserve ? (await p.procurement.reserveSpend(terms))[1] : ethers.ZeroHash);
    });

    it("pays the winner when the council's member majority decides For on the delivery subject", async function () {
      const p = await staked();
      const { terms, subject } = await reserveRound(p);
      const [m1, m2, m3] = p.members;
      await p.council.connect(m1).memberVote(subject, FOR);
      await p.council.connect(m2).memberVote(subject, FOR);
      await p.procurement.openReserveRound(terms);
      const roundId = 1n;
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, tokens(9_000), "ipfs://a");
      await toVoting(p, roundId);
      await p.procurement.connect(p.voters[0]).vote(roundId, 1n);
      await toClose(p, roundId);
      await p.procurement.close(roundId);
      const delivery = await p.procurement.deliverySubject(roundId);
      // The sponsor is the reserve: nobody confirms without the council's decision.
      await expect(p.procurement.connect(p.sponsor).confirmDelivery(roundId))
        .to.be.revertedWithCustomError(p.procurement, "NotDecided")
        .withArgs(roundId, delivery, 0);
      await p.council.connect(m1).memberVote(delivery, FOR);
      await expect(p.procurement.confirmDelivery(roundId)).to.be.revertedWithCustomError(p.procurement, "NotDecided");
      await p.council.connect(m3).memberVote(delivery, FOR);
      await expect(p.procurement.declareFailure(roundId)).to.be.revertedWithCustomError(p.procurement, "NotDecided");
      const reserveBefore = await p.token.balanceOf(p.reserve);
      await expect(p.procurement.confirmDelivery(roundId))
        .to.emit(p.procurement, "DeliveryConfirmed")
        .withArgs(roundId, 1n, p.suppliers[0].address, tokens(9_000), tokens(1_000), terms.bond);
      expect(await p.token.balanceOf(p.reserve)).to.equal(reserveBefore + tokens(1_000));
    });

    it("fails the delivery when the council's member majority decides Against", async function () {
      const p = await staked();
      const { terms, subject } = await reserveRound(p);
      const [m1, m2, m3] = p.members;
      await p.council.connect(m1).memberVote(subject, FOR);
      await p.council.connect(m2).memberVote(subject, FOR);
      await p.procurement.openReserveRound(terms);
      await p.procurement.connect(p.suppliers[0]).submitApplication(1n, tokens(9_000), "ipfs://a");
      await toVoting(p, 1n);
      await p.procurement.connect(p.voters[0]).vote(1n, 1n);
      await toClose(p, 1n);
      await p.procurement.close(1n);
      const delivery = await p.procurement.deliverySubject(1n);
      await p.council.connect(m2).memberVote(delivery, AGAINST);
      await p.council.connect(m3).memberVote(delivery, AGAINST);
      await expect(p.procurement.confirmDelivery(1n)).to.be.revertedWithCustomError(p.procurement, "NotDecided");
      await expect(p.procurement.declareFailure(1n))
        .to.emit(p.procurement, "DeliveryFailed")
        .withArgs(1n, 1n, p.suppliers[0].address, terms.bond, terms.budget, false, terms.bond);
    });
  });

  describe("attacks", function () {
    it("attack 1: stake added after the snapshot (even in the opening block) does not count", async function () {
      const p = await staked();
      const [v1] = p.voters;
      const [late, sameBlock] = p.voters.slice(4);
      await p.fund(late, MIN_STAKE * 10n);
      await p.fund(sameBlock, MIN_STAKE);
      // In the next raise (stake can move), open the round and stake in the same block (a
      // flash-loaned stake moved in the opening block).
      await p.toRaise();
      await networkHelpers.mine(1);
      await ethers.provider.send("evm_setAutomine", [false]);
      const open = await p.procurement.connect(p.sponsor).open(p.terms());
      const deposit = await p.pool.connect(sameBlock).deposit(MIN_STAKE);
      await networkHelpers.mine(1);
      await ethers.provider.send("evm_setAutomine", [true]);
      const [openReceipt, depositReceipt] = [await open.wait(), await deposit.wait()];
      expect(openReceipt!.blockNumber).to.equal(depositReceipt!.blockNumber);
      const roundId = await p.procurement.roundCount();
      // v1 adds stake after the opening, still in the raise.
      await p.pool.connect(late).deposit(MIN_STAKE * 10n);
      await p.fund(v1, MIN_STAKE * 5n);
      await p.pool.connect(v1).deposit(MIN_STAKE * 5n);
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, 1n, "ipfs://a");
      await toVoting(p, roundId);
      const snapshot = await p.procurement.snapshotOf(roundId);
      await expect(p.procurement.connect(sameBlock).vote(roundId, 1n))
        .to.be.revertedWithCustomError(p.procurement, "NotEconomicNode")
        .withArgs(sameBlock.address, snapshot);
      await expect(p.procurement.connect(late).vote(roundId, 1n))
        .to.be.revertedWithCustomError(p.procurement, "NotEconomicNode")
        .withArgs(late.address, snapshot);
      await p.procurement.connect(v1).vote(roundId, 1n);
      expect((await p.procurement.ballotOf(roundId, v1)).weight).to.equal(MIN_STAKE);
      expect(await p.pool.principalOf(v1)).to.equal(MIN_STAKE * 6n);
    });

    it("attack 2: one vote per staker per round (a second vote, for any application, is refused)", async function () {
      const p = await staked();
      const { roundId } = await openRound(p);
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, 1n, "ipfs://a");
      await p.procurement.connect(p.suppliers[1]).submitApplication(roundId, 1n, "ipfs://b");
      await toVoting(p, roundId);
      await p.procurement.connect(p.voters[0]).vote(roundId, 1n);
      await expect(p.procurement.connect(p.voters[0]).vote(roundId, 2n))
        .to.be.revertedWithCustomError(p.procurement, "AlreadyVoted")
        .withArgs(roundId, p.voters[0].address);
      expect((await p.procurement.roundOf(roundId)).totalWeight).to.equal(MIN_STAKE);
    });

    it("attack 3: claims pay their owner, once (rewards and bonds)", async function () {
      const p = await staked();
      const [v1, v2] = p.voters;
      const roundId = await awarded(p, [[v1, 1n]]);
      await expect(p.procurement.connect(v2).claimReward(roundId))
        .to.be.revertedWithCustomError(p.procurement, "NothingToClaim")
        .withArgs(roundId, v2.address);
      await p.procurement.connect(v1).claimReward(roundId);
      await expect(p.procurement.connect(v1).claimReward(roundId)).to.be.revertedWithCustomError(
        p.procurement,
        "NothingToClaim",
      );
      await expect(p.procurement.connect(p.suppliers[0]).claimBond(roundId, 2n))
        .to.be.revertedWithCustomError(p.procurement, "NotSupplier")
        .withArgs(roundId, 2n, p.suppliers[0].address);
      await p.procurement.connect(p.suppliers[1]).claimBond(roundId, 2n);
      await expect(p.procurement.connect(p.suppliers[1]).claimBond(roundId, 2n)).to.be.revertedWithCustomError(
        p.procurement,
        "NothingToClaim",
      );
      // The winner's bond stays until the delivery is decided.
      await expect(p.procurement.connect(p.suppliers[0]).claimBond(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "NothingToClaim",
      );
      await expect(
        p.procurement.connect(p.suppliers[0]).withdrawApplication(roundId, 1n),
      ).to.be.revertedWithCustomError(p.procurement, "WrongStatus");
    });

    it("attack 4: a round with no votes pays a close bounty only when its fee covers it (no farming)", async function () {
      const p = await staked();
      const timelock = await p.asTimelock();
      const current = await p.procurement.parameters();
      const params = { openFee: current.openFee, minRewardPool: current.minRewardPool, minPeriod: current.minPeriod };
      // With the profile's fee (3 bounties here: 30 > 10 + 10), closing pays one bounty, less than the fee.
      expect(OPEN_FEE).to.be.gt(BOUNTY * 2n);
      const { roundId } = await openRound(p);
      await toClose(p, roundId);
      await expect(p.procurement.connect(p.keeper).close(roundId)).to.emit(p.rewards, "BountyPaid");
      // With a fee below the two bounties, a self-made round earns nothing.
      await p.procurement.connect(timelock).setParameters({ ...params, openFee: BOUNTY });
      const cheap = await openRound(p);
      await toClose(p, cheap.roundId);
      await expect(p.procurement.connect(p.keeper).close(cheap.roundId)).not.to.emit(p.rewards, "BountyPaid");
      await expect(p.procurement.setParameters(params))
        .to.be.revertedWithCustomError(p.procurement, "NotTimelock")
        .withArgs(p.deployer.address, await p.timelock.getAddress());
    });

    it("attack 5: windows only move forward (no late application, no vote outside the window, no early close)", async function () {
      const p = await staked();
      const { roundId, round } = await openRound(p);
      await expect(p.procurement.connect(p.voters[0]).vote(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "VotingNotOpen",
      );
      await expect(p.procurement.connect(p.suppliers[0]).submitApplication(roundId, tokens(10_001), "x"))
        .to.be.revertedWithCustomError(p.procurement, "BidAboveBudget")
        .withArgs(tokens(10_001), tokens(10_000));
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, 1n, "x");
      await expect(p.procurement.connect(p.suppliers[0]).submitApplication(roundId, 1n, "x"))
        .to.be.revertedWithCustomError(p.procurement, "AlreadyApplied")
        .withArgs(roundId, p.suppliers[0].address);
      await toVoting(p, roundId);
      await expect(p.procurement.connect(p.suppliers[1]).submitApplication(roundId, 1n, "x"))
        .to.be.revertedWithCustomError(p.procurement, "ApplicationsClosed")
        .withArgs(roundId, round.applicationEnd, round.applicationEnd + 1n);
      await expect(
        p.procurement.connect(p.suppliers[0]).withdrawApplication(roundId, 1n),
      ).to.be.revertedWithCustomError(p.procurement, "ApplicationsClosed");
      await expect(p.procurement.connect(p.voters[0]).vote(roundId, 2n))
        .to.be.revertedWithCustomError(p.procurement, "UnknownApplication")
        .withArgs(roundId, 2n);
      await toClose(p, roundId);
      await expect(p.procurement.connect(p.voters[0]).vote(roundId, 1n)).to.be.revertedWithCustomError(
        p.procurement,
        "VotingNotOpen",
      );
      await expect(p.procurement.connect(p.sponsor).confirmDelivery(roundId)).to.be.revertedWithCustomError(
        p.procurement,
        "WrongStatus",
      );
      await expect(p.procurement.claimReward(roundId)).to.be.revertedWithCustomError(p.procurement, "WrongStatus");
      await expect(p.procurement.close(99n)).to.be.revertedWithCustomError(p.procurement, "UnknownRound").withArgs(99n);
    });

    it("attack 6: bad terms are refused with the offending value, leaving nothing", async function () {
      const p = await staked();
      const bad: [Partial<Terms>, string, bigint][] = [
        [{ budget: 0n }, "budget", 0n],
        [{ bond: 0n }, "bond", 0n],
        [{ rewardPool: 1n }, "rewardPool", 1n],
        [{ applicationPeriod: 1n }, "applicationPeriod", 1n],
        [{ votingPeriod: 0n }, "votingPeriod", 0n],
        [{ deliveryPeriod: 2n }, "deliveryPeriod", 2n],
        [{ uri: "" }, "uri", 0n],
      ];
      for (const [overrides, name, value] of bad) {
        await expect(p.procurement.connect(p.sponsor).open(p.terms(overrides)))
          .to.be.revertedWithCustomError(p.procurement, "InvalidTerms")
          .withArgs(name, value);
      }
      expect(await p.procurement.roundCount()).to.equal(0n);
      const timelock = await p.asTimelock();
      await expect(p.procurement.connect(timelock).setParameters({ openFee: 0n, minRewardPool: 0n, minPeriod: 0n }))
        .to.be.revertedWithCustomError(p.procurement, "InvalidParameter")
        .withArgs("minPeriod", 0n);
    });
  });

  describe("outside audit (test/CommunityAudit.test.ts in the audit's clone)", function () {
    it("F1: the approved reserve spend executed directly by anyone still opens its round, once, on the payment already made", async function () {
      const p = await staked();
      const attacker = p.voters[7];
      const terms = p.terms({ salt: ethers.id("reserve-round") });
      const [amount, ref, subject] = await p.procurement.reserveSpend(terms);
      await p.reserve.connect(await p.asTimelock()).approveBudget(amount);
      const [m1, m2] = p.members;
      await p.council.connect(m1).memberVote(subject, FOR);
      await p.council.connect(m2).memberVote(subject, FOR);
      const held = await p.procurement.held();
      await p.reserve.connect(attacker).spend(0, p.procurement, amount, ref);
      expect(await p.reserve.isSpent(subject)).to.equal(true);
      await expect(p.procurement.openReserveRound(terms)).to.emit(p.procurement, "RoundOpened");
      const roundId = await p.procurement.roundCount();
      expect((await p.procurement.roundOf(roundId)).budget).to.equal(terms.budget);
      expect(await p.procurement.held()).to.equal(held + terms.budget + terms.rewardPool);
      await balanceCoversHeld(p);
      // Once: a second opening of the same terms is refused, even with tokens sent in to fake a payment.
      await p.token.connect(p.sponsor).transfer(p.procurement, amount);
      await expect(p.procurement.openReserveRound(terms))
        .to.be.revertedWithCustomError(p.procurement, "ReserveRoundOpened")
        .withArgs(ref);
      // A spend not yet paid cannot be opened from tokens sent in either: the reserve must approve.
      const other = p.terms({ salt: ethers.id("unapproved") });
      await expect(p.procurement.openReserveRound(other)).to.be.revertedWithCustomError(p.reserve, "NotApproved");
    });

    it("F3: stake borrowed for the block before the opening, in a raise, does not vote (the snapshot is the last locked stake)", async function () {
      const p = await staked();
      const attacker = p.voters[5];
      const borrowed = MIN_STAKE * 10n;
      await p.toRaise();
      await p.fund(attacker, borrowed);
      await p.pool.connect(attacker).deposit(borrowed);
      const { roundId } = await openRound(p);
      await p.pool.connect(attacker).withdraw(borrowed);
      const snapshot = await p.procurement.snapshotOf(roundId);
      const { start, raise, lock, settlement } = await p.pool.schedule();
      // The last second of the previous round's raise: the stake locked through the lock before.
      expect((snapshot + 1n - (start + raise)) % (raise + lock + settlement)).to.equal(0n);
      expect((await p.procurement.roundOf(roundId)).snapshot).to.equal(snapshot);
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, 1n, "ipfs://a");
      await toVoting(p, roundId);
      await expect(p.procurement.connect(attacker).vote(roundId, 1n))
        .to.be.revertedWithCustomError(p.procurement, "NotEconomicNode")
        .withArgs(attacker.address, snapshot);
      await p.procurement.connect(p.voters[0]).vote(roundId, 1n);
      expect((await p.procurement.ballotOf(roundId, p.voters[0])).weight).to.equal(MIN_STAKE);
    });

    it("F4: a sponsor that fails an honest winner's delivery cannot take its bond back through its own next round", async function () {
      const p = await staked();
      const sponsor = p.voters[0];
      await p.fund(sponsor, tokens(100_000));
      const minimal = { budget: tokens(10_000), rewardPool: tokens(100), bond: tokens(500) };
      await p.procurement.connect(sponsor).open(p.terms(minimal));
      const roundId = await p.procurement.roundCount();
      await p.procurement.connect(p.suppliers[0]).submitApplication(roundId, tokens(9_000), "ipfs://victim");
      await toVoting(p, roundId);
      await p.procurement.connect(sponsor).vote(roundId, 1n);
      await toClose(p, roundId);
      await p.procurement.close(roundId);
      await p.procurement.connect(sponsor).declareFailure(roundId);
      expect(await p.procurement.carried()).to.equal(0n);
      await p.procurement.connect(sponsor).open(p.terms({ ...minimal, budget: 1n, bond: 1n }));
      expect((await p.procurement.roundOf(roundId + 1n)).rewardPool).to.equal(minimal.rewardPool);
    });
  });

  describe("keeper views", function () {
    it("dueRounds lists rounds due for close or expiry and where to resume", async function () {
      const p = await staked();
      const first = await openRound(p);
      const second = await openRound(p);
      let [ids, resume] = await p.procurement.dueRounds(0n, 10n);
      expect(ids).to.deep.equal([]);
      expect(resume).to.equal(first.roundId);
      await toClose(p, second.roundId);
      [ids, resume] = await p.procurement.dueRounds(1n, 10n);
      expect(ids).to.deep.equal([1n, 2n]);
      await p.procurement.close(1n);
      [ids, resume] = await p.procurement.dueRounds(1n, 1n);
      expect(ids).to.deep.equal([]);
      expect(resume).to.equal(2n);
      [ids, resume] = await p.procurement.dueRounds(1n, 10n);
      expect(ids).to.deep.equal([2n]);
      expect(resume).to.equal(2n);
      expect(await p.pool.stakeAt(p.voters[0], (await p.procurement.roundOf(1n)).openedAt)).to.equal(MIN_STAKE);
      const now = BigInt(await time.latest());
      await expect(p.pool.stakeAt(p.voters[0], now + 1_000n)).to.be.revertedWithCustomError(p.pool, "FutureLookup");
    });
  });
});
