// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title BancorMath
/// @notice Bancor bonding-curve arithmetic with a connector weight of the form c = 1/n, exact in
/// integers: every result is computed as one fraction and rounded once, in the pool's favour.
/// @dev The storage market (DESIGN §6) sells megabyte-days from a remaining stock R against a pool
/// of M tokens with c = 0.2 (n = 5): the spot price is p = M / (c·R) = n·M / R, and taking x out
/// of R costs the integral of p, M·((R / (R − x))^n − 1) = M·(R^n − (R − x)^n) / (R − x)^n. The
/// cost of a purchase split in parts is the cost of the whole plus at most the rounding of each
/// part, always upwards. R^n must fit 256 bits (R below 2.7e15 for n = 5).
library BancorMath {
    /// @notice The largest weight reciprocal n supported (c = 1/n, so c >= 5%).
    uint256 internal constant MAX_WEIGHT_RECIPROCAL = 20;

    error InvalidWeightReciprocal(uint256 weightReciprocal);
    error EmptyStock();
    error AmountExceedsStock(uint256 amount, uint256 remaining);
    error StockTooLarge(uint256 remaining, uint256 weightReciprocal);
    error CostTooLarge(uint256 pool, uint256 remaining, uint256 amount);

    /// @notice Tokens to pay for taking `amount` out of `remaining`, priced by a pool of `pool`
    /// tokens with connector weight 1/`weightReciprocal`; rounded up. An empty pool prices
    /// everything at zero: callers keep their pool funded.
    function purchaseCost(
        uint256 pool,
        uint256 remaining,
        uint256 amount,
        uint256 weightReciprocal
    ) internal pure returns (uint256) {
        _checkWeight(weightReciprocal);
        if (amount == 0) return 0;
        if (amount >= remaining) revert AmountExceedsStock(amount, remaining);
        uint256 before = _power(remaining, weightReciprocal);
        uint256 afterwards = _power(remaining - amount, weightReciprocal);
        // Slither unused-return: the quotient fits 256 bits iff the product's high word is below
        // the divisor; the low word is not needed for that test.
        // slither-disable-next-line unused-return
        (uint256 high, ) = Math.mul512(pool, before - afterwards);
        if (high >= afterwards) revert CostTooLarge(pool, remaining, amount);
        return Math.mulDiv(pool, before - afterwards, afterwards, Math.Rounding.Ceil);
    }

    /// @notice The spot price n·pool / remaining, in tokens per unit of stock scaled by `scale`
    /// (for example 1e18 for a price with 18 decimals of precision); rounded down.
    function spotPrice(
        uint256 pool,
        uint256 remaining,
        uint256 weightReciprocal,
        uint256 scale
    ) internal pure returns (uint256) {
        _checkWeight(weightReciprocal);
        if (remaining == 0) revert EmptyStock();
        return Math.mulDiv(pool * weightReciprocal, scale, remaining);
    }

    /// @dev base^n (n already validated), reverting with StockTooLarge instead of a panic.
    function _power(uint256 base, uint256 n) private pure returns (uint256 result) {
        result = base;
        if (base >> (256 / n) == 0) {
            // base < 2^floor(256/n), so base^n < 2^256: no product can overflow.
            unchecked {
                for (uint256 i = 1; i < n; ++i) result *= base;
            }
            return result;
        }
        for (uint256 i = 1; i < n; ++i) {
            (bool ok, uint256 next) = Math.tryMul(result, base);
            if (!ok) revert StockTooLarge(base, n);
            result = next;
        }
    }

    function _checkWeight(uint256 n) private pure {
        if (n == 0 || n > MAX_WEIGHT_RECIPROCAL) revert InvalidWeightReciprocal(n);
    }
}
