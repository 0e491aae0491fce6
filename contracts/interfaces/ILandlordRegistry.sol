// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILandlordRegistry
/// @notice Landlords of the storage market (DESIGN §6): capacity backed by collateral, the copy
/// groups of 3 landlords that hold each lease (drawn from a sum tree weighted by free capacity),
/// the leases each landlord holds (accepted data), settlement of proof epochs, slashing, the
/// blacklist and the unbonding of collateral.
/// @dev A landlord is a *member* of a lease's copy group from its draw, and *holds* it from the
/// epoch after it accepted the lease's data on StorageProofs. Challenges and rent count held
/// leases only. What a landlord held when an epoch opened is fixed for that epoch: removals and
/// additions during epoch e apply from e + 1 (copy-on-write of the held list, checkpoints of the
/// held MB), so nothing done during an epoch changes its challenges or its rent shares.
interface ILandlordRegistry {
    enum Status {
        None,
        Active,
        Retiring,
        Blacklisted,
        Retired
    }

    /// @notice The registry's rules, immutable constructor arguments (DESIGN §6 defaults in
    /// parentheses).
    struct Parameters {
        uint256 collateralPerGB; // (1 token)
        uint256 slashBps; // share of collateral slashed per failed epoch (500)
        uint256 failureLimit; // consecutive failures that blacklist (3)
        uint256 minCapacityMB; // smallest landlord (1024)
        uint256 unbondingDelay; // seconds a closed landlord's collateral stays slashable (30 days)
        uint256 acceptWindow; // seconds a member has to accept or reject the lease's data (1 day)
    }

    /// @notice A landlord, in three slots. `memberships` counts the copy groups it belongs to;
    /// `heldCount` the leases it holds (its held list), `snapshotCount` that count when epoch
    /// `snapshotEpoch` opened (copy-on-write). `nextSettleEpoch` is the first epoch not yet
    /// settled. `closedAt` + unbonding delay is when a Retired landlord's collateral comes back.
    struct Landlord {
        uint48 capacityMB;
        uint48 assignedMB;
        uint32 id;
        uint32 memberships;
        uint32 heldCount;
        uint32 snapshotCount;
        uint32 snapshotEpoch;
        uint32 closedEpoch;
        uint48 closedAt;
        uint32 reports;
        uint32 nextSettleEpoch;
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
    event RetirementStarted(address indexed landlord, uint256 memberships);
    /// @notice The landlord's capacity left the market in `closedEpoch`; its collateral can be
    /// slashed until `unbondsAt` (timestamp), then returns once its epochs up to `closedEpoch`
    /// are settled.
    event LandlordClosed(address indexed landlord, uint256 closedEpoch, uint256 capacityMB, uint256 unbondsAt);
    event CollateralReturned(address indexed landlord, uint256 amount);
    /// @notice A lease's copy group, drawn from randomness committed before the draw.
    event LeaseAssigned(uint256 indexed leaseId, address[3] landlords, uint256 sizeMB, uint256 epoch);
    event LeaseResizedInGroup(uint256 indexed leaseId, uint256 oldSizeMB, uint256 newSizeMB);
    event LeaseReleased(uint256 indexed leaseId);
    /// @notice A member of a retiring or blacklisted landlord moved to `to`, which must receive
    /// and accept the data (StorageProofs.acceptData) before it holds the lease.
    event LeaseReassigned(uint256 indexed leaseId, address indexed from, address indexed to, uint256 epoch);
    /// @notice `landlord` holds `heldMB` (over `heldCount` leases) from epoch `fromEpoch` on.
    event HoldingChanged(
        address indexed landlord,
        uint256 indexed leaseId,
        uint256 heldMB,
        uint256 heldCount,
        uint256 fromEpoch
    );
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
    /// @notice `epoch` had no seed by settlement: `landlord`'s share went back to the pool, and
    /// nothing else changed (no slash, no failure, no pass).
    event LandlordVoid(uint256 indexed epoch, address indexed landlord, uint256 withheld);
    /// @notice Settling `epoch` made `units` paid units (landlords whose share covered the settle
    /// bounty); `amount` (units × bounty) was taken from their shares into KeeperRewards (audit H3).
    event SettleBountiesFunded(uint256 indexed epoch, uint256 units, uint256 amount);
    /// @notice `paidMoves` of the memberships just moved away from `landlord` were paid bounties,
    /// `fee` taken from its collateral into KeeperRewards, `collateral` left (audit H4).
    event MoveFeesTaken(address indexed landlord, uint256 paidMoves, uint256 fee, uint256 collateral);
    /// @notice `landlord` had not accepted `leaseId`'s current data when it became movable at
    /// `movableAt` (it `rejected` it, or the acceptance window passed: then it was slashed as a
    /// missed proof, LandlordFailed); its membership is moved next (LeaseReassigned). Audit H5.
    event AcceptanceLapsed(uint256 indexed leaseId, address indexed landlord, bool rejected, uint256 movableAt);
    event LandlordBlacklisted(address indexed landlord, uint256 epoch, uint256 memberships);
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
    error BelowMinimumCapacity(uint256 capacityMB, uint256 minCapacityMB);
    error InvalidParameter(string name, uint256 value);
    error AlreadyRegistered(address landlord);
    error UnknownLandlord(address landlord);
    error NotActive(address landlord, Status status);
    error CannotRetire(address landlord, Status status);
    /// @notice A Retired landlord's collateral is still bonded: until `unbondsAt`, or until its
    /// epochs up to `closedEpoch` are settled (`nextSettleEpoch`).
    error Unbonding(address landlord, uint256 unbondsAt, uint256 nextSettleEpoch, uint256 closedEpoch);
    error InsufficientCapacity(uint256 sizeMB, uint256 member);
    error NotMember(uint256 leaseId, address landlord);
    error NotTenant(uint256 leaseId, address caller);
    error AlreadyReported(uint256 leaseId, address landlord, uint256 epoch);
    error UnknownAssignment(uint256 leaseId);
    error NothingToMove(address landlord, Status status, uint256 memberships);
    /// @notice `landlord`'s membership of `leaseId` is not movable before `movableAt` (0: never,
    /// it accepted the lease's current data).
    error NotMovable(uint256 leaseId, address landlord, uint256 movableAt);
    error NothingToClaim(address landlord);
    error NotMarket(address caller);
    error NotProofs(address caller);
    error NotBinder(address caller);
    error InvalidModules(address market, address proofs);
    error LengthMismatch(uint256 landlords, uint256 proved);
    error CapacityTooLarge(uint256 capacityMB);

