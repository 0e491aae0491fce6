import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { deployHonor, HONOR_MIN_STAKE, WITHDRAW_DELAY } from "./helpers/honorFixture.ts";
import { tokens } from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const MISSED = encodeBytes32String("Committee.missed");
const SLASH_REASON = encodeBytes32String("HonorPool.slash");

describe("HonorPool", function () {
  const fixture = () => deployHonor(ethers);
  const now = async () => BigInt(await networkHelpers.time.latest());

  describe("deposits", function () {
    it("first deposit creates the node's vault, delegated to the node: its votes do not move", async function () {
      const { pool, token, nodes, fund } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(300_000));
      const vault = await pool.vaultOf(alice.address);
      const votes = await token.getVotes(alice.address);
      await expect(pool.connect(alice).deposit(HONOR_MIN_STAKE))
        .to.emit(pool, "VaultCreated")
        .withArgs(alice.address, vault)
        .and.to.emit(pool, "StakeDelegated")
        .withArgs(alice.address, vault, alice.address)
        .and.to.emit(pool, "Deposited")
        .withArgs(alice.address, HONOR_MIN_STAKE, HONOR_MIN_STAKE, HONOR_MIN_STAKE);
      expect(await token.getVotes(alice.address)).to.equal(votes);
      expect(await token.balanceOf(vault)).to.equal(HONOR_MIN_STAKE);
      expect(await pool.isHonorNode(alice.address)).to.equal(true);
      await expect(pool.connect(alice).deposit(tokens(1)))
        .to.emit(pool, "Deposited")
        .withArgs(alice.address, tokens(1), HONOR_MIN_STAKE + tokens(1), HONOR_MIN_STAKE + tokens(1));
      const n = await pool.nodeOf(alice.address);
      expect([n.stake, n.pending, n.payableAt, n.hasVault]).to.deep.equal([HONOR_MIN_STAKE + tokens(1), 0n, 0n, true]);
      expect(await pool.totalStaked()).to.equal(HONOR_MIN_STAKE + tokens(1));
      expect(await pool.stakeOf(alice.address)).to.equal(HONOR_MIN_STAKE + tokens(1));
    });

    it("refuses zero and a stake below the minimum, with the values", async function () {
      const { pool, nodes, fund } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(300_000));
      await expect(pool.connect(alice).deposit(0)).to.be.revertedWithCustomError(pool, "InvalidAmount").withArgs(0n);
      await expect(pool.connect(alice).deposit(HONOR_MIN_STAKE - 1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, HONOR_MIN_STAKE - 1n, HONOR_MIN_STAKE);
      expect((await pool.nodeOf(alice.address)).hasVault).to.equal(false);
    });

    it("delegateStake re-points the staked votes; refused without a vault or to zero", async function () {
      const { pool, token, nodes, fund } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = nodes;
      await expect(pool.connect(alice).delegateStake(bob.address))
        .to.be.revertedWithCustomError(pool, "NoVault")
        .withArgs(alice.address);
      await fund(alice, HONOR_MIN_STAKE);
      await pool.connect(alice).deposit(HONOR_MIN_STAKE);
      await expect(pool.connect(alice).delegateStake(ZeroAddress))
        .to.be.revertedWithCustomError(pool, "InvalidDelegatee")
        .withArgs(ZeroAddress);
      const vault = await pool.vaultOf(alice.address);
      await expect(pool.connect(alice).delegateStake(bob.address))
        .to.emit(pool, "StakeDelegated")
        .withArgs(alice.address, vault, bob.address);
      expect(await token.getVotes(bob.address)).to.equal(HONOR_MIN_STAKE);
      expect(await token.getVotes(alice.address)).to.equal(0n);
    });
  });

  describe("withdrawals", function () {
    it("attack: 0-or-≥-min at every transition, including partial requests", async function () {
      const { pool, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(800_000));
      await pool.connect(alice).deposit(tokens(300_000));
      // A partial request leaving 200,000 - 1 wei is refused; exactly 200,000 is fine.
      await expect(pool.connect(alice).requestWithdraw(tokens(100_000) + 1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, HONOR_MIN_STAKE - 1n, HONOR_MIN_STAKE);
      await pool.connect(alice).requestWithdraw(tokens(100_000));
      expect(await pool.stakeOf(alice.address)).to.equal(HONOR_MIN_STAKE);
      // Any further partial request is refused; all of it is fine.
      await expect(pool.connect(alice).requestWithdraw(1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, HONOR_MIN_STAKE - 1n, HONOR_MIN_STAKE);
      await expect(pool.connect(alice).requestWithdraw(HONOR_MIN_STAKE + 1n))
        .to.be.revertedWithCustomError(pool, "InsufficientStake")
        .withArgs(alice.address, HONOR_MIN_STAKE + 1n, HONOR_MIN_STAKE);
      await expect(pool.connect(alice).requestWithdraw(0)).to.be.revertedWithCustomError(pool, "InvalidAmount");
      await pool.connect(alice).requestWithdraw(HONOR_MIN_STAKE);
      expect(await pool.stakeOf(alice.address)).to.equal(0n);
      expect(await pool.isHonorNode(alice.address)).to.equal(false);
      // From zero, a deposit must reach the minimum again.
      await expect(pool.connect(alice).deposit(tokens(100_000)))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, tokens(100_000), HONOR_MIN_STAKE);
      // Slashed below the minimum: not an honor node; a top-up must reach the minimum, a partial
      // request is refused, requesting all is fine.
      await pool.connect(alice).deposit(HONOR_MIN_STAKE);
      await committee.slash(pool, alice.address, 100, MISSED);
      const left = HONOR_MIN_STAKE - HONOR_MIN_STAKE / 100n;
      expect(await pool.stakeOf(alice.address)).to.equal(left);
      expect(await pool.isHonorNode(alice.address)).to.equal(false);
      await expect(pool.connect(alice).deposit(HONOR_MIN_STAKE / 100n - 1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, HONOR_MIN_STAKE - 1n, HONOR_MIN_STAKE);
      await expect(pool.connect(alice).requestWithdraw(1n))
        .to.be.revertedWithCustomError(pool, "BelowMinimum")
        .withArgs(alice.address, left - 1n, HONOR_MIN_STAKE);
      await pool.connect(alice).deposit(HONOR_MIN_STAKE / 100n);
      expect(await pool.isHonorNode(alice.address)).to.equal(true);
    });

    it("a request is fixed and payable after the delay; a second adds to it and restarts the delay", async function () {
      const { pool, token, nodes, fund } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(500_000));
      await pool.connect(alice).deposit(tokens(500_000));
      let t = (await now()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(pool.connect(alice).requestWithdraw(tokens(100_000)))
        .to.emit(pool, "WithdrawRequested")
        .withArgs(
          alice.address,
          tokens(100_000),
          tokens(400_000),
          tokens(100_000),
          t + WITHDRAW_DELAY,
          tokens(400_000),
        );
      expect(await pool.totalPending()).to.equal(tokens(100_000));
      await networkHelpers.time.setNextBlockTimestamp(t + WITHDRAW_DELAY - 1n);
      await expect(pool.completeWithdraw(alice.address))
        .to.be.revertedWithCustomError(pool, "NotDue")
        .withArgs(t + WITHDRAW_DELAY, t + WITHDRAW_DELAY - 1n);
      // The second request, a second before the first is payable: the whole waits again.
      t = t + WITHDRAW_DELAY;
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(pool.connect(alice).requestWithdraw(tokens(50_000)))
        .to.emit(pool, "WithdrawRequested")
        .withArgs(alice.address, tokens(50_000), tokens(350_000), tokens(150_000), t + WITHDRAW_DELAY, tokens(350_000));
      const n = await pool.nodeOf(alice.address);
      expect([n.pending, n.payableAt]).to.deep.equal([tokens(150_000), t + WITHDRAW_DELAY]);
      await networkHelpers.time.setNextBlockTimestamp(t + WITHDRAW_DELAY - 1n);
      await expect(pool.completeWithdraw(alice.address)).to.be.revertedWithCustomError(pool, "NotDue");
      // A parameter change does not move a request's time.
      await networkHelpers.time.setNextBlockTimestamp(t + WITHDRAW_DELAY);
      const before = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).completeWithdraw(alice.address))
        .to.emit(pool, "WithdrawCompleted")
        .withArgs(alice.address, tokens(150_000), alice.address);
      expect(await token.balanceOf(alice.address)).to.equal(before + tokens(150_000));
      expect(await pool.totalPending()).to.equal(0n);
      await expect(pool.completeWithdraw(alice.address))
        .to.be.revertedWithCustomError(pool, "NothingPending")
        .withArgs(alice.address);
    });

    it("a parameter change does not move a pending request's time", async function () {
      const { pool, nodes, fund, timelock } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(500_000));
      await pool.connect(alice).deposit(tokens(500_000));
      await pool.connect(alice).requestWithdraw(tokens(100_000));
      const payableAt = (await pool.nodeOf(alice.address)).payableAt;
      await pool.connect(timelock).setParameters({ minStake: HONOR_MIN_STAKE, withdrawDelay: 10n * WITHDRAW_DELAY });
      expect((await pool.nodeOf(alice.address)).payableAt).to.equal(payableAt);
      await networkHelpers.time.increaseTo(payableAt);
      await expect(pool.completeWithdraw(alice.address)).to.emit(pool, "WithdrawCompleted");
    });

    it("attack: nobody but the node receives its withdrawal (completed by a stranger)", async function () {
      const { pool, token, nodes, fund, keeper } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(300_000));
      await pool.connect(alice).deposit(tokens(300_000));
      await pool.connect(alice).requestWithdraw(tokens(300_000));
      await networkHelpers.time.increase(WITHDRAW_DELAY);
      const [aliceBefore, keeperBefore] = [await token.balanceOf(alice.address), await token.balanceOf(keeper.address)];
      await expect(pool.connect(keeper).completeWithdraw(alice.address))
        .to.emit(pool, "WithdrawCompleted")
        .withArgs(alice.address, tokens(300_000), keeper.address);
      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore + tokens(300_000));
      expect(await token.balanceOf(keeper.address)).to.equal(keeperBefore);
      expect(await token.balanceOf(await pool.vaultOf(alice.address))).to.equal(0n);
      // The stranger has nothing to collect either.
      await expect(pool.connect(keeper).completeWithdraw(keeper.address))
        .to.be.revertedWithCustomError(pool, "NothingPending")
        .withArgs(keeper.address);
    });

    it("attack: a locked node cannot request (candidate or member), with the lock's end", async function () {
      const { pool, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(300_000));
      await pool.connect(alice).deposit(tokens(300_000));
      const until = (await now()) + 14n * 86_400n;
      await committee.setLock(alice.address, true, until);
      await expect(pool.connect(alice).requestWithdraw(tokens(100_000)))
        .to.be.revertedWithCustomError(pool, "StakeLocked")
        .withArgs(alice.address, until);
      await expect(pool.connect(alice).requestWithdraw(tokens(300_000)))
        .to.be.revertedWithCustomError(pool, "StakeLocked")
        .withArgs(alice.address, until);
      expect(await pool.stakeOf(alice.address)).to.equal(tokens(300_000));
      // Deposits stay open while locked.
      await fund(alice, tokens(1));
      await pool.connect(alice).deposit(tokens(1));
      await committee.setLock(alice.address, false, 0n);
      await expect(pool.connect(alice).requestWithdraw(tokens(100_000))).to.emit(pool, "WithdrawRequested");
    });
  });

  describe("slashing", function () {
    it("attack: a slash during a pending withdrawal takes from it, into the RewardsReserve", async function () {
      const { pool, token, reserve, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(400_000));
      await pool.connect(alice).deposit(tokens(400_000));
      await pool.connect(alice).requestWithdraw(tokens(100_000));
      const held = await reserve.held();
      const votes = await token.getVotes(alice.address);
      const payableAt = (await pool.nodeOf(alice.address)).payableAt;
      // 5%: 15,000 of the 300,000 active and 5,000 of the 100,000 pending.
      await expect(committee.slash(pool, alice.address, 500, MISSED))
        .to.emit(pool, "Slashed")
        .withArgs(
          alice.address,
          await committee.getAddress(),
          MISSED,
          500n,
          tokens(15_000),
          tokens(5_000),
          tokens(20_000),
          tokens(285_000),
          tokens(95_000),
          tokens(285_000),
        )
        .and.to.emit(reserve, "Deposited")
        .withArgs(await pool.getAddress(), tokens(20_000), SLASH_REASON, held + tokens(20_000));
      expect(await reserve.held()).to.equal(held + tokens(20_000));
      expect(await token.getVotes(alice.address)).to.equal(votes - tokens(20_000));
      expect(await token.balanceOf(await pool.vaultOf(alice.address))).to.equal(tokens(380_000));
      expect(await token.balanceOf(await pool.getAddress())).to.equal(0n);
      const n = await pool.nodeOf(alice.address);
      expect([n.stake, n.pending, n.payableAt]).to.deep.equal([tokens(285_000), tokens(95_000), payableAt]);
      expect(await pool.totalPending()).to.equal(tokens(95_000));
      await networkHelpers.time.increaseTo(payableAt);
      await expect(pool.completeWithdraw(alice.address))
        .to.emit(pool, "WithdrawCompleted")
        .withArgs(alice.address, tokens(95_000), anyCaller());
    });

    it("a node cannot dodge a slash by requesting all of it out", async function () {
      const { pool, reserve, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(200_000));
      await pool.connect(alice).deposit(tokens(200_000));
      await pool.connect(alice).requestWithdraw(tokens(200_000));
      const held = await reserve.held();
      await committee.slash(pool, alice.address, 10_000, MISSED);
      expect(await reserve.held()).to.equal(held + tokens(200_000));
      await networkHelpers.time.increase(WITHDRAW_DELAY);
      await expect(pool.completeWithdraw(alice.address)).to.be.revertedWithCustomError(pool, "NothingPending");
    });

    it("only the bound Committee slashes, with bps in (0, 10,000]; nothing to slash moves nothing", async function () {
      const { pool, reserve, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice, bob] = nodes;
      await fund(alice, tokens(200_000));
      await pool.connect(alice).deposit(tokens(200_000));
      await expect(pool.connect(alice).slash(alice.address, 100, MISSED))
        .to.be.revertedWithCustomError(pool, "NotCommittee")
        .withArgs(alice.address, await committee.getAddress());
      await expect(committee.slash(pool, alice.address, 0, MISSED))
        .to.be.revertedWithCustomError(pool, "InvalidBps")
        .withArgs(0n);
      await expect(committee.slash(pool, alice.address, 10_001, MISSED))
        .to.be.revertedWithCustomError(pool, "InvalidBps")
        .withArgs(10_001n);
      const held = await reserve.held();
      await expect(committee.slash(pool, bob.address, 100, MISSED))
        .to.emit(pool, "Slashed")
        .withArgs(bob.address, await committee.getAddress(), MISSED, 100n, 0n, 0n, 0n, 0n, 0n, tokens(200_000))
        .and.not.to.emit(reserve, "Deposited");
      expect(await reserve.held()).to.equal(held);
      expect(await committee.slash.staticCall(pool, bob.address, 100, MISSED)).to.equal(0n);
    });

    it("bindCommittee: the deployer once, the Timelock any time; zero refused", async function () {
      const { token, reserve, timelock, nodes } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      const pool = await ethers.deployContract("HonorPool", [
        token,
        reserve,
        timelock.address,
        { minStake: HONOR_MIN_STAKE, withdrawDelay: WITHDRAW_DELAY },
      ]);
      await expect(pool.connect(alice).slash(alice.address, 100, MISSED))
        .to.be.revertedWithCustomError(pool, "NotCommittee")
        .withArgs(alice.address, ZeroAddress);
      await expect(pool.bindCommittee(ZeroAddress))
        .to.be.revertedWithCustomError(pool, "InvalidCommittee")
        .withArgs(ZeroAddress);
      const [deployer] = await ethers.getSigners();
      await expect(pool.bindCommittee(alice.address))
        .to.emit(pool, "CommitteeBound")
        .withArgs(alice.address, deployer.address);
      await expect(pool.bindCommittee(alice.address))
        .to.be.revertedWithCustomError(pool, "NotBinder")
        .withArgs(deployer.address);
      await expect(pool.connect(timelock).bindCommittee(deployer.address))
        .to.emit(pool, "CommitteeBound")
        .withArgs(deployer.address, timelock.address);
      expect(await pool.committee()).to.equal(deployer.address);
    });

    it("renounceBinder: the deployer gives up its binding; only the Timelock binds after it", async function () {
      const { token, reserve, timelock, nodes } = await networkHelpers.loadFixture(fixture);
      const pool = await ethers.deployContract("HonorPool", [
        token,
        reserve,
        timelock.address,
        { minStake: HONOR_MIN_STAKE, withdrawDelay: WITHDRAW_DELAY },
      ]);
      const [deployer] = await ethers.getSigners();
      await expect(pool.connect(nodes[0]).renounceBinder())
        .to.be.revertedWithCustomError(pool, "NotBinder")
        .withArgs(nodes[0].address);
      await expect(pool.renounceBinder()).to.emit(pool, "BinderRenounced").withArgs(deployer.address);
      await expect(pool.bindCommittee(nodes[0].address))
        .to.be.revertedWithCustomError(pool, "NotBinder")
        .withArgs(deployer.address);
      await expect(pool.renounceBinder()).to.be.revertedWithCustomError(pool, "NotBinder");
      await expect(pool.connect(timelock).bindCommittee(nodes[0].address)).to.emit(pool, "CommitteeBound");
    });
  });

  describe("stakeAt", function () {
    it("attack: a deposit in the deciding block does not count in stakeAt (nor in the RPT)", async function () {
      const { pool, token, reputation, treasury } = await networkHelpers.loadFixture(fixture);
      const probe = await ethers.deployContract("DecidingBlockProbe");
      await token.connect(treasury).transfer(probe, tokens(2_000_000));
      await expect(probe.depositAndRead(pool, reputation, tokens(2_000_000)))
        .to.emit(probe, "Seen")
        .withArgs(0n, 0n);
      const t = await now();
      await expect(pool.stakeAt(probe, t)).to.be.revertedWithCustomError(pool, "FutureLookup");
      await networkHelpers.mine();
      expect(await pool.stakeAt(probe, t)).to.equal(tokens(2_000_000));
      expect(await pool.stakeAt(probe, t - 1n)).to.equal(0n);
      expect(await reputation.reputationAt(probe, t)).to.equal(5_000n); // AB at its cap: 50%
    });

    it("keeps each node's history: requests and slashes at their second", async function () {
      const { pool, nodes, fund, committee } = await networkHelpers.loadFixture(fixture);
      const [alice] = nodes;
      await fund(alice, tokens(300_000));
      await pool.connect(alice).deposit(tokens(300_000));
      const t1 = await now();
      await pool.connect(alice).requestWithdraw(tokens(100_000));
      const t2 = await now();
      await committee.slash(pool, alice.address, 1_000, MISSED);
      const t3 = await now();
      await networkHelpers.mine();
      const latest = await now();
      await expect(pool.stakeAt(alice.address, latest))
        .to.be.revertedWithCustomError(pool, "FutureLookup")
        .withArgs(latest, latest);
      expect(await pool.stakeAt(alice.address, t1 - 1n)).to.equal(0n);
      expect(await pool.stakeAt(alice.address, t1)).to.equal(tokens(300_000));
      expect(await pool.stakeAt(alice.address, t2)).to.equal(tokens(200_000));
      expect(await pool.stakeAt(alice.address, t3)).to.equal(tokens(180_000));
    });
  });

  describe("parameters", function () {
    it("Timelock only; a zero delay or a minimum below one token refused", async function () {
      const { pool, timelock, nodes } = await networkHelpers.loadFixture(fixture);
      const p = { minStake: tokens(100_000), withdrawDelay: 60n };
      await expect(pool.connect(nodes[0]).setParameters(p))
        .to.be.revertedWithCustomError(pool, "NotTimelock")
        .withArgs(nodes[0].address, timelock.address);
      await expect(pool.connect(timelock).setParameters({ ...p, withdrawDelay: 0n }))
        .to.be.revertedWithCustomError(pool, "InvalidParameter")
        .withArgs("withdrawDelay", 0n);
      await expect(pool.connect(timelock).setParameters({ ...p, minStake: tokens(1) - 1n }))
        .to.be.revertedWithCustomError(pool, "InvalidParameter")
        .withArgs("minStake", tokens(1) - 1n);
      await expect(pool.connect(timelock).setParameters(p)).to.emit(pool, "ParametersChanged");
      const q = await pool.parameters();
      expect([q.minStake, q.withdrawDelay]).to.deep.equal([p.minStake, p.withdrawDelay]);
    });

    it("refuses a zero token or reserve at construction", async function () {
      const { token, reserve, timelock } = await networkHelpers.loadFixture(fixture);
      const p = { minStake: HONOR_MIN_STAKE, withdrawDelay: WITHDRAW_DELAY };
      const factory = await ethers.getContractFactory("HonorPool");
      await expect(factory.deploy(ZeroAddress, reserve, timelock.address, p))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("token", 0n);
      await expect(factory.deploy(token, ZeroAddress, timelock.address, p))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs("reserve", 0n);
    });
  });
});

function anyCaller() {
  return (value: string) => typeof value === "string";
}
