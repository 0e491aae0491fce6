// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILandlordRegistry
/// @notice Landlords of the storage market (DESIGN §6): capacity backed by collateral, the copy
/// groups of 3 landlords that hold each lease, failures, slashing and the blacklist.
interface ILandlordRegistry {
    enum Status {
        None,
        Active,
        Retiring,
        Blacklisted,
        Retired
    }

    /// @notice A landlord, in three slots: what the draw reads, what a passing settlement reads
    /// and writes, and the collateral. `rentCapacityMB` is the capacity rent is shared by from
    /// epoch `capacityEpoch` on, `previousRentCapacityMB` before it. `nextSettleEpoch` is the
    /// first epoch not yet settled. 96 bits of tokens hold more than the whole supply.
    struct Landlord {
        uint48 capacityMB;
        uint48 assignedMB;
        uint32 leaseCount;
        uint32 id;
        uint24 closedEpoch;
        uint32 reports;
        uint48 rentCapacityMB;
        uint48 previousRentCapacityMB;
        uint24 capacityEpoch;
        uint24 nextSettleEpoch;
        uint8 failures;
        Status status;
        uint96 rentOwed;
        uint96 collateral;
    }

    event LandlordRegistered(
        address indexed landlord,
        uint256 id,
        uint256 capacityMB,
        uint256 collateral,
        uint256 firstEpoch,
        string endpoint
    );
    event CapacityAdded(
        address indexed landlord,
        uint256 addedMB,
        uint256 capacityMB,
        uint256 collateralAdded,
        uint256 collateral,
        uint256 fromEpoch
    );
    event EndpointChanged(address indexed landlord, string endpoint);
    event RetirementStarted(address indexed landlord, uint256 leaseCount);
    /// @notice The landlord's capacity leaves the market after `closedEpoch`; its collateral is
    /// returned once that epoch is settled.
    event LandlordClosed(address indexed landlord, uint256 closedEpoch, uint256 capacityMB);
    event CollateralReturned(address indexed landlord, uint256 amount);
    /// @notice A lease's copy group, drawn at random among landlords with room.
    event LeaseAssigned(uint256 indexed leaseId, address[3] landlords, uint256 sizeMB, uint256 epoch);
    event LeaseResizedInGroup(uint256 indexed leaseId, uint256 oldSizeMB, uint256 newSizeMB);
    event LeaseReleased(uint256 indexed leaseId);
    event LeaseReassigned(uint256 indexed leaseId, address indexed from, address indexed to, uint256 epoch);
    /// @notice `landlord` passed `epoch`: `rent` credited, its failures back to zero.
    event LandlordPassed(uint256 indexed epoch, address indexed landlord, uint256 rent);
    /// @notice `landlord` failed `epoch`: its rent share withheld, `slashed` taken, `failures` in a
    /// row, `collateral` left.
    event LandlordFailed(
        uint256 indexed epoch,
        address indexed landlord,
        uint256 withheld,
        uint256 slashed,
        uint256 failures,
        uint256 collateral
    );
    event LandlordBlacklisted(address indexed landlord, uint256 epoch, uint256 leaseCount);
    event RentClaimed(address indexed landlord, uint256 amount);
    event ServiceReported(
        uint256 indexed leaseId,
        address indexed landlord,
        address indexed tenant,
        uint256 epoch,
        uint8 reason,
        uint256 reports
    );
    event ModulesBound(address indexed market, address indexed proofs);

    error InvalidCapacity(uint256 capacityMB);
    error InvalidParameter(string name, uint256 value);
    error AlreadyRegistered(address landlord);
    error UnknownLandlord(address landlord);
    error NotActive(address landlord, Status status);
    error CannotRetire(address landlord, Status status);
    error SettlementPending(address landlord, uint256 nextSettleEpoch, uint256 currentEpoch);
    error InsufficientCapacity(uint256 sizeMB, uint256 probed);
    error NotMember(uint256 leaseId, address landlord);
    error NotTenant(uint256 leaseId, address caller);
    error AlreadyReported(uint256 leaseId, address landlord, uint256 epoch);
    error UnknownAssignment(uint256 leaseId);
    error NothingToMove(address landlord, Status status, uint256 leaseCount);
    error NothingToClaim(address landlord);
    error NotMarket(address caller);
    error NotProofs(address caller);
    error NotBinder(address caller);
    error InvalidModules(address market, address proofs);
    error LengthMismatch(uint256 landlords, uint256 passed);
    error CapacityTooLarge(uint256 capacityMB);

