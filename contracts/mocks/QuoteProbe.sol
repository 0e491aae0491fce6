// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStorageMarket} from "../interfaces/IStorageMarket.sol";

/// @notice Benchmark harness only: the gas of StorageMarket.quote called from a contract, the
/// first time in a transaction (cold storage) and again (warm). Never deployed by the suite.
contract QuoteProbe {
    function measureQuote(
        IStorageMarket market,
        uint256 sizeMB,
        uint256 days_
    ) external view returns (uint256 cost, uint256 coldGas, uint256 warmGas) {
        uint256 before = gasleft();
        cost = market.quote(sizeMB, days_);
        coldGas = before - gasleft();
        before = gasleft();
        market.quote(sizeMB, days_);
        warmGas = before - gasleft();
    }
}
