// The event a row records, for every handler: its block, timestamp, transaction and position in
// the block (the schema's `eventColumns`).
import type { Hex } from "viem";

export interface EventMeta {
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
  logIndex: number;
}

interface LoggedEvent {
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
  log: { logIndex: number };
}

export function eventMeta(event: LoggedEvent): EventMeta {
  return {
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}
