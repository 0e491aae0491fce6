// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title BondVault
/// @notice Holds one council candidate's bonds and delegates them to the candidate, so that a bond
/// never costs its owner a vote (DESIGN §4). Deployed by the Council as a clone per candidate,
/// and once by the CouncilReserve as its claims vault (delegating to nobody: what distributions
/// owe holders never votes). `council` is the contract that initialized it and alone releases.
contract BondVault {
    using SafeERC20 for IERC20;

    error NotCouncil(address caller);
    error AlreadyInitialized();

    address public council;

    /// @notice Binds the vault to the caller and delegates its balance to `candidate` (nobody for
    /// address zero). Once.
    function initialize(IVotes token, address candidate) external {
        if (council != address(0)) revert AlreadyInitialized();
        council = msg.sender;
        token.delegate(candidate);
    }

    /// @notice Pays `amount` of `token` to `to`. Only the contract that initialized the vault.
    function release(IERC20 token, address to, uint256 amount) external {
        if (msg.sender != council) revert NotCouncil(msg.sender);
        token.safeTransfer(to, amount);
    }
}
