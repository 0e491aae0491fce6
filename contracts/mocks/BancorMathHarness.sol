// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BancorMath} from "../libraries/BancorMath.sol";

/// @notice Test and benchmark harness only: exposes BancorMath. Never deployed by the suite.
contract BancorMathHarness {
    function purchaseCost(
        uint256 pool,
        uint256 remaining,
        uint256 amount,
        uint256 weightReciprocal
    ) external pure returns (uint256) {
        return BancorMath.purchaseCost(pool, remaining, amount, weightReciprocal);
    }

    /// @notice The cost and the gas its computation took, for the benchmark.
    function measurePurchaseCost(
        uint256 pool,
        uint256 remaining,
        uint256 amount,
        uint256 weightReciprocal
    ) external view returns (uint256 cost, uint256 gasUsed) {
        uint256 before = gasleft();
        cost = BancorMath.purchaseCost(pool, remaining, amount, weightReciprocal);
        gasUsed = before - gasleft();
    }

    function spotPrice(
        uint256 pool,
        uint256 remaining,
        uint256 weightReciprocal,
        uint256 scale
    ) external pure returns (uint256) {
        return BancorMath.spotPrice(pool, remaining, weightReciprocal, scale);
    }
}
