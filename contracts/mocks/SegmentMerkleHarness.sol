// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SegmentMerkle} from "../libraries/SegmentMerkle.sol";

/// @notice Test harness only: exposes SegmentMerkle so the shared vectors can be checked from
/// TypeScript. Never deployed by the suite.
contract SegmentMerkleHarness {
    function segmentCount(uint256 byteLength) external pure returns (uint256) {
        return SegmentMerkle.segmentCount(byteLength);
    }

    function depthOf(uint256 count) external pure returns (uint256) {
        return SegmentMerkle.depthOf(count);
    }

    function leafHash(bytes calldata segment) external pure returns (bytes32) {
        return SegmentMerkle.leafHash(segment);
    }

    function verify(
        bytes32 root,
        uint256 count,
        uint256 index,
        bytes calldata segment,
        bytes32[] calldata proof
    ) external pure returns (bool) {
        return SegmentMerkle.verify(root, count, index, segment, proof);
    }
}
