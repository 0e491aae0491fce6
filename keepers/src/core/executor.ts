// Performs one work item: simulate, send, wait for the receipt. Reverts that mean "done
// already" or "not due" are lost races, counted apart from real failures.
import { setTimeout as sleep } from "node:timers/promises";
import type { Hash, WriteContractParameters } from "viem";
import type { Chain, Signer } from "./chain.ts";
import { classify } from "./errors.ts";
import { withGasMargin } from "./gas.ts";
import type { Job, UpkeepCall } from "./job.ts";
import type { Logger } from "./log.ts";
import type { KeeperMetrics } from "./metrics.ts";
import { withRetry, type RetryOptions } from "./retry.ts";

/** Sends tried per item when the nonce clashes with another process sharing the key. */
const NONCE_ATTEMPTS = 4;
const NONCE_PAUSE_MS = 150;

export type Outcome =
  | { status: "succeeded"; hash: Hash; gasUsed: bigint }
  | { status: "lost-race"; stage: Stage; errorName: string; hash?: Hash }
  | { status: "reverted"; stage: Stage; errorName: string; hash?: Hash };

/** Where an item was settled or refused: our simulation, the send's gas estimate, or on chain. */
export type Stage = "simulate" | "send" | "chain";

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
      return this.rejected(job, classify(error, call.abi), "simulate", fields);
    }

    let hash: Hash;
    let gasLimit = 0n;
    try {
      // The job's ABI is generic here, so viem cannot narrow the request's payable-ness: the
      // request is exactly what simulateContract returned for this call.
      hash = await this.rpc(
        "send",
        async () => {
          const estimate = await chain.client.estimateContractGas({ ...call, account: signer.account });
          gasLimit = withGasMargin(estimate);
          return this.send({ ...(request as WriteContractParameters), gas: gasLimit });
        },
        fields,
      );
    } catch (error) {
      return this.rejected(job, classify(error, call.abi), "send", fields);
    }
    metrics.sent.inc({ job: job.name });
    log.info({ ...fields, hash, gasLimit: gasLimit.toString() }, "upkeep sent");

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
    const errorName = await this.revertReason(call, receipt, gasLimit, fields);
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

  /**
   * Names why a mined transaction reverted. Receipts carry no revert data, so the call is simulated
   * again on the state its block left behind: the transactions that beat it are there, and later
   * blocks (a new tranche, a new epoch) are not, so work that came due again since is not mistaken
   * for the reason. A transaction that used all its gas ran out of it.
   */
  private async revertReason(
    call: UpkeepCall,
    receipt: { blockNumber: bigint; gasUsed: bigint },
    gasLimit: bigint,
    fields: Record<string, unknown>,
  ): Promise<string> {
    const { chain, signer } = this.deps;
    if (gasLimit > 0n && receipt.gasUsed >= gasLimit) return "OutOfGas";
    try {
      await this.rpc(
        "simulate",
        () => chain.client.simulateContract({ ...call, account: signer.account, blockNumber: receipt.blockNumber }),
        fields,
      );
    } catch (error) {
      const failure = classify(error, call.abi);
      if (failure.kind === "revert") return failure.errorName;
    }
    return "unknown";
  }

  /**
   * Sends a simulated request. A nonce clash (another process sharing the key sent first) resyncs
   * the nonce from the chain and tries again, a few times with a growing pause so that the other
   * process's transaction is counted.
   */
  private async send(request: WriteContractParameters): Promise<Hash> {
    const { signer, chain } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        return await signer.wallet.writeContract(request);
      } catch (error) {
        if (classify(error).kind !== "nonce" || attempt >= NONCE_ATTEMPTS) throw error;
        signer.account.nonceManager?.reset({ address: signer.account.address, chainId: chain.chainId });
        await sleep(NONCE_PAUSE_MS * attempt);
      }
    }
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
