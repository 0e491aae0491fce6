// Procurement end to end on anvil with the `local` genesis (a day is a minute: one-minute windows):
// two economic nodes stake with `jiaozi stake`, a sponsor opens a round with `jiaozi procure open`,
// two suppliers apply, the nodes vote with their stake at the round's snapshot, the keeper daemon
// closes the round (procurement-close), the sponsor confirms the delivery (the winner is paid its
// bid, the rest of the budget returns), both voters claim their rewards (pro rata to weight, the
// dust carried on), and GraphQL shows the round, its applications, the votes and the rewards.
import { expect } from "chai";
import { erc20Abi, parseEther, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { EconomicPoolAbi } from "../../abis/EconomicPool.ts";
import { ProcurementVoteAbi } from "../../abis/ProcurementVote.ts";
import {
  fundWithTokens,
  graphql,
  KEEPER_KEYS,
  PROVIDER_KEYS,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import {
  elapse as elapseOn,
  indexChain,
  runCommand,
  startChainWithGenesis,
  type TestChain,
} from "../../scripts/testchain.ts";

describe("procurement end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let indexer: Service & { url: string; graphql: string };
  const running: Service[] = [];
  const [supplierA, supplierB, sponsor] = PROVIDER_KEYS;
  const voters: Hex[] = [TOKEN_HOLDER_KEY, TEAM_KEY];
  const address = (key: Hex) => privateKeyToAccount(key).address;
  const low = (value: string) => value.toLowerCase();

  before(async function () {
    chain = await startChainWithGenesis();
    indexer = await indexChain(chain);
    running.push(indexer);
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const elapse = (seconds: number) => elapseOn(chain, seconds);
  const now = async () => (await chain.client.getBlock()).timestamp;
  const procurement = () =>
    ({ address: chain.deployments.contracts.ProcurementVote.address, abi: ProcurementVoteAbi }) as const;
  const balanceOf = (account: Address) =>
    chain.client.readContract({
      address: chain.deployments.contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [account],
    });

  it("picks a supplier by the nodes' stake, pays it on the sponsor's confirmation and pays the voters, in GraphQL", async function () {
    await fundWithTokens(
      chain.anvil.url,
      chain.deploymentsFile,
      ([TEAM_KEY, supplierA, supplierB, sponsor] as Hex[]).map(address),
      parseEther("300000"),
    );
    // Stake in a raise of the pool (round 0's opens a minute after genesis).
    const pool = { address: chain.deployments.contracts.EconomicPool.address, abi: EconomicPoolAbi } as const;
    const schedule = await chain.client.readContract({ ...pool, functionName: "schedule" });
    if ((await now()) < schedule.start) await elapse(Number(schedule.start - (await now())));
    await cli(TOKEN_HOLDER_KEY, "stake", "deposit", "--amount", "100000");
    await cli(TEAM_KEY, "stake", "deposit", "--amount", "300000");
    // Into the pool's lock: a round's snapshot is the last second of the raise before the latest
    // lock (ProcurementVote, audit F3), so the stakes of this raise count once it is locked.
    const lockStart = schedule.start + schedule.raise;
    if ((await now()) < lockStart) await elapse(Number(lockStart - (await now())));

    const opened = await cli<{ roundId: string; status: string; snapshot: string }>(
      sponsor,
      "procure",
      "open",
      "--uri",
      "ipfs://item",
      "--budget",
      "10000",
      "--reward-pool",
      "1000",
      "--bond",
      "100",
      "--application-period",
      "60",
      "--voting-period",
      "60",
      "--delivery-period",
      "600",
    );
    expect(opened).to.include({ roundId: "1", status: "Open" });
    const applied = await cli(supplierA, "procure", "apply", "1", "--bid", "6000", "--documents", "ipfs://a");
    expect(applied).to.include({ applicationId: "1", bid: "6000", bond: "100" });
    await cli(supplierB, "procure", "apply", "1", "--bid", "8000", "--documents", "ipfs://b");

    const round = await chain.client.readContract({ ...procurement(), functionName: "roundOf", args: [1n] });
    await elapse(Number(BigInt(round.applicationEnd) - (await now())));
    const first = await cli(TOKEN_HOLDER_KEY, "procure", "vote", "1", "1");
    expect(first).to.include({ weight: "100000000000000000000000" });
    await cli(TEAM_KEY, "procure", "vote", "1", "2");

    running.push(
      startKeepers(["run", "--jobs", "procurement-close", "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );
    await elapse(Number(BigInt(round.votingEnd) - (await now())));
    await waitFor(
      "the keeper to close the round",
      async () =>
        (await chain.client.readContract({ ...procurement(), functionName: "roundOf", args: [1n] })).status === 3,
      60_000,
    );

    const [winnerBefore, sponsorBefore] = [await balanceOf(address(supplierB)), await balanceOf(address(sponsor))];
    const confirmed = await cli(sponsor, "procure", "confirm", "1");
    expect(confirmed).to.include({ status: "Delivered" });
    expect((await balanceOf(address(supplierB))) - winnerBefore).to.equal(parseEther("8100"));
    expect((await balanceOf(address(sponsor))) - sponsorBefore).to.equal(parseEther("2000"));
    await cli(supplierA, "procure", "claim-bond", "1", "1");

    const rewards: bigint[] = [];
    for (const key of voters) {
      const claimed = await cli<{ amount: string }>(key, "procure", "claim-reward", "1");
      rewards.push(parseEther(claimed.amount));
    }
    // 1/4 and 3/4 of the pool (1,000 tokens).
    expect(rewards).to.deep.equal([parseEther("250"), parseEther("750")]);

    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      procurementRound: {
        status: string;
        winner: Address;
        winningBid: string;
        totalWeight: string;
        rewardPool: string;
        rewardsPaid: string;
        voterCount: number;
        applicationCount: number;
        closedBy: Address;
      };
      procurementApplications: {
        items: { applicationId: number; supplier: Address; status: string; bondReturned: boolean; weight: string }[];
      };
      procurementVotes: { items: { voter: Address; applicationId: number; weight: string; reward: string }[] };
    }>(
      indexer.graphql,
      `
        {
          procurementRound(roundId: "1") {
            status
            winner
            winningBid
            totalWeight
            rewardPool
            rewardsPaid
            voterCount
            applicationCount
            closedBy
          }
          procurementApplications(where: { roundId: "1" }, orderBy: "applicationId") {
            items {
              applicationId
              supplier
              status
              bondReturned
              weight
            }
          }
          procurementVotes(where: { roundId: "1" }, orderBy: "weight") {
            items {
              voter
              applicationId
              weight
              reward
            }
          }
        }
      `,
    );
    expect(indexed.procurementRound).to.include({
      status: "delivered",
      winningBid: parseEther("8000").toString(),
      totalWeight: parseEther("400000").toString(),
      rewardPool: parseEther("1000").toString(),
      rewardsPaid: parseEther("1000").toString(),
      voterCount: 2,
      applicationCount: 2,
    });
    expect(low(indexed.procurementRound.winner)).to.equal(low(address(supplierB)));
    expect(low(indexed.procurementRound.closedBy)).to.equal(low(address(KEEPER_KEYS[0])));
    expect(indexed.procurementApplications.items.map((a) => [a.applicationId, a.status, a.bondReturned])).to.deep.equal(
      [
        [1, "lost", true],
        [2, "paid", true],
      ],
    );
    expect(indexed.procurementVotes.items.map((v) => [low(v.voter), v.applicationId, v.reward])).to.deep.equal([
      [low(address(TOKEN_HOLDER_KEY)), 1, parseEther("250").toString()],
      [low(address(TEAM_KEY)), 2, parseEther("750").toString()],
    ]);
  });
});
