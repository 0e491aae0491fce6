// Staking pools' gas rows (issue 15): the EconomicPool next to a Synthetix-style StakingRewards built
// from OpenZeppelin parts, on the same token in the same run, and the two vote designs of DESIGN §7
// measured side by side (per-staker vaults, the pool's choice, against the pool as a VotingPower
// source). bench/gas.ts adds these rows to its table; `npx hardhat run bench/staking-only.ts` prints
// them alone.
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import {
  deployStaking,
  LOCK,
  MIN_DISTRIBUTION,
  MIN_STAKE,
  RAISE,
  RESERVE_PARAMETERS,
  SETTLEMENT,
  tokens,
  YEAR,
} from "../test/helpers/stakingFixture.ts";
import { deployGovernance, FOR } from "../test/helpers/governanceFixture.ts";
import { deployHonor, HONOR_MIN_STAKE, WITHDRAW_DELAY } from "../test/helpers/honorFixture.ts";

export interface StakingRow {
  operation: string;
  jiaozi: bigint;
  openZeppelin?: bigint;
  reference?: string;
}

const SYNTHETIX = "Synthetix StakingRewards from OZ parts";
const SETTLES = RAISE + LOCK;

export async function stakingRows(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  ignition: NetworkConnection["ignition"],
) {
  const rows: StakingRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const s = await deployStaking(ethers, helpers);
  const { pool, token, treasury, keeper } = s;
  const newAccounts = async (count: number) => {
    const accounts = [];
    for (let i = 0; i < count; i++) {
      const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
      await helpers.setBalance(wallet.address, 10n ** 20n);
      accounts.push(wallet);
    }
    return accounts;
  };
  const [first, alice, bob, ...others] = s.stakers;
  for (const a of [first, alice, bob]) await s.fund(a, tokens(100_000));

  // Synthetix reference on the same token: same holders, same delegation (self-delegated voters).
  const synthetix = await ethers.deployContract("OZStakingRewards", [await token.getAddress(), LOCK]);
  await token.connect(treasury).transfer(await synthetix.getAddress(), tokens(1_000_000));
  await synthetix.notifyRewardAmount(tokens(1_000_000));
  const [sFirst, sAlice] = await newAccounts(2);
  for (const a of [sFirst, sAlice]) {
    await token.connect(treasury).transfer(a.address, tokens(100_000));
    await token.connect(a).delegate(a.address);
    await token.connect(a).approve(await synthetix.getAddress(), tokens(100_000));
  }
  await synthetix.connect(sFirst).stake(MIN_STAKE); // opens the contract's totals

  await s.goto(0n, 0n);
  rows.push({
    operation: "EconomicPool deposit, the pool's very first (opens its totals)",
    jiaozi: await gasOf(pool.connect(first).deposit(MIN_STAKE)),
  });
  rows.push({
    operation: "EconomicPool deposit, a staker's first (vault clone + delegation)",
    jiaozi: await gasOf(pool.connect(alice).deposit(MIN_STAKE)),
    openZeppelin: await gasOf(synthetix.connect(sAlice).stake(MIN_STAKE)),
    reference: `${SYNTHETIX}: stake (first)`,
  });
  rows.push({
    operation: "EconomicPool deposit, top-up",
    jiaozi: await gasOf(pool.connect(alice).deposit(tokens(10_000))),
    openZeppelin: await gasOf(synthetix.connect(sAlice).stake(tokens(10_000))),
    reference: `${SYNTHETIX}: stake (top-up)`,
  });
  rows.push({
    operation: "EconomicPool withdraw during a raise (partial)",
    jiaozi: await gasOf(pool.connect(alice).withdraw(tokens(5_000))),
    openZeppelin: await gasOf(synthetix.connect(sAlice).withdraw(tokens(5_000))),
    reference: `${SYNTHETIX}: withdraw`,
  });
  await pool.connect(bob).deposit(MIN_STAKE);

  // Stakers for distribute: 11 self-delegated and 11 that never delegated.
  const delegated = await newAccounts(11);
  const plain = await newAccounts(11);
  for (const a of [...delegated, ...plain]) {
    await token.connect(treasury).transfer(a.address, MIN_STAKE);
    if (delegated.includes(a)) await token.connect(a).delegate(a.address);
    await token.connect(a).approve(await pool.getAddress(), MIN_STAKE);
    await pool.connect(a).deposit(MIN_STAKE);
  }

  await s.goto(0n, SETTLES);
  rows.push({
    operation: "EconomicPool settle (rounds whose lock ended; budget pulled from the RewardsReserve)",
    jiaozi: await gasOf(pool.connect(keeper).settle()),
  });
  rows.push({
    operation: "EconomicPool claim (1 round; self-delegated staker)",
    jiaozi: await gasOf(pool.connect(alice).claim()),
    openZeppelin: await gasOf(synthetix.connect(sAlice).getReward()),
    reference: `${SYNTHETIX}: getReward`,
  });
  const batch = async (accounts: { address: string }[]) =>
    gasOf(pool.connect(keeper).distribute(accounts.map((a) => a.address)));
  const perAccount = async (accounts: { address: string }[]) => {
    const one = await batch(accounts.slice(0, 1));
    const eleven = await batch(accounts.slice(1, 12));
    return { one, per: (eleven - one) / 10n };
  };
  const d = await perAccount(delegated);
  const p = await perAccount(plain);
  rows.push({ operation: "EconomicPool distribute, 1 account (self-delegated)", jiaozi: d.one });
  rows.push({ operation: "EconomicPool distribute, per account (self-delegated holders)", jiaozi: d.per });
  rows.push({ operation: "EconomicPool distribute, per account (holders that never delegated)", jiaozi: p.per });

  // A claim 40 rounds later: the same two slots read (F1).
  await s.goto(40n, SETTLES);
  await pool.connect(keeper).settle();
  rows.push({ operation: "EconomicPool claim (40 rounds skipped)", jiaozi: await gasOf(pool.connect(bob).claim()) });

  // ---- Vote designs (DESIGN §7), on the governance suite's token ---------------------------
  const g = await deployGovernance(ethers, helpers, ignition);
  const [whale, v1, v2, v3, v4, v5] = g.voters;
  const supplyShare = tokens(400_000_000);
  await g.fund(whale, tokens(100_000_000));
  for (const v of [v1, v2, v3, v4, v5]) await g.fund(v, supplyShare);
  const start = BigInt(await helpers.time.latest()) + 10n;
  const reserveB = await ethers.deployContract("RewardsReserve", [g.token, g.timelock, 0n, YEAR, RESERVE_PARAMETERS]);
  const reserveA = await ethers.deployContract("RewardsReserve", [g.token, g.timelock, 0n, YEAR, RESERVE_PARAMETERS]);
  const schedule = { start, raise: RAISE, lock: LOCK, settlement: SETTLEMENT };
  const params = { minStake: MIN_STAKE, minDistribution: MIN_DISTRIBUTION };
  const vaults = await ethers.deployContract("EconomicPool", [
    g.token,
    reserveB,
    g.rewards,
    g.timelock,
    schedule,
    params,
  ]);
  const source = await ethers.deployContract("CheckpointVotesPool", [
    g.token,
    reserveA,
    g.rewards,
    g.timelock,
    schedule,
    params,
  ]);
  await reserveB.bindEconomicPool(vaults);
  await reserveA.bindEconomicPool(source);
  await helpers.time.increaseTo(start);
  for (const v of [v1, v2, v3, v4]) {
    await g.token.connect(v).approve(vaults, tokens(200_000));
    await g.token.connect(v).approve(source, tokens(200_000));
  }
  // Open each pool's totals first, so the rows below are a staker's first deposit.
  await vaults.connect(v4).deposit(MIN_STAKE);
  await source.connect(v4).deposit(MIN_STAKE);
  const firstB = await gasOf(vaults.connect(v2).deposit(tokens(100_000)));
  const firstA = await gasOf(source.connect(v3).deposit(tokens(100_000)));
  const topUpB = await gasOf(vaults.connect(v2).deposit(tokens(10_000)));
  const topUpA = await gasOf(source.connect(v3).deposit(tokens(10_000)));
  const withdrawB = await gasOf(vaults.connect(v2).withdraw(tokens(10_000)));
  const withdrawA = await gasOf(source.connect(v3).withdraw(tokens(10_000)));

  const timelockAddress = await g.timelock.getAddress();
  const action = {
    targets: [timelockAddress],
    values: [0n],
    calldatas: [g.timelock.interface.encodeFunctionData("updateDelay", [2n * 86_400n])],
  };
  await g.fund(g.proposer, tokens(1000));
  await g.token.connect(g.proposer).approve(g.referendum, tokens(1000));
  await g.referendum.connect(g.proposer).propose(action.targets, action.values, action.calldatas, "ipfs://s", true, 7);
  const id = await g.referendum.proposalCount();
  await g.referendum.connect(whale).support(id);
  await g.referendum.connect(v1).castVote(id, FOR); // the first vote opens the tallies
  const voteNone = await gasOf(g.referendum.connect(v5).castVote(id, FOR)); // no stake, no source
  const voteB = await gasOf(g.referendum.connect(v2).castVote(id, FOR)); // a staker, vault design
  const asTimelock = await g.asTimelock();
  await g.votingPower.connect(asTimelock).addSource(source);
  const voteA = await gasOf(g.referendum.connect(v3).castVote(id, FOR)); // a staker, pool as a source
  const voteAPlain = await gasOf(g.referendum.connect(v4).castVote(id, FOR));

  rows.push({
    operation: "Vote design (b) vaults: staker's first deposit (chosen)",
    jiaozi: firstB,
    openZeppelin: firstA,
    reference: "design (a): pool as a VotingPower source",
  });
  rows.push({
    operation: "Vote design (b) vaults: top-up (chosen)",
    jiaozi: topUpB,
    openZeppelin: topUpA,
    reference: "design (a): pool as a VotingPower source",
  });
  rows.push({
    operation: "Vote design (b) vaults: withdraw (chosen)",
    jiaozi: withdrawB,
    openZeppelin: withdrawA,
    reference: "design (a): pool as a VotingPower source",
  });
  rows.push({
    operation: "Vote design (b) vaults: Referendum castVote, later vote by a staker (chosen)",
    jiaozi: voteB,
    openZeppelin: voteA,
    reference: "design (a): pool as a VotingPower source",
  });
  rows.push({
    operation: "Referendum castVote, later vote, no pool (baseline of the same run)",
    jiaozi: voteNone,
  });
  rows.push({
    operation: "Vote design (a): Referendum castVote, later vote, pool registered as a source",
    jiaozi: voteAPlain,
  });
  rows.push(...(await honorRows(ethers, helpers)));
  return rows;
}

