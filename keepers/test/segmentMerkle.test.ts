// The TypeScript segment tree against the shared vectors (test/vectors/segment-merkle.json), which
// test/SegmentMerkle.test.ts checks against the Solidity verifier.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { concat, hexToBytes, keccak256, type Hex } from "viem";
import { segmentVectors, VECTORS_FILE } from "../../scripts/export-segment-vectors.ts";
import {
  buildTree,
  depthOf,
  leafHash,
  proofOf,
  segmentCount,
  SegmentMerkleError,
  segmentOf,
  verify,
} from "../src/storage/segmentMerkle.ts";

interface Vector {
  length: number;
  data: Hex;
  segmentCount: number;
  depth: number;
  root: Hex;
  leaves: Hex[];
  proofs: Hex[][];
}
const { vectors } = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as { vectors: Vector[] };

describe("segment Merkle tree (TypeScript)", function () {
  it("has vectors equal to what the naive reference computes", function () {
    expect(JSON.parse(readFileSync(VECTORS_FILE, "utf8"))).to.deep.equal(segmentVectors());
  });

  for (const vector of vectors) {
    it(`reproduces the vector of ${vector.length} bytes (${vector.segmentCount} segments, depth ${vector.depth})`, function () {
      const data = hexToBytes(vector.data);
      const tree = buildTree(data);
      expect([tree.count, tree.depth, tree.root]).to.deep.equal([vector.segmentCount, vector.depth, vector.root]);
      for (let index = 0; index < tree.count; index++) {
        expect(leafHash(segmentOf(data, index))).to.equal(vector.leaves[index]);
        expect(proofOf(tree, index)).to.deep.equal(vector.proofs[index]);
        expect(verify(tree.root, tree.count, index, segmentOf(data, index), vector.proofs[index])).to.equal(true);
      }
    });
  }

  it("makes a single segment's leaf the root, hashed with the leaf prefix", function () {
    const data = Uint8Array.from([1, 2, 3]);
    expect(buildTree(data).root).to.equal(keccak256(concat([new Uint8Array([0]), data])));
    expect(depthOf(1)).to.equal(0);
  });

  it("counts segments and depth at their edges", function () {
    expect([1, 256, 257, 512, 513].map(segmentCount)).to.deep.equal([1, 1, 2, 2, 3]);
    expect([1, 2, 3, 4, 5, 2 ** 22].map(depthOf)).to.deep.equal([0, 1, 2, 2, 3, 22]);
    expect(() => segmentCount(0)).to.throw(SegmentMerkleError);
  });

  describe("refuses what the contract refuses", function () {
    const vector = vectors.find((v) => v.segmentCount === 5)!;
    const data = hexToBytes(vector.data);
    const segment = (index: number) => segmentOf(data, index);

    it("a wrong index, a wrong segment, or a proof of another position", function () {
      expect(verify(vector.root, 5, 1, segment(0), vector.proofs[0])).to.equal(false);
      const tampered = Uint8Array.from(segment(2));
      tampered[17] ^= 1;
      expect(verify(vector.root, 5, 2, tampered, vector.proofs[2])).to.equal(false);
      expect(verify(vector.root, 5, 2, segment(2), vector.proofs[3])).to.equal(false);
    });

    it("a proof for another lease's data", function () {
      const other = vectors.find((v) => v.depth === 3 && v !== vector)!;
      expect(verify(other.root, other.segmentCount, 0, segment(0), vector.proofs[0])).to.equal(false);
    });

    it("malformed input: index out of range, proof of the wrong length, short inner segment", function () {
      expect(() => verify(vector.root, 5, 5, segment(4), vector.proofs[4])).to.throw(
        SegmentMerkleError,
        "out of range",
      );
      expect(() => verify(vector.root, 5, 0, segment(0), vector.proofs[0].slice(1))).to.throw(
        SegmentMerkleError,
        "depth",
      );
      expect(() => verify(vector.root, 5, 0, segment(0).subarray(0, 255), vector.proofs[0])).to.throw(
        SegmentMerkleError,
        "255 bytes",
      );
    });
  });
});
