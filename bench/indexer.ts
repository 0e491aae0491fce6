// npm run bench (second part): the indexer's backfill throughput over 10,000 generated transfers
// and GraphQL latency of an account-balance query under 50 concurrent clients, on a fresh anvil.
// PGlite by default; PostgreSQL too when JIAOZI_BENCH_DATABASE_URL is set. Writes
// benchmarks/indexer.md with the date and the machine.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createPublicClient, createWalletClient, http, parseEther, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../abis/BaseToken.ts";
import { readDeploymentsFile } from "../lib/deployments.ts";
import { deployGenesisTo, graphql, ROOT, rpc, startAnvil, startIndexer, waitForIndexed } from "../scripts/stack.ts";

const TRANSFERS = Number(process.env.JIAOZI_BENCH_TRANSFERS ?? 10_000);
const PER_TRANSACTION = 250;
const CLIENTS = 50;
const QUERIES_PER_CLIENT = 40;
const FIRST_RECIPIENT = 0x10000n;
/** Anvil's account #1: the local profile's public distribution, holding 1e9 tokens. */
const distributor = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

const anvil = await startAnvil(28545);
try {
  const deploymentsFile = await deployGenesisTo(anvil.url, {
    deploymentsDir: mkdtempSync(path.join(os.tmpdir(), "jiaozi-bench-")),
  });
  const deployments = readDeploymentsFile(deploymentsFile);
  const token = deployments.contracts.BaseToken.address;
  const client = createPublicClient({ chain: foundry, transport: http(anvil.url), pollingInterval: 50 });
  const wallet = createWalletClient({ account: distributor, chain: foundry, transport: http(anvil.url) });

  // --- Generate the transfers -----------------------------------------------------------------
  const artifact = JSON.parse(
    readFileSync(path.join(ROOT, "artifacts/contracts/mocks/TransferFanout.sol/TransferFanout.json"), "utf8"),
  ) as { abi: Abi; bytecode: Hex };
  const deployHash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode });
  const fanout = (await client.waitForTransactionReceipt({ hash: deployHash })).contractAddress as Address;
  const amount = parseEther("1");
  await client.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: token,
      abi: BaseTokenAbi,
      functionName: "approve",
      args: [fanout, amount * BigInt(TRANSFERS)],
    }),
  });
  const generating = performance.now();
  for (let sent = 0; sent < TRANSFERS; sent += PER_TRANSACTION) {
    const count = Math.min(PER_TRANSACTION, TRANSFERS - sent);
    const request = {
      address: fanout,
      abi: artifact.abi,
      functionName: "fanOut",
      args: [token, FIRST_RECIPIENT + BigInt(sent), BigInt(count), amount],
    } as const;
    // BaseToken's gas depends on the second of the last change (its packed account word): an
    // exact estimate can fall short in the next block, so send with a 20% margin (DEVELOPERS.md).
    const estimate = await client.estimateContractGas({ ...request, account: wallet.account! });
    const hash = await wallet.writeContract({ ...request, gas: (estimate * 12n) / 10n });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`fanOut reverted at ${sent}`);
  }
  // Bury the transfers below Ponder's finality depth (30 blocks on chain 31337), so that the
  // backfill indexes all of them rather than leaving the last blocks to live indexing.
  await rpc(anvil.url, "anvil_mine", ["0x40"]);
  const head = await client.getBlockNumber();
  const events = (
    await Promise.all(
      ["BaseToken", "VestingVault", "KeeperRewards"].map((name) =>
        client.getLogs({ address: deployments.contracts[name].address, fromBlock: 0n, toBlock: head }),
      ),
    )
  ).flat().length;
  console.log(
    `generated ${TRANSFERS} transfers in ${((performance.now() - generating) / 1000).toFixed(1)} s; ${events} events to index`,
  );

  const databases = [
    { name: "PGlite", url: undefined as string | undefined },
    ...(process.env.JIAOZI_BENCH_DATABASE_URL
      ? [{ name: "PostgreSQL", url: process.env.JIAOZI_BENCH_DATABASE_URL }]
      : []),
  ];
  const results: string[] = [];
  for (const database of databases) {
    // --- Backfill ---------------------------------------------------------------------------
    const started = performance.now();
    const indexer = await startIndexer({
      rpcUrl: anvil.url,
      deploymentsFile,
      port: 28600 + results.length,
      databaseUrl: database.url,
      pgliteDir: mkdtempSync(path.join(os.tmpdir(), "jiaozi-bench-pglite-")),
      schema: `jiaozi_bench_${Date.now()}`,
    });
    await waitForIndexed(indexer.url, anvil.url, head, 600_000);
    const wallSeconds = (performance.now() - started) / 1000;
    // Ponder's own measure of the backfill (fetching the logs and running the handlers), without
    // its start-up: the duration field of its "Completed backfill indexing" log line.
    const completed = indexer
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; duration?: number })
      .find((line) => line.msg === "Completed backfill indexing across all chains");
    if (completed?.duration === undefined) throw new Error("ponder did not report its backfill duration");
    const backfillSeconds = completed.duration / 1000;
    const { transfers } = await graphql<{ transfers: { totalCount: number } }>(
      indexer.graphql,
      "{ transfers { totalCount } }",
    );
    if (transfers.totalCount < TRANSFERS) throw new Error(`indexed ${transfers.totalCount} transfers`);

    // --- GraphQL latency ----------------------------------------------------------------------
    const latencies: number[] = [];
    const query = "query ($address: String!) { account(address: $address) { balance } }";
    // Warm-up, not measured: the first queries compile Ponder's GraphQL resolvers and fill caches.
    for (let i = 0; i < 50; i++) {
      await graphql(indexer.graphql, query, { address: `0x${FIRST_RECIPIENT.toString(16).padStart(40, "0")}` });
    }
    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < QUERIES_PER_CLIENT; i++) {
          const recipient = FIRST_RECIPIENT + BigInt(Math.floor(Math.random() * TRANSFERS));
          const address = `0x${recipient.toString(16).padStart(40, "0")}`;
          const sentAt = performance.now();
          const { account } = await graphql<{ account: { balance: string } | null }>(indexer.graphql, query, {
            address,
          });
          latencies.push(performance.now() - sentAt);
          if (account === null || BigInt(account.balance) !== amount) throw new Error(`wrong balance for ${address}`);
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    await indexer.stop();

    latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
    results.push(
      `| ${database.name} | ${events} | ${wallSeconds.toFixed(1)} | ${backfillSeconds.toFixed(1)} | ${Math.round(events / backfillSeconds)} | ${CLIENTS} | ${latencies.length} | ${percentile(50).toFixed(1)} | ${percentile(99).toFixed(1)} | ${Math.round(latencies.length / loadSeconds)} |`,
    );
  }

  const machine = `${os.cpus()[0]?.model ?? "unknown cpu"} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  const report = [
    "# Indexer throughput and GraphQL latency",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; anvil on the same machine, Ponder 0.17.`,
    "Regenerate with `npm run bench`.",
    "",
    "| database | events | start to head (s) | backfill (s) | events/s | clients | queries | p50 (ms) | p99 (ms) | queries/s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results,
    "",
    `- Backfill: ${TRANSFERS} BaseToken transfers (${PER_TRANSACTION} per transaction, to fresh addresses) plus the`,
    "  genesis events. *Start to head* runs from spawning `ponder start` to the indexer reaching the chain head,",
    "  Ponder's start-up (building the app, creating tables) included. *Backfill* is Ponder's own measure of",
    "  fetching the logs and running the handlers; events/s divides the events by it.",
    `- Latency: ${CLIENTS} concurrent clients, each sending ${QUERIES_PER_CLIENT} \`account(address)\` balance queries one after`,
    "  another, for random recipients, after 50 unmeasured warm-up queries; every answer is checked.",
    "",
  ].join("\n");
  console.log(report);
  mkdirSync(path.join(ROOT, "benchmarks"), { recursive: true });
  writeFileSync(path.join(ROOT, "benchmarks", "indexer.md"), report);
} finally {
  await anvil.stop();
}
