// Exponential backoff with full jitter for calls to the RPC.
import { setTimeout as sleep } from "node:timers/promises";

export interface RetryOptions {
  /** Attempts after the first; Infinity retries until `signal` aborts. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Whether an error is worth another attempt; others are thrown at once. */
  shouldRetry: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
  random?: () => number;
}

/** The delay before retry `attempt` (1-based): uniform in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt > options.retries || !options.shouldRetry(error) || options.signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, options.random);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}
