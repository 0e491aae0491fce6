// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CapacityTree} from "../libraries/CapacityTree.sol";

/// @notice Exposes CapacityTree to the fuzz tests, with a plain array of the weights as reference.
contract CapacityTreeHarness {
    using CapacityTree for CapacityTree.Tree;

    CapacityTree.Tree private _tree;
    uint256[] public weights;

    function set(uint256 leaf, uint256 weight) external {
        _tree.set(leaf, weight);
        while (weights.length <= leaf) weights.push(0);
        weights[leaf] = weight;
    }

    function total() external view returns (uint256) {
        return _tree.total();
    }

    function largest() external view returns (uint256) {
        return _tree.largest();
    }

    function weightOf(uint256 leaf) external view returns (uint256) {
        return _tree.weightOf(leaf);
    }

    function depth() external view returns (uint256) {
        return _tree.depth;
    }

    function draw(uint256 point, uint256 minWeight) external view returns (bool found, uint256 leaf) {
        return _tree.draw(point, minWeight);
    }

    function leafCount() external view returns (uint256) {
        return weights.length;
    }
}
