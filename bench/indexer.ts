// npm run bench (second part; alone: node bench/indexer.ts): the indexer at scale (issue 19).
// On a fresh anvil with the local genesis:
// - a referendum open with JIAOZI_BENCH_VOTERS (default 120) votes, as many landlords registered
//   (JIAOZI_BENCH_LANDLORDS, default 40), then JIAOZI_BENCH_TRANSFERS (default 100,000) generated
//   transfers, all buried below the finality depth;
// - backfill: Ponder's own measure of indexing all of it, on PGlite and on PostgreSQL;
// - GraphQL: the account query (a random one of the 100,000 accounts per request, so no answer is
//   shared; and "own account, polled": each client its own account, as a dashboard per user) and
//   three heavier dashboard queries (the open referendum with its
//   last 100 votes, the landlord list with proof counts, a 30-day hourly price and pool series)
//   at 1, 10 and 50 concurrent clients for JIAOZI_BENCH_SECONDS (default 3) each, on (a) PGlite,
//   one process, (b) PostgreSQL, one process, (c) PostgreSQL with 1, 2 and 3 `ponder serve`
//   replicas behind the proxy (`npm run api`, its own process), while the chain mines a block a
//   second with a transfer every 500 ms; the indexing lag (chain head minus indexed block) is
//   sampled every 250 ms during each cell;
// - where the time goes at 50 clients on one replica (direct, no proxy): /health (HTTP and Hono
//   only), /ready (one database round trip), the account query.
// PostgreSQL from JIAOZI_BENCH_DATABASE_URL (default the test database's URL; the PostgreSQL rows
// are left out when it does not answer). Writes benchmarks/indexer.md with the date, the machine
// and the load average.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import {
  createWalletClient,
  encodeFunctionData,
  http as viemHttp,
  parseEther,
  stringToHex,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../abis/BaseToken.ts";
import { KeeperRewardsAbi } from "../abis/KeeperRewards.ts";
import { LandlordRegistryAbi } from "../abis/LandlordRegistry.ts";
import { ReferendumAbi } from "../abis/Referendum.ts";
import { SIDES } from "../lib/governance.ts";
import {
  ROOT,
  rpc,
  setIntervalMining,
  startIndexer,
  startService,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
} from "../scripts/stack.ts";
import { elapse, freeRange, startChainWithGenesis } from "../scripts/testchain.ts";

const TRANSFERS = Number(process.env.JIAOZI_BENCH_TRANSFERS ?? 100_000);
const VOTERS = Number(process.env.JIAOZI_BENCH_VOTERS ?? 120);
const LANDLORDS = Math.min(VOTERS, Number(process.env.JIAOZI_BENCH_LANDLORDS ?? 40));
const SECONDS = Number(process.env.JIAOZI_BENCH_SECONDS ?? 3);
const LEVELS = [1, 10, 50];
const PER_TRANSACTION = 250;
const FIRST_RECIPIENT = 0x10000n;
const DATABASE_URL = process.env.JIAOZI_BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/jiaozi_test";
const holder = privateKeyToAccount(TOKEN_HOLDER_KEY);
const amount = parseEther("1");
const recipient = (i: number) => `0x${(FIRST_RECIPIENT + BigInt(i)).toString(16).padStart(40, "0")}`;

