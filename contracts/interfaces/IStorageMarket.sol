// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpkeep} from "./IUpkeep.sol";

/// @title IStorageMarket
/// @notice Megabyte-day (MD) rent priced by a Bancor curve (DESIGN §6): the pool of M tokens sells
/// the MDs the world disk can hold within the horizon, leases hold MDs, and as days pass the used
/// MDs leave the pool as rent for the landlords that held them and passed the epoch's check.
/// @dev Time runs in epochs (one day, `epochLength` seconds). A lease is rented in two steps:
/// `rent` prices and books its MDs and escrows the payment, requesting randomness from a later
/// block; `assign` (keeper upkeep) draws its copy group from that randomness and starts the lease
/// at the next epoch, or refunds the escrow when no group can form. Leases end on epoch
/// boundaries. The lease's data is proposed by the tenant and accepted by each holder on
/// StorageProofs (`acceptData`); a data change costs `dataFee` (the MD price of the lease's size
/// for one day), paid into the pool.
interface IStorageMarket is IUpkeep {
    /// @notice Where a lease is in its life; states only move forward (Pending → Active →
    /// Reclaimed, or Pending → Refunded).
    enum LeaseStatus {
        None,
        Pending,
        Active,
        Refunded,
        Reclaimed
    }

    /// @notice The contract's rules, immutable constructor arguments (DESIGN §6 defaults in
    /// parentheses).
    struct Parameters {
        uint256 epochLength; // seconds per epoch, one day (86,400)
        uint256 maxTermEpochs; // horizon and longest remaining term (365)
        uint256 graceEpochs; // renewal grace after expiry (30)
        uint256 weightReciprocal; // 1 / c (5)
        uint256 replication; // copies per lease (3)
        uint256 dripPerEpoch; // subsidy per epoch (1e9 tokens over 20 years)
        uint256 poolFloor; // tokens rent never takes the pool below (10,000)
    }

    /// @notice A lease: `sizeMB` from the start of epoch `startEpoch` to the start of `endEpoch`
    /// (both zero while Pending). `termEpochs` is the term bought at `rent`; `requestId` the
    /// randomness request its copy group is drawn from; `escrow` the payment held until `assign`.
    struct Lease {
        address tenant;
        uint32 sizeMB;
        uint32 startEpoch;
        uint32 endEpoch;
        uint32 termEpochs;
        LeaseStatus status;
        uint64 requestId;
        uint128 escrow;
    }

    /// @notice The state of the curve: W (world disk in MB), T (MDs sellable in the horizon), B
    /// (MDs sold and not yet used, pending leases included), M (tokens in the pool, escrows of
    /// pending leases included: they price the curve), R = T − B (saturating).
    struct MarketState {
        uint256 worldDiskMB;
        uint256 sellable;
        uint256 booked;
        uint256 remaining;
        uint256 pool;
    }

