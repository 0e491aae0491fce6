import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import {
  BOUNTY,
  budgetOf,
  deployStaking,
  entitled,
  LOCK,
  MIN_DISTRIBUTION,
  MIN_STAKE,
  PHASE,
  RAISE,
  ROUND,
  SETTLEMENT,
  tokens,
} from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const SETTLES = RAISE + LOCK; // offset of the settlement in a round

describe("EconomicPool", function () {
  const fixture = () => deployStaking(ethers, networkHelpers);

  describe("round clock", function () {
    it("has exact phase edges: each edge belongs to the phase it opens", async function () {
      const { pool, start } = await networkHelpers.loadFixture(fixture);
      const cases: [bigint, bigint, bigint][] = [
        [0n, 0n, PHASE.Raise],
        [RAISE - 1n, 0n, PHASE.Raise],
        [RAISE, 0n, PHASE.Lock],
        [SETTLES - 1n, 0n, PHASE.Lock],
        [SETTLES, 0n, PHASE.Settlement],
        [ROUND - 1n, 0n, PHASE.Settlement],
        [ROUND, 1n, PHASE.Raise],
        [40n * ROUND + RAISE, 40n, PHASE.Lock],
      ];
      for (const [offset, round, phase] of cases) {
        const [r, p] = await pool.phaseAt(start + offset);
        expect([r, p]).to.deep.equal([round, phase], `offset ${offset}`);
      }
      await expect(pool.phaseAt(start - 1n))
        .to.be.revertedWithCustomError(pool, "NotStarted")
        .withArgs(start);
      await expect(pool.currentPhase()).to.be.revertedWithCustomError(pool, "NotStarted").withArgs(start);
      expect(await pool.roundStart(2)).to.equal(start + 2n * ROUND);
      const s = await pool.schedule();
      expect([s.start, s.raise, s.lock, s.settlement]).to.deep.equal([start, RAISE, LOCK, SETTLEMENT]);
      expect(await pool.rewardSchedule()).to.deep.equal([start + SETTLES, ROUND]);
      expect(await pool.roundsEnded()).to.equal(0n);
    });

    it("refuses stakes outside a raise, with the round, phase and next raise", async function () {
      const { pool, stakers, fund, at, start } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, MIN_STAKE * 2n);
      await expect(pool.connect(alice).deposit(MIN_STAKE))
        .to.be.revertedWithCustomError(pool, "NotStarted")
        .withArgs(start);
      await at(0n, RAISE);
      await expect(pool.connect(alice).deposit(MIN_STAKE))
        .to.be.revertedWithCustomError(pool, "NotRaise")
        .withArgs(0n, PHASE.Lock, start + ROUND);
      await at(0n, SETTLES);
      await expect(pool.connect(alice).withdraw(MIN_STAKE))
        .to.be.revertedWithCustomError(pool, "NotRaise")
        .withArgs(0n, PHASE.Settlement, start + ROUND);
      await at(1n, 0n);
      await expect(pool.connect(alice).deposit(MIN_STAKE)).to.emit(pool, "Deposited");
    });
  });

  describe("stakes", function () {
    it("first deposit creates the staker's vault, delegated to the staker: its votes do not move", async function () {
      const { pool, token, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, tokens(50_000));
      await goto(0n, 0n);
      const vault = await pool.vaultOf(alice.address);
      const votesBefore = await token.getVotes(alice.address);
      await expect(pool.connect(alice).deposit(tokens(30_000)))
        .to.emit(pool, "VaultCreated")
        .withArgs(alice.address, vault)
        .and.to.emit(pool, "StakeDelegated")
        .withArgs(alice.address, vault, alice.address)
        .and.to.emit(pool, "Deposited")
        .withArgs(alice.address, 0n, tokens(30_000), tokens(30_000), tokens(30_000));
      expect(await token.balanceOf(vault)).to.equal(tokens(30_000));
      expect(await token.delegates(vault)).to.equal(alice.address);
      expect(await token.getVotes(alice.address)).to.equal(votesBefore);
      expect(await pool.principalOf(alice.address)).to.equal(tokens(30_000));
      expect(await pool.totalStaked()).to.equal(tokens(30_000));
      expect(await pool.isEconomicNode(alice.address)).to.equal(true);
      // A top-up reuses the vault.
      await expect(pool.connect(alice).deposit(tokens(1))).to.not.emit(pool, "VaultCreated");
      expect(await token.balanceOf(vault)).to.equal(tokens(30_001));
    });

    it("delegateStake moves the staked votes where the staker says, never to nobody", async function () {
      const { pool, token, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = stakers;
      await fund(alice, MIN_STAKE);
      await goto(0n, 0n);
      await expect(pool.connect(alice).delegateStake(bob.address))
        .to.be.revertedWithCustomError(pool, "NoVault")
        .withArgs(alice.address);
      await pool.connect(alice).deposit(MIN_STAKE);
      await expect(pool.connect(alice).delegateStake(ZeroAddress))
        .to.be.revertedWithCustomError(pool, "InvalidDelegatee")
        .withArgs(ZeroAddress);
      const vault = await pool.vaultOf(alice.address);
      await expect(pool.connect(alice).delegateStake(bob.address))
        .to.emit(pool, "StakeDelegated")
        .withArgs(alice.address, vault, bob.address);
      expect(await token.getVotes(bob.address)).to.equal(MIN_STAKE);
      expect(await token.getVotes(alice.address)).to.equal(0n);
      const vaultContract = await ethers.getContractAt("StakeVault", vault);
      await expect(vaultContract.connect(alice).pay(alice.address, 1n))
        .to.be.revertedWithCustomError(vaultContract, "NotPool")
        .withArgs(alice.address, await pool.getAddress());
      await expect(vaultContract.connect(alice).delegate(alice.address))
        .to.be.revertedWithCustomError(vaultContract, "NotPool")
        .withArgs(alice.address, await pool.getAddress());
    });

    it("attack 6: a stake is 0 or at least 20,000 after every deposit and withdrawal, partial ones included", async function () {
      const { pool, token, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, tokens(100_000));
      await goto(0n, 0n);
      await expect(pool.connect(alice).deposit(0n)).to.be.revertedWithCustomError(pool, "InvalidAmount").withArgs(0n);
      await expect(pool.connect(alice).deposit(MIN_STAKE - 1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, MIN_STAKE - 1n, MIN_STAKE);
      await pool.connect(alice).deposit(tokens(25_000));
      await expect(pool.connect(alice).withdraw(tokens(5_000) + 1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, MIN_STAKE - 1n, MIN_STAKE);
      await expect(pool.connect(alice).withdraw(tokens(25_000) + 1n))
        .to.be.revertedWithCustomError(pool, "InsufficientStake")
        .withArgs(alice.address, tokens(25_000) + 1n, tokens(25_000));
      await expect(pool.connect(alice).withdraw(0n)).to.be.revertedWithCustomError(pool, "InvalidAmount");
      await expect(pool.connect(alice).withdraw(tokens(5_000)))
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 0n, tokens(5_000), MIN_STAKE, MIN_STAKE);
      expect(await pool.isEconomicNode(alice.address)).to.equal(true);
      const before = await token.balanceOf(alice.address);
      await pool.connect(alice).withdraw(MIN_STAKE);
      expect(await token.balanceOf(alice.address)).to.equal(before + MIN_STAKE);
      expect(await pool.principalOf(alice.address)).to.equal(0n);
      expect(await pool.isEconomicNode(alice.address)).to.equal(false);
      expect(await token.balanceOf(await pool.vaultOf(alice.address))).to.equal(0n);
      // Back in from zero: the minimum again; a top-up of any size above it.
      await expect(pool.connect(alice).deposit(tokens(19_999))).to.be.revertedWithCustomError(pool, "BelowMinimum");
      await pool.connect(alice).deposit(MIN_STAKE);
      await pool.connect(alice).deposit(1n);
      expect(await pool.principalOf(alice.address)).to.equal(MIN_STAKE + 1n);
    });
  });

  describe("rewards", function () {
    it("shares a round's budget pro rata to the stake locked in it, claimable from settlement on", async function () {
      const { pool, token, reserve, keeper, stakers, fund, at, goto } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = stakers;
      await fund(alice, tokens(100_000));
      await fund(bob, tokens(300_000));
      await goto(0n, 0n);
      await pool.connect(alice).deposit(tokens(100_000));
      await pool.connect(bob).deposit(tokens(300_000));
      await at(0n, SETTLES - 2n);
      await expect(pool.connect(alice).claim()).to.be.revertedWithCustomError(pool, "NothingToClaim");
      await at(0n, SETTLES - 1n);
      await expect(pool.settle())
        .to.be.revertedWithCustomError(pool, "NotDue")
        .withArgs((await pool.roundStart(0)) + SETTLES, (await pool.roundStart(0)) + SETTLES - 1n);
      await at(0n, SETTLES);
      const budget = budgetOf(0n);
      const delta = (budget * 10n ** 27n) / tokens(400_000);
      await expect(pool.settle())
        .to.emit(pool, "RoundsSettled")
        .withArgs(0n, 1n, tokens(400_000), budget, budget, 0n, delta)
        .and.to.emit(reserve, "Released");
      const aliceShare = (tokens(100_000) * delta) / 10n ** 27n;
      expect(await pool.earned(alice.address)).to.equal(aliceShare);
      expect(await pool.earnedOf([alice.address, bob.address, keeper.address, alice.address])).to.deep.equal([
        aliceShare,
        (budget * 3n) / 4n,
        0n,
        aliceShare,
      ]);
      const before = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).claim())
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, aliceShare, alice.address);
      expect(await token.balanceOf(alice.address)).to.equal(before + aliceShare);
      expect(aliceShare).to.equal(budget / 4n);
      await expect(pool.connect(alice).claim()).to.be.revertedWithCustomError(pool, "NothingToClaim");
      expect(await pool.earned(bob.address)).to.equal((budget * 3n) / 4n);
      expect(await pool.budgetReceived()).to.equal(budget);
      expect(await pool.rewardsPaid()).to.equal(aliceShare);
    });

    it("attack 1: a deposit in the last second of a raise, withdrawn in that second, earns nothing", async function () {
      const { pool, stakers, fund, at, goto } = await networkHelpers.loadFixture(fixture);
      const [alice, mallory] = stakers;
      await fund(alice, MIN_STAKE);
      await fund(mallory, tokens(1_000_000));
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      // Both of mallory's transactions land in the last second of the raise.
      await at(0n, RAISE - 1n);
      await ethers.provider.send("evm_setAutomine", [false]);
      const dep = await pool.connect(mallory).deposit(tokens(1_000_000), { gasLimit: 500_000 });
      const wd = await pool.connect(mallory).withdraw(tokens(1_000_000), { gasLimit: 500_000 });
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      expect((await dep.wait())!.status).to.equal(1);
      expect((await wd.wait())!.status).to.equal(1);
      // A deposit in the last second stays locked: the next second is the lock.
      await goto(1n, SETTLES);
      await pool.settle();
      await expect(pool.connect(mallory).claim()).to.be.revertedWithCustomError(pool, "NothingToClaim");
      expect(await pool.earned(alice.address)).to.be.closeTo(entitled(2n), 1n);
    });

    it("attack 1b: a deposit in the last second of a raise cannot leave in the next second", async function () {
      const { pool, stakers, fund, at } = await networkHelpers.loadFixture(fixture);
      const [mallory] = stakers;
      await fund(mallory, MIN_STAKE);
      await at(0n, RAISE - 1n);
      await pool.connect(mallory).deposit(MIN_STAKE);
      await at(0n, RAISE);
      await expect(pool.connect(mallory).withdraw(MIN_STAKE)).to.be.revertedWithCustomError(pool, "NotRaise");
    });

    it("attack 2: an empty round's budget is paid later, in full, to the next round's stake", async function () {
      const { pool, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, MIN_STAKE);
      await goto(0n, SETTLES);
      await expect(pool.settle())
        .to.emit(pool, "RoundsSettled")
        .withArgs(0n, 1n, 0n, budgetOf(0n), 0n, budgetOf(0n), 0n);
      expect(await pool.carried()).to.equal(budgetOf(0n));
      await goto(1n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await goto(1n, SETTLES);
      await pool.settle();
      // Rounded down once for the account: at most one wei short.
      const owed = await pool.earned(alice.address);
      expect(owed).to.be.lte(entitled(2n));
      expect(entitled(2n) - owed).to.be.lte(1n);
      expect(owed + (await pool.carried())).to.equal(entitled(2n) - (await pool.carried()) + (await pool.carried()));
    });

    it("attack 3: a claim after 40 skipped rounds costs the same gas as after 1 (±5%) and pays all 40", async function () {
      const { pool, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = stakers;
      await fund(alice, MIN_STAKE);
      await fund(bob, MIN_STAKE);
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await pool.connect(bob).deposit(MIN_STAKE);
      await goto(0n, SETTLES);
      await pool.settle();
      const one = (await (await pool.connect(alice).claim()).wait())!.gasUsed;
      await goto(40n, SETTLES);
      await pool.settle();
      const tx = await pool.connect(bob).claim();
      const forty = (await tx.wait())!.gasUsed;
      const ratio = Number(forty) / Number(one);
      expect(ratio).to.be.within(0.95, 1.05, `claim after 1: ${one}, after 41: ${forty}`);
      await expect(tx)
        .to.emit(pool, "RewardPaid")
        .withArgs(bob.address, (v: bigint) => entitled(41n) / 2n - v <= 41n, bob.address);
    });

    it("attack 4: distribute with duplicates, already claimed, unknown and zero accounts pays each owed account once", async function () {
      const { pool, token, keeperRewards, stakers, fund, at, goto, keeper, kinds } =
        await networkHelpers.loadFixture(fixture);
      const [alice, bob, carol, stranger] = stakers;
      for (const s of [alice, bob, carol]) await fund(s, MIN_STAKE);
      await goto(0n, 0n);
      for (const s of [alice, bob, carol]) await pool.connect(s).deposit(MIN_STAKE);
      await at(0n, RAISE + 10n);
      await expect(pool.connect(keeper).distribute([alice.address]))
        .to.be.revertedWithCustomError(pool, "NotDue")
        .withArgs((await pool.roundStart(0)) + SETTLES, (await pool.roundStart(0)) + RAISE + 10n);
      await goto(0n, SETTLES);
      await pool.connect(bob).claim();
      const owed = await pool.earned(alice.address);
      const batch = [alice.address, alice.address, bob.address, ZeroAddress, stranger.address, carol.address];
      const aliceBefore = await token.balanceOf(alice.address);
      const tx = pool.connect(keeper).distribute(batch);
      await expect(tx)
        .to.emit(pool, "Distributed")
        .withArgs(keeper.address, 6n, 2n, 2n, owed * 2n)
        .and.to.emit(keeperRewards, "BountyPaid")
        .withArgs(
          kinds.distribute,
          keeper.address,
          await pool.getAddress(),
          2n,
          BOUNTY * 2n,
          2n,
          (v: bigint) => v > 0n,
        );
      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore + owed);
      // Idempotent: the same batch again pays nothing and no bounty.
      await expect(pool.connect(keeper).distribute(batch))
        .to.emit(pool, "Distributed")
        .withArgs(keeper.address, 6n, 0n, 0n, 0n)
        .and.not.to.emit(keeperRewards, "BountyPaid");
    });

    it("attack 5: a claim racing distribute in one block pays once", async function () {
      const { pool, token, stakers, fund, goto, keeper } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, MIN_STAKE);
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await goto(0n, SETTLES);
      await pool.settle();
      const owed = await pool.earned(alice.address);
      const before = await token.balanceOf(alice.address);
      await ethers.provider.send("evm_setAutomine", [false]);
      const d = await pool.connect(keeper).distribute([alice.address], { gasLimit: 500_000 });
      const c = await pool.connect(alice).claim({ gasLimit: 500_000 });
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      const receipts = await Promise.all([d, c].map((t) => ethers.provider.getTransactionReceipt(t.hash)));
      expect(receipts.map((r) => r!.blockNumber)[0]).to.equal(receipts[1]!.blockNumber);
      expect(receipts[1]!.status).to.equal(0); // the claim found nothing left
      expect(await token.balanceOf(alice.address)).to.equal(before + owed);
      expect(await pool.rewardsPaid()).to.equal(owed);
    });

    it("attack 7: no bounty for the keeper's own account nor for dust payments", async function () {
      const { pool, keeperRewards, stakers, fund, goto, timelock } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = stakers;
      await fund(alice, MIN_STAKE);
      await fund(bob, MIN_STAKE);
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await pool.connect(bob).deposit(MIN_STAKE);
      await goto(0n, SETTLES);
      await expect(pool.connect(alice).distribute([alice.address]))
        .to.emit(pool, "Distributed")
        .withArgs(alice.address, 1n, 1n, 0n, (v: bigint) => v > 0n)
        .and.not.to.emit(keeperRewards, "BountyPaid");
      // Governance raises the minimum above bob's share: paid, but no bounty.
      const owed = await pool.earned(bob.address);
      await pool.connect(timelock).setParameters({ minStake: MIN_STAKE, minDistribution: owed + 1n });
      await expect(pool.connect(alice).distribute([bob.address]))
        .to.emit(pool, "Distributed")
        .withArgs(alice.address, 1n, 1n, 0n, owed)
        .and.not.to.emit(keeperRewards, "BountyPaid");
      expect(owed).to.be.gt(MIN_DISTRIBUTION);
    });

    it("attack 8: settle pays one bounty per round settled, whoever settles, and nothing twice", async function () {
      const { pool, keeperRewards, goto, keeper, kinds, reserve } = await networkHelpers.loadFixture(fixture);
      await goto(2n, SETTLES);
      await expect(pool.connect(keeper).settle())
        .to.emit(keeperRewards, "BountyPaid")
        .withArgs(kinds.settle, keeper.address, await pool.getAddress(), 3n, BOUNTY * 3n, 3n, (v: bigint) => v > 0n);
      await expect(pool.connect(keeper).settle()).to.be.revertedWithCustomError(pool, "NotDue");
      expect(await pool.carried()).to.equal(entitled(3n));
      expect(await reserve.releasable(0)).to.equal(0n);
    });

    it("accrues rewards when a stake changes and keeps them owed after a full withdrawal", async function () {
      const { pool, token, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, MIN_STAKE * 2n);
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await goto(1n, 0n);
      const owed = entitled(1n);
      await expect(pool.connect(alice).deposit(MIN_STAKE))
        .to.emit(pool, "RewardsAccrued")
        .withArgs(
          alice.address,
          (v: bigint) => owed - v <= 1n,
          (v: bigint) => owed - v <= 1n,
          1n,
        );
      await pool.connect(alice).withdraw(MIN_STAKE * 2n);
      const accrued = (await pool.stakeOf(alice.address)).owed;
      expect(await pool.earned(alice.address)).to.equal(accrued);
      const before = await token.balanceOf(alice.address);
      await pool.connect(alice).claim();
      expect(await token.balanceOf(alice.address)).to.equal(before + accrued);
      // Nothing staked in round 1: its budget waits.
      await goto(2n, 0n);
      await pool.settle();
      await expect(pool.connect(alice).claim()).to.be.revertedWithCustomError(pool, "NothingToClaim");
      // The carry: round 1's budget and the wei alice's rounding left in round 0.
      expect(await pool.carried()).to.equal(entitled(2n) - accrued);
      expect(entitled(1n) - accrued).to.be.lte(1n);
    });
  });

  describe("attacker briefing", function () {
    it("attack 10: a raised minimum binds the next change, never traps a stake: a full withdrawal still works", async function () {
      const { pool, stakers, fund, goto, timelock } = await networkHelpers.loadFixture(fixture);
      const [alice] = stakers;
      await fund(alice, tokens(40_000));
      await goto(0n, 0n);
      await pool.connect(alice).deposit(tokens(25_000));
      await pool.connect(timelock).setParameters({ minStake: tokens(30_000), minDistribution: MIN_DISTRIBUTION });
      expect(await pool.isEconomicNode(alice.address)).to.equal(false);
      await expect(pool.connect(alice).deposit(tokens(1_000)))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, tokens(26_000), tokens(30_000));
      await expect(pool.connect(alice).withdraw(tokens(1_000))).to.be.revertedWithCustomError(pool, "BelowMinimum");
      await pool.connect(alice).withdraw(tokens(25_000));
      expect(await pool.principalOf(alice.address)).to.equal(0n);
    });

    it("attack 11: nobody can route another staker's reward or stake: distribute pays the account, vaults obey only the pool", async function () {
      const { pool, token, stakers, fund, goto, keeper } = await networkHelpers.loadFixture(fixture);
      const [alice, mallory] = stakers;
      await fund(alice, MIN_STAKE);
      await goto(0n, 0n);
      await pool.connect(alice).deposit(MIN_STAKE);
      await expect(pool.connect(mallory).withdraw(1n))
        .to.be.revertedWithCustomError(pool, "InsufficientStake")
        .withArgs(mallory.address, 1n, 0n);
      await goto(0n, SETTLES);
      await pool.connect(alice).settle();
      const keeperBefore = await token.balanceOf(keeper.address);
      const owed = await pool.earned(alice.address);
      await pool.connect(keeper).distribute([alice.address]);
      // The keeper got its bounty, never alice's reward.
      expect((await token.balanceOf(keeper.address)) - keeperBefore).to.equal(BOUNTY);
      expect(owed).to.be.gt(BOUNTY);
    });

    it("attack 12: a thousand dust accounts cannot exist: each needs 20,000 staked through a whole lock to be owed anything", async function () {
      const { pool, stakers, fund, goto } = await networkHelpers.loadFixture(fixture);
      const [mallory] = stakers;
      await fund(mallory, MIN_STAKE);
      await goto(0n, 0n);
      await expect(pool.connect(mallory).deposit(1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(mallory.address, 1n, MIN_STAKE);
      // In and out within a raise: owed nothing, so never a bounty unit.
      await pool.connect(mallory).deposit(MIN_STAKE);
      await pool.connect(mallory).withdraw(MIN_STAKE);
      await goto(0n, SETTLES);
      await expect(pool.distribute([mallory.address]))
        .to.emit(pool, "Distributed")
        .withArgs((v: string) => v.length > 0, 1n, 0n, 0n, 0n);
    });
  });

  describe("governance", function () {
    it("changes parameters by the Timelock only, and refuses a minimum below one token (attack 13)", async function () {
      const { pool, timelock, stakers } = await networkHelpers.loadFixture(fixture);
      const p = { minStake: tokens(30_000), minDistribution: tokens(5) };
      await expect(pool.connect(stakers[0]).setParameters(p))
        .to.be.revertedWithCustomError(pool, "NotTimelock")
        .withArgs(stakers[0].address, timelock.address);
      await expect(pool.connect(timelock).setParameters({ ...p, minStake: 0n }))
        .to.be.revertedWithCustomError(pool, "InvalidParameter")
        .withArgs("minStake", 0n);
      // Attack 13: a minimum of a few wei would let a dust stake blow the index past 128 bits.
      await expect(pool.connect(timelock).setParameters({ ...p, minStake: tokens(1) - 1n }))
        .to.be.revertedWithCustomError(pool, "InvalidParameter")
        .withArgs("minStake", tokens(1) - 1n);
      await expect(pool.connect(timelock).setParameters(p)).to.emit(pool, "ParametersChanged");
      const q = await pool.parameters();
      expect([q.minStake, q.minDistribution]).to.deep.equal([p.minStake, p.minDistribution]);
    });

    it("refuses a round clock with a zero phase", async function () {
      const { token, reserve, keeperRewards, timelock } = await networkHelpers.loadFixture(fixture);
      const factory = await ethers.getContractFactory("EconomicPool");
      for (const [name, s] of [
        ["raise", { start: 0n, raise: 0n, lock: 1n, settlement: 1n }],
        ["lock", { start: 0n, raise: 1n, lock: 0n, settlement: 1n }],
        ["settlement", { start: 0n, raise: 1n, lock: 1n, settlement: 0n }],
      ] as const) {
        await expect(
          factory.deploy(token, reserve, keeperRewards, timelock.address, s, {
            minStake: MIN_STAKE,
            minDistribution: 0n,
          }),
        )
          .to.be.revertedWithCustomError(factory, "InvalidParameter")
          .withArgs(name, 0n);
      }
    });
  });
});
