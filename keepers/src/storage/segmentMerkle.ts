// The segment Merkle tree of a lease's data, byte for byte as contracts/libraries/SegmentMerkle.sol
// verifies it (see the rules there): 256-byte segments, leaf keccak256(0x00 ‖ segment), inner node
// keccak256(0x01 ‖ left ‖ right), leaves padded with zero hashes to a power of two, siblings listed
// from the leaf up with the index deciding left and right.
import { bytesToHex, concat, hexToBytes, keccak256, type Hex } from "viem";

export const SEGMENT_SIZE = 256;
const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);
const ZERO = new Uint8Array(32);

export class SegmentMerkleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SegmentMerkleError";
  }
}

export function segmentCount(byteLength: number): number {
  if (byteLength <= 0) throw new SegmentMerkleError("empty data");
  return Math.ceil(byteLength / SEGMENT_SIZE);
}

export function depthOf(count: number): number {
  if (count <= 0) throw new SegmentMerkleError("empty data");
  let depth = 0;
  while (2 ** depth < count) depth++;
  return depth;
}

export function segmentOf(data: Uint8Array, index: number): Uint8Array {
  const count = segmentCount(data.length);
  if (index < 0 || index >= count) throw new SegmentMerkleError(`segment ${index} out of range (${count} segments)`);
  return data.subarray(index * SEGMENT_SIZE, Math.min(data.length, (index + 1) * SEGMENT_SIZE));
}

function leafBytes(segment: Uint8Array): Uint8Array {
  return keccak256(concat([LEAF_PREFIX, segment]), "bytes");
}

function nodeBytes(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keccak256(concat([NODE_PREFIX, left, right]), "bytes");
}

export const leafHash = (segment: Uint8Array): Hex => bytesToHex(leafBytes(segment));

/** A built tree: `levels[0]` are the leaves, the last level is the root. */
export interface SegmentTree {
  root: Hex;
  count: number;
  depth: number;
  levels: Uint8Array[][];
}

/** Hash of an all-padding subtree of height h: 0 for a leaf, then hashed upwards. */
function zeroHashes(depth: number): Uint8Array[] {
  const hashes: Uint8Array[] = [ZERO];
  for (let height = 1; height <= depth; height++) hashes.push(nodeBytes(hashes[height - 1], hashes[height - 1]));
  return hashes;
}

export function buildTree(data: Uint8Array): SegmentTree {
  const count = segmentCount(data.length);
  const depth = depthOf(count);
  const zeros = zeroHashes(depth);
  const levels: Uint8Array[][] = [Array.from({ length: count }, (_, i) => leafBytes(segmentOf(data, i)))];
  for (let height = 0; height < depth; height++) {
    const below = levels[height];
    const above: Uint8Array[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(nodeBytes(below[i], below[i + 1] ?? zeros[height]));
    levels.push(above);
  }
  return { root: bytesToHex(levels[depth][0]), count, depth, levels };
}

/** The siblings of segment `index` from the leaf up. */
export function proofOf(tree: SegmentTree, index: number): Hex[] {
  if (index < 0 || index >= tree.count) {
    throw new SegmentMerkleError(`segment ${index} out of range (${tree.count} segments)`);
  }
  const zeros = zeroHashes(tree.depth);
  const proof: Hex[] = [];
  for (let height = 0; height < tree.depth; height++) {
    const sibling = tree.levels[height][(index >> height) ^ 1] ?? zeros[height];
    proof.push(bytesToHex(sibling));
  }
  return proof;
}

/** Mirrors SegmentMerkle.verify: throws on malformed input, false on a mismatch. */
export function verify(root: Hex, count: number, index: number, segment: Uint8Array, proof: readonly Hex[]): boolean {
  if (index < 0 || index >= count) throw new SegmentMerkleError(`segment ${index} out of range (${count} segments)`);
  const depth = depthOf(count);
  if (proof.length !== depth) throw new SegmentMerkleError(`proof of ${proof.length} hashes, depth is ${depth}`);
  const last = index === count - 1;
  if (segment.length === 0 || segment.length > SEGMENT_SIZE || (!last && segment.length !== SEGMENT_SIZE)) {
    throw new SegmentMerkleError(`segment ${index} of ${segment.length} bytes`);
  }
  let node = leafBytes(segment);
  proof.forEach((sibling, height) => {
    const siblingBytes = hexToBytes(sibling);
    node = ((index >> height) & 1) === 0 ? nodeBytes(node, siblingBytes) : nodeBytes(siblingBytes, node);
  });
  return bytesToHex(node) === root.toLowerCase();
}
