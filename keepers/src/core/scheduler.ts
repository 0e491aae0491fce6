// Polls each enabled job on its interval and performs its due items one at a time. A failed
// poll (the RPC gone, say) is logged and tried again at the next interval; it never stops the
// daemon. `stop()` lets the item in flight finish, so no sent transaction is abandoned.
import { setTimeout as sleep } from "node:timers/promises";
import type { Chain } from "./chain.ts";
import type { Executor, Outcome } from "./executor.ts";
import type { Job } from "./job.ts";
import type { Logger } from "./log.ts";
import type { KeeperMetrics } from "./metrics.ts";

export interface PassResult {
  job: string;
  due: number;
  outcomes: Outcome[];
}

export class Scheduler {
  private readonly controller = new AbortController();
  private readonly healthy = new Map<string, boolean>();
  private readonly loops: Promise<void>[] = [];
  private readonly chain: Chain;
  private readonly executor: Executor;
  private readonly metrics: KeeperMetrics;
  private readonly log: Logger;
  private readonly jobs: { job: Job<unknown>; intervalMs: number }[];

  constructor(options: {
    chain: Chain;
    executor: Executor;
    metrics: KeeperMetrics;
    log: Logger;
    jobs: { job: Job<unknown>; intervalMs: number }[];
  }) {
    this.chain = options.chain;
    this.executor = options.executor;
    this.metrics = options.metrics;
    this.log = options.log;
    this.jobs = options.jobs;
  }

  /** Ready when every job's last poll reached the chain. */
  get ready(): boolean {
    return this.jobs.every(({ job }) => this.healthy.get(job.name) === true);
  }

  /** One poll of `job` and every item it found due. Throws when the poll itself fails. */
  async pass(job: Job<unknown>): Promise<PassResult> {
    const items = await this.executor.rpc("due", () => job.due(this.chain.context), { job: job.name });
    this.metrics.checked.inc({ job: job.name });
    this.metrics.due.set({ job: job.name }, items.length);
    this.healthy.set(job.name, true);
    if (items.length > 0) this.log.info({ job: job.name, due: items.length }, "work due");
    const outcomes: Outcome[] = [];
    for (const item of items) {
      if (this.controller.signal.aborted) break;
      outcomes.push(await this.executor.perform(job, item));
    }
    return { job: job.name, due: items.length, outcomes };
  }

  start(): void {
    for (const entry of this.jobs) this.loops.push(this.loop(entry.job, entry.intervalMs));
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(job: Job<unknown>, intervalMs: number): Promise<void> {
    const { signal } = this.controller;
    while (!signal.aborted) {
      try {
        await this.pass(job);
      } catch (error) {
        this.healthy.set(job.name, false);
        this.log.error(
          { job: job.name, err: (error as Error).message.split("\n")[0] },
          "poll failed; next try at the next interval",
        );
      }
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