    /// @notice Emitted after every change of W, B or M, for the price series. `price` is the spot
    /// price in wei per MD (zero while nothing is for sale).
    event MarketStateChanged(
        uint256 indexed epoch,
        uint256 worldDiskMB,
        uint256 sellable,
        uint256 booked,
        uint256 pool,
        uint256 price
    );
    /// @notice A lease committed: `cost` escrowed for `termEpochs` of `sizeMB`; its copy group is
    /// drawn by `assign` from randomness request `requestId` (IRandomness), due from block
    /// `assignableAt`.
    /// @notice `rent` took `fee` (the lease's upkeep fee) from `tenant` into KeeperRewards.
    event UpkeepFeePaid(uint256 indexed leaseId, address indexed tenant, uint256 fee);
    event LeaseRented(
        uint256 indexed leaseId,
        address indexed tenant,
        uint256 sizeMB,
        uint256 termEpochs,
        bytes32 dataRoot,
        uint256 cost,
        uint256 requestId,
        uint256 assignableAt
    );
    /// @notice A pending lease got its copy group (LandlordRegistry.LeaseAssigned in the same
    /// transaction): it runs from `startEpoch` to `endEpoch`; its escrow joined the pool.
    event LeaseStarted(uint256 indexed leaseId, uint256 startEpoch, uint256 endEpoch, address indexed keeper);
    /// @notice No copy group could form for a pending lease: its escrow went back to the tenant.
    /// @notice `assign` found the lease's randomness block missed and re-requested it: the lease
    /// stays Pending and can be assigned from block `assignableAt` (audit: re-seed event).
    event AssignReseeded(uint256 indexed leaseId, uint256 requestId, uint256 assignableAt);
    event LeaseRefunded(uint256 indexed leaseId, address indexed tenant, uint256 amount, address indexed keeper);
    event LeaseExtended(uint256 indexed leaseId, address indexed payer, uint256 endEpoch, uint256 cost);
    /// @notice A lease resized; `cost` includes the data fee when the data changed (then
    /// StorageProofs.DataProposed carries the new root and size).
    event LeaseResized(
        uint256 indexed leaseId,
        uint256 sizeMB,
        uint256 startEpoch,
        uint256 endEpoch,
        bytes32 dataRoot,
        uint256 cost
    );
    /// @notice The tenant proposed new data for a lease, paying `fee` into the pool; the holders
    /// accept it on StorageProofs (DataProposed there carries the same root).
    event DataUpdated(uint256 indexed leaseId, bytes32 dataRoot, uint256 sizeMB, uint256 fee);
    /// @notice A lease renewed during its grace; `backPaidMD` paid for the days held unpaid.
    event LeaseRenewed(uint256 indexed leaseId, uint256 startEpoch, uint256 endEpoch, uint256 backPaidMD, uint256 cost);
    event LeaseReclaimed(uint256 indexed leaseId, address indexed keeper);
    /// @notice The usage of epoch `epoch` charged at its start: `usedMD` left B and `rent` left M
    /// for the landlords that pass the epoch (never taking M below `poolFloor`).
    event EpochCharged(uint256 indexed epoch, uint256 usedMD, uint256 rent);
    event SubsidyDripped(uint256 indexed epoch, uint256 amount, uint256 subsidyLeft);
    event Donated(address indexed donor, uint256 amount);
    /// @notice Epoch rent settled by the registry: credited to landlords or withheld (back to M).
    event RentSettled(uint256 indexed epoch, uint256 credited, uint256 withheld);
    event RentPaid(address indexed landlord, uint256 amount);

    error InvalidSize(uint256 sizeMB);
    error InvalidParameter(string name, uint256 value);
    error InvalidDays(uint256 days_, uint256 maxDays);
    error InvalidDataRoot();
    /// @notice `dataLength` bytes is not a data length of a lease of `sizeMB` MB: it must be
    /// between 1 and `sizeMB` MiB (audit M6: only the tenant's bytes are challenged).
    error InvalidDataLength(uint256 dataLength, uint256 sizeMB);
    error InvalidAmount();
    error TermTooLong(uint256 remainingDays, uint256 maxDays);
    error CostExceedsMax(uint256 cost, uint256 maxCost);
    error EmptyPool();
    /// @notice No drawable landlord has `sizeMB` free: the largest free capacity is `largestFreeMB`.
    error NoRoom(uint256 sizeMB, uint256 largestFreeMB);
    error UnknownLease(uint256 leaseId);
    /// @notice The lease is not in the state the call needs (e.g. `extend` of a Pending lease).
    error WrongStatus(uint256 leaseId, LeaseStatus status);
    error NotTenant(uint256 leaseId, address caller, address tenant);
    error LeaseLocked(uint256 leaseId, uint256 endEpoch, uint256 currentEpoch);
    error LeaseNotLocked(uint256 leaseId, uint256 endEpoch, uint256 currentEpoch);
    error GraceOver(uint256 leaseId, uint256 graceEndEpoch, uint256 currentEpoch);
    error NothingRemaining(uint256 leaseId);
    error NotRegistry(address caller);
    error RentExceedsEscrow(uint256 amount, uint256 escrow);

