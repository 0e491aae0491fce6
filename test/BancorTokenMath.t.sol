// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BancorMath} from "../contracts/libraries/BancorMath.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of the issued-token curve in BancorMath, for every supported weight 1/n:
/// a purchase never mints more than the curve allows, a round trip never returns more than was
/// put in, selling everything pays exactly the reserve, and the exact-amount cost agrees with the
/// purchase return.
contract BancorTokenMathTest is TestBase {
    struct Market {
        uint256 supply;
        uint256 reserve;
        uint256 n;
    }

    function _market(uint256 supplySeed, uint256 reserveSeed, uint256 nSeed) private pure returns (Market memory m) {
        m.supply = bound(supplySeed, 1e18, 1e12 * 1e18);
        m.reserve = bound(reserveSeed, 1e4 * 1e18, 1e10 * 1e18);
        // 1 (100%), 2 (50%), 4, 5, 8, 10, 16, 20: the weights 1,000,000 ppm divides into.
        uint8[8] memory reciprocals = [1, 2, 4, 5, 8, 10, 16, 20];
        m.n = reciprocals[nSeed % 8];
    }

    function testFuzzRoundTripNeverReturnsMore(
        uint256 supplySeed,
        uint256 reserveSeed,
        uint256 nSeed,
        uint256 depositSeed
    ) public pure {
        Market memory m = _market(supplySeed, reserveSeed, nSeed);
        uint256 deposit = bound(depositSeed, 1, m.reserve * 100);
        uint256 minted = BancorMath.purchaseReturn(m.supply, m.reserve, deposit, m.n);
        uint256 back = BancorMath.saleReturn(m.supply + minted, m.reserve + deposit, minted, m.n);
        vm.assertLe(back, deposit, "a round trip returned more than was paid");
    }

    function testFuzzPurchaseStaysUnderTheCurve(
        uint256 supplySeed,
        uint256 reserveSeed,
        uint256 nSeed,
        uint256 depositSeed
    ) public pure {
        Market memory m = _market(supplySeed, reserveSeed, nSeed);
        uint256 deposit = bound(depositSeed, 1, m.reserve * 100);
        uint256 minted = BancorMath.purchaseReturn(m.supply, m.reserve, deposit, m.n);
        // What the minted tokens cost on the curve (rounded up) fits in the deposit, and two token
        // units more would not (Newton's integer root may end a unit below the real one), give
        // or take the reserve side's rounding: a billionth and a few wei.
        vm.assertLe(BancorMath.purchaseCostExact(m.supply, m.reserve, minted, m.n), deposit, "minted above the curve");
        uint256 twoMore = BancorMath.purchaseCostExact(m.supply, m.reserve, minted + 2, m.n);
        vm.assertLe(deposit, twoMore + deposit / 1e9 + 8 * m.n, "short-changed beyond rounding");
    }

    function testFuzzSellingEverythingPaysTheReserve(
        uint256 supplySeed,
        uint256 reserveSeed,
        uint256 nSeed
    ) public pure {
        Market memory m = _market(supplySeed, reserveSeed, nSeed);
        vm.assertEq(BancorMath.saleReturn(m.supply, m.reserve, m.supply, m.n), m.reserve, "not the whole reserve");
    }

    function testFuzzSalesInPartsAddUpToTheReserve(
        uint256 supplySeed,
        uint256 reserveSeed,
        uint256 nSeed,
        uint256 partSeed
    ) public pure {
        Market memory m = _market(supplySeed, reserveSeed, nSeed);
        uint256 part = bound(partSeed, 1, m.supply - 1);
        uint256 first = BancorMath.saleReturn(m.supply, m.reserve, part, m.n);
        uint256 second = BancorMath.saleReturn(m.supply - part, m.reserve - first, m.supply - part, m.n);
        vm.assertEq(first + second, m.reserve, "the parts did not add up to the reserve");
    }

    /// At a price of 2·10^-8 base per token a wei of deposit would buy 5·10^7 units on the exact
    /// curve, but the reserve side, rounded up, already exceeds the target by a wei: the Newton
    /// step back overshoots the whole purchase and nothing is minted, never more than paid for.
    function testDepositBelowTheRoundingMintsNothing() public pure {
        uint256 supply = 1e30;
        uint256 reserve = 1e22;
        vm.assertEq(BancorMath.purchaseReturn(supply, reserve, 1, 2), 0, "minted for a wei below the rounding");
        vm.assertGe(BancorMath.purchaseCostExact(supply, reserve, 1, 2), 1, "a unit came for free");
        // Nothing in, nothing out; nothing sold, nothing paid.
        vm.assertEq(BancorMath.purchaseReturn(supply, reserve, 0, 2), 0, "minted for nothing");
        vm.assertEq(BancorMath.saleReturn(supply, reserve, 0, 2), 0, "paid for nothing");
    }
}