    /// @notice Registers the caller as a landlord of `capacityMB` (at least `minCapacityMB`),
    /// pulling its collateral (1 token per GB by default, rounded up). It can be drawn at once.
    function registerLandlord(uint256 capacityMB, string calldata endpoint) external;

    /// @notice Adds capacity, pulling the collateral it needs.
    function addCapacity(uint256 addedMB) external;

    /// @notice Changes the endpoint tenants upload data to.
    function setEndpoint(string calldata endpoint) external;

    /// @notice Retires the caller in steps, each call doing what is possible: stop taking leases;
    /// once its memberships are moved (`reassign`), take its capacity out (the unbonding delay
    /// starts); once the delay is over and its epochs up to the closing one are settled, return
    /// its collateral. Also how a blacklisted landlord recovers what is left.
    function retire() external;

    /// @notice Moves up to `maxLeases` memberships of a retiring or blacklisted landlord to
    /// landlords drawn from the sum tree. Permissionless upkeep: a move is a paid unit while the
    /// moved landlord's collateral covers the bounty, which is taken from it (MoveFeesTaken);
    /// moves beyond that are done unpaid.
    function reassign(address landlord, uint256 maxLeases) external returns (uint256 moved);

    /// @notice Moves one membership of `leaseId` whose member did not accept the lease's current
    /// data in time (audit H5), to a landlord drawn from the sum tree. Permissionless upkeep, due
    /// from `movableAt`. A member that neither accepted nor rejected within `acceptWindow` of its
    /// joining or the data's proposal (whichever is later) counts one failure (slashed as a
    /// missed proof) and its move is paid as in `reassign` (from its collateral); a member that
    /// rejected the data since it joined is movable at once, never slashed, and moved unpaid.
    function reassignMember(uint256 leaseId, address landlord) external;

    /// @notice Pays the caller its rent.
    function claimRent() external returns (uint256 amount);

    /// @notice The tenant of `leaseId` reports poor service by `landlord` (once per epoch each).
    function reportService(uint256 leaseId, address landlord, uint8 reason) external;

    /// @notice Draws a copy group for `leaseId` from `seed`, weighted by free capacity among
    /// landlords with room for `sizeMB`; `formed` is false (nothing written) when fewer than 3
    /// have room. StorageMarket only.
    function drawGroup(
        uint256 leaseId,
        uint256 sizeMB,
        uint256 seed
    ) external returns (bool formed, address[3] memory group);

    /// @notice Grows or shrinks a lease in its group. StorageMarket only. On a shrink, each
    /// holder's held MB is clipped to the new size from the next epoch (HoldingChanged).
    function resizeAssignment(uint256 leaseId, uint256 newSizeMB) external;

    /// @notice Frees a lease's capacity in its group. StorageMarket only.
    function release(uint256 leaseId) external;

