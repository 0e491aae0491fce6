// The economic staking pool as DESIGN §7 sets it up (mainnet numbers): a base token, KeeperRewards
// with the pool's two upkeep kinds, the RewardsReserve holding its 1,000,000,000 genesis share and
// an EconomicPool of 3 + 84 + 3-day rounds starting a day after deployment, bound to the reserve.
import { encodeBytes32String, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

export const DAY = 86_400n;
export const YEAR = 365n * DAY;
export const tokens = (n: string | number | bigint) => BigInt(n) * 10n ** 18n;
export const SUPPLY = tokens(5_000_000_000);
export const GENESIS_SHARE = tokens(1_000_000_000);
export const ECONOMIC_YEARLY = tokens(5_000_000);
export const MIN_STAKE = tokens(20_000);
export const MIN_DISTRIBUTION = tokens(100);
export const BOUNTY = tokens(1);
export const RAISE = 3n * DAY;
export const LOCK = 84n * DAY;
export const SETTLEMENT = 3n * DAY;
export const ROUND = RAISE + LOCK + SETTLEMENT;
export const PHASE = { Raise: 0n, Lock: 1n, Settlement: 2n } as const;
export const ECONOMIC = 0n;
export const COMMITTEE = 1n;

/** What the reserve owes the pool for its first `n` rounds: floor(Y·n·L/365d). */
export const entitled = (n: bigint) => (ECONOMIC_YEARLY * n * ROUND) / YEAR;
/** Round r's budget: the cumulative formula's step. */
export const budgetOf = (r: bigint) => entitled(r + 1n) - entitled(r);

export const RESERVE_PARAMETERS = {
  economicYearly: ECONOMIC_YEARLY,
  committeeYearOne: tokens(40_000_000),
  committeeDecayBps: 7_500,
  committeeTermsPerYear: 52,
};

export async function deployStaking(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const signers = await ethers.getSigners();
  const [deployer, treasury, timelock, keeper, ...rest] = signers;
  const stakers = rest.slice(0, 8);
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: treasury.address, amount: SUPPLY }],
    deployer.address,
  ]);
  const keeperRewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), deployer.address]);
  const reserve = await ethers.deployContract("RewardsReserve", [
    await token.getAddress(),
    timelock.address,
    GENESIS_SHARE,
    YEAR,
    RESERVE_PARAMETERS,
  ]);
  const start = BigInt(await helpers.time.latest()) + DAY;
  const pool = await ethers.deployContract("EconomicPool", [
    await token.getAddress(),
    await reserve.getAddress(),
    await keeperRewards.getAddress(),
    timelock.address,
    { start, raise: RAISE, lock: LOCK, settlement: SETTLEMENT },
    { minStake: MIN_STAKE, minDistribution: MIN_DISTRIBUTION },
  ]);
  await reserve.bindEconomicPool(await pool.getAddress());
  await token.connect(treasury).transfer(await reserve.getAddress(), GENESIS_SHARE);
  await reserve.absorbGenesis();
  await keeperRewards.registerKind(await pool.SETTLE_KIND(), await pool.getAddress(), BOUNTY);
  await keeperRewards.registerKind(await pool.DISTRIBUTE_KIND(), await pool.getAddress(), BOUNTY);
  await token.connect(treasury).transfer(await keeperRewards.getAddress(), tokens(10_000));

  /** Gives `who` `amount`, self-delegated (a voter), and approves the pool for it. */
  async function fund(who: Signer, amount: bigint) {
    await token.connect(treasury).transfer(await who.getAddress(), amount);
    await token.connect(who).delegate(await who.getAddress());
    await token.connect(who).approve(await pool.getAddress(), amount);
  }
  /** Moves the clock to `offset` seconds into round `round` (the next block's timestamp). */
  async function at(round: bigint, offset: bigint) {
    await helpers.time.setNextBlockTimestamp(start + round * ROUND + offset);
  }
  /** Mines a block at `offset` seconds into round `round`. */
  async function goto(round: bigint, offset: bigint) {
    await helpers.time.increaseTo(start + round * ROUND + offset);
  }
  return {
    token,
    keeperRewards,
    reserve,
    pool,
    start,
    deployer,
    treasury,
    timelock,
    keeper,
    stakers,
    fund,
    at,
    goto,
    kinds: {
      settle: encodeBytes32String("EconomicPool.settle"),
      distribute: encodeBytes32String("EconomicPool.distribute"),
    },
  };
}
