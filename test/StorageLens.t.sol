// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILandlordRegistry} from "../contracts/interfaces/ILandlordRegistry.sol";
import {IRandomness} from "../contracts/interfaces/IRandomness.sol";
import {IStorageLens} from "../contracts/interfaces/IStorageLens.sol";
import {IStorageMarket} from "../contracts/interfaces/IStorageMarket.sol";
import {IStorageProofs} from "../contracts/interfaces/IStorageProofs.sol";
import {StorageLens} from "../contracts/storage-market/StorageLens.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The views StorageLens reads, with records the tests set: StorageMarket,
/// LandlordRegistry, StorageProofs and the randomness beacon in one contract (the lens only calls
/// these functions).
contract StorageViewsMock {
    uint256 public constant EPOCH = 1 days;
    uint256 public constant WINDOW = 6 hours;

    IStorageMarket.Lease[] private _leases;
    mapping(uint256 leaseId => uint256 at) public assignableAt;
    mapping(uint256 leaseId => bool expired) public isExpired;
    mapping(uint256 leaseId => mapping(address member => uint256 at)) private _movableAt;
    address[] private _accounts;
    mapping(address account => ILandlordRegistry.Landlord landlord) private _landlords;
    uint256 public graceEpochs = 30;
    uint256 public dripPerEpoch = 1;
    uint256 public nextDripEpoch;
    uint256 public subsidyReserve;
    mapping(uint256 epoch => uint256 requestId) public epochRequestOf;
    mapping(uint256 requestId => IRandomness.Request request) private _requests;

    function addLease(IStorageMarket.LeaseStatus status, uint256 endEpoch) external returns (uint256 leaseId) {
        IStorageMarket.Lease memory lease;
        lease.status = status;
        lease.endEpoch = uint32(endEpoch);
        _leases.push(lease);
        leaseId = _leases.length;
    }

    function addLandlord(
        ILandlordRegistry.Status status,
        uint256 nextSettleEpoch,
        uint256 closedEpoch,
        uint256 memberships
    ) external returns (address account) {
        account = address(uint160(0x1000 + _accounts.length + 1));
        _accounts.push(account);
        ILandlordRegistry.Landlord storage landlord = _landlords[account];
        landlord.id = uint32(_accounts.length);
        landlord.status = status;
        landlord.nextSettleEpoch = uint32(nextSettleEpoch);
        landlord.closedEpoch = uint32(closedEpoch);
        landlord.memberships = uint32(memberships);
    }

    function setMovable(uint256 leaseId, address member, uint256 at) external {
        _movableAt[leaseId][member] = at;
    }

    function setDrip(uint256 next, uint256 reserve, uint256 perEpoch) external {
        (nextDripEpoch, subsidyReserve, dripPerEpoch) = (next, reserve, perEpoch);
    }

    function setRequest(uint256 epoch, uint256 requestId, uint256 seedBlock, bytes32 value) external {
        epochRequestOf[epoch] = requestId;
        _requests[requestId] = IRandomness.Request(address(this), uint64(seedBlock), value);
    }

    function leaseCount() external view returns (uint256) {
        return _leases.length;
    }

    function leaseOf(uint256 leaseId) external view returns (IStorageMarket.Lease memory) {
        return _leases[leaseId - 1];
    }

    function currentEpoch() public view returns (uint256) {
        return block.timestamp / EPOCH;
    }

    function randomness() external view returns (address) {
        return address(this);
    }

    function requestOf(uint256 requestId) external view returns (IRandomness.Request memory) {
        return _requests[requestId];
    }

    function seedDeadline(uint256 epoch) external pure returns (uint256) {
        return epoch * EPOCH + WINDOW / 2;
    }

    function proofDeadline(uint256 epoch) external pure returns (uint256) {
        return epoch * EPOCH + WINDOW;
    }

    function landlordCount() external view returns (uint256) {
        return _accounts.length;
    }

    function accountOf(uint256 id) external view returns (address) {
        return _accounts[id - 1];
    }

    function landlordOf(address account) external view returns (ILandlordRegistry.Landlord memory) {
        return _landlords[account];
    }

    /// @dev Members are the first three landlords.
    function groupOf(uint256) external view returns (address[3] memory group) {
        for (uint256 i = 0; i < 3 && i < _accounts.length; ++i) group[i] = _accounts[i];
    }

    function movableAt(uint256 leaseId, address member) external view returns (uint256 at, bool rejected) {
        at = _movableAt[leaseId][member];
        rejected = at == 1;
    }
}

/// @notice The block-number cheatcode (Hardhat 3 implements it), used here only.
interface VmRoll {
    function roll(uint256 blockNumber) external;
}

