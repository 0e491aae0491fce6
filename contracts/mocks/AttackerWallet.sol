// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @notice Test tool only: a contract wallet (a Safe or an ERC-4337 account in miniature) that its
/// owner drives with `execute`, and a flash borrower that holds `amount` of a lender's tokens for
/// the length of one call. Never deployed by the suite.
contract AttackerWallet {
    using SafeERC20 for IERC20;

    address public immutable owner;

    error NotOwner(address caller);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Calls `target` with `data` as this wallet. Owner only.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @notice Borrows `amount` from `lender` (which approved this wallet), calls `target` with
    /// `data` while holding it, and pays it back in the same transaction.
    function flash(IERC20 token, address lender, uint256 amount, address target, bytes calldata data) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        token.safeTransferFrom(lender, address(this), amount);
        Address.functionCall(target, data);
        token.safeTransfer(lender, amount);
    }
}