    /// @notice Registers the caller as a landlord of `capacityMB`, pulling its collateral (1 token
    /// per GB by default, rounded up). Its capacity earns rent from the next epoch.
    function registerLandlord(uint256 capacityMB, string calldata endpoint) external;

    /// @notice Adds capacity, pulling the collateral it needs; earns rent from the next epoch.
    function addCapacity(uint256 addedMB) external;

    /// @notice Changes the endpoint tenants upload data to.
    function setEndpoint(string calldata endpoint) external;

    /// @notice Retires the caller in steps, each call doing what is possible: stop taking leases;
    /// once its leases are moved (`reassign`), take its capacity out; once its last epoch is
    /// settled, return its collateral. Also how a blacklisted landlord recovers what is left.
    function retire() external;

    /// @notice Moves up to `maxLeases` leases of a retiring or blacklisted landlord to landlords
    /// drawn at random. Permissionless upkeep, paid a bounty.
    function reassign(address landlord, uint256 maxLeases) external returns (uint256 moved);

    /// @notice Pays the caller its rent.
    function claimRent() external returns (uint256 amount);

    /// @notice The tenant of `leaseId` reports poor service by `landlord` (once per epoch each).
    function reportService(uint256 leaseId, address landlord, uint8 reason) external;

    /// @notice Draws a copy group for a new lease. StorageMarket only.
    function assign(uint256 leaseId, uint256 sizeMB, uint256 seed) external returns (address[3] memory group);

    /// @notice Grows or shrinks a lease in its group. StorageMarket only.
    function resizeAssignment(uint256 leaseId, uint256 newSizeMB) external;

    /// @notice Frees a lease's capacity in its group. StorageMarket only.
    function release(uint256 leaseId) external;

    /// @notice Settles `epoch` for each landlord not yet settled: credits its rent share when
    /// `passed`, else slashes and withholds. StorageProofs only.
    /// @return settled The landlords settled by this call.
    /// @return failed Those of them that failed.
    function settle(
        uint256 epoch,
        address[] calldata landlords,
        bool[] calldata passed
    ) external returns (uint256 settled, uint256 failed);

    function landlordOf(address landlord) external view returns (Landlord memory);

    function accountOf(uint256 id) external view returns (address);

    function landlordCount() external view returns (uint256);

    /// @notice The landlords of `leaseId`'s copy group.
    function groupOf(uint256 leaseId) external view returns (address[3] memory);

    /// @notice The epoch `leaseId` was first assigned (to its original copy group).
    function assignedEpochOf(uint256 leaseId) external view returns (uint256);

    function leaseCountOf(address landlord) external view returns (uint256);

    function leaseAt(address landlord, uint256 index) external view returns (uint256);

    /// @notice The lease a challenge drawn as `draw` lands on among `landlord`'s leases (index
    /// `draw` mod its lease count), and the epoch it was assigned to this landlord (a lease moved
    /// to it counts from the move); (0, 0) when it holds none.
    function challengeLease(
        address landlord,
        uint256 draw
    ) external view returns (uint256 leaseId, uint256 assignedEpoch);

    /// @notice Capacity of landlords that hold obligations (W × 3): active, retiring, or
    /// blacklisted with leases still to move.
    function totalCapacityMB() external view returns (uint256);

    /// @notice The capacity rent of `epoch` is shared by.
    function rentCapacityAt(uint256 epoch) external view returns (uint256);

    /// @notice Landlords that can take new leases now.
    function drawableCount() external view returns (uint256);

    function collateralFor(uint256 capacityMB) external view returns (uint256);
}
