// The governance suite as genesis wires it (DESIGN §4), with the mainnet profile's numbers: a
// base token whose holders the tests fund exactly, VotingPower, Council (three transitional
// members), CouncilReserve holding 1/5 of the supply, Referendum as the Timelock's proposer and
// executor, and every governance upkeep kind registered with KeeperRewards.
import { encodeBytes32String, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { TIMELOCK_ROLES, UPKEEP_KINDS } from "../../deploy/ignition/Genesis.ts";
import { loadProfile } from "../../deploy/profile.ts";

export const DAY = 86_400n;
export const tokens = (n: string | number | bigint) => BigInt(n) * 10n ** 18n;
export const SUPPLY = tokens(5_000_000_000);
export const BOUNTY = tokens(10);
export const AGAINST = 0;
export const FOR = 1;
export const ABSTAIN = 2;
/** Council member choices. */
export const CHOICE = { none: 0, against: 1, for: 2, abstain: 3 } as const;
export const STATE = {
  Proposed: 0n,
  CouncilResponse: 1n,
  Referendum: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Executed: 6n,
  Expired: 7n,
  Canceled: 8n,
} as const;

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
    JIAOZI_REWARDS_RESERVE: ADDRESS,
  },
});

export async function deployGovernance(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const signers = await ethers.getSigners();
  const [deployer, treasury, proposer, keeper, m1, m2, m3, rewardsReserve] = signers;
  const voters = signers.slice(8);
  const governance = PROFILE.governance;

  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: treasury.address, amount: SUPPLY }],
    deployer.address,
  ]);
  const timelock = await ethers.deployContract("TimelockController", [
    PROFILE.timelock.minDelay,
    [],
    [],
    deployer.address,
  ]);
  const rewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), deployer.address]);
  const votingPower = await ethers.deployContract("VotingPower", [token, timelock]);
  const council = await ethers.deployContract("Council", [
    token,
    votingPower,
    rewards,
    timelock,
    governance.council,
    [m1.address, m2.address, m3.address],
    governance.transitionalTerm,
  ]);
  const reserve = await ethers.deployContract("CouncilReserve", [
    token,
    council,
    rewards,
    timelock,
    { ...governance.reserve, rewardsReserve: rewardsReserve.address },
  ]);
  const targets: Record<string, string> = {
    Council: await council.getAddress(),
    CouncilReserve: await reserve.getAddress(),
    BaseToken: await token.getAddress(),
    KeeperRewards: await rewards.getAddress(),
  };
  const referendum = await ethers.deployContract("Referendum", [
    token,
    votingPower,
    council,
    reserve,
    rewards,
    timelock,
    governance.referendum,
    governance.ordinaryCalls.map((call) => ({ target: targets[call.contract], selector: call.selector })),
  ]);
  await token.grantRole(await token.SNAPSHOT_ROLE(), reserve);
  await timelock.grantRole(TIMELOCK_ROLES.proposer, referendum);
  await timelock.grantRole(TIMELOCK_ROLES.executor, referendum);
  await timelock.renounceRole(TIMELOCK_ROLES.admin, deployer);
  const modules = { Council: council, Referendum: referendum, CouncilReserve: reserve } as const;
  for (const [module, kinds] of Object.entries(modules).map(
    ([m, c]) => [c, UPKEEP_KINDS[m as keyof typeof modules]] as const,
  )) {
    for (const kind of Object.values(kinds)) await rewards.registerKind(kind, module, BOUNTY);
  }
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
