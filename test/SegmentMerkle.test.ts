// The Solidity SegmentMerkle verifier against the shared vectors (test/vectors/segment-merkle.json),
// which keepers/test/segmentMerkle.test.ts checks against the TypeScript builder.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

interface Vector {
  length: number;
  data: string;
  segmentCount: number;
  depth: number;
  root: string;
  leaves: string[];
  proofs: string[][];
}
const { vectors } = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "vectors", "segment-merkle.json"), "utf8"),
) as { vectors: Vector[] };

const segment = (vector: Vector, index: number) =>
  ethers.dataSlice(vector.data, index * 256, Math.min(vector.length, (index + 1) * 256));

describe("SegmentMerkle (Solidity)", function () {
  async function harnessFixture() {
    return ethers.deployContract("SegmentMerkleHarness");
  }

  for (const vector of vectors) {
    it(`verifies every segment of the vector of ${vector.length} bytes (${vector.segmentCount} segments)`, async function () {
      const merkle = await networkHelpers.loadFixture(harnessFixture);
      expect(await merkle.segmentCount(vector.length)).to.equal(BigInt(vector.segmentCount));
      expect(await merkle.depthOf(vector.segmentCount)).to.equal(BigInt(vector.depth));
      for (let index = 0; index < vector.segmentCount; index++) {
        expect(await merkle.leafHash(segment(vector, index))).to.equal(vector.leaves[index]);
        expect(
          await merkle.verify(vector.root, vector.segmentCount, index, segment(vector, index), vector.proofs[index]),
        ).to.equal(true);
      }
    });
  }

  it("refuses a wrong index, a wrong segment, a proof of another position or of another lease", async function () {
    const merkle = await networkHelpers.loadFixture(harnessFixture);
    const vector = vectors.find((v) => v.segmentCount === 5)!;
    const other = vectors.find((v) => v.depth === 3 && v !== vector)!;
    expect(await merkle.verify(vector.root, 5, 1, segment(vector, 0), vector.proofs[0])).to.equal(false);
    const tampered = ethers.getBytes(segment(vector, 2));
    tampered[17] ^= 1;
    expect(await merkle.verify(vector.root, 5, 2, tampered, vector.proofs[2])).to.equal(false);
    expect(await merkle.verify(vector.root, 5, 2, segment(vector, 2), vector.proofs[3])).to.equal(false);
    expect(await merkle.verify(other.root, other.segmentCount, 0, segment(vector, 0), vector.proofs[0])).to.equal(
      false,
    );
  });

  it("reverts on malformed input with the values that were wrong", async function () {
    const merkle = await networkHelpers.loadFixture(harnessFixture);
    const vector = vectors.find((v) => v.segmentCount === 5)!;
    await expect(merkle.verify(vector.root, 5, 5, segment(vector, 4), vector.proofs[4]))
      .to.be.revertedWithCustomError(merkle, "IndexOutOfRange")
      .withArgs(5, 5);
    await expect(merkle.verify(vector.root, 5, 0, segment(vector, 0), vector.proofs[0].slice(1)))
      .to.be.revertedWithCustomError(merkle, "WrongProofLength")
      .withArgs(2, 3);
    await expect(merkle.verify(vector.root, 5, 0, ethers.dataSlice(segment(vector, 0), 0, 255), vector.proofs[0]))
      .to.be.revertedWithCustomError(merkle, "WrongSegmentLength")
      .withArgs(0, 255, 256);
    await expect(merkle.segmentCount(0)).to.be.revertedWithCustomError(merkle, "EmptyData");
  });
});