// --- HTTP client: node:http with keep-alive (lighter than fetch, so the clients measure the server) --
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function post(url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: body ? "POST" : "GET",
        agent,
        headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

interface Query {
  name: string;
  /** The request body of a client (GraphQL), or "" for a GET. */
  body: (client: number) => string;
  /** Throws when the answer is wrong. */
  check: (text: string) => void;
}

function graphqlQuery(
  name: string,
  query: string,
  variables: (client: number) => Record<string, unknown>,
  check: (data: Record<string, unknown>) => void,
): Query {
  return {
    name,
    body: (client) => JSON.stringify({ query, variables: variables(client) }),
    check: (text) => {
      const parsed = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (parsed.errors?.length || !parsed.data) throw new Error(text.slice(0, 300));
      check(parsed.data);
    },
  };
}

const chain = await startChainWithGenesis();
const services: Service[] = [];
try {
  const { deployments } = chain;
  const at = (name: string) => deployments.contracts[name].address as Address;
  const wallet = (key: Hex) =>
    createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport: viemHttp(chain.anvil.url) });
  const holderWallet = wallet(TOKEN_HOLDER_KEY);
  // Set-up transactions with a fixed, generous gas limit and the receipt read at once (anvil
  // automines each as it arrives): an estimate and a receipt poll per transaction made the set-up
  // of ~1,000 transactions take most of ten minutes.
  const send = async (
    w: ReturnType<typeof wallet>,
    address: Address,
    abi: Abi | readonly unknown[],
    fn: string,
    args: unknown[],
    gas = 3_000_000n,
  ) => {
    const hash = await w.writeContract({ address, abi, functionName: fn, args, gas } as never);
    const receipt =
      (await rpc<{ status: string } | null>(chain.anvil.url, "eth_getTransactionReceipt", [hash])) ??
      (await chain.client.waitForTransactionReceipt({ hash }));
    if (receipt.status !== "0x1" && receipt.status !== "success") throw new Error(`${fn} reverted (${hash})`);
  };
  const setupStarted = performance.now();

  // --- Voters and landlords ----------------------------------------------------------------------
  const voterKeys = Array.from(
    { length: VOTERS },
    (_, i) => `0x${(0xbe0000 + i + 1).toString(16).padStart(64, "0")}` as Hex,
  );
  const collateral = await chain.client.readContract({
    address: at("LandlordRegistry"),
    abi: LandlordRegistryAbi,
    functionName: "collateralFor",
    args: [1024n],
  });
  for (const [i, key] of voterKeys.entries()) {
    const voter = privateKeyToAccount(key).address;
    await rpc(chain.anvil.url, "anvil_setBalance", [voter, "0x56bc75e2d63100000"]);
    await send(holderWallet, at("BaseToken"), BaseTokenAbi, "transfer", [voter, parseEther("1000") + collateral]);
    await send(wallet(key), at("BaseToken"), BaseTokenAbi, "delegate", [voter]);
    if (i < LANDLORDS) {
      await send(wallet(key), at("BaseToken"), BaseTokenAbi, "approve", [at("LandlordRegistry"), collateral]);
      await send(wallet(key), at("LandlordRegistry"), LandlordRegistryAbi, "registerLandlord", [
        1024n,
        `http://landlord-${i}.invalid`,
      ]);
    }
  }
  // --- A referendum, opened by the holder's own support, with every voter's vote ------------------
  await send(holderWallet, at("BaseToken"), BaseTokenAbi, "delegate", [holder.address]);
  await elapse(chain, 2);
  const { proposalDeposit } = await chain.client.readContract({
    address: at("Referendum"),
    abi: ReferendumAbi,
    functionName: "parameters",
  });
  await send(holderWallet, at("BaseToken"), BaseTokenAbi, "approve", [at("Referendum"), proposalDeposit]);
  const calldata = encodeFunctionData({
    abi: KeeperRewardsAbi,
    functionName: "setBounty",
    args: [stringToHex("Referendum.close", { size: 32 }), 11n],
  });
  await send(holderWallet, at("Referendum"), ReferendumAbi, "propose", [
    [at("KeeperRewards")],
    [0n],
    [calldata],
    "ipfs://bench",
    true,
    7,
  ]);
  const proposalId = 1n;
  await send(holderWallet, at("Referendum"), ReferendumAbi, "support", [proposalId]);
  const sides = [SIDES.for, SIDES.against, SIDES.abstain];
  for (const [i, key] of voterKeys.entries())
    await send(wallet(key), at("Referendum"), ReferendumAbi, "castVote", [proposalId, sides[i % 3]]);

  // --- The transfers --------------------------------------------------------------------------------
  const artifact = JSON.parse(
    readFileSync(path.join(ROOT, "artifacts/contracts/mocks/TransferFanout.sol/TransferFanout.json"), "utf8"),
  ) as { abi: Abi; bytecode: Hex };
  const deployHash = await holderWallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode });
  const fanout = (await chain.client.waitForTransactionReceipt({ hash: deployHash })).contractAddress as Address;
  await send(holderWallet, at("BaseToken"), BaseTokenAbi, "approve", [fanout, amount * BigInt(TRANSFERS)]);
  // One estimate for all fan-outs (each pays the same for fresh addresses), with a 30% margin.
  const fanOutGas =
    ((await chain.client.estimateContractGas({
      address: fanout,
      abi: artifact.abi,
      functionName: "fanOut",
      args: [at("BaseToken"), FIRST_RECIPIENT, BigInt(PER_TRANSACTION), amount],
      account: holder,
    })) *
      13n) /
    10n;
  const sendFanOut = (args: unknown[]) => send(holderWallet, fanout, artifact.abi, "fanOut", args, fanOutGas);
  for (let sent = 0; sent < TRANSFERS; sent += PER_TRANSACTION) {
    const count = Math.min(PER_TRANSACTION, TRANSFERS - sent);
    await sendFanOut([at("BaseToken"), FIRST_RECIPIENT + BigInt(sent), BigInt(count), amount]);
  }
  // Below Ponder's finality depth (30 blocks on chain 31337): the backfill indexes all of it.
  await rpc(chain.anvil.url, "anvil_mine", ["0x40"]);
  const head = await chain.client.getBlockNumber();
  // eth_getLogs through rpc(): viem's client refuses an answer over 10 MB (this one is ~60 MB).
  const events = (
    await rpc<unknown[]>(chain.anvil.url, "eth_getLogs", [
      {
        fromBlock: "0x0",
        toBlock: `0x${head.toString(16)}`,
        address: Object.values(deployments.contracts).map((c) => c.address),
      },
    ])
  ).length;
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  console.log(
    `set up ${VOTERS} voters, ${LANDLORDS} landlords, ${TRANSFERS} transfers in ${setupSeconds.toFixed(0)} s; ${events} events`,
  );

  // --- The queries -----------------------------------------------------------------------------------
  const monthAgo = BigInt(Math.floor(Date.now() / 1000) - 30 * 86_400).toString();
  const queries: Query[] = [
    // A random account of 100,000 per request: no two requests alike, so no answer is shared.
    graphqlQuery(
      "account",
      "query ($a: String!) { account(address: $a) { balance delegate votes } }",
      () => ({ a: recipient(Math.floor(Math.random() * TRANSFERS)) }),
      (data) => {
        const account = data.account as { balance: string } | null;
        if (account === null || BigInt(account.balance) !== amount) throw new Error("wrong balance");
      },
    ),
    // A dashboard per client, each polling its own account: answers shared per indexed block.
    graphqlQuery(
      "own account, polled",
      "query ($a: String!) { account(address: $a) { balance delegate votes } }",
      (client) => ({ a: recipient(client * 997) }),
      (data) => {
        const account = data.account as { balance: string } | null;
        if (account === null || BigInt(account.balance) !== amount) throw new Error("wrong balance");
      },
    ),
    graphqlQuery(
      "referendum + last 100 votes",
      `query ($id: BigInt!) {
        proposal(proposalId: $id) { proposalId state descriptionURI voteEnd forVotes againstVotes abstainVotes voters
          steps { items { state timestamp } } }
        votes(where: { proposalId: $id }, orderBy: "timestamp", orderDirection: "desc", limit: 100) {
          items { voter side weight timestamp } }
      }`,
      () => ({ id: proposalId.toString() }),
      (data) => {
        const votes = (data.votes as { items: unknown[] }).items;
        if (votes.length !== Math.min(100, VOTERS)) throw new Error(`${votes.length} votes`);
      },
    ),
    graphqlQuery(
      "landlords with proof counts",
      `{ landlords(orderBy: "rentEarned", orderDirection: "desc", limit: 100) {
          items { address status capacityMB collateral heldMB proofsPassed proofsFailed voidEpochs slashed rentEarned } } }`,
      () => ({}),
      (data) => {
        const items = (data.landlords as { items: unknown[] }).items;
        if (items.length !== LANDLORDS) throw new Error(`${items.length} landlords`);
      },
    ),
    graphqlQuery(
      "30-day hourly price series",
      `query ($from: BigInt!) { marketStateBuckets(where: { period: "hour", bucketStart_gte: $from },
          orderBy: "bucketStart", limit: 720) { items { bucketStart openPrice highPrice lowPrice closePrice closePool closeBooked } } }`,
      () => ({ from: monthAgo }),
      (data) => {
        if (!Array.isArray((data.marketStateBuckets as { items: unknown[] }).items)) throw new Error("no series");
      },
    ),
  ];

  // --- Traffic on the chain: a block a second, a transfer every 500 ms --------------------------------
  await setIntervalMining(chain.anvil.url, 1);
  let traffic = true;
  const trafficDone = (async () => {
    let n = 0;
    while (traffic) {
      await holderWallet
        .writeContract({
          address: at("BaseToken"),
          abi: BaseTokenAbi,
          functionName: "transfer",
          args: [recipient(TRANSFERS + (n++ % 1000)) as Address, 1n],
          gas: 200_000n,
        })
        .catch(() => undefined);
      await sleep(500);
    }
  })();

  interface Cell {
    setup: string;
    query: string;
    clients: number;
    queries: number;
    qps: number;
    p50: number;
    p99: number;
    errors: number;
    lag: number;
  }
  const cells: Cell[] = [];

  /** `clients` loops sending `query` to `endpoint` for SECONDS; lag sampled from `statusUrl`. */
  async function load(setup: string, endpoint: string, query: Query, clients: number, statusUrl: string) {
    const url = new URL(endpoint);
    for (let i = 0; i < 20; i++) await post(url, query.body(i)).catch(() => undefined); // warm-up
    const latencies: number[] = [];
    let errors = 0;
    let maxLag = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        try {
          const [chainHead, status] = await Promise.all([
            rpc<string>(chain.anvil.url, "eth_blockNumber"),
            fetch(`${statusUrl}/status`).then(
              (r) => r.json() as Promise<Record<string, { block: { number: number } }>>,
            ),
          ]);
          const indexed = Math.min(...Object.values(status).map((c) => c.block.number));
          maxLag = Math.max(maxLag, Number(chainHead) - indexed);
        } catch {
          // a sample lost under load is not a lag
        }
        await sleep(250);
      }
    })();
    const started = performance.now();
    const end = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        while (performance.now() < end) {
          const sentAt = performance.now();
          try {
            const { status, text } = await post(url, query.body(client));
            if (status !== 200) throw new Error(`HTTP ${status}`);
            query.check(text);
            latencies.push(performance.now() - sentAt);
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await sampler;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies.length === 0
        ? NaN
        : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
    const cell = {
      setup,
      query: query.name,
      clients,
      queries: latencies.length,
      qps: latencies.length / seconds,
      p50: pct(50),
      p99: pct(99),
      errors,
      lag: maxLag,
    };
    cells.push(cell);
    console.log(
      `${setup} | ${query.name} | ${clients} clients: ${cell.qps.toFixed(0)} q/s, p50 ${cell.p50.toFixed(1)} ms, p99 ${cell.p99.toFixed(1)} ms, ${errors} errors, lag ≤ ${maxLag}`,
    );
  }
  async function loadAll(setup: string, endpoint: string, statusUrl: string) {
    for (const query of queries) for (const clients of LEVELS) await load(setup, endpoint, query, clients, statusUrl);
  }

  const postgres = await new pg.Client({ connectionString: DATABASE_URL })
    .connect()
    .then(async (client) => (await client.end(), true))
    .catch(() => false);
  const backfills: string[] = [];
  const breakdown: string[] = [];
  for (const database of [{ name: "PGlite" }, ...(postgres ? [{ name: "PostgreSQL", url: DATABASE_URL }] : [])]) {
    const ports = await freeRange(8);
    const schema = `jiaozi_bench_${Date.now()}`;
    const started = performance.now();
    // The chain is mining again: stop the traffic's blocks from counting in the backfill by
    // measuring Ponder's own backfill duration (its log line), not the time to the head.
    const indexer = await startIndexer({
      rpcUrl: chain.anvil.url,
      deploymentsFile: chain.deploymentsFile,
      port: ports,
      databaseUrl: "url" in database ? database.url : undefined,
      pgliteDir: mkdtempSync(path.join(os.tmpdir(), "jiaozi-bench-pglite-")),
      schema,
      readyTimeoutMs: 900_000,
    });
    services.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url, head, 900_000);
    const wallSeconds = (performance.now() - started) / 1000;
    const completed = indexer
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; duration?: number })
      .find((line) => line.msg === "Completed backfill indexing across all chains");
    if (completed?.duration === undefined) throw new Error("ponder did not report its backfill duration");
    const backfillSeconds = completed.duration / 1000;
    backfills.push(
      `| ${database.name} | ${events} | ${wallSeconds.toFixed(1)} | ${backfillSeconds.toFixed(1)} | ${Math.round(events / backfillSeconds)} |`,
    );
    console.log(backfills[backfills.length - 1]);
    await waitForIndexed(indexer.url, chain.anvil.url, undefined, 120_000);

    await loadAll(`${database.name}, one process`, `${indexer.url}/graphql`, indexer.url);
    if ("url" in database) {
      for (const replicas of [1, 2, 3]) {
        const api = startService(`api-${replicas}`, process.execPath, [path.join(ROOT, "scripts", "api.ts")], {
          env: {
            DATABASE_URL: database.url,
            JIAOZI_SCHEMA: schema,
            JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
            JIAOZI_API_PORT: String(ports + 2),
            JIAOZI_API_REPLICAS: String(replicas),
            JIAOZI_LOG_DIR: mkdtempSync(path.join(os.tmpdir(), "jiaozi-bench-api-")),
          },
        });
        services.push(api);
        const proxy = `http://127.0.0.1:${ports + 2}`;
        await Promise.race([
          waitFor(
            `${replicas} replicas`,
            async () => {
              const list = (await (await fetch(`${proxy}/replicas`)).json()) as { ready: boolean }[];
              return list.length === replicas && list.every((r) => r.ready);
            },
            300_000,
          ),
          api.exited.then((code) => {
            throw new Error(`npm run api exited (${code}): ${api.output()}`);
          }),
        ]);
        await loadAll(
          `PostgreSQL, ${replicas} serve replica${replicas > 1 ? "s" : ""} + proxy`,
          `${proxy}/graphql`,
          indexer.url,
        );
        if (replicas === 1) {
          // Where the time goes, at 50 clients on the replica itself (no proxy).
          const direct = `http://127.0.0.1:${ports + 3}`;
          const probes: Query[] = [
            { name: "GET /health (HTTP + Hono, no database)", body: () => "", check: () => undefined },
            { name: "GET /ready (one database round trip)", body: () => "", check: () => undefined },
            queries[0],
          ];
          for (const [i, probe] of probes.entries()) {
            const endpoint = i === 0 ? `${direct}/health` : i === 1 ? `${direct}/ready` : `${direct}/graphql`;
            await load("1 replica, direct", endpoint, probe, 50, indexer.url);
            const cell = cells.pop()!;
            breakdown.push(
              `| ${probe.name === queries[0].name ? "GraphQL account query (parse, validate, SQL, serialise)" : probe.name} | ${cell.qps.toFixed(0)} | ${cell.p50.toFixed(1)} | ${cell.p99.toFixed(1)} | ${cell.errors} |`,
            );
          }
        }
        await api.stop();
      }
    }
    await indexer.stop();
  }
  traffic = false;
  await trafficDone;

  const load1 = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const machine = `${os.cpus()[0]?.model ?? "unknown cpu"} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  const fmt = (n: number) => (Number.isNaN(n) ? "–" : n.toFixed(1));
  const report = [
    "# Indexer throughput and GraphQL latency",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}; anvil, the indexer, its`,
    "replicas, PostgreSQL 15 and the load generator all on the same machine, shared with other work.",
    `Load average at the end of the run (1, 5, 15 min): ${load1}. Ponder 0.17. Regenerate with \`npm run bench\``,
    "(this part alone: `node bench/indexer.ts`).",
    "",
    "## Backfill",
    "",
    "| database | events | start to head (s) | backfill (s) | events/s |",
    "|---|---:|---:|---:|---:|",
    ...backfills,
    "",
    `${TRANSFERS} BaseToken transfers (${PER_TRANSACTION} per transaction, to fresh addresses), ${VOTERS} voters' delegations and`,
    `votes on one referendum, ${LANDLORDS} landlord registrations and the genesis events. *Backfill* is Ponder's own measure`,
    "(fetching the logs and running the handlers); *start to head* adds Ponder's start-up (build, tables).",
    "",
    "## GraphQL under load",
    "",
    `Each cell: the clients send the query one after another for ${SECONDS} s (after 20 unmeasured warm-up queries) while`,
    "the chain mines a block a second with a transfer every 500 ms; every answer is checked (a wrong or failed",
    "answer is an error). *Lag*: the largest chain head minus indexed block sampled every 250 ms during the cell.",
    "",
    "| setup | query | clients | queries | queries/s | p50 (ms) | p99 (ms) | errors | lag (blocks) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...cells.map(
      (c) =>
        `| ${c.setup} | ${c.query} | ${c.clients} | ${c.queries} | ${c.qps.toFixed(0)} | ${fmt(c.p50)} | ${fmt(c.p99)} | ${c.errors} | ${c.lag} |`,
    ),
    "",
    "## Where the time goes (50 clients, one replica, no proxy)",
    "",
    "| request | queries/s | p50 (ms) | p99 (ms) | errors |",
    "|---|---:|---:|---:|---:|",
    ...breakdown,
    "",
  ].join("\n");
  console.log(report);
  mkdirSync(path.join(ROOT, "benchmarks"), { recursive: true });
  writeFileSync(path.join(ROOT, "benchmarks", "indexer.md"), report);
} finally {
  for (const service of services.reverse()) await service.stop();
  agent.destroy();
  await chain.stop();
}
