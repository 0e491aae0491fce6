// keepers run | run --job <name> --once | status | provider | rent | gov <command> | issuer <command>  (DESIGN §9)
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { formatEther, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { connect, createSigner, type Chain, type Signer } from "./core/chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions, type KeeperConfig } from "./core/config.ts";
import { ConfigError } from "./core/errors.ts";
import { Executor } from "./core/executor.ts";
import type { Job } from "./core/job.ts";
import { JOBS } from "./jobs.ts";
import { createLogger } from "./core/log.ts";
import { KeeperMetrics } from "./core/metrics.ts";
import { governanceCommands } from "./governance/commands.ts";
import { issuerCommands } from "./tokenization/issuer/commands.ts";
import { LaunchFileError } from "./tokenization/issuer/config.ts";
import { Scheduler } from "./core/scheduler.ts";
import { registerLandlord, resolveProviderSettings, type ProviderOptions } from "./storage/provider/agent.ts";
import { acceptDataJob, claimRentJob, proveJob, rejectDataJob } from "./storage/provider/jobs.ts";
import { LeaseBook } from "./storage/provider/leases.ts";
import { LeaseStore } from "./storage/provider/store.ts";
import { uploadRoutes } from "./storage/provider/upload.ts";
import { DEFAULT_PATIENCE_SECONDS } from "./storage/provider/holdings.ts";
import { startServer } from "./core/server.ts";
import { BYTES_PER_MB } from "./storage/leaseData.ts";
import {
  rentAndUpload,
  TENANT_CATALOG,
  updateDataAndUpload,
  type Acceptance,
  type UploadResult,
} from "./storage/tenant/rent.ts";

const log = createLogger();

/** Which chain and which deployment. */
function chainOptions(command: Command): Command {
  return command
    .addOption(new Option("--rpc-url <url>", "JSON-RPC endpoint").env("JIAOZI_RPC_URL"))
    .addOption(
      new Option("--deployments <file>", "deployments file (default deployments/<chainId>.json)").env(
        "JIAOZI_DEPLOYMENTS",
      ),
    );
}

function connectionOptions(command: Command): Command {
  return chainOptions(command)
    .addOption(
      new Option("--jobs <names>", `comma-separated jobs (${Object.keys(JOBS).join(", ")})`).env("KEEPER_JOBS"),
    )
    .option("--job <name>", "a single job (same as --jobs <name>)");
}

async function run(flags: CliOptions): Promise<number> {
  const config = resolveConfig(flags);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  return daemon({ config, chain, signer });
}

/** Runs the enabled jobs of `config.catalog` until SIGINT or SIGTERM (or one pass with --once). */
async function daemon(options: {
  config: KeeperConfig;
  chain: Chain;
  signer: Signer;
  routes?: (executor: Executor) => Parameters<typeof startServer>[0]["routes"];
  beforeStart?: (executor: Executor) => Promise<void>;
}): Promise<number> {
  const { config, chain, signer } = options;
  const metrics = new KeeperMetrics();
  const executor = new Executor({
    chain,
    signer,
    metrics,
    log,
    retry: { retries: 6, baseDelayMs: 250, maxDelayMs: 5_000 },
  });
  const jobs = config.jobs.map((name) => config.catalog[name]);
  const scheduler = new Scheduler({
    chain,
    executor,
    metrics,
    log,
    jobs: jobs.map((job) => ({ job, intervalMs: config.intervalsMs[job.name] })),
  });
  log.info(
    {
      chainId: chain.chainId,
      signer: signer.account.address,
      deployments: chain.deploymentsFile,
      jobs: config.intervalsMs,
      once: config.once,
    },
    "keepers starting",
  );
  await options.beforeStart?.(executor);

  if (config.once) {
    let failed = false;
    for (const job of jobs) {
      try {
        const result = await scheduler.pass(job);
        failed ||= result.outcomes.some((outcome) => outcome.status === "reverted");
        log.info({ job: job.name, due: result.due, outcomes: result.outcomes.map((o) => o.status) }, "pass done");
      } catch (error) {
        failed = true;
        log.error({ job: job.name, err: (error as Error).message.split("\n")[0] }, "poll failed");
      }
    }
    return failed ? 1 : 0;
  }

  const server = await startServer({
    host: config.metricsHost,
    port: config.metricsPort,
    metrics,
    ready: () => scheduler.ready,
    routes: options.routes?.(executor),
  });
  const address = server.address();
  log.info(
    { metrics: typeof address === "object" && address ? `http://${config.metricsHost}:${address.port}` : "" },
    "serving /metrics, /health, /ready",
  );

  const balanceTimer = setInterval(() => {
    chain.client
      .getBalance({ address: signer.account.address })
      .then((balance) => metrics.signerBalance.set(Number(balance)))
      .catch(() => undefined);
  }, 15_000);
  metrics.signerBalance.set(Number(await chain.client.getBalance({ address: signer.account.address })));
  scheduler.start();

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, "stopping: finishing the item in flight");
      resolve();
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  clearInterval(balanceTimer);
  await scheduler.stop();
  await new Promise((resolve) => server.close(resolve));
  log.info("stopped");
  return 0;
}

