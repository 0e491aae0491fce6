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
///
/// Issued-token markets (DESIGN §5) use the same curve the other way round: a supply S backed by
/// a reserve B of base tokens, B = k·S^n (spot price B / (c·S) = n·B / S). Their supplies have
/// 18 decimals, so powers are never formed: a ratio is raised to the n-th power by n mulDivs, each
/// rounded towards the reserve, and a root is found by Newton's method and then checked with that
/// same rounding. Buying never mints more, and selling never pays more, than the exact curve.
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

    /// @notice Tokens minted for depositing `deposit` base tokens into a market holding `reserve`
    /// against `supply`: the largest t with reserve·((supply + t) / supply)^n <= reserve + deposit,
    /// the reserve side computed rounded up. Rounded down.
    function purchaseReturn(
        uint256 supply,
        uint256 reserve,
        uint256 deposit,
        uint256 weightReciprocal
    ) internal pure returns (uint256) {
        _checkWeight(weightReciprocal);
        if (supply == 0 || reserve == 0) revert EmptyStock();
        if (deposit == 0) return 0;
        uint256 target = reserve + deposit;
        if (weightReciprocal == 1) return Math.mulDiv(supply, deposit, reserve);
        uint256 x;
        if (weightReciprocal == 2 && supply <= type(uint128).max) {
            // The default 50% weight: one floor square root, no iteration.
            x = Math.sqrt(Math.mulDiv(supply * supply, target, reserve));
        } else {
            x = _root(supply, reserve, deposit, target, weightReciprocal);
        }
        if (x <= supply) return 0;
        uint256 minted = x - supply;
        // Rounded up, the reserve side may exceed the target by a few wei, and near a low price a
        // wei of reserve is worth many token units: step down by Newton's method on the reserve
        // side, whose slope at x is n·value / x. The curve is convex, so each step stays above
        // the answer, and the steps stop at the first supply whose reserve fits the target.
        for (uint256 value = _scaledUp(reserve, x, supply, weightReciprocal); value > target;) {
            uint256 step = Math.mulDiv(value - target, supply + minted, value * weightReciprocal) + 1;
            if (step >= minted) return 0;
            minted -= step;
            value = _scaledUp(reserve, supply + minted, supply, weightReciprocal);
        }
        return minted;
    }

    /// @notice Base tokens paid for burning `amount` of `supply` out of a market holding
    /// `reserve`: reserve − reserve·((supply − amount) / supply)^n, the part left computed rounded
    /// up. Selling the whole supply pays the whole reserve.
    function saleReturn(
        uint256 supply,
        uint256 reserve,
        uint256 amount,
        uint256 weightReciprocal
    ) internal pure returns (uint256) {
        _checkWeight(weightReciprocal);
        if (amount > supply) revert AmountExceedsStock(amount, supply);
        if (amount == 0) return 0;
        if (amount == supply) return reserve;
        return reserve - _scaledUp(reserve, supply - amount, supply, weightReciprocal);
    }

    /// @notice Base tokens that mint exactly `amount` more of `supply`: reserve·((supply + amount)
    /// / supply)^n − reserve, the new reserve computed rounded up.
    function purchaseCostExact(
        uint256 supply,
        uint256 reserve,
        uint256 amount,
        uint256 weightReciprocal
    ) internal pure returns (uint256) {
        _checkWeight(weightReciprocal);
        if (supply == 0) revert EmptyStock();
        return _scaledUp(reserve, supply + amount, supply, weightReciprocal) - reserve;
    }

    /// @notice The spot price of an issued token, n·reserve / supply, scaled by `scale`; rounded down.
    function tokenPrice(
        uint256 supply,
        uint256 reserve,
        uint256 weightReciprocal,
        uint256 scale
    ) internal pure returns (uint256) {
        return spotPrice(reserve, supply, weightReciprocal, scale);
    }

    /// @dev supply·(target / reserve)^(1/n), rounded down (a unit below at most), from above:
    /// Bernoulli gives the first bound, and Newton's steps on x^n = supply^n·target/reserve only
    /// decrease from there.
    function _root(
        uint256 supply,
        uint256 reserve,
        uint256 deposit,
        uint256 target,
        uint256 n
    ) private pure returns (uint256 x) {
        x = supply + Math.mulDiv(supply, deposit, reserve * n) + 1;
        uint256 scaled = Math.mulDiv(supply, target, reserve);
        for (uint256 i = 0; i < 255; ++i) {
            uint256 term = scaled;
            for (uint256 j = 1; j < n; ++j) term = Math.mulDiv(term, supply, x);
            uint256 next = ((n - 1) * x + term) / n;
            if (next >= x) break;
            x = next;
        }
    }

    /// @dev value·(numerator / denominator)^n, each of the n steps rounded up.
    function _scaledUp(
        uint256 value,
        uint256 numerator,
        uint256 denominator,
        uint256 n
    ) private pure returns (uint256 result) {
        result = value;
        for (uint256 i = 0; i < n; ++i) result = Math.mulDiv(result, numerator, denominator, Math.Rounding.Ceil);
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
