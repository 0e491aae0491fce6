// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";

/// @title LandlordRegistry
/// @notice Landlords of the storage market (DESIGN §6): capacity backed by collateral, the copy
/// group of 3 landlords holding each lease, settlement of proof epochs, slashing and blacklist.
/// @dev Choices the design leaves open:
/// - A GB is 1024 MB; collateral is rounded up.
/// - A lease's copy group is drawn by probing at most `MAX_PROBES` landlords of the drawable list
///   from a random start, so a rent costs the same however many landlords there are. With more
///   landlords than that, a rent can be refused while room exists further along the list; the
///   error names the probes made and the tenant may retry in another block.
/// - Capacity earns rent from the epoch after it is registered or added; it leaves rent from the
///   epoch after a blacklisting or a retirement. Rent of an epoch is shared by the capacity of
///   that epoch, so per-landlord shares never exceed the epoch's rent.
/// - Slashed collateral is sent to the market, where it joins the subsidy reserve and drips back
///   into the pool. A blacklisted landlord keeps proving the leases it still holds until they are
///   moved, then recovers what is left of its collateral through `retire`.
/// - Changing capacity needs the landlord's epochs settled up to the current one (anyone may
///   settle), so the two capacities kept per landlord always cover the epochs left to settle.
contract LandlordRegistry is Upkeep, ILandlordRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Construction parameters (DESIGN §6 defaults in parentheses).
    struct Params {
        uint256 collateralPerGB; // (1 token)
        uint256 slashBps; // share of collateral slashed per failed epoch (500)
        uint256 failureLimit; // consecutive failures that blacklist (3)
    }

    bytes32 public constant REASSIGN_KIND = "LandlordRegistry.reassign";
    uint256 public constant MB_PER_GB = 1024;
    uint256 public constant MAX_PROBES = 32;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _GROUP = 3;
    // Slots of a packed assignment: member ids, their positions in the members' lists, size, epoch.
    uint256 private constant _POSITION = 3;
    uint256 private constant _SIZE = 6;
    uint256 private constant _EPOCH = 7;

    IERC20 public immutable token;
    uint256 public immutable collateralPerGB;
    uint256 public immutable slashBps;
    uint256 public immutable failureLimit;

    IStorageMarket public market;
    address public proofs;
    address private _binder;

    uint256 private _totalCapacityMB;
    uint256 private _landlordCount;
    Checkpoints.Trace208 private _rentCapacity;
    address[] private _drawable;

    mapping(address landlord => Landlord record) private _landlords;
    mapping(uint256 id => address landlord) private _accounts;
    mapping(address landlord => uint256 indexPlusOne) private _drawIndex;
    /// @dev Each entry packs a lease id (low 128 bits) with the epoch it came to this landlord.
    mapping(address landlord => mapping(uint256 index => uint256 entry)) private _leaseLists;
    mapping(uint256 leaseId => uint32[8] packed) private _assignments;
    mapping(uint256 leaseId => mapping(address landlord => uint256 epochPlusOne)) private _lastReport;

    modifier onlyMarket() {
        if (msg.sender != address(market)) revert NotMarket(msg.sender);
        _;
    }

    constructor(IERC20 token_, IKeeperRewards keeperRewards_, Params memory params) Upkeep(keeperRewards_) {
        if (params.slashBps > _BPS) revert InvalidParameter("slashBps", params.slashBps);
        if (params.failureLimit == 0 || params.failureLimit > type(uint8).max) {
            revert InvalidParameter("failureLimit", params.failureLimit);
        }
        token = token_;
        collateralPerGB = params.collateralPerGB;
        slashBps = params.slashBps;
        failureLimit = params.failureLimit;
        _binder = msg.sender;
    }

    /// @notice Binds the market and the proofs contract, once, by the deployer; no role is left
    /// behind.
    function bind(IStorageMarket market_, address proofs_) external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        if (address(market_) == address(0) || proofs_ == address(0)) revert InvalidModules(address(market_), proofs_);
        _binder = address(0);
        market = market_;
        proofs = proofs_;
        emit ModulesBound(address(market_), proofs_);
    }

    // ----- landlords -----

    /// @inheritdoc ILandlordRegistry
    function registerLandlord(uint256 capacityMB, string calldata endpoint) external nonReentrant {
        _checkCapacity(capacityMB);
        Landlord storage landlord = _landlords[msg.sender];
        if (landlord.status != Status.None) revert AlreadyRegistered(msg.sender);
        uint256 epoch = market.currentEpoch();
        uint256 collateral = collateralFor(capacityMB);
        uint256 id = ++_landlordCount;

        landlord.capacityMB = uint48(capacityMB);
        landlord.id = id.toUint32();
        landlord.collateral = collateral.toUint96();
        landlord.nextSettleEpoch = (epoch + 1).toUint24();
        landlord.status = Status.Active;
        _accounts[id] = msg.sender;
        _setRentCapacity(landlord, capacityMB, epoch);
        _totalCapacityMB += capacityMB;
        _drawable.push(msg.sender);
        _drawIndex[msg.sender] = _drawable.length;

        emit LandlordRegistered(msg.sender, id, capacityMB, collateral, epoch + 1, endpoint);
        token.safeTransferFrom(msg.sender, address(this), collateral);
    }

    /// @inheritdoc ILandlordRegistry
    function addCapacity(uint256 addedMB) external nonReentrant {
        Landlord storage landlord = _landlords[msg.sender];
        if (landlord.status != Status.Active) revert NotActive(msg.sender, landlord.status);
        uint256 epoch = market.currentEpoch();
        _requireSettled(landlord, epoch);
        uint256 capacityMB = landlord.capacityMB + addedMB;
        if (addedMB == 0) revert InvalidCapacity(addedMB);
        _checkCapacity(capacityMB);
        uint256 required = collateralFor(capacityMB);
        uint256 added = required > landlord.collateral ? required - landlord.collateral : 0;

        landlord.capacityMB = uint48(capacityMB);
        landlord.collateral += added.toUint96();
        _setRentCapacity(landlord, capacityMB, epoch);
        _totalCapacityMB += addedMB;

        emit CapacityAdded(msg.sender, addedMB, capacityMB, added, landlord.collateral, epoch + 1);
        if (added > 0) token.safeTransferFrom(msg.sender, address(this), added);
    }

    /// @inheritdoc ILandlordRegistry
    function setEndpoint(string calldata endpoint) external {
        Status status = _landlords[msg.sender].status;
        if (status == Status.None || status == Status.Retired) revert NotActive(msg.sender, status);
        emit EndpointChanged(msg.sender, endpoint);
    }

    /// @inheritdoc ILandlordRegistry
    function retire() external nonReentrant {
        Landlord storage landlord = _landlords[msg.sender];
        Status status = landlord.status;
        if (status == Status.None) revert UnknownLandlord(msg.sender);
        bool progressed = false;
        if (status == Status.Active) {
            _removeDrawable(msg.sender);
            landlord.status = status = Status.Retiring;
            progressed = true;
            emit RetirementStarted(msg.sender, landlord.leaseCount);
        }
        if ((status == Status.Retiring || status == Status.Blacklisted) && landlord.leaseCount == 0) {
            uint256 epoch = market.currentEpoch();
            if (landlord.rentCapacityMB != 0 || landlord.capacityEpoch > epoch) {
                _requireSettled(landlord, epoch);
                _setRentCapacity(landlord, 0, epoch);
            }
            _totalCapacityMB -= landlord.capacityMB;
            landlord.closedEpoch = epoch.toUint24();
            landlord.status = status = Status.Retired;
            progressed = true;
            emit LandlordClosed(msg.sender, epoch, landlord.capacityMB);
        }
        uint256 collateral = landlord.collateral;
        if (status == Status.Retired && landlord.nextSettleEpoch > landlord.closedEpoch && collateral > 0) {
            landlord.collateral = 0;
            emit CollateralReturned(msg.sender, collateral);
            token.safeTransfer(msg.sender, collateral);
            return;
        }
        if (!progressed) revert CannotRetire(msg.sender, status);
    }

    /// @inheritdoc ILandlordRegistry
    function reassign(address account, uint256 maxLeases) external nonReentrant returns (uint256 moved) {
        Landlord storage landlord = _landlords[account];
        Status status = landlord.status;
        uint256 count = landlord.leaseCount;
        if ((status != Status.Retiring && status != Status.Blacklisted) || count == 0 || maxLeases == 0) {
            revert NothingToMove(account, status, count);
        }
        uint256 epoch = market.currentEpoch();
        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, account, count)));
        for (; moved < maxLeases && count > 0; ++moved) {
            uint256 leaseId = uint128(_leaseLists[account][--count]);
            uint32[8] memory group = _assignments[leaseId];
            uint256 member = _memberSlot(group, landlord.id, leaseId);
            (address to, uint32 toId) = _draw(uint256(keccak256(abi.encode(seed, moved))), group[_SIZE], group);
            _removeFromList(account, landlord, group, member);
            group[member] = toId;
            // The new member has until the next epoch to fetch the data: its entry carries `epoch`.
            group[_POSITION + member] = _addToList(to, leaseId, group[_SIZE], epoch);
            _assignments[leaseId] = group;
            emit LeaseReassigned(leaseId, account, to, epoch);
        }
        _payBounty(REASSIGN_KIND, 1);
    }

    /// @inheritdoc ILandlordRegistry
    function claimRent() external nonReentrant returns (uint256 amount) {
        Landlord storage landlord = _landlords[msg.sender];
        amount = landlord.rentOwed;
        if (amount == 0) revert NothingToClaim(msg.sender);
        landlord.rentOwed = 0;
        emit RentClaimed(msg.sender, amount);
        market.payRent(msg.sender, amount);
    }

    /// @inheritdoc ILandlordRegistry
    function reportService(uint256 leaseId, address account, uint8 reason) external {
        address tenant = market.leaseOf(leaseId).tenant;
        if (msg.sender != tenant) revert NotTenant(leaseId, msg.sender);
        Landlord storage landlord = _landlords[account];
        if (landlord.id == 0) revert NotMember(leaseId, account);
        _memberSlot(_assignments[leaseId], landlord.id, leaseId);
        uint256 epoch = market.currentEpoch();
        if (_lastReport[leaseId][account] == epoch + 1) revert AlreadyReported(leaseId, account, epoch);
        _lastReport[leaseId][account] = epoch + 1;
        uint256 reports = ++landlord.reports;
        emit ServiceReported(leaseId, account, tenant, epoch, reason, reports);
    }

    // ----- market and proofs -----

    /// @inheritdoc ILandlordRegistry
    function assign(
        uint256 leaseId,
        uint256 sizeMB,
        uint256 seed
    ) external onlyMarket returns (address[3] memory group) {
        uint32[8] memory packed;
        packed[_SIZE] = uint32(sizeMB);
        uint256 epoch = market.currentEpoch();
        packed[_EPOCH] = epoch.toUint32();
        for (uint256 i = 0; i < _GROUP; ++i) {
            (address landlord, uint32 id) = _draw(uint256(keccak256(abi.encode(seed, i))), sizeMB, packed);
            group[i] = landlord;
            packed[i] = id;
            packed[_POSITION + i] = _addToList(landlord, leaseId, sizeMB, epoch);
        }
        _assignments[leaseId] = packed;
        emit LeaseAssigned(leaseId, group, sizeMB, epoch);
    }

    /// @inheritdoc ILandlordRegistry
    function resizeAssignment(uint256 leaseId, uint256 newSizeMB) external onlyMarket {
        uint32[8] memory packed = _requireAssignment(leaseId);
        uint256 oldSize = packed[_SIZE];
        for (uint256 i = 0; i < _GROUP; ++i) {
            address account = _accounts[packed[i]];
            Landlord storage landlord = _landlords[account];
            uint256 assigned = landlord.assignedMB - oldSize + newSizeMB;
            if (assigned > landlord.capacityMB) revert InsufficientCapacity(newSizeMB, i);
            landlord.assignedMB = uint48(assigned);
        }
        packed[_SIZE] = uint32(newSizeMB);
        _assignments[leaseId] = packed;
        emit LeaseResizedInGroup(leaseId, oldSize, newSizeMB);
    }

    /// @inheritdoc ILandlordRegistry
    function release(uint256 leaseId) external onlyMarket {
        uint32[8] memory packed = _requireAssignment(leaseId);
        for (uint256 i = 0; i < _GROUP; ++i) {
            address account = _accounts[packed[i]];
            _removeFromList(account, _landlords[account], packed, i);
        }
        delete _assignments[leaseId];
        emit LeaseReleased(leaseId);
    }

    /// @inheritdoc ILandlordRegistry
    function settle(
        uint256 epoch,
        address[] calldata accounts,
        bool[] calldata passed
    ) external nonReentrant returns (uint256 settled, uint256 failed) {
        if (msg.sender != proofs) revert NotProofs(msg.sender);
        if (accounts.length != passed.length) revert LengthMismatch(accounts.length, passed.length);
        Settlement memory batch = Settlement({
            epoch: epoch,
            current: market.currentEpoch(),
            rent: market.epochRent(epoch),
            totalCapacity: rentCapacityAt(epoch),
            credited: 0,
            withheld: 0,
            slashed: 0
        });
        for (uint256 i = 0; i < accounts.length; ++i) {
            if (!_settleOne(batch, accounts[i], passed[i])) continue;
            ++settled;
            if (!passed[i]) ++failed;
        }
        if (settled > 0) market.settleRent(epoch, batch.credited, batch.withheld);
        if (batch.slashed > 0) token.safeTransfer(address(market), batch.slashed);
    }

    // ----- views -----

    /// @inheritdoc ILandlordRegistry
    function landlordOf(address account) external view returns (Landlord memory) {
        return _landlords[account];
    }

    /// @inheritdoc ILandlordRegistry
    function accountOf(uint256 id) external view returns (address) {
        return _accounts[id];
    }

    /// @inheritdoc ILandlordRegistry
    function landlordCount() external view returns (uint256) {
        return _landlordCount;
    }

    /// @inheritdoc ILandlordRegistry
    function groupOf(uint256 leaseId) external view returns (address[3] memory group) {
        uint32[8] memory packed = _requireAssignment(leaseId);
        for (uint256 i = 0; i < _GROUP; ++i) group[i] = _accounts[packed[i]];
    }

    /// @inheritdoc ILandlordRegistry
    function assignedEpochOf(uint256 leaseId) external view returns (uint256) {
        return _requireAssignment(leaseId)[_EPOCH];
    }

    /// @inheritdoc ILandlordRegistry
    function leaseCountOf(address account) external view returns (uint256) {
        return _landlords[account].leaseCount;
    }

    /// @inheritdoc ILandlordRegistry
    function leaseAt(address account, uint256 index) external view returns (uint256) {
        return uint128(_leaseLists[account][index]);
    }

    /// @inheritdoc ILandlordRegistry
    function challengeLease(
        address account,
        uint256 draw
    ) external view returns (uint256 leaseId, uint256 assignedEpoch) {
        uint256 count = _landlords[account].leaseCount;
        if (count == 0) return (0, 0);
        // Slither weak-prng: `draw` comes from a block hash committed to before it was mined
        // (DESIGN §2); the modulo bias of a 256-bit draw over a lease count is negligible.
        // slither-disable-next-line weak-prng
        uint256 entry = _leaseLists[account][draw % count];
        (leaseId, assignedEpoch) = (uint128(entry), entry >> 128);
    }

    /// @inheritdoc ILandlordRegistry
    function totalCapacityMB() external view returns (uint256) {
        return _totalCapacityMB;
    }

    /// @inheritdoc ILandlordRegistry
    function rentCapacityAt(uint256 epoch) public view returns (uint256) {
        return _rentCapacity.upperLookupRecent(epoch.toUint48());
    }

    /// @inheritdoc ILandlordRegistry
    function drawableCount() external view returns (uint256) {
        return _drawable.length;
    }

    /// @inheritdoc ILandlordRegistry
    function collateralFor(uint256 capacityMB) public view returns (uint256) {
        return Math.mulDiv(capacityMB, collateralPerGB, MB_PER_GB, Math.Rounding.Ceil);
    }

    // ----- internals -----

    /// @dev Running totals of a settlement batch.
    struct Settlement {
        uint256 epoch;
        uint256 current;
        uint256 rent;
        uint256 totalCapacity;
        uint256 credited;
        uint256 withheld;
        uint256 slashed;
    }

    /// @dev Settles `batch.epoch` for one landlord; false when there was nothing to settle.
    function _settleOne(Settlement memory batch, address account, bool passed) private returns (bool) {
        Landlord storage landlord = _landlords[account];
        Status status = landlord.status;
        uint256 epoch = batch.epoch;
        if (status == Status.None) revert UnknownLandlord(account);
        if (landlord.nextSettleEpoch != epoch) return false;
        if (status == Status.Retired && epoch > landlord.closedEpoch) return false;
        landlord.nextSettleEpoch = uint24(epoch + 1);
        uint256 capacity = epoch >= landlord.capacityEpoch ? landlord.rentCapacityMB : landlord.previousRentCapacityMB;
        uint256 share = batch.totalCapacity == 0 ? 0 : Math.mulDiv(batch.rent, capacity, batch.totalCapacity);
        if (passed) {
            batch.credited += share;
            landlord.failures = 0;
            if (share > 0) landlord.rentOwed += share.toUint96();
            emit LandlordPassed(epoch, account, share);
        } else {
            batch.withheld += share;
            batch.slashed += _fail(account, landlord, epoch, batch.current, share);
        }
        return true;
    }

    /// @dev A failed epoch: slash, count, and blacklist at the limit. Returns the amount slashed.
    function _fail(
        address account,
        Landlord storage landlord,
        uint256 epoch,
        uint256 current,
        uint256 withheld
    ) private returns (uint256 slash) {
        uint256 collateral = landlord.collateral;
        slash = (collateral * slashBps) / _BPS;
        landlord.collateral = uint96(collateral - slash);
        uint256 failures = landlord.failures + 1;
        landlord.failures = uint8(Math.min(failures, type(uint8).max));
        emit LandlordFailed(epoch, account, withheld, slash, failures, collateral - slash);
        Status status = landlord.status;
        if (failures >= failureLimit && (status == Status.Active || status == Status.Retiring)) {
            if (status == Status.Active) _removeDrawable(account);
            landlord.status = Status.Blacklisted;
            _setRentCapacity(landlord, 0, current);
            emit LandlordBlacklisted(account, epoch, landlord.leaseCount);
        }
    }

    /// @dev Draws a landlord with room for `sizeMB` outside `group`'s first 3 entries.
    function _draw(uint256 seed, uint256 sizeMB, uint32[8] memory group) private view returns (address, uint32) {
        uint256 count = _drawable.length;
        uint256 probes = Math.min(count, MAX_PROBES);
        uint256 start = count == 0 ? 0 : seed % count;
        for (uint256 i = 0; i < probes; ++i) {
            address account = _drawable[(start + i) % count];
            Landlord storage landlord = _landlords[account];
            uint32 id = landlord.id;
            if (id == group[0] || id == group[1] || id == group[2]) continue;
            if (landlord.capacityMB - landlord.assignedMB >= sizeMB) return (account, id);
        }
        revert InsufficientCapacity(sizeMB, probes);
    }

    function _addToList(
        address account,
        uint256 leaseId,
        uint256 sizeMB,
        uint256 epoch
    ) private returns (uint32 position) {
        Landlord storage landlord = _landlords[account];
        position = landlord.leaseCount;
        _leaseLists[account][position] = leaseId | (epoch << 128);
        landlord.leaseCount = position + 1;
        landlord.assignedMB += uint48(sizeMB);
    }

    /// @dev Swap-and-pop of `leaseId` (member `member` of `group`) from `account`'s list.
    function _removeFromList(
        address account,
        Landlord storage landlord,
        uint32[8] memory group,
        uint256 member
    ) private {
        // The last lease of the list takes the removed one's place; its assignment learns where.
        uint256 position = group[_POSITION + member];
        uint256 last = landlord.leaseCount - 1;
        if (position != last) {
            uint256 movedEntry = _leaseLists[account][last];
            uint256 movedLease = uint128(movedEntry);
            _leaseLists[account][position] = movedEntry;
            uint32[8] storage moved = _assignments[movedLease];
            moved[_POSITION + _memberSlot(moved, landlord.id, movedLease)] = uint32(position);
        }
        delete _leaseLists[account][last];
        landlord.leaseCount = uint32(last);
        landlord.assignedMB -= group[_SIZE];
    }

    function _memberSlot(uint32[8] memory group, uint32 id, uint256 leaseId) private view returns (uint256) {
        for (uint256 i = 0; i < _GROUP; ++i) if (group[i] == id) return i;
        revert NotMember(leaseId, _accounts[id]);
    }

    function _removeDrawable(address account) private {
        uint256 index = _drawIndex[account] - 1;
        address last = _drawable[_drawable.length - 1];
        _drawable[index] = last;
        _drawIndex[last] = index + 1;
        _drawable.pop();
        delete _drawIndex[account];
    }

    /// @dev Sets the capacity `landlord` shares rent by from epoch `epoch + 1`.
    function _setRentCapacity(Landlord storage landlord, uint256 capacityMB, uint256 epoch) private {
        uint256 from = epoch + 1;
        uint256 pending = landlord.rentCapacityMB;
        if (landlord.capacityEpoch <= epoch) landlord.previousRentCapacityMB = uint48(pending);
        landlord.rentCapacityMB = capacityMB.toUint48();
        landlord.capacityEpoch = from.toUint24();
        uint256 total = _rentCapacity.latest();
        // Slither unused-return: push returns the previous and new values, both known here.
        // slither-disable-next-line unused-return
        _rentCapacity.push(from.toUint48(), (total - pending + capacityMB).toUint208());
    }

    function _requireSettled(Landlord storage landlord, uint256 epoch) private view {
        if (landlord.nextSettleEpoch < epoch) revert SettlementPending(msg.sender, landlord.nextSettleEpoch, epoch);
    }

    function _requireAssignment(uint256 leaseId) private view returns (uint32[8] memory packed) {
        packed = _assignments[leaseId];
        if (packed[_SIZE] == 0) revert UnknownAssignment(leaseId);
    }

    function _checkCapacity(uint256 capacityMB) private pure {
        if (capacityMB == 0) revert InvalidCapacity(capacityMB);
        if (capacityMB > type(uint48).max) revert CapacityTooLarge(capacityMB);
    }
}
