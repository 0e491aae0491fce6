// Subjects and feeds as the contracts spell them (contracts/libraries/Subjects.sol, DESIGN §8): a
// subject is bytes32 = observation time (uint64, top 8 bytes) ‖ ASCII key (24 bytes, right-padded
// with zeros); a feed's id is keccak256 of its name (`flight-delay-minutes`). Shared by the keepers
// (the feeder, the CLI, the jobs) and the indexer.
import { bytesToString, hexToBytes, keccak256, stringToBytes, toHex, type Hex } from "viem";

export const SUBJECT_KEY_BYTES = 24;

/** A subject key that is empty, too long or not printable ASCII. */
export class SubjectKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`subject key "${key}" must be 1 to ${SUBJECT_KEY_BYTES} printable ASCII characters`);
    this.key = key;
  }
}

/** The subject of `key` observable from `observesAt` (seconds). */
export function encodeSubject(observesAt: bigint, key: string): Hex {
  const bytes = stringToBytes(key);
  if (bytes.length === 0 || bytes.length > SUBJECT_KEY_BYTES || !/^[\x21-\x7e]+$/.test(key)) {
    throw new SubjectKeyError(key);
  }
  if (observesAt <= 0n || observesAt >= 1n << 64n)
    throw new RangeError(`observation time ${observesAt} is not a uint64 > 0`);
  const padded = new Uint8Array(32);
  padded.set(hexToBytes(toHex(observesAt, { size: 8 })), 0);
  padded.set(bytes, 8);
  return toHex(padded);
}

/** A subject's observation time and key (trailing zero bytes dropped). */
export function decodeSubject(subject: Hex): { observesAt: bigint; key: string } {
  const bytes = hexToBytes(subject, { size: 32 });
  const observesAt = BigInt(toHex(bytes.slice(0, 8)));
  let end = 32;
  while (end > 8 && bytes[end - 1] === 0) end--;
  return { observesAt, key: bytesToString(bytes.slice(8, end)) };
}

/** A feed's id: keccak256 of its name's UTF-8 bytes. */
export function feedId(name: string): Hex {
  return keccak256(stringToBytes(name));
}

/** Width of the InsuranceMarket's premium buckets: policies observed in one hour earn together. */
export const PREMIUM_BUCKET_SECONDS = 3600n;

/**
 * When the premium of policies observed at `observesAt` is fully earned (PremiumStream.earningEnd:
 * the end of the observation's hour). A void subject's policies are refunded from then on.
 */
export function earningEndOf(observesAt: bigint): bigint {
  return (observesAt / PREMIUM_BUCKET_SECONDS + 1n) * PREMIUM_BUCKET_SECONDS;
}
