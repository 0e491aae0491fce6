// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILandlordRegistry} from "./ILandlordRegistry.sol";
import {IStorageMarket} from "./IStorageMarket.sol";
import {IStorageProofs} from "./IStorageProofs.sol";

/// @title IStorageLens
/// @notice What storage-market upkeep is due now (DESIGN §2: each module has views that tell a
/// keeper what is due), in paged reads: one call tells a storage keeper job what to send.
/// @dev Each flag is true exactly when the upkeep call, sent in a block with the timestamp and
/// number of the block the view is read at, passes the contract's own timing and state checks
/// (it does not revert with `NotDue`, `WrongStatus`, `NotExpiring`, `NotMovable`, `NothingToMove`
/// or `EpochNotOpen`). What needs more than the chain's state (who calls: a committee member's
/// exclusive settlement window, `ExclusiveSettler`; whether a landlord has room for a move,
/// `InsufficientCapacity`) is the caller's. Pages scan a caller-chosen number of ids, so a read's
/// gas is bounded whatever the number of leases or landlords.
interface IStorageLens {
    /// @notice The upkeep due now on one lease of the StorageMarket.
    /// @param leaseId The lease.
    /// @param status Its status.
    /// @param endEpoch The epoch it ends at (0 while Pending).
    /// @param assignableAt The block from which `assign` is due (0 unless Pending).
    /// @param assign `StorageMarket.assign`: Pending and its randomness block is mined.
    /// @param expire `StorageProofs.expireLease`: Active, from its last epoch, not yet expired.
    /// @param reclaim `StorageMarket.reclaim`: Active and its grace is over.
    /// @param movable The members `LandlordRegistry.reassignMember` may move now (zero where none).
    /// @param rejected Whether each movable member rejected the lease's data (moved unpaid).
    struct DueLease {
        uint256 leaseId;
        IStorageMarket.LeaseStatus status;
        uint256 endEpoch;
        uint256 assignableAt;
        bool assign;
        bool expire;
        bool reclaim;
        address[3] movable;
        bool[3] rejected;
    }

    /// @notice A page of leases with upkeep due.
    /// @param epoch The current epoch.
    /// @param due The leases with at least one upkeep due, in id order.
    /// @param nextFromId Where the next page starts; 0 once the last lease was scanned.
    /// @param openFromId Every lease scanned below it is Refunded or Reclaimed (final: nothing is
    /// ever due on it again); a keeper may start its next scan there.
    struct LeasePage {
        uint256 epoch;
        DueLease[] due;
        uint256 nextFromId;
        uint256 openFromId;
    }

    /// @notice The current proof epoch's upkeep.
    /// @param epoch The current epoch.
    /// @param requestId Its randomness request (0: not opened).
    /// @param seedBlock The request's block (0: not opened).
    /// @param seedDeadline Before when it must be opened and its seed recorded.
    /// @param proofDeadline When its proof window closes.
    /// @param open `StorageProofs.openEpoch` is due.
    /// @param recordSeed `StorageProofs.reseed` is due (records the seed, or re-seeds a missed block).
    struct DueEpoch {
        uint256 epoch;
        uint256 requestId;
        uint256 seedBlock;
        uint256 seedDeadline;
        uint256 proofDeadline;
        bool open;
        bool recordSeed;
    }

    /// @notice An epoch to settle and the landlords to settle in it (`StorageProofs.settleEpoch`).
    struct SettleBatch {
        uint256 epoch;
        address[] landlords;
    }

    /// @notice The StorageMarket read.
    function market() external view returns (IStorageMarket);

    /// @notice The LandlordRegistry read.
    function registry() external view returns (ILandlordRegistry);

    /// @notice The StorageProofs read.
    function proofs() external view returns (IStorageProofs);

    /// @notice Leases with upkeep due now among ids `fromId` .. `fromId + maxScan - 1` (ids start
    /// at 1; `fromId` 0 reads as 1); leases with nothing due are left out.
    function dueLeases(uint256 fromId, uint256 maxScan) external view returns (LeasePage memory page);

    /// @notice Whether `openEpoch` or `reseed` is due on the current epoch.
    function dueEpoch() external view returns (DueEpoch memory);

    /// @notice Whether `drip` is due (`StorageMarket.drip`: subsidy left and an epoch not dripped).
    /// @return due Whether it is due.
    /// @return epoch The current epoch.
    function dueDrip() external view returns (bool due, uint256 epoch);

    /// @notice The epochs whose proof window is over (`settleEpoch` is not NotDue on them), from
    /// `fromEpoch` on, at most `maxCount`, in order.
    /// @return epochs The epochs.
    /// @return nextEpoch The epoch after the last one returned (the next page starts there).
    function settleableEpochs(
        uint256 fromEpoch,
        uint256 maxCount
    ) external view returns (uint256[] memory epochs, uint256 nextEpoch);

    /// @notice Landlords among ids `fromId` .. `fromId + maxScan - 1` not yet settled up to
    /// `epoch` (registered, `nextSettleEpoch <= epoch`, a Retired one only up to its
    /// `closedEpoch`). The registry settles a landlord in `epoch` only when `epoch` is its
    /// `nextSettleEpoch`: one behind is settled in its earlier epochs first.
    /// @return landlords The landlords, in id order.
    /// @return nextFromId Where the next page starts; 0 once the last landlord was scanned.
    function unsettledLandlords(
        uint256 epoch,
        uint256 fromId,
        uint256 maxScan
    ) external view returns (address[] memory landlords, uint256 nextFromId);

    /// @notice The settlement due now for landlords among ids `fromId` .. `fromId + maxScan - 1`:
    /// from the oldest epoch one of them has not settled, each epoch whose proof window is over
    /// (at most `maxEpochs`) with its `unsettledLandlords`. Sent in order, every batch settles
    /// at least one landlord (each epoch is some landlord's next one once the batches before it
    /// ran).
    /// @return batches The batches, oldest epoch first (epochs without landlords left out).
    /// @return nextFromId Where the next page of landlords starts; 0 once the last was scanned.
    function dueSettlements(
        uint256 fromId,
        uint256 maxScan,
        uint256 maxEpochs
    ) external view returns (SettleBatch[] memory batches, uint256 nextFromId);

    /// @notice Landlords among ids `fromId` .. `fromId + maxScan - 1` whose memberships
    /// `LandlordRegistry.reassign` moves now (Retiring or Blacklisted, with memberships).
    /// @return landlords The landlords, in id order.
    /// @return nextFromId Where the next page starts; 0 once the last landlord was scanned.
    function dueReassigns(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (address[] memory landlords, uint256 nextFromId);
}
