// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";

/// @title Upkeep
/// @notice The base of every module that pays keepers for permissionless upkeep (DESIGN §2).
/// @dev A bounty pays for work, never for a call: a module counts the units of due work an upkeep
/// did (landlords settled, proposals moved, accounts paid) and reports them once with
/// `_payBounty(kind, units)`, so a batch of one pays what one unit of a larger batch pays and an
/// upkeep that did nothing pays nothing. Each unit must cost an attacker more to create than its
/// bounty: that is the module's rule to keep (minimum sizes, fees, bonds not refunded).
abstract contract Upkeep {
    /// @notice Where this module's upkeep bounties are paid from (its kinds are registered there).
    IKeeperRewards public immutable keeperRewards;

    /// @param keeperRewards_ The KeeperRewards contract this module's kinds are registered in.
    constructor(IKeeperRewards keeperRewards_) {
        keeperRewards = keeperRewards_;
    }

    /// @dev Pays the caller `units` bounties of `kind`; nothing (and no call) for zero units.
    /// Call it last, after the work's effects: KeeperRewards transfers tokens to the caller.
    function _payBounty(bytes32 kind, uint256 units) internal {
        if (units == 0) return;
        // Slither unused-return: the amount paid is KeeperRewards' own record (BountyPaid).
        // slither-disable-next-line unused-return
        keeperRewards.reward(msg.sender, kind, units);
    }
}
