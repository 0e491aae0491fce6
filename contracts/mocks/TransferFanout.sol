// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Benchmark tool only: makes `count` real transfers of the token in one transaction, to
/// addresses derived from `firstRecipient`, so the indexer benchmark can backfill ten thousand
/// Transfer events in a few dozen transactions. Never deployed by the suite.
contract TransferFanout {
    using SafeERC20 for IERC20;

    /// @notice Pulls `count * amount` from the caller (approved first), then sends `amount` to each
    /// of `count` consecutive addresses from `firstRecipient`.
    function fanOut(IERC20 token, uint160 firstRecipient, uint256 count, uint256 amount) external {
        token.safeTransferFrom(msg.sender, address(this), count * amount);
        for (uint160 i = 0; i < count; ++i) {
            token.safeTransfer(address(firstRecipient + i), amount);
        }
    }
}