    /// @notice `landlord` holds `leaseId` with data of `sizeMB` from the next epoch (first
    /// acceptance adds it to its held list). StorageProofs only.
    function hold(uint256 leaseId, address landlord, uint256 sizeMB) external;

    /// @notice Takes the MB `leaseId`'s holders hold out of their rent shares (`expired`), or puts
    /// them back, from the next epoch (HoldingChanged per holder); false when already so or
    /// unassigned. StorageProofs (`expireLease`, audit M4) and StorageMarket (extend, resize,
    /// renew put them back) only.
    function setExpired(uint256 leaseId, bool expired) external returns (bool changed);

    /// @notice Settles `epoch` for each landlord not yet settled, by what it held when the epoch
    /// opened: a landlord that held nothing passes with no share; one that held something is
    /// credited its share (rent × its held MB / all held MB) when it `proved`, else slashed and
    /// withheld; when `seedKnown` is false the epoch is void (every share withheld, no slash).
    /// StorageProofs only.
    /// @return settled The landlords settled by this call.
    /// @return failed Those of them that failed.
    /// @return units Those of them whose rent share covered the settle bounty (the work a bounty
    /// pays for; the bounty is taken from the share, SettleBountiesFunded).
    /// @return heldSettled The MB the landlords settled by this call held at `epoch`, out of
    /// @return totalHeld all MB held at `epoch` (a committee duty is done when its member's calls
    /// settle all of it, StorageProofs).
    function settle(
        uint256 epoch,
        address[] calldata landlords,
        bool[] calldata proved,
        bool seedKnown
    ) external returns (uint256 settled, uint256 failed, uint256 units, uint256 heldSettled, uint256 totalHeld);

    /// @notice The StorageProofs contract bound to this registry (it calls `hold` and `settle`).
    function proofs() external view returns (address);

    function landlordOf(address landlord) external view returns (Landlord memory);

    function accountOf(uint256 id) external view returns (address);

    function landlordCount() external view returns (uint256);

    /// @notice The landlords of `leaseId`'s copy group.
    function groupOf(uint256 leaseId) external view returns (address[3] memory);

    /// @notice The epoch `leaseId` was first assigned (to its original copy group).
    function assignedEpochOf(uint256 leaseId) external view returns (uint256);

    /// @notice Whether `landlord` is in `leaseId`'s copy group, and whether it holds the lease.
    function membershipOf(uint256 leaseId, address landlord) external view returns (bool member, bool holding);

    /// @notice From when `reassignMember(leaseId, landlord)` may move the membership (0 when not
    /// a member or when it accepted the current data), and whether it rejected the data (moved
    /// unpaid, not slashed).
    function movableAt(uint256 leaseId, address landlord) external view returns (uint256 at, bool rejected);

    /// @notice The copy groups `landlord` belongs to.
    function leaseCountOf(address landlord) external view returns (uint256);

    /// @notice The lease of `landlord`'s copy-group list at `index` (< leaseCountOf).
    function leaseAt(address landlord, uint256 index) external view returns (uint256);

    /// @notice The lease a challenge drawn as `draw` lands on among the leases `landlord` held
    /// when the current epoch `epoch` opened, each in proportion to the MB it held of it (the MB
    /// its rent share counts; audit M3): the lease covering MB `draw mod heldMBAt(landlord,
    /// epoch)`. 0 when it held none. Valid during that epoch only. O(log leases held).
    function challengeLease(address landlord, uint256 epoch, uint256 draw) external view returns (uint256 leaseId);

    /// @notice MB of lease data `landlord` held when `epoch` opened.
    function heldMBAt(address landlord, uint256 epoch) external view returns (uint256);

    /// @notice MB of lease data all landlords held when `epoch` opened (rent of the epoch is
    /// shared by it).
    function totalHeldMBAt(uint256 epoch) external view returns (uint256);

    /// @notice Capacity of landlords that hold obligations (W × 3): active, retiring, or
    /// blacklisted with leases still to move.
    function totalCapacityMB() external view returns (uint256);

    /// @notice Free capacity of drawable landlords (the sum tree's total).
    function freeCapacityMB() external view returns (uint256);

    /// @notice The largest free capacity of one drawable landlord (no lease larger can be drawn).
    function largestFreeMB() external view returns (uint256);

    /// @notice Landlords that can take new leases now.
    function drawableCount() external view returns (uint256);

    /// @notice The block of the latest increase of drawable capacity (`registerLandlord`,
    /// `addCapacity`). StorageMarket.assign re-seeds a lease whose randomness block is not before
    /// it (audit M5: capacity added once a draw's randomness is public cannot steer that draw).
    function capacityIncreasedAt() external view returns (uint256);

    function collateralFor(uint256 capacityMB) external view returns (uint256);
}
