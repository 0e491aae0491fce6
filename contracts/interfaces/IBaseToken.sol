// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IBaseToken
/// @notice The balance-snapshot surface of the Jiaozi base token, used by the CouncilReserve's
/// excess distribution. The token is also ERC20, ERC20Permit and ERC20Votes (timestamp clock).
interface IBaseToken is IERC20 {
    /// @notice A holder of the base token at genesis and the amount it received.
    struct Allocation {
        address holder;
        uint256 amount;
    }

    /// @notice Emitted when a balance snapshot is taken.
    event Snapshot(uint256 indexed snapshotId, uint256 timestamp, uint256 totalSupply);

    /// @notice Emitted once, at construction, for every genesis allocation.
    event GenesisAllocation(address indexed holder, uint256 amount);

    error SnapshotNotTaken(uint256 snapshotId, uint256 currentSnapshotId);
    error GenesisHolderZero(uint256 index);
    error GenesisAmountZero(uint256 index, address holder);
    error GenesisEmpty();

    /// @notice Takes a balance snapshot of the balances as they stood before the current block's
    /// second. Only the holder of SNAPSHOT_ROLE (the CouncilReserve).
    /// @return snapshotId the id of the new snapshot, starting at 1.
    function snapshot() external returns (uint256 snapshotId);

    /// @notice The id of the latest snapshot (0 if none was ever taken).
    function currentSnapshotId() external view returns (uint256);

    /// @notice `account`'s balance at snapshot `snapshotId`: its balance at the end of the last
    /// second before the block that took the snapshot (nothing moved in that block counts).
    function balanceOfAt(address account, uint256 snapshotId) external view returns (uint256);

    /// @notice The total supply when snapshot `snapshotId` was taken.
    function totalSupplyAt(uint256 snapshotId) external view returns (uint256);

    /// @notice The second snapshot `snapshotId` was taken in; its balances are those before it.
    function snapshotTime(uint256 snapshotId) external view returns (uint256);
}
