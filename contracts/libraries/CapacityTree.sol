// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title CapacityTree
/// @notice A sum tree over weighted leaves (a landlord's free capacity), also keeping each
/// subtree's largest leaf, so that a draw finds a leaf of at least a given weight in O(log n)
/// whenever one exists, picking among the subtrees that have one in proportion to their weight
/// (DESIGN §6: no number of small or full landlords can make a draw fail while room exists).
/// @dev Nodes are kept by (level, index): leaves at level 0, the root at level `depth`, index 0.
/// The tree grows by adding a root above the old one (one write), so no index ever moves.
/// A node packs its sum (high 128 bits) and its largest leaf (low 128 bits); weights are below
/// 2^128 / 2^64 so sums never overflow with up to 2^64 leaves.
library CapacityTree {
    struct Tree {
        uint256 depth;
        mapping(uint256 key => uint256 node) nodes;
    }

    uint256 private constant _LOW = type(uint128).max;
    /// @notice The largest weight a leaf may have.
    uint256 internal constant MAX_WEIGHT = type(uint64).max;

    error WeightTooLarge(uint256 weight);

    /// @notice Sets leaf `leaf`'s weight, growing the tree when the leaf is beyond it. O(depth).
    function set(Tree storage tree, uint256 leaf, uint256 weight) internal {
        if (weight > MAX_WEIGHT) revert WeightTooLarge(weight);
        uint256 depth = tree.depth;
        while (leaf >> depth != 0) {
            tree.nodes[_key(depth + 1, 0)] = tree.nodes[_key(depth, 0)];
            ++depth;
        }
        tree.depth = depth;
        uint256 node = (weight << 128) | weight;
        tree.nodes[_key(0, leaf)] = node;
        uint256 index = leaf;
        for (uint256 level = 1; level <= depth; ++level) {
            // Slither incorrect-exp: `index ^ 1` is the sibling's index (a bitwise xor), not a power.
            // slither-disable-next-line incorrect-exp
            uint256 sibling = tree.nodes[_key(level - 1, index ^ 1)];
            node = _combine(node, sibling);
            index >>= 1;
            tree.nodes[_key(level, index)] = node;
        }
    }

    /// @notice The weight of leaf `leaf` (zero beyond the tree).
    function weightOf(Tree storage tree, uint256 leaf) internal view returns (uint256) {
        return tree.nodes[_key(0, leaf)] & _LOW;
    }

    /// @notice The sum of all weights.
    function total(Tree storage tree) internal view returns (uint256) {
        return tree.nodes[_key(tree.depth, 0)] >> 128;
    }

    /// @notice The largest weight of a leaf.
    function largest(Tree storage tree) internal view returns (uint256) {
        return tree.nodes[_key(tree.depth, 0)] & _LOW;
    }

    /// @notice Draws a leaf of weight at least `minWeight` (> 0) from `point`: at each node, among
    /// the children that hold such a leaf, a child is taken in proportion to its sum. `found` is
    /// false only when no leaf has that weight. O(depth).
    function draw(
        Tree storage tree,
        uint256 point,
        uint256 minWeight
    ) internal view returns (bool found, uint256 leaf) {
        uint256 depth = tree.depth;
        if (minWeight == 0 || tree.nodes[_key(depth, 0)] & _LOW < minWeight) return (false, 0);
        for (uint256 level = depth; level > 0; --level) {
            uint256 left = tree.nodes[_key(level - 1, leaf << 1)];
            uint256 right = tree.nodes[_key(level - 1, (leaf << 1) | 1)];
            bool leftFits = left & _LOW >= minWeight;
            bool rightFits = right & _LOW >= minWeight;
            leaf <<= 1;
            if (leftFits && rightFits) {
                uint256 leftSum = left >> 128;
                // Slither weak-prng: `point` is randomness committed before the draw's block
                // (DESIGN §2); the bias of a 256-bit value over a sum of 2^128 at most is negligible.
                // slither-disable-next-line weak-prng
                uint256 at = point % (leftSum + (right >> 128));
                if (at >= leftSum) leaf |= 1;
                point = uint256(keccak256(abi.encode(point)));
            } else if (rightFits) {
                leaf |= 1;
            }
        }
        return (true, leaf);
    }

    function _combine(uint256 a, uint256 b) private pure returns (uint256) {
        uint256 maxLow = a & _LOW > b & _LOW ? a & _LOW : b & _LOW;
        return (((a >> 128) + (b >> 128)) << 128) | maxLow;
    }

    function _key(uint256 level, uint256 index) private pure returns (uint256) {
        return (level << 192) | index;
    }
}
