// Insured subjects (contracts/libraries/Subjects.sol): a bytes32 whose top 8 bytes are the
// observation time and whose low 24 bytes are the ASCII key, right-padded with zeros. Shared by the
// keepers (the feeder, the CLI) and the indexer.
import { type Hex, hexToString, padHex, stringToHex, toHex } from "viem";

/** The most bytes a subject key holds. */
export const SUBJECT_KEY_BYTES = 24;

export interface Subject {
  observesAt: bigint;
  key: string;
}

export class SubjectKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`subject key "${key}" must be 1 to ${SUBJECT_KEY_BYTES} ASCII characters`);
    this.key = key;
  }
}

/** The subject of `key` observed at `observesAt` (seconds). */
export function encodeSubject(key: string, observesAt: bigint): Hex {
  if (key.length === 0 || key.length > SUBJECT_KEY_BYTES || !/^[\x20-\x7e]+$/.test(key)) throw new SubjectKeyError(key);
  if (observesAt <= 0n || observesAt >= 1n << 64n) throw new RangeError(`observation time ${observesAt} out of range`);
  const keyHex = padHex(stringToHex(key), { size: SUBJECT_KEY_BYTES, dir: "right" });
  return `0x${toHex(observesAt, { size: 8 }).slice(2)}${keyHex.slice(2)}` as Hex;
}

/** `subject`'s observation time and key. */
export function decodeSubject(subject: Hex): Subject {
  const hex = subject.slice(2).padStart(64, "0");
  const observesAt = BigInt(`0x${hex.slice(0, 16)}`);
  const key = hexToString(`0x${hex.slice(16)}`).replace(/\0+$/, "");
  return { observesAt, key };
}
