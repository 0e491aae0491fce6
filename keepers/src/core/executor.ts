// Performs one work item through the one send path (send.ts: simulate, estimate, send, confirm,
// name the revert), with retries of the RPC, metrics and logs. Reverts that mean "done already"
// or "not due" are lost races, counted apart from real failures.
import type { Hash } from "viem";
import type { Chain, Signer } from "./chain.ts";
import { classify } from "./errors.ts";
import type { Job } from "./job.ts";
import type { Logger } from "./log.ts";
import type { KeeperMetrics } from "./metrics.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { send, type Stage } from "./send.ts";

export type { Stage };

export type Outcome =
  | { status: "succeeded"; hash: Hash; gasUsed: bigint }
  | { status: "lost-race"; stage: Stage; errorName: string; hash?: Hash }
  | { status: "reverted"; stage: Stage; errorName: string; hash?: Hash };

export interface ExecutorDeps {
  chain: Chain;
  signer: Signer;
  metrics: KeeperMetrics;
  log: Logger;
  retry: Omit<RetryOptions, "shouldRetry" | "onRetry">;
}

export class Executor {
  private readonly deps: ExecutorDeps;

  constructor(deps: ExecutorDeps) {
    this.deps = deps;
  }

  /** Retries an RPC operation while it fails for transport reasons; logs each retry. */
  rpc<T>(operation: string, run: () => Promise<T>, fields: Record<string, unknown> = {}): Promise<T> {
    const { log, metrics, retry } = this.deps;
    return withRetry(run, {
      ...retry,
      shouldRetry: (error) => classify(error).kind === "transient",
      onRetry: (error, attempt, delayMs) => {
        metrics.rpcErrors.inc({ operation });
        log.warn({ ...fields, operation, attempt, delayMs, err: classify(error).message }, "rpc call failed, retrying");
      },
    });
  }

  async perform<Item>(job: Job<Item>, item: Item): Promise<Outcome> {
    const { chain, signer, metrics, log } = this.deps;
    const fields = { job: job.name, item: job.label(item) };
    const call = job.call(chain.context, item);

    let sentHash: Hash | undefined;
    const sent = await send(
      {
        client: chain.client,
        wallet: signer.wallet,
        account: signer.account,
        chainId: chain.chainId,
        rpc: (operation, run) =>
          this.rpc(operation, run, sentHash === undefined ? fields : { ...fields, hash: sentHash }),
        receiptTimeoutMs: 60_000,
        onSent: (hash, gasLimit) => {
          sentHash = hash;
          metrics.sent.inc({ job: job.name });
          log.info({ ...fields, hash, gasLimit: gasLimit.toString() }, "upkeep sent");
        },
      },
      call,
    );
    if (sent.status === "refused") return this.rejected(job, sent.failure, sent.stage, fields);

    const { hash, receipt, gasLimit } = sent;
    metrics.gasSpent.inc({ job: job.name }, Number(receipt.gasUsed * receipt.effectiveGasPrice));
    if (sent.status === "succeeded") {
      metrics.succeeded.inc({ job: job.name });
      log.info(
        { ...fields, hash, gasUsed: receipt.gasUsed.toString(), block: Number(receipt.blockNumber) },
        "upkeep done",
      );
      return { status: "succeeded", hash, gasUsed: receipt.gasUsed };
    }
    const { errorName } = sent;
    if (job.settledErrors.includes(errorName)) {
      metrics.lostRaces.inc({ job: job.name, stage: "chain" });
      log.info({ ...fields, hash, errorName }, "lost race on chain: another keeper did it first");
      return { status: "lost-race", stage: "chain", errorName, hash };
    }
    metrics.reverted.inc({ job: job.name, stage: "chain" });
    log.error(
      {
        ...fields,
        hash,
        errorName,
        gasLimit: gasLimit.toString(),
        gasUsed: receipt.gasUsed.toString(),
        block: Number(receipt.blockNumber),
      },
      "upkeep reverted on chain",
    );
    return { status: "reverted", stage: "chain", errorName, hash };
  }

  private rejected<Item>(
    job: Job<Item>,
    failure: ReturnType<typeof classify>,
    stage: "simulate" | "send",
    fields: Record<string, unknown>,
  ): Outcome {
    const { metrics, log } = this.deps;
    const errorName = failure.kind === "revert" ? failure.errorName : failure.kind;
    if (failure.kind === "revert" && job.settledErrors.includes(failure.errorName)) {
      metrics.lostRaces.inc({ job: job.name, stage });
      log.info({ ...fields, errorName }, "already done or not due: skipped");
      return { status: "lost-race", stage, errorName };
    }
    metrics.reverted.inc({ job: job.name, stage });
    log.error({ ...fields, errorName, err: failure.message }, "upkeep refused");
    return { status: "reverted", stage, errorName };
  }
}
