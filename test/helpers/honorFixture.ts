// The honor pool as DESIGN §7 sets it up (mainnet numbers): a base token, the RewardsReserve the
// slashes go to, an HonorPool of 200,000 tokens and 100 minutes bound to a mock Committee (locks,
// duties, slashing on command), and the Reputation lens over the real HonorPool and KeeperRewards
// with mock storage reads.
import type { Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { GENESIS_SHARE, RESERVE_PARAMETERS, SUPPLY, tokens, YEAR } from "./stakingFixture.ts";

export const HONOR_MIN_STAKE = tokens(200_000);
export const WITHDRAW_DELAY = 100n * 60n;
export const REPUTATION_CAPS = {
  stakeCap: tokens(2_000_000),
  jobsCap: 1_000n,
  serviceCap: 1_000n,
  heldMBCap: 1_000_000n,
  dutiesCap: 100n,
  poorReportPenalty: 10n,
};

export async function deployHonor(ethers: HardhatEthers) {
  const [deployer, treasury, timelock, keeper, ...rest] = await ethers.getSigners();
  const nodes = rest.slice(0, 6);
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: treasury.address, amount: SUPPLY }],
    deployer.address,
  ]);
  const reserve = await ethers.deployContract("RewardsReserve", [
    token,
    timelock.address,
    GENESIS_SHARE,
    YEAR,
    RESERVE_PARAMETERS,
  ]);
  const pool = await ethers.deployContract("HonorPool", [
    token,
    reserve,
    timelock.address,
    { minStake: HONOR_MIN_STAKE, withdrawDelay: WITHDRAW_DELAY },
  ]);
  const committee = await ethers.deployContract("MockCommittee");
  await pool.bindCommittee(committee);
  const keeperRewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const storage = await ethers.deployContract("MockReputationSources");
  const service = await ethers.deployContract("MockServiceRecord");
  const reputation = await ethers.deployContract("Reputation", [
    pool,
    keeperRewards,
    storage,
    storage,
    service,
    timelock.address,
    REPUTATION_CAPS,
  ]);
  await reputation.bindCommittee(committee);

  /** Gives `who` `amount`, self-delegated (a voter), and approves the pool for it. */
  async function fund(who: Signer, amount: bigint) {
    await token.connect(treasury).transfer(await who.getAddress(), amount);
    await token.connect(who).delegate(await who.getAddress());
    await token.connect(who).approve(await pool.getAddress(), amount);
  }
  return {
    token,
    reserve,
    pool,
    committee,
    keeperRewards,
    storage,
    service,
    reputation,
    deployer,
    treasury,
    timelock,
    keeper,
    nodes,
    fund,
  };
}
