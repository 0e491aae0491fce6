// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SegmentMerkle} from "../contracts/libraries/SegmentMerkle.sol";
import {SegmentMerkleHarness} from "../contracts/mocks/SegmentMerkleHarness.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of SegmentMerkle: a proof built by a naive padded tree verifies at its own
/// index and fails at any other index, with any sibling changed, or with the segment changed.
contract SegmentMerkleTest is TestBase {
    /// verify() reads calldata, so the test calls it through the harness.
    SegmentMerkleHarness private merkle;

    function setUp() public {
        merkle = new SegmentMerkleHarness();
    }

    /// Data of `count` segments, each 256 bytes but the last (`lastLength` bytes), all distinct.
    function _segments(uint256 count, uint256 lastLength, uint256 seed) private pure returns (bytes[] memory segments) {
        segments = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 length = i == count - 1 ? lastLength : SegmentMerkle.SEGMENT_SIZE;
            bytes memory segment = new bytes(length);
            for (uint256 j = 0; j < length; ++j) segment[j] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i, j)))));
            segments[i] = segment;
        }
    }

    /// The naive reference: pad the leaves with zeros to a power of two, hash level by level.
    function _proof(
        bytes[] memory segments,
        uint256 index
    ) private pure returns (bytes32 root, bytes32[] memory proof) {
        uint256 depth = SegmentMerkle.depthOf(segments.length);
        bytes32[] memory level = new bytes32[](uint256(1) << depth);
        for (uint256 i = 0; i < segments.length; ++i) level[i] = SegmentMerkle.leafHash(segments[i]);
        proof = new bytes32[](depth);
        for (uint256 height = 0; height < depth; ++height) {
            proof[height] = level[(index >> height) ^ 1];
            bytes32[] memory above = new bytes32[](level.length / 2);
            for (uint256 i = 0; i < above.length; ++i)
                above[i] = SegmentMerkle.nodeHash(level[2 * i], level[2 * i + 1]);
            level = above;
        }
        root = level[0];
    }

    function testFuzzProofVerifiesOnlyAtItsIndex(
        uint256 countSeed,
        uint256 lastSeed,
        uint256 indexSeed,
        uint256 otherSeed,
        uint256 dataSeed
    ) public view {
        uint256 count = bound(countSeed, 1, 19);
        uint256 index = bound(indexSeed, 0, count - 1);
        bytes[] memory segments = _segments(count, bound(lastSeed, 1, SegmentMerkle.SEGMENT_SIZE), dataSeed);
        (bytes32 root, bytes32[] memory proof) = _proof(segments, index);

        vm.assertTrue(merkle.verify(root, count, index, segments[index], proof), "own proof rejected");

        uint256 other = bound(otherSeed, 0, count - 1);
        if (other != index && segments[other].length == segments[index].length) {
            vm.assertTrue(!merkle.verify(root, count, other, segments[index], proof), "moved proof accepted");
        }
        if (proof.length > 0) {
            uint256 height = otherSeed % proof.length;
            proof[height] = bytes32(uint256(proof[height]) ^ 1);
            vm.assertTrue(!merkle.verify(root, count, index, segments[index], proof), "forged sibling accepted");
            proof[height] = bytes32(uint256(proof[height]) ^ 1);
        }
        segments[index][0] = bytes1(uint8(segments[index][0]) ^ 1);
        vm.assertTrue(!merkle.verify(root, count, index, segments[index], proof), "changed segment accepted");
    }
}
