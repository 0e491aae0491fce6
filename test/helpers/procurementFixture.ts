// The ProcurementVote as genesis wires it (DESIGN §13), on the governance fixture's suite (mainnet
// numbers, three transitional council members, the CouncilReserve holding its share): the
// EconomicPool whose stake weighs the votes, the Council deciding reserve rounds' deliveries and
// the close and expiry kinds registered with KeeperRewards, deployed by genesis's own Ignition
// submodules. Helpers fund accounts, stake them in a raise and build round terms.
import type { Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { TIMELOCK_ROLES } from "../../deploy/ignition/Genesis.ts";
import { composeModules, suiteModules } from "../../deploy/ignition/modules/suite.ts";
import type { Profile } from "../../deploy/profile.ts";
import { BOUNTY, PROFILE, SUPPLY, tokens } from "./governanceFixture.ts";

type IgnitionHelper = NetworkConnection["ignition"];

export const DAY = 86_400n;
export const OPEN_FEE = PROFILE.procurement.openFee;
export const MIN_POOL = PROFILE.procurement.minRewardPool;
export const MIN_PERIOD = PROFILE.procurement.minPeriod;
export const MIN_STAKE = PROFILE.stakingPools.economicPool.minStake;
export const STATUS = { None: 0n, Open: 1n, Failed: 2n, Awarded: 3n, Delivered: 4n, DeliveryFailed: 5n } as const;
export const FAIL = { None: 0n, NoApplications: 1n, NoVotes: 2n } as const;
export { BOUNTY, tokens };

export async function deployProcurement(ethers: HardhatEthers, helpers: NetworkHelpers, ignition: IgnitionHelper) {
  const signers = await ethers.getSigners();
  const [deployer, treasury, sponsor, keeper, m1, m2, m3, supplierA, supplierB, supplierC] = signers;
  const voters = signers.slice(10, 18);
  const profile: Profile = {
    ...PROFILE,
    allocations: [{ share: "Treasury", amount: SUPPLY, target: { kind: "account", address: treasury.address } }],
    keeperRewards: { ...PROFILE.keeperRewards, bounty: BOUNTY },
    governance: { ...PROFILE.governance, transitionalCouncil: [m1.address, m2.address, m3.address] },
  };
  const modules = suiteModules(profile, 0n);
  const deployed = await ignition.deploy(
    composeModules("ProcurementFixture", [
      modules.base,
      modules.keeper,
      modules["staking-pools"],
      modules.governance,
      modules.procurement,
    ]),
  );
  const at = async (contract: { getAddress(): Promise<string> }) => contract.getAddress();
  const token = await ethers.getContractAt("BaseToken", await at(deployed.BaseToken));
  const timelock = await ethers.getContractAt("TimelockController", await at(deployed.Timelock));
  const rewards = await ethers.getContractAt("KeeperRewards", await at(deployed.KeeperRewards));
  const council = await ethers.getContractAt("Council", await at(deployed.Council));
  const reserve = await ethers.getContractAt("CouncilReserve", await at(deployed.CouncilReserve));
  const pool = await ethers.getContractAt("EconomicPool", await at(deployed.EconomicPool));
  const procurement = await ethers.getContractAt("ProcurementVote", await at(deployed.ProcurementVote));
  await timelock.renounceRole(TIMELOCK_ROLES.admin, deployer);
  await token.connect(treasury).transfer(rewards, tokens(1_000_000));
  await token.connect(treasury).transfer(reserve, tokens(1_000_000_000));

  /** Gives `account` `amount` tokens and approves both the pool and the procurement for them. */
  async function fund(account: Signer, amount: bigint) {
    await token.connect(treasury).transfer(await account.getAddress(), amount);
    await token.connect(account).approve(pool, ethers.MaxUint256);
    await token.connect(account).approve(procurement, ethers.MaxUint256);
  }

  /** Mines a block at the start of the pool's next raise (or stays if one is open). */
  async function toRaise() {
    const now = BigInt(await helpers.time.latest());
    const [round, phase] = await pool.phaseAt(now + 1n);
    if (phase === 0n) return;
    await helpers.time.increaseTo(await pool.roundStart(round + 1n));
  }

  /** Mines a block at the start of the current round's lock (or stays if the pool is locked). */
  async function toLock() {
    const now = BigInt(await helpers.time.latest());
    const [round, phase] = await pool.phaseAt(now + 1n);
    if (phase === 1n) return;
    const { raise } = await pool.schedule();
    const next = phase === 0n ? round : round + 1n;
    await helpers.time.increaseTo((await pool.roundStart(next)) + raise);
  }

  /**
   * Stakes `amount` for each of `accounts` (funded first), in the current or next raise, then moves
   * into that round's lock: a round opened from then on counts these stakes (its snapshot is the
   * raise's last second).
   */
  async function stake(accounts: Signer[], amounts: bigint[]) {
    await toRaise();
    for (let i = 0; i < accounts.length; i++) {
      await fund(accounts[i], amounts[i]);
      await pool.connect(accounts[i]).deposit(amounts[i]);
    }
    await toLock();
  }

  /** Round terms with the profile's minimum periods. */
  function terms(overrides: Partial<Terms> = {}): Terms {
    return {
      budget: tokens(10_000),
      rewardPool: tokens(1_000),
      bond: tokens(500),
      applicationPeriod: MIN_PERIOD,
      votingPeriod: MIN_PERIOD,
      deliveryPeriod: MIN_PERIOD * 7n,
      salt: ethers.ZeroHash,
      uri: "ipfs://item",
      ...overrides,
    };
  }

  /** Calls a Timelock-only function as the Timelock (what an executed proposal does). */
  async function asTimelock() {
    const address = await timelock.getAddress();
    await helpers.impersonateAccount(address);
    await helpers.setBalance(address, 10n ** 20n);
    return ethers.getSigner(address);
  }

  return {
    token,
    timelock,
    rewards,
    council,
    reserve,
    pool,
    procurement,
    deployer,
    treasury,
    sponsor,
    keeper,
    members: [m1, m2, m3],
    suppliers: [supplierA, supplierB, supplierC],
    voters,
    fund,
    toRaise,
    toLock,
    stake,
    terms,
    asTimelock,
  };
}

export interface Terms {
  budget: bigint;
  rewardPool: bigint;
  bond: bigint;
  applicationPeriod: bigint;
  votingPeriod: bigint;
  deliveryPeriod: bigint;
  salt: string;
  uri: string;
}

export type Procurement = Awaited<ReturnType<typeof deployProcurement>>;
