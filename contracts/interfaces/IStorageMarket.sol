// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStorageMarket
/// @notice Megabyte-day (MD) rent priced by a Bancor curve (DESIGN §6): the pool of M tokens sells
/// the MDs the world disk can hold within the horizon, leases hold MDs, and as days pass the used
/// MDs leave the pool as rent for the landlords.
/// @dev Time runs in epochs (one day, `epochLength` seconds). A lease bought during epoch k runs
/// from the start of epoch k + 1: the rest of epoch k is free, which lets each epoch's usage be
/// charged at its start, before its storage proofs are settled. Leases end on epoch boundaries.
interface IStorageMarket {
    /// @notice A lease: `sizeMB` from the start of epoch `startEpoch` to the start of `endEpoch`.
    /// The lease's data fills its size: the tenant's bytes zero-padded to `sizeMB` MB, under
    /// `dataRoot` (SegmentMerkle).
    struct Lease {
        address tenant;
        uint32 sizeMB;
        uint32 startEpoch;
        uint32 endEpoch;
    }

    /// @notice The state of the curve: W (world disk in MB), T (MDs sellable in the horizon), B
    /// (MDs sold and not yet used), M (tokens in the pool), R = T − B (saturating).
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
    event LeaseRented(
        uint256 indexed leaseId,
        address indexed tenant,
        uint256 sizeMB,
        uint256 startEpoch,
        uint256 endEpoch,
        bytes32 dataRoot,
        uint256 cost
    );
    event LeaseExtended(uint256 indexed leaseId, address indexed payer, uint256 endEpoch, uint256 cost);
    event LeaseResized(
        uint256 indexed leaseId,
        uint256 sizeMB,
        uint256 startEpoch,
        uint256 endEpoch,
        bytes32 dataRoot,
        uint256 cost
    );
    /// @notice A lease renewed during its grace; `backPaidMD` paid for the days held unpaid.
    event LeaseRenewed(uint256 indexed leaseId, uint256 startEpoch, uint256 endEpoch, uint256 backPaidMD, uint256 cost);
    event LeaseReclaimed(uint256 indexed leaseId, address indexed keeper);
    /// @notice The usage of epoch `epoch` charged at its start: `usedMD` left B and `rent` left M
    /// for the landlords that pass the epoch.
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
    error InvalidAmount();
    error TermTooLong(uint256 remainingDays, uint256 maxDays);
    error CostExceedsMax(uint256 cost, uint256 maxCost);
    error EmptyPool();
    error UnknownLease(uint256 leaseId);
    error NotTenant(uint256 leaseId, address caller, address tenant);
    error LeaseLocked(uint256 leaseId, uint256 endEpoch, uint256 currentEpoch);
    error LeaseNotLocked(uint256 leaseId, uint256 endEpoch, uint256 currentEpoch);
    error GraceOver(uint256 leaseId, uint256 graceEndEpoch, uint256 currentEpoch);
    error NothingRemaining(uint256 leaseId);
    /// @notice The upkeep is not due: `dueEpoch` is the first epoch it will be.
    error NotDue(uint256 dueEpoch);
    error NotRegistry(address caller);
    error RentExceedsEscrow(uint256 amount, uint256 escrow);

    /// @notice Rents `sizeMB` for `days_` epochs from the next epoch, paying at most `maxCost`; the
    /// lease is assigned to a copy group of 3 landlords drawn at random among those with room.
    function rent(uint256 sizeMB, uint256 days_, bytes32 dataRoot, uint256 maxCost) external returns (uint256 leaseId);

    /// @notice Adds `days_` epochs to a lease that is not locked; anyone may pay.
    function extend(uint256 leaseId, uint256 days_, uint256 maxCost) external returns (uint256 cost);

    /// @notice Changes a lease's size; it keeps its MDs, so its expiry moves to now + remaining MDs
    /// / new size, rounded up to whole epochs by buying the difference. The data fills the new
    /// size, so the tenant gives the new `dataRoot` (the providers re-pad or receive new data).
    function resize(
        uint256 leaseId,
        uint256 newSizeMB,
        bytes32 dataRoot,
        uint256 maxCost
    ) external returns (uint256 cost);

    /// @notice Renews a locked lease during its grace for `days_` epochs from the next epoch,
    /// paying back the epochs it was held unpaid.
    function renew(uint256 leaseId, uint256 days_, uint256 maxCost) external returns (uint256 cost);

    /// @notice Frees the copy group's capacity of a lease whose grace is over. Permissionless
    /// upkeep, paid a bounty.
    function reclaim(uint256 leaseId) external;

    /// @notice Moves the subsidy due since the last drip into M. Permissionless upkeep.
    function drip() external returns (uint256 amount);

    /// @notice Adds `amount` of the caller's tokens to M.
    function donate(uint256 amount) external;

    /// @notice Charges the usage of every epoch up to the current one. Anyone may call it; every
    /// other entry point does it first.
    function accrue() external;

    /// @notice Cost of `sizeMB` for `days_` epochs now (epochs due are charged first, as `rent`
    /// does).
    function quote(uint256 sizeMB, uint256 days_) external view returns (uint256);

    /// @notice Spot price M / (c·R) in wei per MD.
    function price() external view returns (uint256);

    /// @notice W, T, B, R and M, with every epoch up to the current one charged (as the next
    /// transaction will find them).
    function state() external view returns (MarketState memory);

    function leaseOf(uint256 leaseId) external view returns (Lease memory);

    function dataRootOf(uint256 leaseId) external view returns (bytes32);

    /// @notice What a proof of `leaseId` is checked against: its size and its dataRoot.
    function proofTarget(uint256 leaseId) external view returns (uint256 sizeMB, bytes32 dataRoot);

    function currentEpoch() external view returns (uint256);

    /// @notice Seconds per epoch (one day by default).
    function epochLength() external view returns (uint256);

    function epochStart(uint256 epoch) external view returns (uint256);

    /// @notice Rent charged at the start of `epoch` (zero until then), for its settlement.
    function epochRent(uint256 epoch) external view returns (uint256);

    /// @notice Subsidy tokens not yet dripped.
    function subsidyReserve() external view returns (uint256);

    /// @notice Settles an epoch's rent: `credited` to landlords (owed until claimed), `withheld`
    /// back into M. LandlordRegistry only.
    function settleRent(uint256 epoch, uint256 credited, uint256 withheld) external;

    /// @notice Pays `amount` of owed rent to `landlord`. LandlordRegistry only.
    function payRent(address landlord, uint256 amount) external;
}
