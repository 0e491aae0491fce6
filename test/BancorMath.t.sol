// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BancorMath} from "../contracts/libraries/BancorMath.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of BancorMath: splitting a purchase never lowers its total (the pool never
/// loses to rounding), and costs no more than the rounding of each part; buying more never costs
/// less.
contract BancorMathTest is TestBase {
    uint256 private constant N = 5;

    struct Market {
        uint256 pool;
        uint256 remaining;
        uint256 first;
        uint256 second;
    }

    function _market(
        uint256 poolSeed,
        uint256 remainingSeed,
        uint256 firstSeed,
        uint256 secondSeed
    ) private pure returns (Market memory m) {
        m.pool = bound(poolSeed, 1, 1e9 * 1e18);
        m.remaining = bound(remainingSeed, 3, 365 * 1e12);
        m.first = bound(firstSeed, 1, m.remaining - 2);
        m.second = bound(secondSeed, 1, m.remaining - m.first - 1);
        // Keep the whole purchase's cost within 256 bits; beyond that it reverts, whole or split.
        vm.assume(m.remaining - m.first - m.second >= m.remaining / 1e6);
    }

    function testFuzzSplittingNeverLowersTheTotal(
        uint256 poolSeed,
        uint256 remainingSeed,
        uint256 firstSeed,
        uint256 secondSeed
    ) public pure {
        Market memory m = _market(poolSeed, remainingSeed, firstSeed, secondSeed);

        uint256 whole = BancorMath.purchaseCost(m.pool, m.remaining, m.first + m.second, N);
        uint256 firstCost = BancorMath.purchaseCost(m.pool, m.remaining, m.first, N);
        uint256 secondCost = BancorMath.purchaseCost(m.pool + firstCost, m.remaining - m.first, m.second, N);

        vm.assertGe(firstCost + secondCost, whole, "split purchase paid less than the whole");
        // The first part's rounding (at most 1 token unit) grows the pool, and the second part
        // prices that unit too: at most the cost of the second part on a pool of 1, plus 2.
        uint256 slack = BancorMath.purchaseCost(1, m.remaining - m.first, m.second, N) + 2;
        vm.assertLe(firstCost + secondCost - whole, slack, "split purchase paid more than rounding");
    }

    function testFuzzCostGrowsWithAmount(
        uint256 poolSeed,
        uint256 remainingSeed,
        uint256 firstSeed,
        uint256 secondSeed
    ) public pure {
        Market memory m = _market(poolSeed, remainingSeed, firstSeed, secondSeed);
        vm.assertLe(
            BancorMath.purchaseCost(m.pool, m.remaining, m.first, N),
            BancorMath.purchaseCost(m.pool, m.remaining, m.first + m.second, N),
            "more units cost less"
        );
    }
}
