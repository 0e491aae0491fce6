// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "../interfaces/IGoverned.sol";

/// @title Governed
/// @notice Gives a contract's rule changes to the Timelock that executes passed referenda.
abstract contract Governed is IGoverned {
    /// @inheritdoc IGoverned
    address public immutable timelock;

    modifier onlyTimelock() {
        if (msg.sender != timelock) revert NotTimelock(msg.sender, timelock);
        _;
    }

    constructor(address timelock_) {
        timelock = timelock_;
    }
}
