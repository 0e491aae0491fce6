// The governance suite as genesis wires it (DESIGN §4), with the mainnet profile's numbers: a
// base token whose holders the tests fund exactly, VotingPower, Council (three transitional
// members), CouncilReserve holding 1/5 of the supply, Referendum as the Timelock's proposer and
// executor, and every governance upkeep kind registered with KeeperRewards, deployed by genesis's
// own Ignition submodules.
import { encodeBytes32String, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { TIMELOCK_ROLES } from "../../deploy/ignition/Genesis.ts";
import { composeModules, suiteModules } from "../../deploy/ignition/modules/suite.ts";
import { loadProfile, type Profile } from "../../deploy/profile.ts";
import { ENUMS, enumIndex, lowerNames } from "../../lib/vocabulary.ts";

type IgnitionHelper = NetworkConnection["ignition"];

export const DAY = 86_400n;
export const tokens = (n: string | number | bigint) => BigInt(n) * 10n ** 18n;
export const SUPPLY = tokens(5_000_000_000);
export const BOUNTY = tokens(10);
/** IChoice.Choice (abis/vocabulary.ts): council member choices and referendum sides alike. */
export const CHOICE = enumIndex(lowerNames(ENUMS.IChoice.Choice));
export const AGAINST = CHOICE.against;
export const FOR = CHOICE.for;
export const ABSTAIN = CHOICE.abstain;
/** IReferendum.ProposalState by name (from the compiler's output, abis/vocabulary.ts). */
export const STATE = Object.fromEntries(ENUMS.IReferendum.ProposalState.map((name, i) => [name, BigInt(i)])) as {
  readonly [K in (typeof ENUMS.IReferendum.ProposalState)[number]]: bigint;
};

const ADDRESS = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199";
/** The mainnet profile's governance section (addresses are placeholders). */
export const PROFILE = loadProfile("mainnet", {
  env: {
    JIAOZI_PUBLIC_DISTRIBUTION: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    JIAOZI_TEAM: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    JIAOZI_PARTNERS: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    JIAOZI_ECOSYSTEM: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    JIAOZI_COUNCIL_1: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    JIAOZI_COUNCIL_2: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    JIAOZI_COUNCIL_3: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  },
});

/**
 * The governance suite through genesis's own Ignition submodule (deploy/ignition/modules/
 * Governance.ts, with Base and Keeper under it), from the mainnet profile but for its accounts:
 * the whole supply goes to `treasury` (the tests fund holders exactly), the transitional council
 * is three signers, and the CouncilReserve sweeps into the suite's RewardsReserve (the StakingPools
 * submodule comes with Governance). The deployer keeps the token's and
 * KeeperRewards' admin roles (no hand-over), and renounces the Timelock's.
 */
export async function deployGovernance(ethers: HardhatEthers, helpers: NetworkHelpers, ignition: IgnitionHelper) {
  const signers = await ethers.getSigners();
  const [deployer, treasury, proposer, keeper, m1, m2, m3] = signers;
  const voters = signers.slice(8);
  const profile: Profile = {
    ...PROFILE,
    allocations: [{ share: "Treasury", amount: SUPPLY, target: { kind: "account", address: treasury.address } }],
    keeperRewards: { ...PROFILE.keeperRewards, bounty: BOUNTY },
    governance: {
      ...PROFILE.governance,
      transitionalCouncil: [m1.address, m2.address, m3.address],
    },
  };
  const modules = suiteModules(profile, 0n);
  const deployed = await ignition.deploy(
    composeModules("GovernanceFixture", [modules.base, modules.keeper, modules["staking-pools"], modules.governance]),
  );
  const at = async (contract: { getAddress(): Promise<string> }) => contract.getAddress();
  const token = await ethers.getContractAt("BaseToken", await at(deployed.BaseToken));
  const timelock = await ethers.getContractAt("TimelockController", await at(deployed.Timelock));
  const rewards = await ethers.getContractAt("KeeperRewards", await at(deployed.KeeperRewards));
  const votingPower = await ethers.getContractAt("VotingPower", await at(deployed.VotingPower));
  const council = await ethers.getContractAt("Council", await at(deployed.Council));
  const reserve = await ethers.getContractAt("CouncilReserve", await at(deployed.CouncilReserve));
  const referendum = await ethers.getContractAt("Referendum", await at(deployed.Referendum));
  const rewardsReserve = await ethers.getContractAt("RewardsReserve", await at(deployed.RewardsReserve));
  const chair = await ethers.getContractAt("CouncilChair", await at(deployed.CouncilChair));
  await timelock.renounceRole(TIMELOCK_ROLES.admin, deployer);
  await token.connect(treasury).transfer(rewards, tokens(1_000_000));
  await token.connect(treasury).transfer(reserve, tokens(1_000_000_000));
  await token.connect(treasury).delegate(treasury);

  /** Gives `account` exactly `amount` tokens (on top of what it holds) and self-delegates. */
  async function fund(account: Signer, amount: bigint) {
    await token.connect(treasury).transfer(await account.getAddress(), amount);
    await token.connect(account).delegate(await account.getAddress());
  }

  /** `count` new funded accounts (the node has only 20 signers). */
  async function newAccounts(count: number) {
    const accounts = [];
    for (let i = 0; i < count; i++) {
      const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
      await helpers.setBalance(wallet.address, 10n ** 20n);
      accounts.push(wallet);
    }
    return accounts;
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
    votingPower,
    council,
    reserve,
    referendum,
    chair,
    deployer,
    treasury,
    proposer,
    keeper,
    members: [m1, m2, m3],
    rewardsReserve,
    voters,
    fund,
    newAccounts,
    asTimelock,
    kind: (name: string) => encodeBytes32String(name),
  };
}

export type Governance = Awaited<ReturnType<typeof deployGovernance>>;

/** An ordinary action: add one token to the reserve's infrastructure budget. */
export async function budgetAction(g: Governance) {
  return {
    targets: [await g.reserve.getAddress()],
    values: [0n],
    calldatas: [g.reserve.interface.encodeFunctionData("approveBudget", [tokens(1)])],
  };
}

/** `proposer` funds and approves the deposit and proposes `budgetAction`; returns the new proposal's id. */
export async function proposeBudget(g: Governance, proposer = g.proposer) {
  const a = await budgetAction(g);
  const deposit = PROFILE.governance.referendum.proposalDeposit;
  await g.fund(proposer, deposit);
  await g.token.connect(proposer).approve(g.referendum, deposit);
  await g.referendum.connect(proposer).propose(a.targets, a.values, a.calldatas, "ipfs://p", false, 7);
  return g.referendum.proposalCount();
}
