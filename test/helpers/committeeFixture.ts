// The Committee on its own (DESIGN §7): a base token, KeeperRewards with the committee's kinds,
// a RewardsReserve holding the genesis share with the committee stream bound, the randomness
// helper, and test doubles of the HonorPool and the reputation lens (contracts/mocks/
// CommitteeMocks.sol). Terms of 7 days from 2 days after deployment; candidacy closes a day
// before a term; a term settles a day after it ends. `duty` is a signer allowed to record duties.
import { encodeBytes32String, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { DAY, GENESIS_SHARE, RESERVE_PARAMETERS, SUPPLY, tokens, YEAR } from "./stakingFixture.ts";

export const TERM = 7n * DAY;
export const LEAD = DAY;
export const SETTLE_DELAY = DAY;
export const BOUNTY = tokens(1);
export const HONOR_STAKE = tokens(200_000);
export const COMMITTEE_PARAMETERS = { seats: 7, maxCandidates: 256, missSlashBps: 100, impeachSlashBps: 500 };

export async function deployCommittee(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const signers = await ethers.getSigners();
  const [deployer, treasury, timelock, keeper, duty, ...nodes] = signers;
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: treasury.address, amount: SUPPLY }],
    deployer.address,
  ]);
  const keeperRewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const reserve = await ethers.deployContract("RewardsReserve", [
    token,
    timelock.address,
    GENESIS_SHARE,
    YEAR,
    RESERVE_PARAMETERS,
  ]);
  await token.connect(treasury).transfer(reserve, GENESIS_SHARE);
  await reserve.absorbGenesis();
  const randomness = await ethers.deployContract("BlockRandomness", [1]);
  const honorPool = await ethers.deployContract("HonorNodesMock", [token, reserve]);
  const reputation = await ethers.deployContract("ReputationMock");
  const start = BigInt(await helpers.time.latest()) + 2n * DAY;
  const schedule = { start, termLength: TERM, candidacyLead: LEAD, settleDelay: SETTLE_DELAY };
  const committee = await ethers.deployContract("Committee", [
    [token, honorPool, reputation, reserve, randomness].map((c) => c.target as string) as [
      string,
      string,
      string,
      string,
      string,
    ],
    keeperRewards,
    timelock.address,
    schedule,
    COMMITTEE_PARAMETERS,
    [duty.address],
  ]);
  await reserve.bindCommittee(committee);
  for (const kind of ["Committee.closeCandidacy", "Committee.draw", "Committee.settleTerm"]) {
    await keeperRewards.registerKind(encodeBytes32String(kind), committee, BOUNTY);
  }
  await token.connect(treasury).transfer(keeperRewards, tokens(10_000));
  await token.connect(treasury).transfer(honorPool, tokens(100_000_000));

  /** Makes each of `who` an honor node of `stake` with reputation `rpt` (bps). */
  async function honor(who: Signer[], rpt: number[] | number, stake = HONOR_STAKE) {
    for (const [i, node] of who.entries()) {
      await honorPool.setNode(await node.getAddress(), true, stake);
      await reputation.setReputation(await node.getAddress(), Array.isArray(rpt) ? rpt[i] : rpt);
    }
  }
  /** Declares each of `who` a candidate (of the next term). */
  async function declare(who: Signer[]) {
    for (const node of who) await committee.connect(node).declareCandidacy();
  }
  /** Closes `term`'s candidacy and draws it, mining past the randomness block. */
  async function elect(term: bigint) {
    const closesAt = await committee.candidacyCloseOf(term);
    if (BigInt(await helpers.time.latest()) < closesAt) await helpers.time.increaseTo(closesAt);
    await committee.connect(keeper).closeCandidacy(term, 512);
    await helpers.mine(2);
    if (!(await committee.termOf(term)).drawn) await committee.connect(keeper).draw(term);
    return committee.membersOf(term);
  }
  return {
    token,
    keeperRewards,
    reserve,
    randomness,
    honorPool,
    reputation,
    committee,
    start,
    deployer,
    treasury,
    timelock,
    keeper,
    duty,
    nodes,
    honor,
    declare,
    elect,
  };
}
