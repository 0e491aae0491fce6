// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingMath} from "../contracts/libraries/VestingMath.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of the tranche arithmetic.
contract VestingMathTest is TestBase {
    uint256 private constant MAX_TOTAL = 5_000_000_000e18;

    /// Raw fuzzer input for one schedule, bounded into valid terms by `_schedule`.
    struct ScheduleSeeds {
        uint256 total;
        uint256 start;
        uint256 interval;
        uint256 count;
        uint256 cliff;
        uint256 bps;
    }

    function _schedule(ScheduleSeeds memory seeds) private pure returns (VestingMath.Schedule memory s) {
        s.total = bound(seeds.total, 1, MAX_TOTAL);
        s.start = uint64(bound(seeds.start, 0, 1e10));
        s.trancheInterval = uint64(bound(seeds.interval, 1, 10 * 365 days));
        s.trancheCount = uint32(bound(seeds.count, 1, 240));
        s.cliff = uint64(bound(seeds.cliff, 0, uint256(s.trancheInterval) * s.trancheCount));
        s.unlockedAtStartBps = uint16(bound(seeds.bps, 0, 10_000));
    }

    function testFuzzNothingBeforeStartEverythingAtEnd(ScheduleSeeds memory seeds, uint256 before) public pure {
        VestingMath.Schedule memory s = _schedule(seeds);
        if (s.start > 0) {
            vm.assertEq(VestingMath.vestedAt(s, bound(before, 0, s.start - 1)), 0, "vested before start");
        }
        vm.assertEq(VestingMath.vestedAt(s, VestingMath.endOf(s)), s.total, "vested at end");
        vm.assertEq(VestingMath.vestedAt(s, type(uint64).max), s.total, "vested long after end");
        vm.assertEq(VestingMath.vestedAt(s, s.start), VestingMath.initialAmount(s), "at start");
    }

    function testFuzzMonotonicAndBounded(ScheduleSeeds memory seeds, uint256 t1, uint256 t2) public pure {
        VestingMath.Schedule memory s = _schedule(seeds);
        uint256 horizon = VestingMath.endOf(s) + 2 * uint256(s.trancheInterval);
        t1 = bound(t1, 0, horizon);
        t2 = bound(t2, t1, horizon);
        uint256 v1 = VestingMath.vestedAt(s, t1);
        uint256 v2 = VestingMath.vestedAt(s, t2);
        vm.assertLe(v1, v2, "vested decreased over time");
        vm.assertLe(v2, s.total, "vested above total");
    }

    /// Exactly at each tranche boundary past the cliff the tranche unlocks; one second earlier it
    /// has not.
    function testFuzzTrancheBoundaries(ScheduleSeeds memory seeds, uint256 k) public pure {
        VestingMath.Schedule memory s = _schedule(seeds);
        k = bound(k, 1, s.trancheCount);
        uint256 boundary = uint256(s.start) + k * s.trancheInterval;
        vm.assume(boundary - 1 >= uint256(s.start) + s.cliff);
        uint256 initial = VestingMath.initialAmount(s);
        uint256 rest = s.total - initial;
        vm.assertEq(VestingMath.vestedAt(s, boundary), initial + (rest * k) / s.trancheCount, "at boundary");
        vm.assertEq(VestingMath.vestedAt(s, boundary - 1), initial + (rest * (k - 1)) / s.trancheCount, "before");
    }

    /// Before the cliff only the start amount is unlocked; at the cliff every tranche due by then.
    function testFuzzCliff(ScheduleSeeds memory seeds) public pure {
        VestingMath.Schedule memory s = _schedule(seeds);
        vm.assume(s.cliff > 0);
        uint256 cliffEnd = uint256(s.start) + s.cliff;
        uint256 initial = VestingMath.initialAmount(s);
        vm.assertEq(VestingMath.vestedAt(s, cliffEnd - 1), initial, "before cliff");
        uint256 due = s.cliff / s.trancheInterval;
        if (due > s.trancheCount) due = s.trancheCount;
        vm.assertEq(
            VestingMath.vestedAt(s, cliffEnd),
            initial + ((s.total - initial) * due) / s.trancheCount,
            "at cliff"
        );
    }

    /// The tranche increments add up to the total exactly: no dust is created or lost.
    function testFuzzTranchesSumToTotal(uint256 total, uint256 count, uint256 bps) public pure {
        VestingMath.Schedule memory s = _schedule(ScheduleSeeds(total, 0, 30 days, count, 0, bps));
        uint256 sum = VestingMath.vestedAt(s, s.start);
        for (uint256 k = 1; k <= s.trancheCount; ++k) {
            uint256 at = uint256(s.start) + k * s.trancheInterval;
            sum += VestingMath.vestedAt(s, at) - VestingMath.vestedAt(s, at - 1);
        }
        vm.assertEq(sum, s.total, "tranches do not sum to total");
    }

    /// Nothing unlocks strictly between now and nextUnlockAt, and nextUnlockAt is in the future.
    function testFuzzNextUnlockAt(ScheduleSeeds memory seeds, uint256 now_) public pure {
        VestingMath.Schedule memory s = _schedule(seeds);
        now_ = bound(now_, 0, VestingMath.endOf(s) + s.trancheInterval);
        uint256 next = VestingMath.nextUnlockAt(s, now_);
        if (VestingMath.vestedAt(s, now_) == s.total) vm.assertEq(next, 0, "fully vested but a next unlock");
        if (next == 0) {
            vm.assertEq(VestingMath.vestedAt(s, now_), s.total, "no next unlock but not fully vested");
            return;
        }
        vm.assertTrue(next > now_, "next unlock not in the future");
        vm.assertEq(VestingMath.vestedAt(s, next - 1), VestingMath.vestedAt(s, now_), "unlock before next");
    }
}
