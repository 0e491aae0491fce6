// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CapacityTree} from "../contracts/libraries/CapacityTree.sol";
import {CapacityTreeHarness} from "../contracts/mocks/CapacityTreeHarness.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of CapacityTree against a plain array: sums and the largest leaf stay
/// exact under any sequence of sets, a draw finds a leaf of the asked weight whenever one exists
/// (and only then), and it follows the weights: a leaf of weight zero is never drawn.
contract CapacityTreeTest is TestBase {
    CapacityTreeHarness private tree;

    function setUp() public {
        tree = new CapacityTreeHarness();
    }

    /// Sets `count` leaves (some zero, some small, a few large) from `seed`.
    function _fill(uint256 seed, uint256 count) private {
        for (uint256 i = 0; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 weight = r % 4 == 0 ? 0 : (r % 7 == 0 ? (r >> 8) % 1_000_000 : (r >> 8) % 1_024);
            tree.set(i, weight);
        }
    }

    function _reference() private view returns (uint256 sum, uint256 largest) {
        uint256 count = tree.leafCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 w = tree.weights(i);
            sum += w;
            if (w > largest) largest = w;
        }
    }

    function testFuzz_SumsAndLargestMatchTheLeaves(uint256 seed, uint256 count, uint256 changes) public {
        count = bound(count, 1, 80);
        _fill(seed, count);
        changes = bound(changes, 0, 30);
        for (uint256 k = 0; k < changes; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, "change", k)));
            // Changes land anywhere, also beyond the current leaves (the tree grows).
            tree.set(r % (count + 5), (r >> 16) % 5_000);
        }
        (uint256 sum, uint256 largest) = _reference();
        vm.assertEq(tree.total(), sum, "total");
        vm.assertEq(tree.largest(), largest, "largest");
        uint256 leaves = tree.leafCount();
        for (uint256 i = 0; i < leaves; ++i) vm.assertEq(tree.weightOf(i), tree.weights(i), "leaf");
        vm.assertLe(uint256(1) << tree.depth(), leaves * 2, "depth stays within one level of the leaves");
    }

    function testFuzz_DrawFindsRoomWheneverItExists(
        uint256 seed,
        uint256 count,
        uint256 point,
        uint256 minWeight
    ) public {
        count = bound(count, 1, 80);
        _fill(seed, count);
        (, uint256 largest) = _reference();
        minWeight = bound(minWeight, 1, largest + 10);
        (bool found, uint256 leaf) = tree.draw(point, minWeight);
        vm.assertTrue(found == (largest >= minWeight), "found exactly when a leaf has room");
        if (found) vm.assertGe(tree.weights(leaf), minWeight, "the drawn leaf has room");
    }

    function testFuzz_OnlyTheLeafWithRoomIsDrawn(uint256 count, uint256 chosen, uint256 point) public {
        // Many full or small leaves and a single one with room: every draw finds it.
        count = bound(count, 2, 300);
        chosen = bound(chosen, 0, count - 1);
        for (uint256 i = 0; i < count; ++i) tree.set(i, i == chosen ? 4_096 : 1_023);
        (bool found, uint256 leaf) = tree.draw(point, 2_048);
        vm.assertTrue(found, "found");
        vm.assertEq(leaf, chosen, "the only leaf with room");
    }

    function testFuzz_ZeroLeavesAreNeverDrawn(uint256 seed, uint256 count, uint256 point) public {
        count = bound(count, 2, 60);
        _fill(seed, count);
        (bool found, uint256 leaf) = tree.draw(point, 1);
        (uint256 sum, ) = _reference();
        vm.assertTrue(found == (sum > 0), "found when any weight");
        if (found) vm.assertGe(tree.weights(leaf), 1, "a drawn leaf has weight");
    }

    function test_DrawFollowsTheWeights() public {
        // Leaf 1 holds 3/4 of the weight: about 3/4 of 400 draws land on it.
        tree.set(0, 100);
        tree.set(1, 300);
        uint256 hits;
        for (uint256 i = 0; i < 400; ++i) {
            (, uint256 leaf) = tree.draw(uint256(keccak256(abi.encode(i))), 1);
            if (leaf == 1) ++hits;
        }
        vm.assertGe(hits, 260, "at least 65% on the heavier leaf");
        vm.assertLe(hits, 340, "at most 85% on the heavier leaf");
    }

    function test_EmptyTreeAndZeroMinimum() public {
        (bool found, ) = tree.draw(1, 1);
        vm.assertTrue(!found, "empty tree");
        tree.set(0, 5);
        (found, ) = tree.draw(1, 0);
        vm.assertTrue(!found, "a zero minimum draws nothing");
        vm.assertEq(tree.total(), 5, "one leaf");
    }

    function test_RefusesAWeightTooLarge() public {
        uint256 weight = CapacityTree.MAX_WEIGHT + 1;
        vm.expectRevert(abi.encodeWithSelector(CapacityTree.WeightTooLarge.selector, weight));
        tree.set(0, weight);
    }
}