/** The storage-provider agent: registers the landlord, stores and accepts uploads (or rejects
 * data that never came), proves, claims rent. */
async function provider(flags: ProviderOptions): Promise<number> {
  const key = await resolveSignerKey(flags);
  const landlord = privateKeyToAccount(key).address;
  const settings = resolveProviderSettings(flags);
  const store = new LeaseStore(settings.dataDir);
  const book = new LeaseBook({ landlord, store, log, patienceSeconds: settings.patienceSeconds });
  const catalog = Object.fromEntries(
    [acceptDataJob(book), rejectDataJob(book), proveJob(landlord, store, log), claimRentJob(landlord)].map((job) => [
      job.name,
      job as Job<unknown>,
    ]),
  );
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, catalog);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const endpoint = settings.endpoint ?? `http://${config.metricsHost}:${config.metricsPort}`;
  return daemon({
    config,
    chain,
    signer,
    routes: () => uploadRoutes({ context: chain.context, landlord, store, log, onStored: () => book.invalidate() }),
    beforeStart: (executor) => registerLandlord(executor, chain, landlord, settings.capacityMB, endpoint, log),
  });
}
interface RentOptions extends CliOptions {
  file?: string;
  sizeMb?: string;
  days?: string;
  maxCost?: string;
  acceptTimeout?: string;
  assignWait?: string;
}

function secondsFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new ConfigError(flag, `"${value}" is not a number of seconds`);
  return seconds;
}

/** A tenant's rent: quote, approve, rent, wait for the copy group (a keeper's assign), upload to
 * it, wait for the three acceptances; prints the lease. Exit 1 when the lease was refunded or a
 * holder did not accept in time. */
async function rent(flags: RentOptions): Promise<number> {
  if (!flags.file) throw new ConfigError("--file", "the file to store is required");
  const data = new Uint8Array(readFileSync(flags.file));
  const sizeMB = Number(flags.sizeMb ?? Math.max(1, Math.ceil(data.length / BYTES_PER_MB)));
  const days = Number(flags.days ?? "30");
  if (!Number.isSafeInteger(sizeMB) || sizeMB <= 0)
    throw new ConfigError("--size-mb", `"${flags.sizeMb}" is not a size`);
  if (!Number.isSafeInteger(days) || days <= 0)
    throw new ConfigError("--days", `"${flags.days}" is not a number of days`);
  const acceptTimeoutSeconds = secondsFlag("--accept-timeout", flags.acceptTimeout);
  const assignWaitSeconds = secondsFlag("--assign-wait", flags.assignWait);
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, TENANT_CATALOG);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const result = await rentAndUpload(chain.context, signer.wallet, {
    data,
    sizeMB,
    days,
    maxCost: flags.maxCost === undefined ? undefined : parseEther(flags.maxCost),
    acceptTimeoutSeconds,
    assignWaitSeconds,
  });
  console.log(
    JSON.stringify(
      {
        leaseId: result.leaseId.toString(),
        status: result.status,
        dataRoot: result.dataRoot,
        cost: formatEther(result.cost),
        assignedBy: result.assignedBy,
        startEpoch: result.startEpoch.toString(),
        endEpoch: result.endEpoch.toString(),
        group: result.group,
        acceptances: acceptanceRows(result.acceptances, result.uploads),
      },
      null,
      2,
    ),
  );
  if (result.status === "refunded") {
    console.error(`keepers: lease ${result.leaseId} was refunded: no copy group could form; the tokens are back`);
    return 1;
  }
  return allAccepted(result.leaseId, result.acceptances);
}

