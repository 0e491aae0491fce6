import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import {
  COMMITTEE,
  DAY,
  deployStaking,
  ECONOMIC,
  entitled,
  GENESIS_SHARE,
  LOCK,
  MIN_DISTRIBUTION,
  MIN_STAKE,
  RAISE,
  RESERVE_PARAMETERS,
  ROUND,
  SETTLEMENT,
  tokens,
  YEAR,
} from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const SETTLES = RAISE + LOCK;
const LEFTOVERS = encodeBytes32String("CouncilReserve.sweep");

describe("RewardsReserve", function () {
  const fixture = () => deployStaking(ethers, networkHelpers);

  /** A reserve holding `share` only, bound to a fresh pool on the same token. */
  async function smallReserve(share: bigint) {
    const s = await networkHelpers.loadFixture(fixture);
    const reserve = await ethers.deployContract("RewardsReserve", [
      s.token,
      s.timelock.address,
      share,
      YEAR,
      RESERVE_PARAMETERS,
    ]);
    const start = BigInt(await networkHelpers.time.latest()) + DAY;
    const keeperRewards = await ethers.deployContract("KeeperRewards", [s.token, s.deployer.address]);
    const pool = await ethers.deployContract("EconomicPool", [
      s.token,
      reserve,
      keeperRewards,
      s.timelock.address,
      { start, raise: RAISE, lock: LOCK, settlement: SETTLEMENT },
      { minStake: MIN_STAKE, minDistribution: MIN_DISTRIBUTION },
    ]);
    await reserve.bindEconomicPool(pool);
    await keeperRewards.registerKind(await pool.SETTLE_KIND(), pool, 0n);
    await s.token.connect(s.treasury).transfer(reserve, share);
    await reserve.absorbGenesis();
    return { ...s, reserve, pool, start };
  }

  it("accounts the genesis share once and nothing sent by plain transfer (a donation changes nothing)", async function () {
    const { reserve, token, treasury, timelock, stakers } = await networkHelpers.loadFixture(fixture);
    expect(await reserve.held()).to.equal(GENESIS_SHARE);
    expect(await reserve.genesisShare()).to.equal(GENESIS_SHARE);
    await expect(reserve.absorbGenesis()).to.be.revertedWithCustomError(reserve, "GenesisAlreadyAbsorbed");
    await token.connect(treasury).transfer(reserve, tokens(5));
    expect(await reserve.held()).to.equal(GENESIS_SHARE);
    expect(await reserve.releasable(ECONOMIC)).to.equal(0n);
    await expect(reserve.connect(stakers[0]).absorb())
      .to.be.revertedWithCustomError(reserve, "NotTimelock")
      .withArgs(stakers[0].address, timelock.address);
    await expect(reserve.connect(timelock).absorb())
      .to.emit(reserve, "Absorbed")
      .withArgs(tokens(5), encodeBytes32String("timelock"), GENESIS_SHARE + tokens(5));
    await expect(reserve.connect(timelock).absorb())
      .to.be.revertedWithCustomError(reserve, "NothingToAbsorb")
      .withArgs(GENESIS_SHARE + tokens(5), GENESIS_SHARE + tokens(5));
  });

  it("absorbs at most the genesis share, and refuses when nothing came in", async function () {
    const { token, timelock, treasury } = await networkHelpers.loadFixture(fixture);
    const reserve = await ethers.deployContract("RewardsReserve", [
      token,
      timelock.address,
      tokens(10),
      YEAR,
      RESERVE_PARAMETERS,
    ]);
    await expect(reserve.absorbGenesis()).to.be.revertedWithCustomError(reserve, "NothingToAbsorb").withArgs(0n, 0n);
    await token.connect(treasury).transfer(reserve, tokens(15));
    await reserve.absorbGenesis();
    expect(await reserve.held()).to.equal(tokens(10));
  });

  it("takes deposits with a reason (leftovers, slashes), pulled from the depositor", async function () {
    const { reserve, token, treasury } = await networkHelpers.loadFixture(fixture);
    await expect(reserve.connect(treasury).deposit(0n, LEFTOVERS))
      .to.be.revertedWithCustomError(reserve, "InvalidAmount")
      .withArgs(0n);
    await token.connect(treasury).approve(reserve, tokens(7));
    await expect(reserve.connect(treasury).deposit(tokens(7), LEFTOVERS))
      .to.emit(reserve, "Deposited")
      .withArgs(treasury.address, tokens(7), LEFTOVERS, GENESIS_SHARE + tokens(7));
    expect(await token.balanceOf(reserve)).to.equal(GENESIS_SHARE + tokens(7));
  });

  it("binds the EconomicPool once, by the deployer only, and the Committee once, by the Timelock or the deployer", async function () {
    const { reserve, pool, start, timelock, stakers, deployer } = await networkHelpers.loadFixture(fixture);
    const stream = await reserve.streamOf(ECONOMIC);
    expect([stream.pool, stream.firstDue, stream.period]).to.deep.equal([
      await pool.getAddress(),
      start + SETTLES,
      ROUND,
    ]);
    await expect(reserve.connect(deployer).bindEconomicPool(pool))
      .to.be.revertedWithCustomError(reserve, "AlreadyBound")
      .withArgs(ECONOMIC, await pool.getAddress());
    await expect(reserve.connect(stakers[0]).bindEconomicPool(pool))
      .to.be.revertedWithCustomError(reserve, "NotBinder")
      .withArgs(stakers[0].address);
    await expect(reserve.connect(stakers[0]).bindCommittee(pool))
      .to.be.revertedWithCustomError(reserve, "NotBinder")
      .withArgs(stakers[0].address);
    await expect(reserve.connect(timelock).bindCommittee(stakers[0].address))
      .to.be.revertedWithCustomError(reserve, "InvalidPool")
      .withArgs(stakers[0].address);
    await expect(reserve.connect(timelock).bindCommittee(pool))
      .to.emit(reserve, "PoolBound")
      .withArgs(COMMITTEE, await pool.getAddress(), start + SETTLES, ROUND);
    await expect(reserve.connect(timelock).bindCommittee(pool))
      .to.be.revertedWithCustomError(reserve, "AlreadyBound")
      .withArgs(COMMITTEE, await pool.getAddress());
  });

  it("lets the deployer bind the committee at genesis, and then no longer bind anything", async function () {
    const { reserve, pool, deployer } = await networkHelpers.loadFixture(fixture);
    await expect(reserve.connect(deployer).bindCommittee(pool)).to.emit(reserve, "PoolBound");
    await expect(reserve.connect(deployer).bindCommittee(pool))
      .to.be.revertedWithCustomError(reserve, "NotBinder")
      .withArgs(deployer.address);
    await expect(reserve.connect(deployer).bindEconomicPool(pool))
      .to.be.revertedWithCustomError(reserve, "NotBinder")
      .withArgs(deployer.address);
  });

  it("refuses a zero token, a zero year, a zero yearly budget, a decay above 100% and zero terms a year", async function () {
    const { token, timelock } = await networkHelpers.loadFixture(fixture);
    const factory = await ethers.getContractFactory("RewardsReserve");
    await expect(factory.deploy(ZeroAddress, timelock.address, 0n, YEAR, RESERVE_PARAMETERS))
      .to.be.revertedWithCustomError(factory, "InvalidPool")
      .withArgs(ZeroAddress);
    await expect(factory.deploy(token, timelock.address, 0n, 0n, RESERVE_PARAMETERS))
      .to.be.revertedWithCustomError(factory, "InvalidParameter")
      .withArgs("year", 0n);
    for (const [name, patch, value] of [
      ["economicYearly", { economicYearly: 0n }, 0n],
      ["committeeDecayBps", { committeeDecayBps: 10_001 }, 10_001n],
      ["committeeTermsPerYear", { committeeTermsPerYear: 0 }, 0n],
    ] as const) {
      await expect(factory.deploy(token, timelock.address, 0n, YEAR, { ...RESERVE_PARAMETERS, ...patch }))
        .to.be.revertedWithCustomError(factory, "InvalidParameter")
        .withArgs(name, value);
    }
  });

  it("pays only the bound pool, only for periods due", async function () {
    const { reserve, pool, stakers, goto } = await networkHelpers.loadFixture(fixture);
    await expect(reserve.connect(stakers[0]).releaseEconomic(0n))
      .to.be.revertedWithCustomError(reserve, "NotBeneficiary")
      .withArgs(ECONOMIC, stakers[0].address, await pool.getAddress());
    await expect(reserve.connect(stakers[0]).releaseCommittee(0n))
      .to.be.revertedWithCustomError(reserve, "NotBeneficiary")
      .withArgs(COMMITTEE, stakers[0].address, ZeroAddress);
    expect(await reserve.periodsDue(COMMITTEE)).to.equal(0n);
    // As the pool: one round due, two asked.
    const address = await pool.getAddress();
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 20n);
    const asPool = await ethers.getSigner(address);
    await goto(0n, SETTLES);
    expect(await reserve.periodsDue(ECONOMIC)).to.equal(1n);
    await expect(reserve.connect(asPool).releaseEconomic(2n))
      .to.be.revertedWithCustomError(reserve, "PeriodsNotDue")
      .withArgs(2n, 1n);
    expect(await reserve.releasable(ECONOMIC)).to.equal(entitled(1n));
    await expect(reserve.connect(asPool).releaseEconomic(1n))
      .to.emit(reserve, "Released")
      .withArgs(ECONOMIC, address, 1n, entitled(1n), entitled(1n), entitled(1n), GENESIS_SHARE - entitled(1n));
    // Paid: a second release for the same rounds pays nothing.
    expect(await reserve.connect(asPool).releaseEconomic.staticCall(1n)).to.equal(0n);
    expect(await reserve.connect(asPool).releaseEconomic.staticCall(0n)).to.equal(0n);
  });

  it("attack 9: never promises more than it holds: a short reserve pays what it holds, the rest once deposits cover it", async function () {
    const budget = entitled(1n);
    const { reserve, pool, token, treasury, stakers, start } = await smallReserve(budget / 2n);
    const [alice] = stakers;
    await token.connect(treasury).transfer(alice.address, MIN_STAKE);
    await token.connect(alice).delegate(alice.address);
    await token.connect(alice).approve(pool, MIN_STAKE);
    await networkHelpers.time.increaseTo(start);
    await pool.connect(alice).deposit(MIN_STAKE);
    await networkHelpers.time.increaseTo(start + SETTLES);
    expect(await reserve.releasable(ECONOMIC)).to.equal(budget / 2n);
    await pool.settle();
    expect(await reserve.held()).to.equal(0n);
    expect(await pool.budgetReceived()).to.equal(budget / 2n);
    expect(await pool.earned(alice.address)).to.be.lte(budget / 2n);
    await token.connect(treasury).approve(reserve, budget * 2n);
    await reserve.connect(treasury).deposit(budget * 2n, LEFTOVERS);
    await networkHelpers.time.increaseTo(start + ROUND + SETTLES);
    await pool.settle();
    expect(await pool.budgetReceived()).to.equal(entitled(2n));
    expect(await reserve.held()).to.equal(budget * 2n - (entitled(2n) - budget / 2n));
  });

  it("a parameter change applies from the periods due on: what was owed before is kept", async function () {
    const { reserve, pool, timelock, stakers, goto } = await networkHelpers.loadFixture(fixture);
    await expect(reserve.connect(stakers[0]).setParameters(RESERVE_PARAMETERS)).to.be.revertedWithCustomError(
      reserve,
      "NotTimelock",
    );
    await reserve.connect(timelock).bindCommittee(pool); // a stream on the pool's clock, for the committee formula
    await goto(2n, 0n); // two rounds due, none paid
    const doubled = { ...RESERVE_PARAMETERS, economicYearly: RESERVE_PARAMETERS.economicYearly * 2n };
    await expect(reserve.connect(timelock).setParameters(doubled))
      .to.emit(reserve, "StreamAnchored")
      .withArgs(ECONOMIC, 2n, entitled(2n))
      .and.to.emit(reserve, "ParametersChanged");
    expect(await reserve.entitlement(ECONOMIC, 1n)).to.equal(entitled(2n));
    expect(await reserve.entitlement(ECONOMIC, 3n)).to.equal(entitled(2n) + 2n * (entitled(1n) - 0n));
    expect((await reserve.parameters()).economicYearly).to.equal(doubled.economicYearly);
    // Same periods due: a second change anchors nothing new.
    await expect(reserve.connect(timelock).setParameters(doubled)).to.not.emit(reserve, "StreamAnchored");
    await pool.settle();
    expect(await pool.budgetReceived()).to.equal(entitled(2n));
  });

  it("pays the Committee by its own schedule (40M in year one), only to the Committee", async function () {
    const { token, timelock, treasury } = await networkHelpers.loadFixture(fixture);
    const reserve = await ethers.deployContract("RewardsReserve", [
      token,
      timelock.address,
      GENESIS_SHARE,
      YEAR,
      RESERVE_PARAMETERS,
    ]);
    await token.connect(treasury).transfer(reserve, GENESIS_SHARE);
    await reserve.absorbGenesis();
    const committee = await ethers.deployContract("CommitteeScheduleProbe", [reserve]);
    await reserve.connect(timelock).bindCommittee(committee);
    await networkHelpers.time.increase(51n * 7n * DAY);
    expect(await reserve.periodsDue(COMMITTEE)).to.equal(52n);
    await committee.release(52n);
    expect(await token.balanceOf(committee)).to.equal(tokens(40_000_000));
    expect(await reserve.entitlement(COMMITTEE, 52n * 400n)).to.be.lte(tokens(160_000_000));
  });
});
