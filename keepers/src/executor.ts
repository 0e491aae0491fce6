// Performs one work item: simulate, send, wait for the receipt. Reverts that mean "done
// already" or "not due" are lost races, counted apart from real failures.
import type { Hash } from "viem";
import type { Chain, Signer } from "./chain.ts";
import { classify } from "./errors.ts";
import type { Job } from "./job.ts";
import type { Logger } from "./log.ts";
import type { KeeperMetrics } from "./metrics.ts";
import { withRetry, type RetryOptions } from "./retry.ts";

export type Outcome =
  | { status: "succeeded"; hash: Hash; gasUsed: bigint }
  | { status: "lost-race"; stage: "simulate" | "chain"; errorName: string; hash?: Hash }
  | { status: "reverted"; stage: "simulate" | "chain"; errorName: string; hash?: Hash };

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

    let request;
    try {
      ({ request } = await this.rpc(
        "simulate",
        () => chain.client.simulateContract({ ...call, account: signer.account }),
        fields,
      ));
    } catch (error) {
      return this.rejected(job, classify(error), "simulate", fields);
    }

    let hash: Hash;
    try {
      hash = await this.rpc("send", () => this.send(request), fields);
    } catch (error) {
      return this.rejected(job, classify(error), "simulate", fields);
    }
    metrics.sent.inc({ job: job.name });
    log.info({ ...fields, hash }, "upkeep sent");

    const receipt = await this.rpc("receipt", () => chain.client.waitForTransactionReceipt({ hash, timeout: 60_000 }), {
      ...fields,
      hash,
    });
    metrics.gasSpent.inc({ job: job.name }, Number(receipt.gasUsed * receipt.effectiveGasPrice));
    if (receipt.status === "success") {
      metrics.succeeded.inc({ job: job.name });
      log.info(
        { ...fields, hash, gasUsed: receipt.gasUsed.toString(), block: Number(receipt.blockNumber) },
        "upkeep done",
      );
      return { status: "succeeded", hash, gasUsed: receipt.gasUsed };
    }
    // Mined but reverted: ask the chain why by simulating again at the current state.
    let errorName = "unknown";
    try {
      await this.rpc("simulate", () => chain.client.simulateContract({ ...call, account: signer.account }), fields);
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === "revert") errorName = failure.errorName;
    }
    if (job.settledErrors.includes(errorName)) {
      metrics.lostRaces.inc({ job: job.name, stage: "chain" });
      log.info({ ...fields, hash, errorName }, "lost race on chain: another keeper did it first");
      return { status: "lost-race", stage: "chain", errorName, hash };
    }
    metrics.reverted.inc({ job: job.name, stage: "chain" });
    log.error({ ...fields, hash, errorName }, "upkeep reverted on chain");
    return { status: "reverted", stage: "chain", errorName, hash };
  }

  /** Sends a simulated request; a nonce clash (another process sharing the key) resyncs the nonce. */
  private async send(request: Parameters<Signer["wallet"]["writeContract"]>[0]): Promise<Hash> {
    const { signer, chain } = this.deps;
    try {
      return await signer.wallet.writeContract(request);
    } catch (error) {
      if (classify(error).kind === "nonce") {
        signer.account.nonceManager?.reset({ address: signer.account.address, chainId: chain.chainId });
        return signer.wallet.writeContract(request);
      }
      throw error;
    }
  }

  private rejected<Item>(
    job: Job<Item>,
    failure: ReturnType<typeof classify>,
    stage: "simulate",
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
