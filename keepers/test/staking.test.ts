// Staking end to end on anvil with the `local` genesis (a day is a minute: 90-minute rounds of a
// 3-minute raise, an 84-minute lock and a 3-minute settlement): two stakers deposit with
// `jiaozi stake`, a too-small stake is refused in one line, the keeper daemon settles the round
// and pushes both rewards during settlement by itself, and GraphQL shows the stakers, the
// settlement, the pushed rewards and the RewardsReserve's release.
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, parseEther, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { privateKeyToAccount } from "viem/accounts";
import { EconomicPoolAbi } from "../../abis/EconomicPool.ts";
import { RewardsReserveAbi } from "../../abis/RewardsReserve.ts";
import {
  graphql,
  KEEPER_KEYS,
  type Service,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  writeWithMargin,
} from "../../scripts/stack.ts";
import {
  elapse as elapseOn,
  indexChain,
  runCommand,
  startChainWithGenesis,
  type TestChain,
} from "../../scripts/testchain.ts";

describe("staking end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const holder = privateKeyToAccount(TOKEN_HOLDER_KEY).address;
  const team = privateKeyToAccount(TEAM_KEY).address;

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const low = (address: Address) => address.toLowerCase();
  const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const pool = () => ({ address: chain.deployments.contracts.EconomicPool.address, abi: EconomicPoolAbi }) as const;
  const balanceOf = (account: Address) =>
    chain.client.readContract({
      address: chain.deployments.contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [account],
    });

  it("stakes from the CLI, and the keeper settles the round and pushes both rewards, shown in GraphQL", async function () {
    const wallet = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
    });
    await writeWithMargin(chain.client, wallet, {
      address: chain.deployments.contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "transfer",
      args: [team, parseEther("300000")],
    });
    const schedule = await chain.client.readContract({ ...pool(), functionName: "schedule" });
    const now = (await chain.client.getBlock()).timestamp;
    if (now < schedule.start) await elapseOn(chain, Number(schedule.start - now));

    // Below the minimum: one line naming the error and its values, exit 1, nothing staked.
    const refused = startKeepers(["stake", "deposit", "--amount", "10000"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: TOKEN_HOLDER_KEY,
    });
    expect(await refused.exited).to.equal(1);
    expect(refused.output()).to.match(/EconomicPool\.deposit reverted: BelowMinimum\(/);
    expect(refused.output().trim().split("\n")).to.have.length(1);

    const first = await cli(TOKEN_HOLDER_KEY, "stake", "deposit", "--amount", "100000");
    expect(first).to.include({ principal: "100000", economicNode: true, phase: "Raise" });
    await cli(TEAM_KEY, "stake", "deposit", "--amount", "300000");

    running.push(
      startKeepers(["run", "--jobs", "staking-settle,staking-distribute", "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );
    const [holderBefore, teamBefore] = [await balanceOf(holder), await balanceOf(team)];
    // Into round 0's settlement: the keeper settles, then distributes to both stakers.
    const settlesAt = schedule.start + schedule.raise + schedule.lock;
    await elapseOn(chain, Number(settlesAt - (await chain.client.getBlock()).timestamp) + 1);
    await waitFor(
      "both rewards pushed",
      async () => {
        // One block for both reads: before the settlement nothing is earned either.
        const blockNumber = await chain.client.getBlockNumber();
        const [earned, settled] = await Promise.all([
          chain.client.readContract({ ...pool(), functionName: "earnedOf", args: [[holder, team]], blockNumber }),
          chain.client.readContract({ ...pool(), functionName: "settledRounds", blockNumber }),
        ]);
        return settled === 1n && earned.every((amount) => amount === 0n);
      },
      60_000,
    );
    const budget = await chain.client.readContract({ ...pool(), functionName: "budgetReceived" });
    const [holderGain, teamGain] = [(await balanceOf(holder)) - holderBefore, (await balanceOf(team)) - teamBefore];
    expect(budget).to.be.greaterThan(0n);
    // Pro rata to the stake locked: 1/4 and 3/4 of the round's budget, rounded down.
    expect(budget / 4n - holderGain <= 1n && holderGain <= budget / 4n).to.equal(true);
    expect((budget * 3n) / 4n - teamGain <= 1n && teamGain <= (budget * 3n) / 4n).to.equal(true);
    const status = await cli(TOKEN_HOLDER_KEY, "stake", "status", "--account", holder);
    expect(status).to.include({ principal: "100000", earned: "0", phase: "Settlement" });
    const held = await chain.client.readContract({
      address: chain.deployments.contracts.RewardsReserve.address,
      abi: RewardsReserveAbi,
      functionName: "held",
    });

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      economicPool: {
        totalStaked: string;
        stakers: number;
        economicNodes: number;
        settledRounds: string;
        budgetReceived: string;
        rewardsPaid: string;
      };
      stakers: {
        items: { address: Address; principal: string; economicNode: boolean; rewardsPaid: string; delegate: Address }[];
      };
      stakingSettlements: {
        items: { fromRound: string; toRound: string; locked: string; received: string; aprBps: string }[];
      };
      stakingRewards: { items: { staker: Address; amount: string; pushed: boolean }[] };
      rewardsReserve: { held: string; absorbed: string; paidEconomic: string };
      rewardsReserveFlows: {
        items: { kind: string; amount: string; reason: string | null; beneficiary: string | null }[];
      };
    }>(
      indexer.url,
      `
        query ($pool: String!, $reserve: String!) {
          economicPool(address: $pool) {
            totalStaked
            stakers
            economicNodes
            settledRounds
            budgetReceived
            rewardsPaid
          }
          stakers(orderBy: "principal", orderDirection: "asc") {
            items {
              address
              principal
              economicNode
              rewardsPaid
              delegate
            }
          }
          stakingSettlements {
            items {
              fromRound
              toRound
              locked
              received
              aprBps
            }
          }
          stakingRewards {
            items {
              staker
              amount
              pushed
            }
          }
          rewardsReserve(address: $reserve) {
            held
            absorbed
            paidEconomic
          }
          rewardsReserveFlows(orderBy: "blockNumber") {
            items {
              kind
              amount
              reason
              beneficiary
            }
          }
        }
      `,
      {
        pool: chain.deployments.contracts.EconomicPool.address,
        reserve: chain.deployments.contracts.RewardsReserve.address,
      },
    );
    expect(indexed.economicPool).to.deep.equal({
      totalStaked: parseEther("400000").toString(),
      stakers: 2,
      economicNodes: 2,
      settledRounds: "1",
      budgetReceived: budget.toString(),
      rewardsPaid: (holderGain + teamGain).toString(),
    });
    expect(
      indexed.stakers.items.map((s) => [s.address, s.principal, s.economicNode, s.rewardsPaid, s.delegate]),
    ).to.deep.equal([
      [low(holder), parseEther("100000").toString(), true, holderGain.toString(), low(holder)],
      [low(team), parseEther("300000").toString(), true, teamGain.toString(), low(team)],
    ]);
    // APR: a round's budget over a year of 90-day rounds (local: 90 minutes of a 365-minute year).
    const aprBps = (budget * 10_000n * (365n * 60n)) / (parseEther("400000") * 90n * 60n);
    expect(indexed.stakingSettlements.items).to.deep.equal([
      {
        fromRound: "0",
        toRound: "1",
        locked: parseEther("400000").toString(),
        received: budget.toString(),
        aprBps: aprBps.toString(),
      },
    ]);
    expect(indexed.stakingRewards.items.map((r) => r.pushed)).to.deep.equal([true, true]);
    expect(indexed.rewardsReserve).to.deep.equal({
      held: held.toString(),
      absorbed: parseEther("1000000000").toString(),
      paidEconomic: budget.toString(),
    });
    expect(indexed.rewardsReserveFlows.items).to.deep.equal([
      { kind: "absorb", amount: parseEther("1000000000").toString(), reason: "genesis", beneficiary: null },
      { kind: "release", amount: budget.toString(), reason: null, beneficiary: "EconomicPool" },
    ]);
  });
});
