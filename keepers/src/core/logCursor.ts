// A log scan that remembers where it stopped: each update reads only the blocks since the last
// one, plus a margin of recent blocks read again so that a reorg within the margin replaces what
// it changed. A chain that went back past the cursor (a deeper reorg, a reset test chain) is
// scanned again from the start; callers that can check an entry against contract state (a hash
// the contract keeps) call `reset()` when the check fails.
import type { Address, PublicClient } from "viem";

/** Blocks read again at every update: reorgs within this depth are followed. */
export const REORG_MARGIN = 30n;

export interface CursorSource<Entry> {
  /** The first block with logs of interest (the contract's deployment block). */
  startBlock: bigint;
  /** The entries of blocks `fromBlock` to `toBlock`, both included. */
  fetch(fromBlock: bigint, toBlock: bigint): Promise<Entry[]>;
  /** An entry's key (one entry per key: a later one replaces an earlier one). */
  key(entry: Entry): string;
  blockNumber(entry: Entry): bigint;
}

export class LogCursor<Entry> {
  private readonly source: CursorSource<Entry>;
  private readonly margin: bigint;
  private readonly entries = new Map<string, Entry>();
  /** The last block read, -1 before the first update. */
  private scannedTo = -1n;

  constructor(source: CursorSource<Entry>, margin = REORG_MARGIN) {
    this.source = source;
    this.margin = margin;
  }

  /** The last block read (-1: none yet). */
  get scannedBlock(): bigint {
    return this.scannedTo;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** Every entry read so far, one per key. */
  values(): Entry[] {
    return [...this.entries.values()];
  }

  /** Forgets everything: the next update scans from the start block. */
  reset(): void {
    this.entries.clear();
    this.scannedTo = -1n;
  }

  /** Reads the logs from where the last update stopped (less the margin) to the head. */
  async update(client: PublicClient): Promise<void> {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (head < this.scannedTo) this.reset();
    const { startBlock } = this.source;
    let fromBlock = this.scannedTo < 0n ? startBlock : this.scannedTo + 1n - this.margin;
    if (fromBlock < startBlock) fromBlock = startBlock;
    if (fromBlock > head) return;
    const fresh = await this.source.fetch(fromBlock, head);
    for (const [key, entry] of this.entries) {
      if (this.source.blockNumber(entry) >= fromBlock) this.entries.delete(key);
    }
    for (const entry of fresh) this.entries.set(this.source.key(entry), entry);
    this.scannedTo = head;
  }
}

const shared = new WeakMap<PublicClient, Map<string, LogCursor<unknown>>>();

/**
 * The cursor named `name` of the contract at `address` on `client`, made by `make` on first use
 * and shared by every job of the process that asks for it (one scan per poll, not one per job).
 */
export function sharedCursor<Entry>(
  client: PublicClient,
  address: Address,
  name: string,
  make: () => CursorSource<Entry>,
): LogCursor<Entry> {
  let byKey = shared.get(client);
  if (byKey === undefined) shared.set(client, (byKey = new Map()));
  const key = `${address.toLowerCase()}:${name}`;
  let cursor = byKey.get(key) as LogCursor<Entry> | undefined;
  if (cursor === undefined) {
    cursor = new LogCursor<Entry>(make());
    byKey.set(key, cursor as LogCursor<unknown>);
  }
  return cursor;
}
