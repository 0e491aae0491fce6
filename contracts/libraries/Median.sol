// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Median
/// @notice The lower median of a committee's reports (DESIGN §8): the lower middle of the sorted
/// values, element (n - 1) / 2 of n. A minority of absurd values, at either end, never moves it
/// outside the honest values.
library Median {
    /// @notice No values to take the median of.
    error NoValues();

    /// @notice The lower median of `values` (sorted in place: insertion sort, at most a few dozen
    /// values, the committee's size).
    function lowerMedian(int256[] memory values) internal pure returns (int256) {
        uint256 n = values.length;
        if (n == 0) revert NoValues();
        for (uint256 i = 1; i < n; ++i) {
            int256 value = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > value) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = value;
        }
        return values[(n - 1) / 2];
    }
}
