// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title StakeVault
/// @notice Holds one staker's stake and delegates its base-token votes, so that staking never costs
/// the staker its vote (DESIGN §7): the votes stay in the base token, where every referendum
/// already reads them, and no VotingPower source is added. Deployed once by its pool as the
/// implementation of a minimal clone per staker (salt: the staker).
/// @dev The clone has no storage: the pool and the token are immutables of the implementation's
/// code, which every clone runs through delegatecall.
contract StakeVault {
    using SafeERC20 for IERC20;

    error NotPool(address caller, address pool);

    /// @notice The pool that deployed the implementation and alone moves the vault's tokens.
    address public immutable pool;
    /// @notice The base token.
    IERC20 public immutable token;

    /// @param token_ The base token.
    constructor(IERC20 token_) {
        pool = msg.sender;
        token = token_;
    }

    /// @notice Delegates the vault's votes to `delegatee`. Only the pool.
    function delegate(address delegatee) external {
        if (msg.sender != pool) revert NotPool(msg.sender, pool);
        IVotes(address(token)).delegate(delegatee);
    }

    /// @notice Pays `amount` to `to`. Only the pool.
    function pay(address to, uint256 amount) external {
        if (msg.sender != pool) revert NotPool(msg.sender, pool);
        token.safeTransfer(to, amount);
    }
}
