// Where the oracle feeder reads index values (DESIGN §9): a source answers, for a feed's name, a
// subject's key and its observation time, whether the value is final, still pending, or missing.
// The feeder reports final values only; `missing` (no such key, or no value for it: a cancelled
// flight) is never reported as zero.

export type ReadingStatus = "final" | "pending" | "missing";

export interface Reading {
  status: ReadingStatus;
  /** The value (integer, in the feed's unit), when the source has one. */
  value?: bigint;
  /** When the source last updated this value (seconds since the epoch), when it says. */
  updatedAt?: number;
}

export interface Source {
  /** `file:data/nycflights13`, `http:https://…`: for logs and metrics. */
  readonly name: string;
  /** Feeds (by name) this source knows. */
  readonly feeds: readonly string[];
  /** `key`'s value on `feed`, observable from `observesAt` (seconds). Throws a SourceError when
   * the source cannot answer (down, timed out, a malformed answer). */
  read(feed: string, key: string, observesAt: bigint): Promise<Reading>;
}

export type SourceErrorKind = "unavailable" | "timeout" | "http-status" | "malformed" | "unknown-feed";

/** A source that could not answer: the feeder counts it, logs it and tries again later. */
export class SourceError extends Error {
  readonly kind: SourceErrorKind;

  constructor(kind: SourceErrorKind, message: string) {
    super(message);
    this.name = "SourceError";
    this.kind = kind;
  }
}
