// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BPS} from "./Constants.sol";

/// @title VestingMath
/// @notice Pure tranche arithmetic of a vesting schedule. No state.
/// @dev A schedule unlocks `unlockedAtStartBps` of `total` at `start`, then the rest in
/// `trancheCount` equal tranches, tranche k at `start + k * trancheInterval`. No tranche unlocks
/// before `start + cliff`: the tranches that fell due earlier unlock together at the cliff.
/// The amount unlocked at start is not held back by the cliff (it is, by definition, unlocked at
/// start). Cumulative amounts are computed as `rest * k / trancheCount`, so rounding dust never
/// accumulates and the last tranche completes `total` exactly.
library VestingMath {
    struct Schedule {
        uint256 total;
        uint64 start;
        uint64 cliff;
        uint64 trancheInterval;
        uint32 trancheCount;
        uint16 unlockedAtStartBps;
    }

    /// @notice The amount of `s` unlocked at `timestamp` (released or not).
    function vestedAt(Schedule memory s, uint256 timestamp) internal pure returns (uint256) {
        if (timestamp < s.start) return 0;
        uint256 initial = initialAmount(s);
        uint256 tranches = tranchesElapsed(s, timestamp);
        return initial + Math.mulDiv(s.total - initial, tranches, s.trancheCount);
    }

    /// @notice The amount unlocked at `start`.
    function initialAmount(Schedule memory s) internal pure returns (uint256) {
        return Math.mulDiv(s.total, s.unlockedAtStartBps, BPS);
    }

    /// @notice How many tranches are unlocked at `timestamp` (0 before the cliff).
    function tranchesElapsed(Schedule memory s, uint256 timestamp) internal pure returns (uint256) {
        if (timestamp < uint256(s.start) + s.cliff) return 0;
        uint256 elapsed = (timestamp - s.start) / s.trancheInterval;
        return elapsed < s.trancheCount ? elapsed : s.trancheCount;
    }

    /// @notice The first time after `timestamp` at which more of `s` unlocks, or 0 once all of it has.
    function nextUnlockAt(Schedule memory s, uint256 timestamp) internal pure returns (uint256) {
        if (timestamp < s.start) return s.start;
        if (vestedAt(s, timestamp) == s.total) return 0;
        // Before a cliff that spans at least one tranche, those tranches unlock at the cliff itself.
        if (timestamp < uint256(s.start) + s.cliff && s.cliff >= s.trancheInterval) return uint256(s.start) + s.cliff;
        return uint256(s.start) + ((timestamp - s.start) / s.trancheInterval + 1) * s.trancheInterval;
    }

    /// @notice When the last tranche unlocks.
    function endOf(Schedule memory s) internal pure returns (uint256) {
        return uint256(s.start) + uint256(s.trancheInterval) * s.trancheCount;
    }
}