/** Per holder: its upload's status and whether it accepted (from which epoch) or rejected. */
function acceptanceRows(acceptances: Acceptance[], uploadResults: UploadResult[]) {
  const uploads = new Map(uploadResults.map((u) => [u.landlord.toLowerCase(), u]));
  return acceptances.map((a) => ({
    landlord: a.landlord,
    endpoint: uploads.get(a.landlord.toLowerCase())?.endpoint,
    upload: uploads.get(a.landlord.toLowerCase())?.status,
    accepted: a.accepted,
    fromEpoch: a.fromEpoch?.toString(),
    rejected: a.rejected,
  }));
}

function allAccepted(leaseId: bigint, acceptances: Acceptance[]): number {
  const missing = acceptances.filter((a) => !a.accepted);
  if (missing.length === 0) return 0;
  console.error(
    `keepers: lease ${leaseId}: ${missing.length} holder(s) did not accept the data in time: ${missing.map((a) => a.landlord).join(", ")}`,
  );
  return 1;
}

interface UpdateOptions extends CliOptions {
  lease?: string;
  file?: string;
  maxCost?: string;
  acceptTimeout?: string;
}

/** A tenant's data change: updateData (paying the data fee), upload to the group, wait for the
 * holders to accept the new data. Exit 1 when a holder did not accept in time. */
async function updateData(flags: UpdateOptions): Promise<number> {
  if (!flags.file) throw new ConfigError("--file", "the file to store is required");
  if (!flags.lease || !/^[0-9]+$/.test(flags.lease))
    throw new ConfigError("--lease", `"${flags.lease}" is not a lease id`);
  const data = new Uint8Array(readFileSync(flags.file));
  const acceptTimeoutSeconds = secondsFlag("--accept-timeout", flags.acceptTimeout);
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, TENANT_CATALOG);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  const result = await updateDataAndUpload(chain.context, signer.wallet, {
    leaseId: BigInt(flags.lease),
    data,
    maxCost: flags.maxCost === undefined ? undefined : parseEther(flags.maxCost),
    acceptTimeoutSeconds,
  });
  console.log(
    JSON.stringify(
      {
        leaseId: result.leaseId.toString(),
        dataRoot: result.dataRoot,
        fee: formatEther(result.fee),
        group: result.group,
        acceptances: acceptanceRows(result.acceptances, result.uploads),
      },
      null,
      2,
    ),
  );
  return allAccepted(result.leaseId, result.acceptances);
}

async function status(flags: CliOptions): Promise<number> {
  const config: KeeperConfig = resolveConfig(flags);
  const chain: Chain = await connect(config);
  const report: Record<string, string[]> = {};
  for (const name of config.jobs) {
    const job = config.catalog[name];
    const items = await job.due(chain.context);
    report[name] = items.map((item) => job.label(item));
  }
  for (const [name, items] of Object.entries(report)) {
    console.log(`${name}: ${items.length} due${items.length > 0 ? ` (${items.join(", ")})` : ""}`);
  }
  return 0;
}

const program = new Command("keepers")
  .description("Jiaozi keeper daemon: performs due permissionless upkeep and earns its bounties")
  .showHelpAfterError();

/** Where the signer's key comes from, and the least gas money it must hold. */
function keyOptions(command: Command): Command {
  return command
    .addOption(new Option("--private-key <hex>", "signer key").env("KEEPER_PRIVATE_KEY"))
    .addOption(new Option("--keystore <file>", "encrypted JSON keystore of the signer").env("KEEPER_KEYSTORE"))
    .addOption(
      new Option("--keystore-password-file <file>", "file holding the keystore password").env(
        "KEEPER_KEYSTORE_PASSWORD_FILE",
      ),
    )
    .addOption(
      new Option("--min-balance <ether>", "refuse to start below this signer balance").env("KEEPER_MIN_BALANCE"),
    );
}

