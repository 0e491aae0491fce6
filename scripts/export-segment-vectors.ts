// Writes test/vectors/segment-merkle.json, the vectors that the Solidity verifier
// (test/SegmentMerkle.test.ts) and the TypeScript builder (keepers/test/segmentMerkle.test.ts)
// must both reproduce. The reference here is deliberately the naive construction: pad the leaf
// list with zero hashes to a power of two, then hash pairs level by level.
// `node scripts/export-segment-vectors.ts` regenerates it; the vectors never change by accident.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToHex, concat, keccak256, type Hex } from "viem";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Byte lengths: one segment, exact multiples, odd counts, last segments partial. */
const LENGTHS = [1, 200, 256, 257, 512, 700, 768, 1024, 1100, 1792, 2049];

/** Deterministic bytes that differ from segment to segment (j >> 8 is the segment index). */
const data = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, j) => (j * 31 + (j >> 8) * 101 + seed * 7 + 3) & 0xff);
const leaf = (segment: Uint8Array): Hex => keccak256(concat([new Uint8Array([0]), segment]));
const node = (left: Hex, right: Hex): Hex => keccak256(concat(["0x01", left, right]));

/** The vectors file's content, from the naive reference. */
export function segmentVectors() {
  const vectors = LENGTHS.map((length, seed) => {
    const bytes = data(length, seed);
    const segments: Uint8Array[] = [];
    for (let offset = 0; offset < length; offset += 256) segments.push(bytes.slice(offset, offset + 256));
    let width = 1;
    while (width < segments.length) width *= 2;
    const levels: Hex[][] = [
      [...segments.map(leaf), ...Array<Hex>(width - segments.length).fill(`0x${"00".repeat(32)}`)],
    ];
    while (levels.at(-1)!.length > 1) {
      const below = levels.at(-1)!;
      levels.push(below.flatMap((_, i) => (i % 2 === 0 ? [node(below[i], below[i + 1])] : [])));
    }
    const proofs = segments.map((_, index) => levels.slice(0, -1).map((level, height) => level[(index >> height) ^ 1]));
    return {
      length,
      data: bytesToHex(bytes),
      segmentCount: segments.length,
      depth: levels.length - 1,
      root: levels.at(-1)![0],
      leaves: segments.map(leaf),
      proofs,
    };
  });

  return { segmentSize: 256, vectors };
}

export const VECTORS_FILE = path.join(root, "test", "vectors", "segment-merkle.json");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(VECTORS_FILE, `${JSON.stringify(segmentVectors(), null, 2)}\n`);
  console.log(`wrote ${path.relative(root, VECTORS_FILE)}`);
}