contract StorageLensTest is TestBase {
    StorageViewsMock private views;
    StorageLens private lens;

    function setUp() public {
        views = new StorageViewsMock();
        address at = address(views);
        lens = new StorageLens(IStorageMarket(at), ILandlordRegistry(at), IStorageProofs(at));
        vm.warp(10 days);
        VmRoll(address(vm)).roll(100);
    }

    function _final(uint256 status) private pure returns (bool) {
        return
            status == uint256(IStorageMarket.LeaseStatus.Refunded) ||
            status == uint256(IStorageMarket.LeaseStatus.Reclaimed);
    }

    function testLeaseFlagsFollowTheUpkeepChecks() public {
        uint256 pending = views.addLease(IStorageMarket.LeaseStatus.Pending, 0);
        uint256 ending = views.addLease(IStorageMarket.LeaseStatus.Active, 11); // last epoch 10 = now
        uint256 live = views.addLease(IStorageMarket.LeaseStatus.Active, 12);
        views.setMovable(live, views.addLandlord(ILandlordRegistry.Status.Active, 0, 0, 1), block.timestamp + 1);
        IStorageLens.LeasePage memory page = lens.dueLeases(1, 10);
        vm.assertEq(page.epoch, 10, "epoch");
        vm.assertEq(page.due.length, 2, "the pending and the ending lease are due");
        vm.assertEq(page.due[0].leaseId, pending, "assign due (assignableAt reached)");
        vm.assertTrue(page.due[0].assign && !page.due[0].expire, "assign only");
        vm.assertEq(page.due[1].leaseId, ending, "expire due in the last epoch");
        vm.assertTrue(page.due[1].expire && !page.due[1].reclaim, "expire, not reclaim");

        vm.warp(block.timestamp + 1);
        page = lens.dueLeases(live, 1);
        vm.assertEq(page.due.length, 1, "the member became movable");
        vm.assertTrue(page.due[0].movable[0] != address(0) && !page.due[0].rejected[0], "paid move");
        vm.assertTrue(page.due[0].movable[1] == address(0), "no other member");

        vm.warp(41 days - 1);
        vm.assertTrue(!lens.dueLeases(ending, 1).due[0].reclaim, "grace not over");
        vm.warp(41 days);
        page = lens.dueLeases(ending, 1);
        vm.assertTrue(page.due[0].reclaim && page.due[0].expire, "grace over: reclaim (expire still accepted)");
    }

    function testFuzzLeasePagesVisitEachLeaseOnceAndTheOpenCursorStopsAtTheFirstLiveLease(
        uint256 statuses,
        uint8 count,
        uint8 maxScan
    ) public {
        count = uint8(bound(count, 0, 40));
        maxScan = uint8(bound(maxScan, 1, 50));
        uint256 firstOpen = 0;
        for (uint256 i = 0; i < count; ++i) {
            // Statuses 1..4 from the seed's bits; every pending lease is due (assignableAt 0).
            uint256 status = ((statuses >> (2 * (i % 128))) & 3) + 1;
            views.addLease(IStorageMarket.LeaseStatus(status), 1000);
            if (firstOpen == 0 && !_final(status)) firstOpen = i + 1;
        }
        uint256 fromId = 1;
        uint256 seen = 0;
        uint256 pages = 0;
        uint256 open = 1;
        do {
            IStorageLens.LeasePage memory page = lens.dueLeases(fromId, maxScan);
            if (open == fromId) open = page.openFromId;
            for (uint256 i = 0; i < page.due.length; ++i) {
                vm.assertTrue(page.due[i].leaseId > seen, "in order, once");
                vm.assertTrue(page.due[i].status == IStorageMarket.LeaseStatus.Pending, "only pending is due");
                seen = page.due[i].leaseId;
            }
            fromId = page.nextFromId;
            ++pages;
        } while (fromId != 0);
        vm.assertLe(pages, uint256(count) / maxScan + 1, "pages of maxScan");
        vm.assertEq(open, firstOpen == 0 ? uint256(count) + 1 : firstOpen, "open cursor");
    }

    function testEpochOpenAndSeedUntilTheSeedDeadline() public {
        IStorageLens.DueEpoch memory status = lens.dueEpoch();
        vm.assertTrue(status.open && !status.recordSeed, "not opened: open due");
        vm.warp(10 days + 3 hours);
        vm.assertTrue(!lens.dueEpoch().open, "not from the seed deadline");
        vm.warp(10 days + 1);
        views.setRequest(10, 7, block.number, bytes32(0));
        status = lens.dueEpoch();
        vm.assertTrue(!status.open && !status.recordSeed, "opened, seed block not mined");
        vm.assertEq(status.seedBlock, block.number, "seed block");
        views.setRequest(10, 7, block.number - 1, bytes32(0));
        vm.assertTrue(lens.dueEpoch().recordSeed, "seed block mined");
        views.setRequest(10, 7, block.number - 1, bytes32(uint256(1)));
        vm.assertTrue(!lens.dueEpoch().recordSeed, "recorded");
        views.setRequest(10, 7, block.number - 1, bytes32(0));
        vm.warp(10 days + 3 hours);
        vm.assertTrue(!lens.dueEpoch().recordSeed, "not from the seed deadline");
    }

    function testDripNeedsAnUndrippedEpochAndSubsidy() public {
        views.setDrip(10, 1, 1);
        (bool due, uint256 epoch) = lens.dueDrip();
        vm.assertTrue(due, "epoch 10 undripped");
        vm.assertEq(epoch, 10, "epoch");
        views.setDrip(11, 1, 1);
        (due, ) = lens.dueDrip();
        vm.assertTrue(!due, "dripped");
        views.setDrip(10, 0, 1);
        (due, ) = lens.dueDrip();
        vm.assertTrue(!due, "no subsidy left");
        views.setDrip(10, 1, 0);
        (due, ) = lens.dueDrip();
        vm.assertTrue(!due, "no drip rate");
    }

    function testFuzzSettlementBatchesStartAtTheOldestEpochAndListEveryLandlordBehind(
        uint256 seed,
        uint8 count,
        uint8 maxEpochs
    ) public {
        count = uint8(bound(count, 0, 12));
        maxEpochs = uint8(bound(maxEpochs, 1, 12));
        vm.warp(10 days + 6 hours); // epoch 10's window just closed
        uint256 oldest = type(uint256).max;
        for (uint256 i = 0; i < count; ++i) {
            uint256 next = uint256(keccak256(abi.encode(seed, i))) % 12;
            bool retired = (seed >> i) & 1 == 1;
            uint256 closed = retired ? next + (seed % 3) : 0;
            views.addLandlord(
                retired ? ILandlordRegistry.Status.Retired : ILandlordRegistry.Status.Active,
                next,
                closed,
                0
            );
            if (next <= 10 && (!retired || next <= closed) && next < oldest) oldest = next;
        }
        (IStorageLens.SettleBatch[] memory batches, uint256 nextFromId) = lens.dueSettlements(1, 100, maxEpochs);
        vm.assertEq(nextFromId, 0, "one page");
        if (oldest == type(uint256).max) {
            vm.assertEq(batches.length, 0, "nothing due");
            return;
        }
        vm.assertEq(batches[0].epoch, oldest, "oldest first");
        uint256 last = oldest;
        for (uint256 b = 0; b < batches.length; ++b) {
            vm.assertTrue(b == 0 || batches[b].epoch > last, "ascending");
            last = batches[b].epoch;
            vm.assertLe(last, 10, "window over");
            vm.assertLe(last, oldest + maxEpochs - 1, "at most maxEpochs");
            (address[] memory expected, ) = lens.unsettledLandlords(last, 0, 100);
            vm.assertEq(batches[b].landlords.length, expected.length, "the epoch's unsettled landlords");
            for (uint256 i = 0; i < expected.length; ++i) {
                ILandlordRegistry.Landlord memory landlord = views.landlordOf(expected[i]);
                vm.assertEq(batches[b].landlords[i], expected[i], "same order");
                vm.assertLe(landlord.nextSettleEpoch, last, "behind the epoch");
                vm.assertTrue(
                    landlord.status != ILandlordRegistry.Status.Retired || last <= landlord.closedEpoch,
                    "open"
                );
            }
        }
    }

    function testSettleableEpochsStopAtTheFirstOpenWindow() public {
        vm.warp(10 days + 6 hours - 1);
        (uint256[] memory epochs, uint256 nextEpoch) = lens.settleableEpochs(8, 5);
        vm.assertEq(epochs.length, 2, "8 and 9");
        vm.assertEq(nextEpoch, 10, "10 next");
        vm.warp(10 days + 6 hours);
        (epochs, nextEpoch) = lens.settleableEpochs(8, 5);
        vm.assertEq(epochs.length, 3, "10 from its deadline");
        (epochs, nextEpoch) = lens.settleableEpochs(8, 0);
        vm.assertEq(epochs.length + nextEpoch, 8, "a page of nothing");
    }

    function testReassignsListRetiringAndBlacklistedLandlordsWithMemberships() public {
        views.addLandlord(ILandlordRegistry.Status.Active, 0, 0, 3);
        address retiring = views.addLandlord(ILandlordRegistry.Status.Retiring, 0, 0, 1);
        views.addLandlord(ILandlordRegistry.Status.Retiring, 0, 0, 0);
        address blacklisted = views.addLandlord(ILandlordRegistry.Status.Blacklisted, 0, 0, 2);
        views.addLandlord(ILandlordRegistry.Status.Retired, 0, 0, 0);
        (address[] memory landlords, uint256 nextFromId) = lens.dueReassigns(0, 10);
        vm.assertEq(landlords.length, 2, "two");
        vm.assertEq(landlords[0], retiring, "retiring");
        vm.assertEq(landlords[1], blacklisted, "blacklisted");
        vm.assertEq(nextFromId, 0, "done");
        (landlords, nextFromId) = lens.dueReassigns(2, 2);
        vm.assertEq(landlords.length, 1, "page 2..3");
        vm.assertEq(nextFromId, 4, "next page");
        (landlords, nextFromId) = lens.dueReassigns(9, 2);
        vm.assertEq(landlords.length + nextFromId, 0, "past the end");
    }
}
