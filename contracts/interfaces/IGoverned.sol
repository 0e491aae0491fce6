// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGoverned
/// @notice A contract whose rules change only through the Timelock that executes passed referenda.
interface IGoverned {
    error NotTimelock(address caller, address timelock);

    /// @notice The TimelockController that executes passed proposals.
    function timelock() external view returns (address);
}
