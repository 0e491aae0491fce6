// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IRandomness} from "../interfaces/IRandomness.sol";
import {IStorageLens} from "../interfaces/IStorageLens.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";
import {IStorageProofs} from "../interfaces/IStorageProofs.sol";

/// @title StorageLens
/// @notice Paged views of the storage-market upkeep due now, for keepers (DESIGN §2, §6): one
/// read instead of one per lease or landlord and timing rules copied into every keeper job.
/// @dev A separate contract because LandlordRegistry and StorageProofs are close to the 24 KB
/// code size limit. It holds no state and no role; it reads the storage contracts' public views
/// and applies, line for line, the checks their upkeep functions make before doing any work (the
/// comments name them). Decisions:
/// - `expire` is reported from a lease's last epoch for as long as the lease is Active and not
///   expired, grace included, as `expireLease` accepts it; whether it is still worth sending in
///   the grace is the keeper's choice (the job stops at the grace's end, when `reclaim` is due).
/// - Movable members are reported on every Active lease, rejected ones included (`reassignMember`
///   moves both); the keeper job moves only the paid ones on live leases.
/// - Expiry is StorageProofs' `isExpired` (the lease's end epoch when it was expired is still its
///   end epoch), the view keepers polled before.
/// - Pages scan a caller-chosen number of ids, so a read's gas is bounded whatever the count.
contract StorageLens is IStorageLens {
    IStorageMarket public immutable market;
    ILandlordRegistry public immutable registry;
    IStorageProofs public immutable proofs;
    /// @notice The randomness beacon the proof epochs request their seeds from (StorageProofs').
    IRandomness public immutable randomness;

    /// @dev A landlord's settlement state, as the registry's `_settleOne` reads it.
    struct Unsettled {
        address account;
        ILandlordRegistry.Status status;
        uint256 nextSettleEpoch;
        uint256 closedEpoch;
    }

    constructor(IStorageMarket market_, ILandlordRegistry registry_, IStorageProofs proofs_) {
        market = market_;
        registry = registry_;
        proofs = proofs_;
        randomness = proofs_.randomness();
    }

    /// @inheritdoc IStorageLens
    function dueLeases(uint256 fromId, uint256 maxScan) external view returns (LeasePage memory page) {
        (uint256 first, uint256 last, uint256 next) = _page(fromId, maxScan, market.leaseCount());
        page.epoch = market.currentEpoch();
        page.nextFromId = next;
        page.openFromId = first;
        if (last < first) return page;
        uint256 grace = market.graceEpochs();
        DueLease[] memory due = new DueLease[](last - first + 1);
        uint256 found = 0;
        bool open = false;
        for (uint256 id = first; id <= last; ++id) {
            (DueLease memory entry, bool final_) = _dueOn(id, page.epoch, grace);
            if (!open) {
                if (final_) page.openFromId = id + 1;
                else open = true;
            }
            if (_anyDue(entry)) due[found++] = entry;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(due, found)
        }
        page.due = due;
    }

    /// @inheritdoc IStorageLens
    function dueEpoch() external view returns (DueEpoch memory status) {
        status.epoch = market.currentEpoch();
        status.requestId = proofs.epochRequestOf(status.epoch);
        status.seedDeadline = proofs.seedDeadline(status.epoch);
        status.proofDeadline = proofs.proofDeadline(status.epoch);
        bool beforeSeedDeadline = block.timestamp < status.seedDeadline;
        // StorageProofs.openEpoch: NotDue once opened or from the seed deadline.
        status.open = status.requestId == 0 && beforeSeedDeadline;
        if (status.requestId == 0) return status;
        IRandomness.Request memory request = randomness.requestOf(status.requestId);
        status.seedBlock = request.seedBlock;
        // StorageProofs.reseed: EpochNotOpen without a request; NotDue from the seed deadline,
        // once recorded (a seed recorded here is recorded in the beacon too: `prove` and `reseed`
        // both call `record`), and up to the seed block.
        status.recordSeed = beforeSeedDeadline && request.value == bytes32(0) && block.number > request.seedBlock;
    }

    /// @inheritdoc IStorageLens
    function dueDrip() external view returns (bool due, uint256 epoch) {
        // StorageMarket.drip: NotDue when `_dripDue` drips nothing: every epoch up to the current
        // one dripped, or min(epochs × dripPerEpoch, subsidy reserve) is zero (charging the
        // epochs first moves rent from M to its escrow, which leaves the reserve as it is).
        epoch = market.currentEpoch();
        uint256 next = market.nextDripEpoch();
        due = next <= epoch && market.dripPerEpoch() > 0 && market.subsidyReserve() > 0;
    }

    /// @inheritdoc IStorageLens
    function settleableEpochs(
        uint256 fromEpoch,
        uint256 maxCount
    ) public view returns (uint256[] memory epochs, uint256 nextEpoch) {
        epochs = new uint256[](maxCount);
        uint256 found = 0;
        nextEpoch = fromEpoch;
        // StorageProofs.settleEpoch: NotDue before the epoch's proof deadline (which is after the
        // epoch's start, so an epoch past its deadline has begun).
        while (found < maxCount && block.timestamp >= proofs.proofDeadline(nextEpoch)) {
            epochs[found++] = nextEpoch++;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(epochs, found)
        }
    }

    /// @inheritdoc IStorageLens
    function unsettledLandlords(
        uint256 epoch,
        uint256 fromId,
        uint256 maxScan
    ) external view returns (address[] memory landlords, uint256 nextFromId) {
        Unsettled[] memory scanned;
        (scanned, nextFromId) = _scanLandlords(fromId, maxScan);
        landlords = _unsettledAt(scanned, epoch);
    }

    /// @inheritdoc IStorageLens
    function dueSettlements(
        uint256 fromId,
        uint256 maxScan,
        uint256 maxEpochs
    ) external view returns (SettleBatch[] memory batches, uint256 nextFromId) {
        Unsettled[] memory scanned;
        (scanned, nextFromId) = _scanLandlords(fromId, maxScan);
        uint256 current = market.currentEpoch();
        // The oldest epoch one of them has not settled, of those it still settles.
        uint256 oldest = current;
        bool pending = false;
        for (uint256 i = 0; i < scanned.length; ++i) {
            Unsettled memory landlord = scanned[i];
            if (_settlesIn(landlord, landlord.nextSettleEpoch) && landlord.nextSettleEpoch <= current) {
                pending = true;
                if (landlord.nextSettleEpoch < oldest) oldest = landlord.nextSettleEpoch;
            }
        }
        if (!pending) return (new SettleBatch[](0), nextFromId);
        (uint256[] memory epochs, ) = settleableEpochs(oldest, maxEpochs);
        batches = new SettleBatch[](epochs.length);
        uint256 found = 0;
        for (uint256 i = 0; i < epochs.length; ++i) {
            address[] memory landlords = _unsettledAt(scanned, epochs[i]);
            if (landlords.length > 0) batches[found++] = SettleBatch({epoch: epochs[i], landlords: landlords});
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(batches, found)
        }
    }

    /// @inheritdoc IStorageLens
    function dueReassigns(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (address[] memory landlords, uint256 nextFromId) {
        (uint256 first, uint256 last, uint256 next) = _page(fromId, maxScan, registry.landlordCount());
        nextFromId = next;
        if (last < first) return (new address[](0), nextFromId);
        landlords = new address[](last - first + 1);
        uint256 found = 0;
        for (uint256 id = first; id <= last; ++id) {
            address account = registry.accountOf(id);
            ILandlordRegistry.Landlord memory landlord = registry.landlordOf(account);
            // LandlordRegistry.reassign: NothingToMove unless Retiring or Blacklisted with
            // memberships (the keeper's batch size is never zero).
            bool movable =
                landlord.status == ILandlordRegistry.Status.Retiring ||
                    landlord.status == ILandlordRegistry.Status.Blacklisted;
            if (movable && landlord.memberships > 0) landlords[found++] = account;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(landlords, found)
        }
    }

    /// @dev The upkeep due on lease `id` now, and whether the lease is final (Refunded or
    /// Reclaimed: nothing is ever due on it again).
    function _dueOn(
        uint256 id,
        uint256 epoch,
        uint256 grace
    ) private view returns (DueLease memory entry, bool final_) {
        IStorageMarket.Lease memory lease = market.leaseOf(id);
        entry.leaseId = id;
        entry.status = lease.status;
        entry.endEpoch = lease.endEpoch;
        if (lease.status == IStorageMarket.LeaseStatus.Pending) {
            // StorageMarket.assign: WrongStatus unless Pending; NotDue(seedBlock + 1, block) up to
            // the randomness block (a missed block is re-seeded, a block before added capacity
            // re-requested: both are the call's work, not a revert).
            entry.assignableAt = market.assignableAt(id);
            entry.assign = block.number >= entry.assignableAt;
            return (entry, false);
        }
        if (lease.status != IStorageMarket.LeaseStatus.Active) return (entry, true);
        // StorageProofs.expireLease: NotExpiring unless Active, before the last epoch
        // (epoch + 1 < endEpoch), or when the registry has it expired already.
        entry.expire = epoch + 1 >= lease.endEpoch && !proofs.isExpired(id);
        // StorageMarket.reclaim: WrongStatus unless Active, NotDue before endEpoch + grace.
        entry.reclaim = epoch >= lease.endEpoch + grace;
        // LandlordRegistry.reassignMember: NotMovable when movableAt is 0 (accepted) or later.
        address[3] memory group = registry.groupOf(id);
        for (uint256 i = 0; i < 3; ++i) {
            (uint256 at, bool rejected) = registry.movableAt(id, group[i]);
            if (at != 0 && block.timestamp >= at) {
                entry.movable[i] = group[i];
                entry.rejected[i] = rejected;
            }
        }
        return (entry, false);
    }

    /// @dev Whether some upkeep is due on the lease of `entry`.
    function _anyDue(DueLease memory entry) private pure returns (bool) {
        return
            entry.assign ||
            entry.expire ||
            entry.reclaim ||
            entry.movable[0] != address(0) ||
            entry.movable[1] != address(0) ||
            entry.movable[2] != address(0);
    }

    /// @dev The settlement state of landlords `fromId` .. `fromId + maxScan - 1`, and the next
    /// page's start.
    function _scanLandlords(
        uint256 fromId,
        uint256 maxScan
    ) private view returns (Unsettled[] memory scanned, uint256 nextFromId) {
        (uint256 first, uint256 last, uint256 next) = _page(fromId, maxScan, registry.landlordCount());
        nextFromId = next;
        if (last < first) return (new Unsettled[](0), nextFromId);
        scanned = new Unsettled[](last - first + 1);
        for (uint256 id = first; id <= last; ++id) {
            address account = registry.accountOf(id);
            ILandlordRegistry.Landlord memory landlord = registry.landlordOf(account);
            scanned[id - first] = Unsettled(account, landlord.status, landlord.nextSettleEpoch, landlord.closedEpoch);
        }
    }

    /// @dev The landlords of `scanned` not yet settled up to `epoch`.
    function _unsettledAt(Unsettled[] memory scanned, uint256 epoch) private pure returns (address[] memory landlords) {
        landlords = new address[](scanned.length);
        uint256 found = 0;
        for (uint256 i = 0; i < scanned.length; ++i) {
            if (scanned[i].nextSettleEpoch <= epoch && _settlesIn(scanned[i], epoch)) {
                landlords[found++] = scanned[i].account;
            }
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(landlords, found)
        }
    }

    /// @dev LandlordRegistry._settleOne: UnknownLandlord when not registered; a Retired landlord
    /// is skipped after its closing epoch.
    function _settlesIn(Unsettled memory landlord, uint256 epoch) private pure returns (bool) {
        if (landlord.status == ILandlordRegistry.Status.None) return false;
        return landlord.status != ILandlordRegistry.Status.Retired || epoch <= landlord.closedEpoch;
    }

    /// @dev The ids `first` .. `last` of a page over ids 1 .. `count` and the next page's start
    /// (0 when `last` is the last id).
    function _page(
        uint256 fromId,
        uint256 maxScan,
        uint256 count
    ) private pure returns (uint256 first, uint256 last, uint256 next) {
        first = fromId == 0 ? 1 : fromId;
        if (first > count || maxScan == 0) return (first, 0, first > count ? 0 : first);
        last = maxScan > count - first ? count : first + maxScan - 1;
        next = last == count ? 0 : last + 1;
    }
}
