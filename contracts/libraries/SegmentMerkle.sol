// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title SegmentMerkle
/// @notice The Merkle tree over a lease's data that storage proofs open (DESIGN §6). The
/// TypeScript twin in keepers/src/storage/segmentMerkle.ts builds the same tree byte for byte;
/// test/vectors/segment-merkle.json holds the vectors both test suites check.
/// @dev The tree, exactly:
/// - The data is cut into `SEGMENT_SIZE` (256) byte segments; only the last may be shorter, and
///   none is empty. `segmentCount = ceil(length / 256)`, at least 1.
/// - Leaf i is `keccak256(0x00 ‖ segment_i)`; an inner node is `keccak256(0x01 ‖ left ‖ right)`.
///   The prefixes keep a leaf from ever being read as an inner node and the reverse.
/// - The leaves are padded with `bytes32(0)` up to the next power of two, `2^depth` with
///   `depth = ceil(log2(segmentCount))` (0 for a single segment, whose leaf is the root).
/// - A proof lists the siblings from the leaf up. Bit k of the index says whether the node at
///   height k is a right child (sibling on the left), so a proof binds its index; pairs are
///   never sorted.
library SegmentMerkle {
    /// @notice Bytes per segment.
    uint256 internal constant SEGMENT_SIZE = 256;

    error EmptyData();
    error IndexOutOfRange(uint256 index, uint256 segmentCount);
    error WrongProofLength(uint256 length, uint256 depth);
    error WrongSegmentLength(uint256 index, uint256 length, uint256 expectedMax);

    /// @notice Segments of `byteLength` bytes of data.
    function segmentCount(uint256 byteLength) internal pure returns (uint256) {
        if (byteLength == 0) revert EmptyData();
        return (byteLength + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
    }

    /// @notice The tree's depth for `count` segments: ceil(log2(count)).
    function depthOf(uint256 count) internal pure returns (uint256 depth) {
        if (count == 0) revert EmptyData();
        while ((uint256(1) << depth) < count) ++depth;
    }

    /// @notice The hash of a leaf.
    function leafHash(bytes memory segment) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x00), segment));
    }

    /// @notice The hash of an inner node.
    function nodeHash(bytes32 left, bytes32 right) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x01), left, right));
    }

    /// @notice Whether `segment` is segment `index` of the `count`-segment data under `root`.
    /// Reverts on malformed input (index, proof length, segment length), returns false when the
    /// input is well formed but does not match the root.
    /// @dev Calldata in, hashing in scratch memory: a depth-22 proof (1 GB) costs about 5k gas of
    /// hashing on top of its calldata.
    function verify(
        bytes32 root,
        uint256 count,
        uint256 index,
        bytes calldata segment,
        bytes32[] calldata proof
    ) internal pure returns (bool) {
        if (index >= count) revert IndexOutOfRange(index, count);
        uint256 depth = depthOf(count);
        if (proof.length != depth) revert WrongProofLength(proof.length, depth);
        bool last = index == count - 1;
        if (segment.length == 0 || segment.length > SEGMENT_SIZE || (!last && segment.length != SEGMENT_SIZE)) {
            revert WrongSegmentLength(index, segment.length, SEGMENT_SIZE);
        }
        return rootFrom(_leafHashCalldata(segment), index, proof) == root;
    }

    /// @notice The root reached from `leaf` at `index` through `proof`.
    function rootFrom(bytes32 leaf, uint256 index, bytes32[] calldata proof) internal pure returns (bytes32 node) {
        node = leaf;
        // Hashes 0x01 ‖ left ‖ right in the memory past the free pointer, which is never allocated.
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore8(buffer, 0x01)
            for {
                let height := 0
            } lt(height, proof.length) {
                height := add(height, 1)
            } {
                let sibling := calldataload(add(proof.offset, shl(5, height)))
                switch and(shr(height, index), 1)
                case 0 {
                    mstore(add(buffer, 1), node)
                    mstore(add(buffer, 33), sibling)
                }
                default {
                    mstore(add(buffer, 1), sibling)
                    mstore(add(buffer, 33), node)
                }
                node := keccak256(buffer, 65)
            }
        }
    }

    function _leafHashCalldata(bytes calldata segment) private pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore8(buffer, 0x00)
            calldatacopy(add(buffer, 1), segment.offset, segment.length)
            hash := keccak256(buffer, add(segment.length, 1))
        }
    }
}
