// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";

/// @title SampleModule
/// @notice Test only (test/addingModule.test.ts): the smallest module a manifest entry adds to the
/// suite, with one upkeep kind. Never deployed by the suite's own manifest.
contract SampleModule is Upkeep {
    /// @notice The upkeep kind of `ping`.
    bytes32 public constant PING_KIND = "SampleModule.ping";

    /// @notice The token the module is built on.
    IERC20 public immutable token;

    /// @notice Pings so far.
    uint256 public pings;

    /// @notice `keeper` pinged; `count` pings so far.
    event Pinged(address indexed keeper, uint256 count);

    /// @param token_ The suite's base token.
    /// @param keeperRewards_ Where `ping`'s bounty is paid from.
    constructor(IERC20 token_, IKeeperRewards keeperRewards_) Upkeep(keeperRewards_) {
        token = token_;
    }

    /// @notice One unit of upkeep: counts a ping and pays its bounty.
    function ping() external {
        uint256 count = ++pings;
        emit Pinged(msg.sender, count);
        _payBounty(PING_KIND, 1);
    }
}
