// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IUpkeep
/// @notice What every module's permissionless upkeep shares (DESIGN §2).
interface IUpkeep {
    /// @notice The upkeep is not due yet: it becomes due at `dueAt`; the call was judged at
    /// `nowAt`. Both are in the unit of the rule that failed: a timestamp for every governance,
    /// tokenization and vesting upkeep (then `nowAt` is the block's timestamp); in the storage
    /// market an epoch for `reclaim` and `drip` (then `nowAt` is the current epoch), a block number
    /// for `assign` and `reseed`'s seed block (then `nowAt` is the block number), a timestamp for
    /// `openEpoch`, `reseed`'s deadline and `settleEpoch`. `dueAt` is zero when it never will be.
    error NotDue(uint256 dueAt, uint256 nowAt);
}