/** The HonorPool's rows (issue 15 goals: requestWithdraw <= 60,000, completeWithdraw <= 50,000,
 * slash <= 45,000), on self-delegated nodes (voters), each operation in a block of its own. */
export async function honorRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const rows: StakingRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const h = await deployHonor(ethers);
  const { pool, committee, nodes, fund } = h;
  const [opener, alice, bob] = nodes;
  for (const n of [opener, alice, bob]) await fund(n, tokens(1_000_000));
  const reason = "0x" + Buffer.from("Committee.missed").toString("hex").padEnd(64, "0");
  await pool.connect(opener).deposit(HONOR_MIN_STAKE); // opens the pool's totals
  await committee.slash(pool, opener.address, 100, reason); // opens the pool's and the reserve's balance words
  rows.push({
    operation: "HonorPool deposit, a node's first (vault clone + delegation + checkpoint)",
    jiaozi: await gasOf(pool.connect(alice).deposit(tokens(500_000))),
  });
  rows.push({
    operation: "HonorPool deposit, top-up",
    jiaozi: await gasOf(pool.connect(alice).deposit(tokens(100_000))),
  });
  await pool.connect(bob).deposit(tokens(500_000));
  rows.push({
    operation: "HonorPool requestWithdraw (partial, first request; asks the Committee's lock)",
    jiaozi: await gasOf(pool.connect(alice).requestWithdraw(tokens(100_000))),
  });
  rows.push({
    operation: "HonorPool requestWithdraw (adds to a pending request)",
    jiaozi: await gasOf(pool.connect(alice).requestWithdraw(tokens(100_000))),
  });
  rows.push({
    operation: "HonorPool slash (active stake only, into the RewardsReserve)",
    jiaozi: await gasOf(committee.slash(pool, bob.address, 100, reason)),
  });
  rows.push({
    operation: "HonorPool slash (active stake and a pending request)",
    jiaozi: await gasOf(committee.slash(pool, alice.address, 100, reason)),
  });
  await helpers.time.increase(WITHDRAW_DELAY);
  rows.push({
    operation: "HonorPool completeWithdraw (by a keeper, paid to the node)",
    jiaozi: await gasOf(pool.connect(h.keeper).completeWithdraw(alice.address)),
  });
  return rows;
}
