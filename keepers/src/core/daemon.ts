// The keeper daemon: runs the enabled jobs of a catalog until SIGINT or SIGTERM (or one pass
// with --once), serving /metrics, /health and /ready. `jiaozi run` and `jiaozi provider` use it.
import type { Chain, Signer } from "./chain.ts";
import type { KeeperConfig } from "./config.ts";
import { Executor } from "./executor.ts";
import { createLogger } from "./log.ts";
import { KeeperMetrics } from "./metrics.ts";
import { Scheduler } from "./scheduler.ts";
import { startServer } from "./server.ts";

export const log = createLogger();

/** Runs the enabled jobs of `config.catalog` until SIGINT or SIGTERM (or one pass with --once). */
export async function daemon(options: {
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
