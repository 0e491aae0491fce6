// A simulated year (issue 19): the `local` profile's minutes stand for days (timeDivisor 1440), so
// 365 local days are 365 steps of 60 chain seconds (evm_increaseTime). The stack of `npm start`
// runs beside it: the keeper daemon with every job, three storage providers, the staking demo's
// honor nodes and stakers, the insurance demo with its oracle feeder. A seeded driver acts as the
// users would, day by day: transfers and delegations, two issued tokens traded and consumed (one
// keeps its commitment, one lets it lapse half the year), rents of storage (proved, and failed when
// days pass faster than a provider can prove), proposals that pass, fail and lapse, candidacies and
// votes in the council election when one opens. Actions the chain refuses (an election not open,
// a balance spent) are counted, not fatal: what the year must show is that whatever happened, the
// indexer agrees with the chain.
// At the end, with every writer stopped: each account's balance, votes and delegate, each lease,
// landlord, proposal and issued token read from the contracts' views equal the indexer's rows, on
// PGlite and (with JIAOZI_TEST_DATABASE_URL) on PostgreSQL, both indexing live all year; and every
// table of each equals a fresh index of the final chain. The duration of each part is printed.
//
// Not in the runtime suite (CI runs it as `npm run test:soak`). JIAOZI_SOAK_DAYS shortens it.
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import {
  createWalletClient,
  erc20Abi,
  http,
  keccak256,
  parseEther,
  stringToHex,
  zeroAddress,
  type Address,
  type Hex,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { ENUMS } from "../../abis/vocabulary.ts";
import { contract, contractAt } from "../../keepers/src/core/contracts.ts";
import { declareCandidacy, voteCandidates } from "../../keepers/src/governance/candidacy.ts";
import { delegateVotes } from "../../keepers/src/governance/delegate.ts";
import { propose } from "../../keepers/src/governance/propose.ts";
import { support } from "../../keepers/src/governance/support.ts";
import { castVote } from "../../keepers/src/governance/vote.ts";
import { rentAndUpload } from "../../keepers/src/storage/tenant/rent.ts";
import { parseLaunchFile } from "../../keepers/src/tokenization/issuer/config.ts";
import { launchToken } from "../../keepers/src/tokenization/issuer/launch.ts";
import { buy, consume, sell } from "../../keepers/src/tokenization/issuer/trade.ts";
import { setUpInsurance } from "../../scripts/insuranceDemo.ts";
import {
  fundWithTokens,
  graphql,
  PROVIDER_KEYS,
  startIndexer,
  startProvider,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import { fund, fundStakers, stakeEconomicPool, stakeHonorNodes } from "../../scripts/stakingDemo.ts";
import {
  freePort,
  jobContext,
  startChainWithGenesis,
  startDaemons,
  whileMining as whileMiningOn,
  type TestChain,
} from "../../scripts/testchain.ts";
import { dumpTables, expectSameTables } from "./tables.ts";

const DAY = 60;
const DAYS = Number(process.env.JIAOZI_SOAK_DAYS ?? 365);
/** Local days per step of the driver (JIAOZI_SOAK_STEP_DAYS): each step is one evm_increaseTime. */
const STEP_DAYS = Number(process.env.JIAOZI_SOAK_STEP_DAYS ?? 3);
const USER_KEYS: Hex[] = Array.from({ length: 6 }, (_, i) => keccak256(stringToHex(`jiaozi-soak-user-${i}`)));
const CANDIDATE_BOND = parseEther("10000");
const LEASE_STATES = ["none", "pending", "active", "refunded", "reclaimed"];
const LANDLORD_STATES = ["none", "active", "retiring", "blacklisted", "retired"];
const PROPOSAL_STATES = ENUMS.IReferendum.ProposalState;

type Indexer = Service & { url: string; graphql: string };

/** mulberry32: the driver's choices, the same every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function allRows<T>(endpoint: string, field: string, columns: string): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Record<string, { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> =
      await graphql(
        endpoint,
        `query ($after: String) { ${field}(limit: 1000, after: $after) { items { ${columns} } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    rows.push(...page[field].items);
    if (!page[field].pageInfo.hasNextPage) return rows;
    after = page[field].pageInfo.endCursor;
  }
}

describe("a simulated year (anvil, every module, the indexer against the contracts)", function () {
  this.timeout(3_600_000);
  let chain: TestChain;
  const running: Service[] = [];
  /** The storage providers, stopped and started again during the year (not in `running`). */
  let providerServices: () => Service[] = () => [];

  after(async () => {
    for (const service of [...providerServices(), ...running.reverse()]) await service.stop();
    await chain?.stop();
  });

  it(`drives every module for ${DAYS} local days; every account, lease, landlord, proposal and token equals the chain, on each database and a fresh index`, async function () {
    const timings: Record<string, number> = {};
    let started = Date.now();
    const lap = (name: string) => {
      timings[name] = Math.round((Date.now() - started) / 1000);
      started = Date.now();
    };

    chain = await startChainWithGenesis();
    const { anvil, deploymentsFile } = chain;
    const context = jobContext(chain);
    const wallet = (key: Hex): WalletClient =>
      createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(key) });
    const users = USER_KEYS.map(wallet);
    const holder = wallet(TOKEN_HOLDER_KEY);
    const team = wallet(TEAM_KEY);
    const everyone = [holder, team, ...users];
    const address = (w: WalletClient) => w.account!.address;
    const scratch = mkdtempSync(path.join(tmpdir(), "jiaozi-soak-"));

    // ----- the stack of npm start
    await fund(anvil.url, deploymentsFile, USER_KEYS, parseEther("60000"));
    await fundWithTokens(anvil.url, deploymentsFile, [address(team)], parseEther("200000"));
    await fundWithTokens(
      anvil.url,
      deploymentsFile,
      PROVIDER_KEYS.map((k) => privateKeyToAccount(k).address),
      parseEther("10000"),
    );
    const providers: { address: Address; start: () => Promise<Service>; service?: Service }[] = [];
    for (const [i, key] of PROVIDER_KEYS.entries()) {
      const provider = {
        address: privateKeyToAccount(key).address,
        start: async () =>
          startProvider(key, {
            rpcUrl: anvil.url,
            deploymentsFile,
            dataDir: path.join(scratch, `provider-${i}`),
            port: await freePort(),
            intervalMs: 300,
            name: `provider-${i + 1}`,
          }),
      };
      providers.push({ ...provider, service: await provider.start() });
    }
    providerServices = () => providers.map((p) => p.service).filter((s): s is Service => s !== undefined);
    await stakeHonorNodes(anvil.url, deploymentsFile);
    await fundStakers(anvil.url, deploymentsFile);
    const staking = stakeEconomicPool(anvil.url, deploymentsFile);
    await setUpInsurance(anvil.url, deploymentsFile);
    running.push(...startDaemons(chain));
    const indexers: { name: string; indexer: Indexer }[] = [
      {
        name: "PGlite",
        indexer: await startIndexer({
          rpcUrl: anvil.url,
          deploymentsFile,
          port: await freePort(),
          pgliteDir: mkdtempSync(path.join(tmpdir(), "jiaozi-pglite-")),
        }),
      },
    ];
    const databaseUrl = process.env.JIAOZI_TEST_DATABASE_URL;
    if (databaseUrl)
      indexers.push({
        name: "PostgreSQL",
        indexer: await startIndexer({
          rpcUrl: anvil.url,
          deploymentsFile,
          port: await freePort(),
          databaseUrl,
          schema: `soak_${Date.now()}`,
        }),
      });
    running.push(...indexers.map((i) => i.indexer));
    const stopProviders = async () => {
      for (const service of providerServices()) await service.stop();
    };
    for (const w of everyone) await delegateVotes(context, w);
    lap("stack up");

    // ----- the year
    const random = prng(2026);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const done: Record<string, number> = {};
    const refused: Record<string, number> = {};
    const firstRefusal: Record<string, string> = {};
    const attempt = async (what: string, action: () => Promise<unknown>) => {
      try {
        await action();
        done[what] = (done[what] ?? 0) + 1;
      } catch (error) {
        refused[what] = (refused[what] ?? 0) + 1;
        firstRefusal[what] ??= (error as Error).message.split("\n").slice(0, 3).join(" ");
      }
    };
    const launch = async (issuer: WalletClient, symbol: string) => {
      const plan = parseLaunchFile({
        name: `Soak ${symbol}`,
        symbol,
        metadataURI: `ipfs://soak-${symbol}`,
        supply: "1000000",
        seedReserve: "10000",
        connectorWeight: "50%",
        commitment: { period: "7m", minimum: "1000" },
      });
      const { token } = await launchToken(context, issuer, plan);
      return token as Address;
    };
    // Blocks (not time) while a daemon or the tenant waits: a lease's assign and an epoch's seed
    // each need a later block.
    const whileMining = <T>(action: () => Promise<T>) => whileMiningOn(chain, action);
    // A new lease's first epoch, proved at the daemons' pace: the chain is moved to that epoch's
    // start, then one block a second (chain time at real time: the proof window is 15 s, its seed
    // deadline 7.5 s) until every holder proved or the proof deadline passed. Days jumped over
    // later are unseeded epochs (void: nobody proves, nobody is slashed). With `oneAbsent`, one
    // holder's provider is stopped for that epoch (a missed proof, a failure on its record) and
    // started again after it.
    const proofsSeen = { epochs: 0, proved: 0, missed: 0 };
    let leases = 0;
    const proveNextEpoch = async (group: readonly Address[], oneAbsent: boolean) => {
      const absent = oneAbsent
        ? providers.find((p) => group.some((holder) => holder.toLowerCase() === p.address.toLowerCase()))
        : undefined;
      await absent?.service?.stop();
      if (absent) absent.service = undefined;
      const market = contract(context, "StorageMarket");
      const storageProofs = contract(context, "StorageProofs");
      const epoch = (await market.read.currentEpoch()) + 1n;
      await chain.test.setNextBlockTimestamp({ timestamp: await market.read.epochStart([epoch]) });
      await chain.test.mine({ blocks: 1 });
      const deadline = await storageProofs.read.proofDeadline([epoch]);
      let proved: boolean[] = [];
      for (;;) {
        await sleep(1_000);
        await chain.test.mine({ blocks: 1 });
        proved = await Promise.all(group.map((landlord) => storageProofs.read.hasProved([landlord, epoch])));
        if (proved.every(Boolean) || (await chain.client.getBlock()).timestamp > deadline) break;
      }
      if (absent) absent.service = await absent.start();
      proofsSeen.epochs += 1;
      proofsSeen.proved += proved.filter(Boolean).length;
      proofsSeen.missed += proved.filter((p) => !p).length;
    };
    const faithful = await launch(holder, "KEPT");
    const lapsing = await launch(users[0], "LAPS");
    const tokens = [faithful, lapsing];
    const actions = (n: number) => [
      {
        target: "KeeperRewards",
        function: "setBounty(bytes32,uint256)",
        args: [stringToHex("Referendum.close", { size: 32 }), String(20 + n)],
      },
    ];
    const proposals: { id: bigint; side: "for" | "against" }[] = [];
    const voted = new Set<string>();
    const candidates = users.slice(1, 6);

    // A step is STEP_DAYS local days (and a new lease's first epoch, in real time); an
    // action due on any day of a step is done in it.
    let day = 0;
    while (day < DAYS) {
      const previous = day;
      day = Math.min(DAYS, day + STEP_DAYS);
      const on = (every: number, offset = 0) =>
        Math.floor((day - offset) / every) > Math.floor((previous - offset) / every);
      const onDay = (d: number) => previous < d && d <= day;
      // Transfers and, now and then, a delegation moved.
      for (let k = 0; k < 2; k++) {
        const from = pick(users);
        const to = pick(everyone);
        await attempt("transfer", () =>
          from
            .writeContract({
              chain: foundry,
              account: from.account!,
              address: context.address("BaseToken"),
              abi: erc20Abi,
              functionName: "transfer",
              args: [address(to), parseEther(String(1 + Math.floor(random() * 500)))],
            })
            .then((hash) => chain.client.waitForTransactionReceipt({ hash })),
        );
      }
      if (on(11)) {
        const who = pick(users);
        await attempt("delegate", () =>
          delegateVotes(context, who, random() < 0.5 ? address(pick(everyone)) : undefined),
        );
      }
      // The two issuers: KEPT consumes its 1,000 every week; LAPS only in the year's second half.
      if (on(7)) {
        await attempt("consume", () =>
          consume(context, holder, faithful, parseEther("1200"), keccak256(stringToHex(`kept-${day}`))),
        );
        if (day > DAYS / 2)
          await attempt("consume", () =>
            consume(context, users[0], lapsing, parseEther("1200"), keccak256(stringToHex(`laps-${day}`))),
          );
      }
      // Trades on both markets.
      if (on(3)) {
        const trader = pick(users);
        const token = pick(tokens);
        if (random() < 0.6) await attempt("buy", () => buy(context, trader, token, parseEther("200"), 100));
        else {
          const held = await contractAt(context, "IssuedToken", token).read.balanceOf([address(trader)]);
          if (held > 0n) await attempt("sell", () => sell(context, trader, token, held / 2n, 100));
        }
      }
      // Storage: a lease every 45 days, each term 30 days (expiring, reclaimed in the year).
      if (on(45, 5)) {
        const tenant = pick(users);
        await attempt("rent", async () => {
          const lease = await whileMining(() =>
            rentAndUpload(context, tenant, {
              data: new TextEncoder().encode(`soak data of day ${day} `.repeat(40)),
              sizeMB: 1,
              days: 30,
              assignWaitSeconds: 10,
              startTimeoutSeconds: 60,
              acceptTimeoutSeconds: 60,
              pollMs: 250,
            }),
          );
          leases += 1;
          if (lease.status === "active") await proveNextEpoch(lease.group, leases === 3);
        });
      }
      // Governance: proposals on days 3, 120 and 250 (passed, voted down, left to lapse).
      for (const proposalDay of [3, 120, 250]) {
        if (!onDay(proposalDay)) continue;
        const n = proposals.length;
        await attempt("propose", async () => {
          const { proposalId } = await propose(context, holder, {
            actions: actions(n),
            descriptionURI: `ipfs://soak-${proposalDay}`,
            publicityDays: 7,
          });
          proposals.push({ id: proposalId, side: proposalDay === 120 ? "against" : "for" });
          if (proposalDay !== 250) {
            await support(context, team, proposalId);
            await support(context, holder, proposalId);
          }
        });
      }
      for (const { id, side } of proposals) {
        if ((await contract(context, "Referendum").read.state([id])) !== 2) continue;
        for (const voter of [holder, team, ...users]) {
          const key = `${id}:${address(voter)}`;
          if (voted.has(key)) continue;
          voted.add(key);
          await attempt("vote", () => castVote(context, voter, id, side));
        }
      }
      // The council election, when the keepers open one: five candidates, everyone votes.
      if (on(15)) {
        for (const candidate of candidates)
          await attempt("candidacy", () =>
            declareCandidacy(context, candidate, CANDIDATE_BOND, "ipfs://soak-candidate"),
          );
        const voter = pick([holder, team]);
        await attempt("election vote", () =>
          voteCandidates(
            context,
            voter,
            candidates.map((c) => ({ candidate: address(c), weight: 1n })),
          ),
        );
      }
      await chain.test.increaseTime({ seconds: DAY * (day - previous) });
      await chain.test.mine({ blocks: 1 });
      // Real time for the daemons.
      await whileMining(() => sleep(300));
    }
    await staking.catch(() => undefined);
    lap(`${DAYS} days driven`);
    console.log(`      done: ${JSON.stringify(done)}\n      refused: ${JSON.stringify(refused)}`);
    console.log(`      first epochs of new leases: ${JSON.stringify(proofsSeen)}`);
    for (const [what, message] of Object.entries(firstRefusal)) console.log(`      first ${what} refused: ${message}`);

    // ----- every writer stopped, the indexers caught up
    await stopProviders();
    for (const service of running.filter((s) => !indexers.some((i) => i.indexer === s))) await service.stop();
    await chain.test.mine({ blocks: 1 });
    for (const { name, indexer } of indexers) {
      try {
        await waitForIndexed(indexer.url, anvil.url, undefined, 600_000);
      } catch (error) {
        // Which database fell behind, whether its process still runs, and what it said last.
        const exit = indexer.child.exitCode ?? indexer.child.signalCode ?? "running";
        console.log(`      ${name} indexer (${exit}) did not catch up; its last output:`);
        console.log(indexer.output().split("\n").slice(-40).join("\n"));
        throw error;
      }
    }
    lap("indexers caught up");

    // The year did what it is for: each kind of event happened.
    const primary = indexers[0].indexer.graphql;
    const counts = await graphql<Record<string, { totalCount: number }>>(
      primary,
      `
        {
          transfers {
            totalCount
          }
          consumptions {
            totalCount
          }
          trades {
            totalCount
          }
          leases {
            totalCount
          }
          storageProofs {
            totalCount
          }
          proposals {
            totalCount
          }
          votes {
            totalCount
          }
          tokenPeriods {
            totalCount
          }
          keeperBountys {
            totalCount
          }
          stakingSettlements {
            totalCount
          }
          committeeTerms {
            totalCount
          }
          insurancePolicys {
            totalCount
          }
          elections {
            totalCount
          }
        }
      `,
    );
    console.log(
      `      rows: ${JSON.stringify(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.totalCount])))}`,
    );
    for (const table of [
      "transfers",
      "consumptions",
      "trades",
      "leases",
      "storageProofs",
      "proposals",
      "votes",
      "tokenPeriods",
      "keeperBountys",
    ])
      expect(counts[table].totalCount, table).to.be.greaterThan(0);

    // ----- the indexer against the contracts' views
    for (const { name, indexer } of indexers) {
      const accounts = await allRows<{ address: Address; balance: string; votes: string; delegate: Address | null }>(
        indexer.graphql,
        "accounts",
        "address balance votes delegate",
      );
      expect(accounts.length, name).to.be.greaterThan(everyone.length);
      const token = contract(context, "BaseToken");
      for (const row of accounts) {
        const [balance, votes, delegate] = await Promise.all([
          token.read.balanceOf([row.address]),
          token.read.getVotes([row.address]),
          token.read.delegates([row.address]),
        ]);
        expect(
          [row.balance, row.votes, (row.delegate ?? zeroAddress).toLowerCase()],
          `${name} account ${row.address}`,
        ).to.deep.equal([balance.toString(), votes.toString(), delegate.toLowerCase()]);
      }
      const leases = await allRows<{
        leaseId: string;
        tenant: Address;
        sizeMB: string;
        endEpoch: string | null;
        state: string;
      }>(indexer.graphql, "leases", "leaseId tenant sizeMB endEpoch state");
      for (const row of leases) {
        const lease = await contract(context, "StorageMarket").read.leaseOf([BigInt(row.leaseId)]);
        expect([row.tenant, row.sizeMB, row.state], `${name} lease ${row.leaseId}`).to.deep.equal([
          lease.tenant.toLowerCase(),
          String(lease.sizeMB),
          LEASE_STATES[lease.status],
        ]);
        if (lease.status === 2)
          expect(row.endEpoch, `${name} lease ${row.leaseId} end`).to.equal(String(lease.endEpoch));
      }
      const landlords = await allRows<{ address: Address; capacityMB: string; collateral: string; status: string }>(
        indexer.graphql,
        "landlords",
        "address capacityMB collateral status",
      );
      expect(landlords.length, name).to.be.greaterThanOrEqual(3);
      for (const row of landlords) {
        const landlord = await contract(context, "LandlordRegistry").read.landlordOf([row.address]);
        expect([row.capacityMB, row.collateral, row.status], `${name} landlord ${row.address}`).to.deep.equal([
          String(landlord.capacityMB),
          String(landlord.collateral),
          LANDLORD_STATES[landlord.status],
        ]);
      }
      const indexedProposals = await allRows<{
        proposalId: string;
        state: string;
        forVotes: string;
        againstVotes: string;
      }>(indexer.graphql, "proposals", "proposalId state forVotes againstVotes");
      expect(indexedProposals.length, name).to.equal(proposals.length);
      for (const row of indexedProposals) {
        const proposal = await contract(context, "Referendum").read.proposalOf([BigInt(row.proposalId)]);
        expect([row.state, row.forVotes, row.againstVotes], `${name} proposal ${row.proposalId}`).to.deep.equal([
          PROPOSAL_STATES[proposal.state],
          String(proposal.forVotes),
          String(proposal.againstVotes),
        ]);
      }
      const issued = await allRows<{ token: Address; supply: string; reserve: string; market: Address }>(
        indexer.graphql,
        "issuedTokens",
        "token supply reserve market",
      );
      expect(issued.map((t) => t.token).sort(), name).to.deep.equal(tokens.map((t) => t.toLowerCase()).sort());
      for (const row of issued) {
        const supply = await contractAt(context, "IssuedToken", row.token).read.totalSupply();
        const reserve = await contractAt(context, "BancorMarket", row.market).read.reserve();
        expect([row.supply, row.reserve], `${name} token ${row.token}`).to.deep.equal([
          String(supply),
          String(reserve),
        ]);
      }
    }
    lap("checked against the contracts");

    // ----- every table against a fresh index of the final chain, and the two databases
    const fresh = await startIndexer({
      rpcUrl: anvil.url,
      deploymentsFile,
      port: await freePort(),
      pgliteDir: mkdtempSync(path.join(tmpdir(), "jiaozi-pglite-")),
    });
    running.push(fresh);
    await waitForIndexed(fresh.url, anvil.url, undefined, 600_000);
    lap("fresh index");
    const expected = await dumpTables(fresh.graphql);
    for (const { name, indexer } of indexers) {
      console.log(`      comparing ${name}'s tables with the fresh index`);
      expectSameTables(await dumpTables(indexer.graphql), expected);
    }
    lap("tables compared");
    console.log(`      durations (s): ${JSON.stringify(timings)}`);
  });
});