function signerOptions(command: Command): Command {
  return keyOptions(command)
    .addOption(
      new Option("--interval <[job=]ms...>", "poll interval, for every job or one job (repeatable)").env(
        "KEEPER_INTERVALS",
      ),
    )
    .addOption(new Option("--metrics-port <port>", "port of /metrics, /health, /ready").env("KEEPER_METRICS_PORT"))
    .addOption(new Option("--metrics-host <host>", "host of /metrics, /health, /ready").env("KEEPER_METRICS_HOST"))
    .option("--once", "one pass of each job, then exit (status 1 if an item failed)");
}

signerOptions(
  connectionOptions(program.command("run").description("poll the enabled jobs and perform their due work")),
).action(async (flags: CliOptions) => {
  process.exitCode = await run(flags);
});

signerOptions(
  connectionOptions(
    program
      .command("provider")
      .description("run a storage provider: register, store uploaded lease data, prove it each epoch, claim rent"),
  ),
)
  .addOption(new Option("--data-dir <dir>", "where lease data is kept").env("PROVIDER_DATA_DIR"))
  .addOption(new Option("--capacity-mb <mb>", "capacity to register, in MB").env("PROVIDER_CAPACITY_MB"))
  .addOption(
    new Option("--endpoint <url>", "URL tenants upload to (default http://<metrics host>:<metrics port>)").env(
      "PROVIDER_ENDPOINT",
    ),
  )
  .addOption(
    new Option(
      "--patience <seconds>",
      `chain time to wait for a lease's data before rejecting it (default ${DEFAULT_PATIENCE_SECONDS})`,
    ).env("PROVIDER_PATIENCE_SECONDS"),
  )
  .action(async (flags: ProviderOptions) => {
    process.exitCode = await provider(flags);
  });

signerOptions(
  connectionOptions(
    program
      .command("rent")
      .description("rent storage for a file, wait for its copy group, upload it and wait for the holders to accept it"),
  ),
)
  .option("--file <path>", "the file to store")
  .option("--size-mb <mb>", "lease size (default: the file's size rounded up to whole MB)")
  .option("--days <days>", "lease term in epochs (days)", "30")
  .option("--max-cost <tokens>", "highest acceptable cost (default: the quote plus 1%)")
  .option("--assign-wait <seconds>", "wait this long for a keeper's assign before calling it ourselves", "30")
  .option("--accept-timeout <seconds>", "wait this long for the three holders to accept the data", "120")
  .action(async (flags: RentOptions) => {
    process.exitCode = await rent(flags);
  });

keyOptions(
  chainOptions(
    program
      .command("update-data")
      .description(
        "change a lease's data (tenant only): pay the data fee, upload to the holders, wait for them to accept it",
      ),
  ),
)
  .option("--lease <id>", "the lease")
  .option("--file <path>", "the new data (it must fit the lease's size)")
  .option("--max-cost <tokens>", "highest acceptable data fee (default: dataFee plus 1%)")
  .option("--accept-timeout <seconds>", "wait this long for the holders to accept the data", "120")
  .action(async (flags: UpdateOptions) => {
    process.exitCode = await updateData(flags);
  });

program.addCommand(governanceCommands(chainOptions, keyOptions));
program.addCommand(issuerCommands(chainOptions, keyOptions));

connectionOptions(program.command("status").description("print what is due now, per job")).action(
  async (flags: CliOptions) => {
    process.exitCode = await status(flags);
  },
);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof LaunchFileError) {
    console.error(`keepers: ${error.message}`);
    process.exitCode = 2;
  } else if (error instanceof ConfigError) {
    log.fatal({ field: error.field }, error.message);
    console.error(`keepers: ${error.message}`);
    process.exitCode = 2;
  } else {
    log.fatal({ err: error }, "keepers crashed");
    process.exitCode = 1;
  }
}
