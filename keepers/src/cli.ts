// keepers run | keepers run --job <name> --once | keepers status  (DESIGN §9)
import { Command, Option } from "commander";
import { connect, createSigner, type Chain } from "./chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions, type KeeperConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { Executor } from "./executor.ts";
import { JOBS } from "./jobs/index.ts";
import { createLogger } from "./log.ts";
import { KeeperMetrics } from "./metrics.ts";
import { Scheduler } from "./scheduler.ts";
import { startServer } from "./server.ts";

const log = createLogger();

function connectionOptions(command: Command): Command {
  return command
    .addOption(new Option("--rpc-url <url>", "JSON-RPC endpoint").env("JIAOZI_RPC_URL"))
    .addOption(
      new Option("--deployments <file>", "deployments file (default deployments/<chainId>.json)").env(
        "JIAOZI_DEPLOYMENTS",
      ),
    )
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
  const metrics = new KeeperMetrics();
  const executor = new Executor({
    chain,
    signer,
    metrics,
    log,
    retry: { retries: 6, baseDelayMs: 250, maxDelayMs: 5_000 },
  });
  const scheduler = new Scheduler({
    chain,
    executor,
    metrics,
    log,
    jobs: config.jobs.map((name) => ({ job: JOBS[name], intervalMs: config.intervalsMs[name] })),
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

  if (config.once) {
    let failed = false;
    for (const name of config.jobs) {
      try {
        const result = await scheduler.pass(JOBS[name]);
        failed ||= result.outcomes.some((outcome) => outcome.status === "reverted");
        log.info({ job: name, due: result.due, outcomes: result.outcomes.map((o) => o.status) }, "pass done");
      } catch (error) {
        failed = true;
        log.error({ job: name, err: (error as Error).message.split("\n")[0] }, "poll failed");
      }
    }
    return failed ? 1 : 0;
  }

  const server = await startServer({
    host: config.metricsHost,
    port: config.metricsPort,
    metrics,
    ready: () => scheduler.ready,
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

async function status(flags: CliOptions): Promise<number> {
  const config: KeeperConfig = resolveConfig(flags);
  const chain: Chain = await connect(config);
  const report: Record<string, string[]> = {};
  for (const name of config.jobs) {
    const job = JOBS[name];
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

connectionOptions(program.command("run").description("poll the enabled jobs and perform their due work"))
  .addOption(new Option("--private-key <hex>", "signer key").env("KEEPER_PRIVATE_KEY"))
  .addOption(new Option("--keystore <file>", "encrypted JSON keystore of the signer").env("KEEPER_KEYSTORE"))
  .addOption(
    new Option("--keystore-password-file <file>", "file holding the keystore password").env(
      "KEEPER_KEYSTORE_PASSWORD_FILE",
    ),
  )
  .addOption(
    new Option("--interval <[job=]ms...>", "poll interval, for every job or one job (repeatable)").env(
      "KEEPER_INTERVALS",
    ),
  )
  .addOption(new Option("--min-balance <ether>", "refuse to start below this signer balance").env("KEEPER_MIN_BALANCE"))
  .addOption(new Option("--metrics-port <port>", "port of /metrics, /health, /ready").env("KEEPER_METRICS_PORT"))
  .addOption(new Option("--metrics-host <host>", "host of /metrics, /health, /ready").env("KEEPER_METRICS_HOST"))
  .option("--once", "one pass of each job, then exit (status 1 if an item failed)")
  .action(async (flags: CliOptions) => {
    process.exitCode = await run(flags);
  });

connectionOptions(program.command("status").description("print what is due now, per job")).action(
  async (flags: CliOptions) => {
    process.exitCode = await status(flags);
  },
);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ConfigError) {
    log.fatal({ field: error.field }, error.message);
    console.error(`keepers: ${error.message}`);
    process.exitCode = 2;
  } else {
    log.fatal({ err: error }, "keepers crashed");
    process.exitCode = 1;
  }
}
