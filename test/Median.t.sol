// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Median} from "../contracts/libraries/Median.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of the lower median against its definition: element (n - 1) / 2 of the
/// sorted values, i.e. a value of the list with at most (n - 1) / 2 values strictly below it and
/// at least (n - 1) / 2 + 1 values at or below it.
contract MedianTest is TestBase {
    function _values(uint256 seed, uint256 length, bool narrow) private pure returns (int256[] memory values) {
        values = new int256[](length);
        for (uint256 i = 0; i < length; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Narrow ranges make ties; wide ones reach both ends of int64.
            values[i] = narrow ? int256(r % 7) - 3 : int256(int64(uint64(r)));
        }
    }

    function testFuzzLowerMedianIsTheDefinition(uint256 seed, uint256 length, bool narrow) public pure {
        int256[] memory values = _values(seed, bound(length, 1, 32), narrow);
        int256[] memory copy = new int256[](values.length);
        for (uint256 i = 0; i < values.length; ++i) copy[i] = values[i];
        int256 median = Median.lowerMedian(values);
        uint256 half = (copy.length - 1) / 2;
        uint256 below = 0;
        uint256 atOrBelow = 0;
        bool member = false;
        for (uint256 i = 0; i < copy.length; ++i) {
            if (copy[i] < median) ++below;
            if (copy[i] <= median) ++atOrBelow;
            if (copy[i] == median) member = true;
        }
        vm.assertTrue(member, "median not one of the values");
        vm.assertLe(below, half, "too many values below the median");
        vm.assertGe(atOrBelow, half + 1, "too few values at or below the median");
        for (uint256 i = 1; i < values.length; ++i) vm.assertTrue(values[i - 1] <= values[i], "not sorted");
    }

    /// A minority of absurd values (fewer than half, at either end) keeps the median among the
    /// honest values.
    function testFuzzMinorityCannotMoveIt(uint256 seed, uint256 honest, uint256 absurd, bool high) public pure {
        uint256 h = bound(honest, 1, 20);
        // Fewer absurd values than honest ones.
        uint256 a = bound(absurd, 0, h - 1);
        int256[] memory values = new int256[](h + a);
        int256 lo = type(int256).max;
        int256 hi = type(int256).min;
        for (uint256 i = 0; i < h; ++i) {
            int256 v = int256(uint256(keccak256(abi.encode(seed, i))) % 1_000);
            values[i] = v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        for (uint256 i = h; i < h + a; ++i) values[i] = high ? int256(type(int64).max) : int256(type(int64).min);
        int256 median = Median.lowerMedian(values);
        vm.assertTrue(median >= lo && median <= hi, "an absurd minority moved the median");
    }

    function testEightHonestOneAbsurd() public pure {
        int256[] memory values = new int256[](9);
        values[0] = 2_000;
        for (uint256 i = 1; i < 9; ++i) values[i] = int256(39 + i);
        vm.assertTrue(Median.lowerMedian(values) == 44, "8 honest and 1 absurd");
        int256[] memory two = new int256[](2);
        two[0] = 9;
        two[1] = 3;
        vm.assertTrue(Median.lowerMedian(two) == 3, "lower middle of two");
    }

    function testNoValuesReverts() public {
        vm.expectRevert(abi.encodeWithSelector(Median.NoValues.selector));
        this.medianOf(new int256[](0));
    }

    function medianOf(int256[] memory values) external pure returns (int256) {
        return Median.lowerMedian(values);
    }
}