    /// @notice Commits a lease of `sizeMB` for `days_` epochs, paying at most `maxCost`: the MDs
    /// are priced and booked now, the payment is escrowed, and randomness is requested; the copy
    /// group of 3 landlords is drawn later by `assign`. `dataRoot` (the root of the tenant's
    /// `dataLength` bytes zero-padded to `sizeMB` MB) is proposed as the lease's data (holders
    /// accept it after receiving it); challenges only fall on segments below `dataLength` (audit
    /// M6). Reverts `NoRoom` when `sizeMB` exceeds the largest free capacity of a drawable
    /// landlord (audit M1), `InvalidDataLength` unless 0 < `dataLength` ≤ `sizeMB` MiB.
    function rent(
        uint256 sizeMB,
        uint256 days_,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external returns (uint256 leaseId);

    /// @notice Draws the copy group of a Pending lease from its randomness (weighted by free
    /// capacity) and starts it at the next epoch; when no group can form, refunds the escrow to
    /// the tenant. Permissionless upkeep, one bounty per lease assigned or refunded. Reverts
    /// NotDue(availableAt, block number) before the randomness exists; when the randomness block was missed, re-seeds
    /// it (IRandomness.record) and returns false without a bounty.
    function assign(uint256 leaseId) external returns (bool done);

    /// @notice Adds `days_` epochs to an Active lease that is not locked. Tenant only.
    function extend(uint256 leaseId, uint256 days_, uint256 maxCost) external returns (uint256 cost);

    /// @notice Changes a lease's size; it keeps its MDs, so its expiry moves to now + remaining MDs
    /// / new size, rounded up to whole epochs by buying the difference. A new size, `dataRoot` or
    /// `dataLength` is a data change: it costs `dataFee` more and holders prove their old data
    /// until they accept the new. Tenant only.
    function resize(
        uint256 leaseId,
        uint256 newSizeMB,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external returns (uint256 cost);

    /// @notice Proposes new data for a lease (same size; `dataLength` bytes, 0 < `dataLength` ≤
    /// the size in MiB), paying `dataFee` into the pool. Each holder proves its old data until it
    /// accepts the new on StorageProofs. Tenant only.
    function updateData(
        uint256 leaseId,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external returns (uint256 fee);

    /// @notice Renews a locked lease during its grace for `days_` epochs from the next epoch,
    /// paying back the epochs it was held unpaid. Tenant only.
    function renew(uint256 leaseId, uint256 days_, uint256 maxCost) external returns (uint256 cost);

    /// @notice Frees the copy group's capacity of a lease whose grace is over. Permissionless
    /// upkeep, paid a bounty.
    function reclaim(uint256 leaseId) external;

    /// @notice Moves the subsidy due up to the current epoch into M (the first drip is due in
    /// epoch 0, so the pool opens at genesis). Permissionless upkeep; every other entry point
    /// also drips what is due, without bounty.
    function drip() external returns (uint256 amount);

    /// @notice Adds `amount` of the caller's tokens to M.
    function donate(uint256 amount) external;

    /// @notice Charges the usage of every epoch up to the current one and drips the subsidy due.
    /// Anyone may call it; every other entry point does it first.
    function accrue() external;

    /// @notice The non-refundable upkeep fee `rent` also takes from the tenant (beyond `maxCost`,
    /// which bounds the MD cost) into KeeperRewards: the assign plus the reclaim bounty (audit H3).
    function upkeepFee() external view returns (uint256);

    /// @notice Cost of `sizeMB` for `days_` epochs now (as `rent` would charge it).
    function quote(uint256 sizeMB, uint256 days_) external view returns (uint256);

    /// @notice The fee a data change of `leaseId` costs now: the MD price of its size for one day.
    function dataFee(uint256 leaseId) external view returns (uint256);

    /// @notice Spot price M / (c·R) in wei per MD.
    function price() external view returns (uint256);

    /// @notice W, T, B, R and M, with every epoch up to the current one charged (as the next
    /// transaction will find them).
    function state() external view returns (MarketState memory);

    function leaseOf(uint256 leaseId) external view returns (Lease memory);

    /// @notice Leases rented so far (ids run from 1).
    function leaseCount() external view returns (uint256);

    /// @notice The block from which `assign(leaseId)` is due (0 unless the lease is Pending).
    function assignableAt(uint256 leaseId) external view returns (uint256);

    function currentEpoch() external view returns (uint256);

    /// @notice Seconds per epoch (one day by default).
    function epochLength() external view returns (uint256);

    function epochStart(uint256 epoch) external view returns (uint256);

    /// @notice Rent charged at the start of `epoch` (zero until then), for its settlement.
    function epochRent(uint256 epoch) external view returns (uint256);

    /// @notice Subsidy tokens not yet dripped.
    function subsidyReserve() external view returns (uint256);

    /// @notice Epochs a lease may be renewed after its end before `reclaim` is due.
    function graceEpochs() external view returns (uint256);

    /// @notice Subsidy tokens dripped per epoch.
    function dripPerEpoch() external view returns (uint256);

    /// @notice The first epoch the subsidy has not dripped for yet.
    function nextDripEpoch() external view returns (uint256);

    /// @notice Payments of Pending leases, held until `assign`.
    function leaseEscrow() external view returns (uint256);

    /// @notice Settles an epoch's rent: `credited` to landlords (owed until claimed), `withheld`
    /// back into M. LandlordRegistry only.
    function settleRent(uint256 epoch, uint256 credited, uint256 withheld) external;

    /// @notice Pays `amount` of owed rent to `landlord`. LandlordRegistry only.
    function payRent(address landlord, uint256 amount) external;
}
