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
import {IStorageProofs} from "../interfaces/IStorageProofs.sol";
import {CapacityTree} from "../libraries/CapacityTree.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title LandlordRegistry
/// @notice Landlords of the storage market (DESIGN §6): capacity backed by collateral, the copy
/// group of 3 landlords of each lease, the leases each landlord holds, settlement of proof
/// epochs, slashing, the blacklist and unbonding.
/// @dev Choices the design leaves open:
/// - A GB is 1024 MB; collateral is rounded up; a landlord has at least `minCapacityMB`.
/// - Copy groups are drawn from a sum tree of free capacity (CapacityTree, one leaf per landlord,
///   zero when it cannot take leases): each member is drawn among landlords with room for the
///   lease, in proportion to free capacity, in O(log n).
/// - A landlord is a member of a group from its draw and holds the lease from the epoch after it
///   accepted the data (StorageProofs.acceptData → `hold`). Challenges land on held leases, and
///   rent of an epoch is shared by the MB each landlord held when it opened (checkpoints of held
///   MB per landlord and in total, written at e + 1 by changes during e): declared capacity that
///   holds nothing earns nothing, and shares never sum above the rent.
/// - The held list of a landlord is copy-on-write: its count is saved on the first change of an
///   epoch, and a slot keeps its value from the epoch's start on its first change in the epoch.
///   The challenge of the running epoch therefore reads the list as it stood when the epoch
///   opened, whatever is retired, moved, reclaimed or rented during it; nothing is written per
///   landlord to open an epoch.
/// - The challenged lease is drawn in proportion to the MB held of it (audit M3), the weights the
///   rent share counts (an expired lease weighs nothing): each held-list slot also carries a node
///   of a Fenwick tree of held MB over the list (copy-on-write with the slot), so a change of
///   held MB costs O(log n) slot writes and the draw descends the tree as the epoch opened in
///   O(log n) reads.
/// - Moves (`reassign`) draw from a seed fixed when the lease was assigned (its randomness) and a
///   move counter: the outcome of a move is known in advance, so a keeper could time a move to a
///   state of the tree it likes, and a landlord can shift draws by changing its own free capacity
///   (which locks collateral for the unbonding delay). What it gains is work: rent follows proved
///   MB, not membership. This is the residual the two-step draw leaves (see StorageMarket.assign).
/// - Slashed collateral is sent to the market, where it joins the subsidy reserve and drips back
///   into the pool. A blacklisted landlord keeps proving the leases it still holds until they are
///   moved, then recovers what is left of its collateral through `retire` after unbonding.
// The sixteenth state variable is the members' join times of the acceptance deadline (audit H5);
// packing them into the assignment would cost a slot on every group read.
// solhint-disable-next-line max-states-count
contract LandlordRegistry is Upkeep, ILandlordRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using Checkpoints for Checkpoints.Trace208;
    using CapacityTree for CapacityTree.Tree;

    bytes32 public constant REASSIGN_KIND = "LandlordRegistry.reassign";
    /// @dev StorageProofs' settle kind: its bounty is taken from the rent shares settled (H3).
    bytes32 private constant _SETTLE_KIND = "StorageProofs.settleEpoch";
    uint256 public constant MB_PER_GB = 1024;
    uint256 private constant _GROUP = 3;
    // Slots of a packed assignment: member ids, their positions in the members' group lists,
    // their positions + 1 in their held lists (0: not held), the MB each holds, the lease size,
    // the epoch of the first draw, the move counter and the draw salt.
    uint256 private constant _MEMBER_POS = 3;
    uint256 private constant _HELD_POS = 6;
    uint256 private constant _HELD_MB = 9;
    uint256 private constant _SIZE = 12;
    uint256 private constant _EPOCH = 13;
    uint256 private constant _MOVES = 14;
    uint256 private constant _SALT = 15;
    /// @dev High bit of the move counter: the lease expired, its held MB counts nothing (M4).
    uint32 private constant _EXPIRED = 1 << 31;

    IERC20 public immutable token;
    uint256 public immutable collateralPerGB;
    uint256 public immutable slashBps;
    uint256 public immutable failureLimit;
    uint256 public immutable minCapacityMB;
    uint256 public immutable unbondingDelay;
    /// @notice Seconds a member of a copy group has, from its joining or the lease's latest data
    /// proposal (whichever is later), to accept or reject that data (audit H5).
    uint256 public immutable acceptWindow;

    IStorageMarket public market;
    address public proofs;
    address private _binder;

    uint256 private _totalCapacityMB;
    uint256 private _landlordCount;
    uint256 private _drawableCount;
    /// @dev The block of the latest capacity increase of the draw tree (audit M5).
    uint256 private _increasedAt;
    CapacityTree.Tree private _tree;
    Checkpoints.Trace208 private _totalHeld;

    mapping(address landlord => Landlord record) private _landlords;
    mapping(uint256 id => address landlord) private _accounts;
    mapping(address landlord => Checkpoints.Trace208 heldMB) private _held;
    mapping(address landlord => mapping(uint256 index => uint256 leaseId)) private _groupLists;
    /// @dev Held list slots, copy-on-write per epoch: the lease now (bits 0-63), the lease when
    /// epoch `changed - 1` opened (64-127), `changed` (epoch + 1 of the slot's last change,
    /// 128-159), and node `index + 1` of the landlord's Fenwick tree of held MB over its held list
    /// now (160-207) and when that epoch opened (208-255) (audit M3: the challenge is drawn by MB).
    mapping(address landlord => mapping(uint256 index => uint256 slot)) private _heldLists;
    mapping(uint256 leaseId => uint32[16] packed) private _assignments;
    mapping(uint256 leaseId => mapping(address landlord => uint256 epochPlusOne)) private _lastReport;
    /// @dev When each member of a lease's group joined it (its draw or its move), by member slot.
    mapping(uint256 leaseId => uint64[3] timestamps) private _joinedAt;

    modifier onlyMarket() {
        if (msg.sender != address(market)) revert NotMarket(msg.sender);
        _;
    }

    constructor(IERC20 token_, IKeeperRewards keeperRewards_, Parameters memory params) Upkeep(keeperRewards_) {
        if (params.slashBps > BPS) revert InvalidParameter("slashBps", params.slashBps);
        if (params.collateralPerGB > type(uint128).max) {
            revert InvalidParameter("collateralPerGB", params.collateralPerGB);
        }
        if (params.failureLimit == 0 || params.failureLimit > type(uint8).max) {
            revert InvalidParameter("failureLimit", params.failureLimit);
        }
        if (params.minCapacityMB == 0 || params.minCapacityMB > type(uint48).max) {
            revert InvalidParameter("minCapacityMB", params.minCapacityMB);
        }
        if (params.unbondingDelay > type(uint32).max) revert InvalidParameter("unbondingDelay", params.unbondingDelay);
        if (params.acceptWindow == 0 || params.acceptWindow > type(uint32).max) {
            revert InvalidParameter("acceptWindow", params.acceptWindow);
        }
        token = token_;
        collateralPerGB = params.collateralPerGB;
        slashBps = params.slashBps;
        failureLimit = params.failureLimit;
        minCapacityMB = params.minCapacityMB;
        unbondingDelay = params.unbondingDelay;
        acceptWindow = params.acceptWindow;
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
        landlord.nextSettleEpoch = (epoch + 1).toUint32();
        landlord.snapshotEpoch = epoch.toUint32();
        landlord.status = Status.Active;
        _accounts[id] = msg.sender;
        _totalCapacityMB += capacityMB;
        ++_drawableCount;
        _tree.set(id - 1, capacityMB);
        _increasedAt = block.number;

        emit LandlordRegistered(msg.sender, id, capacityMB, collateral, epoch + 1, endpoint);
        token.safeTransferFrom(msg.sender, address(this), collateral);
    }

    /// @inheritdoc ILandlordRegistry
    function addCapacity(uint256 addedMB) external nonReentrant {
        Landlord storage landlord = _landlords[msg.sender];
        if (landlord.status != Status.Active) revert NotActive(msg.sender, landlord.status);
        if (addedMB == 0) revert InvalidCapacity(addedMB);
        uint256 capacityMB = landlord.capacityMB + addedMB;
        _checkCapacity(capacityMB);
        uint256 required = collateralFor(capacityMB);
        uint256 added = required > landlord.collateral ? required - landlord.collateral : 0;

        landlord.capacityMB = uint48(capacityMB);
        landlord.collateral += added.toUint96();
        _totalCapacityMB += addedMB;
        _tree.set(landlord.id - 1, capacityMB - landlord.assignedMB);
        _increasedAt = block.number;

        emit CapacityAdded(msg.sender, addedMB, capacityMB, added, landlord.collateral, market.currentEpoch());
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
            _stopDrawing(landlord);
            landlord.status = status = Status.Retiring;
            progressed = true;
            emit RetirementStarted(msg.sender, landlord.memberships);
        }
        if ((status == Status.Retiring || status == Status.Blacklisted) && landlord.memberships == 0) {
            uint256 epoch = market.currentEpoch();
            _totalCapacityMB -= landlord.capacityMB;
            landlord.closedEpoch = epoch.toUint32();
            landlord.closedAt = block.timestamp.toUint48();
            landlord.status = status = Status.Retired;
            progressed = true;
            emit LandlordClosed(msg.sender, epoch, landlord.capacityMB, block.timestamp + unbondingDelay);
        }
        uint256 collateral = landlord.collateral;
        if (status == Status.Retired && collateral > 0) {
            uint256 unbondsAt = landlord.closedAt + unbondingDelay;
            if (block.timestamp >= unbondsAt && landlord.nextSettleEpoch > landlord.closedEpoch) {
                landlord.collateral = 0;
                emit CollateralReturned(msg.sender, collateral);
                token.safeTransfer(msg.sender, collateral);
                return;
            }
            if (!progressed) {
                revert Unbonding(msg.sender, unbondsAt, landlord.nextSettleEpoch, landlord.closedEpoch);
            }
        }
        if (!progressed) revert CannotRetire(msg.sender, status);
    }

    /// @inheritdoc ILandlordRegistry
    function reassign(address account, uint256 maxLeases) external nonReentrant returns (uint256 moved) {
        Landlord storage landlord = _landlords[account];
        Status status = landlord.status;
        uint256 count = landlord.memberships;
        if ((status != Status.Retiring && status != Status.Blacklisted) || count == 0 || maxLeases == 0) {
            revert NothingToMove(account, status, count);
        }
        uint256 epoch = market.currentEpoch();
        for (; moved < maxLeases && count > 0; ++moved) {
            uint256 leaseId = _groupLists[account][--count];
            _move(account, landlord, leaseId, epoch);
        }
        _payMoves(account, landlord, moved);
    }

    /// @inheritdoc ILandlordRegistry
    function reassignMember(uint256 leaseId, address account) external nonReentrant {
        uint32[16] memory group = _requireAssignment(leaseId);
        Landlord storage landlord = _landlords[account];
        uint256 member = _memberSlot(group, landlord.id, leaseId);
        (uint256 at, bool rejected) = _movableAt(leaseId, account, member);
        if (at == 0 || block.timestamp < at) revert NotMovable(leaseId, account, at);
        uint256 epoch = market.currentEpoch();
        emit AcceptanceLapsed(leaseId, account, rejected, at);
        if (rejected) {
            // Never slashed, and moved unpaid: a tenant proposing data it never uploads could
            // otherwise make honest holders pay a bounty per move. It (or the tenant) calls this.
            _move(account, landlord, leaseId, epoch);
            return;
        }
        uint256 slash = _fail(account, landlord, epoch, 0);
        _move(account, landlord, leaseId, epoch);
        if (slash > 0) token.safeTransfer(address(market), slash);
        _payMoves(account, landlord, 1);
    }

    /// @dev Moves `account`'s membership of `leaseId` to a landlord drawn from the sum tree.
    function _move(address account, Landlord storage landlord, uint256 leaseId, uint256 epoch) private {
        uint32[16] memory group = _assignments[leaseId];
        uint256 member = _memberSlot(group, landlord.id, leaseId);
        uint256 seed = uint256(keccak256(abi.encode(leaseId, group[_SALT], group[_MOVES])));
        uint32 toId = _drawOne(seed, group[_SIZE], group);
        if (toId == 0) revert InsufficientCapacity(group[_SIZE], member);
        _leave(account, landlord, group, member, epoch);
        group[member] = toId;
        ++group[_MOVES];
        address to = _accounts[toId];
        _join(to, _landlords[to], group, member, leaseId);
        _assignments[leaseId] = group;
        _joinedAt[leaseId][member] = uint64(block.timestamp);
        emit LeaseReassigned(leaseId, account, to, epoch);
    }

    /// @dev Audit H4: of `moves` memberships moved away from `account`, each is a paid unit only
    /// while its collateral covers one bounty, taken from it into KeeperRewards (a retiree or a
    /// blacklisted landlord pays for the keeper work it causes); the others are moved unpaid.
    function _payMoves(address account, Landlord storage landlord, uint256 moves) private {
        uint256 bounty = keeperRewards.kindOf(REASSIGN_KIND).bounty;
        uint256 collateral = landlord.collateral;
        uint256 paid = bounty == 0 ? moves : Math.min(moves, collateral / bounty);
        uint256 fee = paid * bounty;
        if (fee > 0) {
            landlord.collateral = uint96(collateral - fee);
            emit MoveFeesTaken(account, paid, fee, collateral - fee);
            token.safeTransfer(address(keeperRewards), fee);
        }
        _payBounty(REASSIGN_KIND, paid);
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
    function drawGroup(
        uint256 leaseId,
        uint256 sizeMB,
        uint256 seed
    ) external onlyMarket returns (bool formed, address[3] memory group) {
        // Slither uninitialized-local: memory arrays start zeroed, which is the empty group.
        // slither-disable-next-line uninitialized-local
        uint32[16] memory packed;
        // slither-disable-next-line uninitialized-local
        uint256[3] memory weights;
        uint256 found;
        // Each member drawn is taken out of the tree for the next draws, then all are put back.
        for (; found < _GROUP; ++found) {
            (bool ok, uint256 leaf) = _tree.draw(uint256(keccak256(abi.encode(seed, found))), sizeMB);
            if (!ok) break;
            packed[found] = uint32(leaf + 1);
            weights[found] = _tree.weightOf(leaf);
            _tree.set(leaf, 0);
        }
        if (found < _GROUP) {
            for (uint256 i = 0; i < found; ++i) _tree.set(packed[i] - 1, weights[i]);
            return (false, group);
        }
        packed[_SIZE] = uint32(sizeMB);
        packed[_EPOCH] = market.currentEpoch().toUint32();
        packed[_SALT] = uint32(seed >> 224);
        for (uint256 i = 0; i < _GROUP; ++i) {
            address account = _accounts[packed[i]];
            group[i] = account;
            _join(account, _landlords[account], packed, i, leaseId);
        }
        _assignments[leaseId] = packed;
        uint64 now_ = uint64(block.timestamp);
        _joinedAt[leaseId] = [now_, now_, now_];
        emit LeaseAssigned(leaseId, group, sizeMB, packed[_EPOCH]);
        return (true, group);
    }

    /// @inheritdoc ILandlordRegistry
    function resizeAssignment(uint256 leaseId, uint256 newSizeMB) external onlyMarket {
        uint32[16] memory packed = _requireAssignment(leaseId);
        uint256 oldSize = packed[_SIZE];
        uint256 epoch = market.currentEpoch();
        for (uint256 i = 0; i < _GROUP; ++i) {
            address account = _accounts[packed[i]];
            Landlord storage landlord = _landlords[account];
            uint256 assigned = landlord.assignedMB - oldSize + newSizeMB;
            if (assigned > landlord.capacityMB) revert InsufficientCapacity(newSizeMB, i);
            landlord.assignedMB = uint48(assigned);
            _syncLeaf(landlord);
            // Audit H2: a holder never counts more MB than the lease has, from the next epoch
            // (it still proves the data it accepted until it accepts the new proposal).
            uint256 heldMB = packed[_HELD_MB + i];
            if (heldMB > newSizeMB) {
                packed[_HELD_MB + i] = uint32(newSizeMB);
                _weigh(account, landlord.heldCount, packed[_HELD_POS + i] - 1, heldMB, newSizeMB, epoch);
                _changeHeld(account, landlord, leaseId, heldMB, newSizeMB, epoch);
            }
        }
        packed[_SIZE] = uint32(newSizeMB);
        _assignments[leaseId] = packed;
        emit LeaseResizedInGroup(leaseId, oldSize, newSizeMB);
    }

    /// @inheritdoc ILandlordRegistry
    function release(uint256 leaseId) external onlyMarket {
        uint32[16] memory packed = _requireAssignment(leaseId);
        uint256 epoch = market.currentEpoch();
        for (uint256 i = 0; i < _GROUP; ++i) {
            address account = _accounts[packed[i]];
            _leave(account, _landlords[account], packed, i, epoch);
        }
        delete _assignments[leaseId];
        delete _joinedAt[leaseId];
        emit LeaseReleased(leaseId);
    }

    /// @inheritdoc ILandlordRegistry
    function hold(uint256 leaseId, address account, uint256 sizeMB) external {
        if (msg.sender != proofs) revert NotProofs(msg.sender);
        uint32[16] memory packed = _requireAssignment(leaseId);
        Landlord storage landlord = _landlords[account];
        uint256 member = _memberSlot(packed, landlord.id, leaseId);
        uint256 epoch = market.currentEpoch();
        if (packed[_HELD_POS + member] == 0) {
            _snapshot(landlord, epoch);
            uint256 position = landlord.heldCount;
            _appendSlot(account, position, leaseId, epoch);
            landlord.heldCount = uint32(position + 1);
            packed[_HELD_POS + member] = uint32(position + 1);
        }
        uint256 oldMB = packed[_HELD_MB + member];
        packed[_HELD_MB + member] = sizeMB.toUint32();
        _assignments[leaseId] = packed;
        // An expired lease's MB is out of the rent share until it is renewed (`setExpired`).
        bool live = packed[_MOVES] < _EXPIRED;
        (oldMB, sizeMB) = live ? (oldMB, sizeMB) : (0, 0);
        _weigh(account, landlord.heldCount, packed[_HELD_POS + member] - 1, oldMB, sizeMB, epoch);
        _changeHeld(account, landlord, leaseId, oldMB, sizeMB, epoch);
    }

    /// @inheritdoc ILandlordRegistry
    function setExpired(uint256 leaseId, bool expired) external returns (bool changed) {
        if (msg.sender != proofs && msg.sender != address(market)) revert NotProofs(msg.sender);
        uint32[16] memory packed = _assignments[leaseId];
        if (packed[_SIZE] == 0 || (packed[_MOVES] >= _EXPIRED) == expired) return false;
        packed[_MOVES] ^= _EXPIRED;
        _assignments[leaseId] = packed;
        uint256 epoch = market.currentEpoch();
        for (uint256 i = 0; i < _GROUP; ++i) {
            uint256 heldMB = packed[_HELD_MB + i];
            if (heldMB == 0) continue;
            address account = _accounts[packed[i]];
            Landlord storage landlord = _landlords[account];
            (uint256 oldMB, uint256 newMB) = expired ? (heldMB, uint256(0)) : (uint256(0), heldMB);
            _weigh(account, landlord.heldCount, packed[_HELD_POS + i] - 1, oldMB, newMB, epoch);
            _changeHeld(account, landlord, leaseId, oldMB, newMB, epoch);
        }
        return true;
    }

    /// @inheritdoc ILandlordRegistry
    function settle(
        uint256 epoch,
        address[] calldata accounts,
        bool[] calldata proved,
        bool seedKnown
    )
        external
        nonReentrant
        returns (uint256 settled, uint256 failed, uint256 units, uint256 heldSettled, uint256 totalHeld)
    {
        if (msg.sender != proofs) revert NotProofs(msg.sender);
        if (accounts.length != proved.length) revert LengthMismatch(accounts.length, proved.length);
        Settlement memory batch = Settlement({
            epoch: epoch,
            current: market.currentEpoch(),
            rent: market.epochRent(epoch),
            totalHeld: totalHeldMBAt(epoch),
            seedKnown: seedKnown,
            bounty: keeperRewards.kindOf(_SETTLE_KIND).bounty,
            units: 0,
            credited: 0,
            withheld: 0,
            slashed: 0,
            heldSettled: 0
        });
        for (uint256 i = 0; i < accounts.length; ++i) {
            uint256 outcome = _settleOne(batch, accounts[i], proved[i]);
            if (outcome == _SKIPPED) continue;
            ++settled;
            if (outcome == _FAILED) ++failed;
        }
        units = batch.units;
        heldSettled = batch.heldSettled;
        totalHeld = batch.totalHeld;
        uint256 fees = units * batch.bounty;
        if (settled > 0) market.settleRent(epoch, batch.credited + fees, batch.withheld);
        if (fees > 0) {
            emit SettleBountiesFunded(epoch, units, fees);
            // The bounties come out of the shares settled: the market pays them to KeeperRewards.
            market.payRent(address(keeperRewards), fees);
        }
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
        uint32[16] memory packed = _requireAssignment(leaseId);
        for (uint256 i = 0; i < _GROUP; ++i) group[i] = _accounts[packed[i]];
    }

    /// @inheritdoc ILandlordRegistry
    function assignedEpochOf(uint256 leaseId) external view returns (uint256) {
        return _requireAssignment(leaseId)[_EPOCH];
    }

    /// @inheritdoc ILandlordRegistry
    function membershipOf(uint256 leaseId, address account) external view returns (bool member, bool holding) {
        uint32[16] memory packed = _assignments[leaseId];
        uint32 id = _landlords[account].id;
        if (id == 0 || packed[_SIZE] == 0) return (false, false);
        for (uint256 i = 0; i < _GROUP; ++i) {
            if (packed[i] == id) return (true, packed[_HELD_POS + i] != 0);
        }
    }

    /// @inheritdoc ILandlordRegistry
    function movableAt(uint256 leaseId, address account) external view returns (uint256 at, bool rejected) {
        uint32[16] memory packed = _assignments[leaseId];
        uint32 id = _landlords[account].id;
        if (id == 0 || packed[_SIZE] == 0) return (0, false);
        for (uint256 i = 0; i < _GROUP; ++i) if (packed[i] == id) return _movableAt(leaseId, account, i);
    }

    /// @inheritdoc ILandlordRegistry
    function leaseCountOf(address account) external view returns (uint256) {
        return _landlords[account].memberships;
    }

    /// @inheritdoc ILandlordRegistry
    function leaseAt(address account, uint256 index) external view returns (uint256) {
        return _groupLists[account][index];
    }

    /// @inheritdoc ILandlordRegistry
    function challengeLease(address account, uint256 epoch, uint256 draw) external view returns (uint256) {
        Landlord storage landlord = _landlords[account];
        uint256 count = landlord.snapshotEpoch == epoch ? landlord.snapshotCount : landlord.heldCount;
        // The MB held when the epoch opened: the sum of the tree's weights as it opened.
        uint256 total = heldMBAt(account, epoch);
        if (count == 0 || total == 0) return 0;
        mapping(uint256 index => uint256 slot) storage list = _heldLists[account];
        // Slither weak-prng: `draw` comes from randomness committed to before its block (DESIGN
        // §2); the modulo bias of a 256-bit draw over a sum of MB is negligible.
        // slither-disable-next-line weak-prng
        uint256 point = draw % total;
        // Audit M3: the held position whose MB covers `point`, by descending the Fenwick tree as
        // it stood when the epoch opened (each lease is drawn in proportion to its MB).
        uint256 position = 0;
        uint256 step = 1;
        while (step << 1 <= count) step <<= 1;
        for (; step != 0; step >>= 1) {
            uint256 next = position + step;
            if (next > count) continue;
            uint256 node = list[next - 1];
            uint256 weight = uint32(node >> 128) == epoch + 1 ? uint48(node >> 208) : uint48(node >> 160);
            if (weight <= point) {
                position = next;
                point -= weight;
            }
        }
        uint256 slot = list[position];
        return uint32(slot >> 128) == epoch + 1 ? uint64(slot >> 64) : uint64(slot);
    }

    /// @inheritdoc ILandlordRegistry
    function heldMBAt(address account, uint256 epoch) public view returns (uint256) {
        return _held[account].upperLookupRecent(epoch.toUint48());
    }

    /// @inheritdoc ILandlordRegistry
    function totalHeldMBAt(uint256 epoch) public view returns (uint256) {
        return _totalHeld.upperLookupRecent(epoch.toUint48());
    }

    /// @inheritdoc ILandlordRegistry
    function totalCapacityMB() external view returns (uint256) {
        return _totalCapacityMB;
    }

    /// @inheritdoc ILandlordRegistry
    function freeCapacityMB() external view returns (uint256) {
        return _tree.total();
    }

    /// @inheritdoc ILandlordRegistry
    function largestFreeMB() external view returns (uint256) {
        return _tree.largest();
    }

    /// @inheritdoc ILandlordRegistry
    function capacityIncreasedAt() external view returns (uint256) {
        return _increasedAt;
    }

    /// @inheritdoc ILandlordRegistry
    function drawableCount() external view returns (uint256) {
        return _drawableCount;
    }

    /// @inheritdoc ILandlordRegistry
    function collateralFor(uint256 capacityMB) public view returns (uint256) {
        // Rounded up. Plain arithmetic (no 512-bit mulDiv, for code size): collateralPerGB is below
        // 2^128 (constructor) and a capacity below 2^128 cannot overflow.
        return (capacityMB * collateralPerGB + MB_PER_GB - 1) / MB_PER_GB;
    }

    // ----- internals -----

    uint256 private constant _SKIPPED = 0;
    uint256 private constant _EMPTY = 1;
    uint256 private constant _PASSED = 2;
    uint256 private constant _FAILED = 3;
    uint256 private constant _VOID = 4;

    /// @dev Running totals of a settlement batch.
    struct Settlement {
        uint256 epoch;
        uint256 current;
        uint256 rent;
        uint256 totalHeld;
        bool seedKnown;
        uint256 bounty;
        uint256 units;
        uint256 credited;
        uint256 withheld;
        uint256 slashed;
        uint256 heldSettled;
    }

    /// @dev Settles `batch.epoch` for one landlord by what it held when the epoch opened.
    function _settleOne(Settlement memory batch, address account, bool proved) private returns (uint256) {
        Landlord storage landlord = _landlords[account];
        Status status = landlord.status;
        uint256 epoch = batch.epoch;
        if (status == Status.None) revert UnknownLandlord(account);
        if (landlord.nextSettleEpoch != epoch) return _SKIPPED;
        if (status == Status.Retired && epoch > landlord.closedEpoch) return _SKIPPED;
        landlord.nextSettleEpoch = uint32(epoch + 1);
        uint256 held = heldMBAt(account, epoch);
        batch.heldSettled += held;
        // rent < 2^128 (the market's pool) and held < 2^48 (capacity): no overflow, no mulDiv.
        uint256 share = held == 0 ? 0 : (batch.rent * held) / batch.totalHeld;
        // Audit H3: a landlord settled is a unit of paid work only when its share covers the
        // bounty, which is taken from that share (so self-dealt rent pays its own bounties and a
        // share too small to pay one is settled for free).
        if (held != 0 && share >= batch.bounty) {
            share -= batch.bounty;
            ++batch.units;
        }
        if (!batch.seedKnown) {
            batch.withheld += share;
            emit LandlordVoid(epoch, account, share);
            return held == 0 ? _EMPTY : _VOID;
        }
        if (held == 0) {
            emit LandlordPassed(epoch, account, 0);
            return _EMPTY;
        }
        if (proved) {
            batch.credited += share;
            landlord.failures = 0;
            if (share > 0) landlord.rentOwed += share.toUint96();
            emit LandlordPassed(epoch, account, share);
            return _PASSED;
        }
        batch.withheld += share;
        batch.slashed += _fail(account, landlord, epoch, share);
        return _FAILED;
    }

    /// @dev A failed epoch: slash, count, and blacklist at the limit. Returns the amount slashed.
    function _fail(
        address account,
        Landlord storage landlord,
        uint256 epoch,
        uint256 withheld
    ) private returns (uint256 slash) {
        uint256 collateral = landlord.collateral;
        slash = (collateral * slashBps) / BPS;
        landlord.collateral = uint96(collateral - slash);
        uint256 failures = landlord.failures + 1;
        landlord.failures = uint8(Math.min(failures, type(uint8).max));
        emit LandlordFailed(epoch, account, withheld, slash, failures, collateral - slash);
        Status status = landlord.status;
        if (failures >= failureLimit && (status == Status.Active || status == Status.Retiring)) {
            if (status == Status.Active) _stopDrawing(landlord);
            landlord.status = Status.Blacklisted;
            emit LandlordBlacklisted(account, epoch, landlord.memberships);
        }
    }

    /// @dev Draws a landlord with room for `sizeMB` outside `group`'s members (the one moving
    /// included: an Active member moved for not accepting is never drawn back); 0 when none has room.
    function _drawOne(uint256 seed, uint256 sizeMB, uint32[16] memory group) private returns (uint32 id) {
        // Slither uninitialized-local: memory arrays start zeroed (no weight saved).
        // slither-disable-next-line uninitialized-local
        uint256[3] memory weights;
        for (uint256 i = 0; i < _GROUP; ++i) {
            weights[i] = _tree.weightOf(group[i] - 1);
            if (weights[i] != 0) _tree.set(group[i] - 1, 0);
        }
        (bool ok, uint256 leaf) = _tree.draw(seed, sizeMB);
        for (uint256 i = 0; i < _GROUP; ++i) if (weights[i] != 0) _tree.set(group[i] - 1, weights[i]);
        return ok ? uint32(leaf + 1) : 0;
    }

    /// @dev `account` joins `group` as member `member`: its capacity is taken and it is listed.
    function _join(
        address account,
        Landlord storage landlord,
        uint32[16] memory group,
        uint256 member,
        uint256 leaseId
    ) private {
        uint256 position = landlord.memberships;
        _groupLists[account][position] = leaseId;
        landlord.memberships = uint32(position + 1);
        landlord.assignedMB += uint48(group[_SIZE]);
        group[_MEMBER_POS + member] = uint32(position);
        group[_HELD_POS + member] = 0;
        group[_HELD_MB + member] = 0;
        _syncLeaf(landlord);
    }

    /// @dev Member `member` of `group` leaves it: out of its group list (swap and pop), out of its
    /// held list from the next epoch (copy-on-write), its capacity freed.
    function _leave(
        address account,
        Landlord storage landlord,
        uint32[16] memory group,
        uint256 member,
        uint256 epoch
    ) private {
        uint256 leaseId;
        {
            uint256 position = group[_MEMBER_POS + member];
            uint256 last = landlord.memberships - 1;
            leaseId = _groupLists[account][position];
            if (position != last) {
                uint256 movedLease = _groupLists[account][last];
                _groupLists[account][position] = movedLease;
                uint32[16] storage moved = _assignments[movedLease];
                moved[_MEMBER_POS + _memberSlot(moved, landlord.id, movedLease)] = uint32(position);
            }
            delete _groupLists[account][last];
            landlord.memberships = uint32(last);
            landlord.assignedMB -= uint48(group[_SIZE]);
        }
        uint256 heldPosition = group[_HELD_POS + member];
        if (heldPosition != 0) {
            _snapshot(landlord, epoch);
            uint256 position = heldPosition - 1;
            uint256 last = landlord.heldCount - 1;
            uint256 heldMB = group[_MOVES] < _EXPIRED ? group[_HELD_MB + member] : 0;
            _weigh(account, last + 1, position, heldMB, 0, epoch);
            if (position != last) {
                // The last held lease takes the freed position, with its weight.
                uint256 movedLease = uint64(_heldLists[account][last]);
                uint32[16] storage moved = _assignments[movedLease];
                uint256 movedSlot = _memberSlot(moved, landlord.id, movedLease);
                uint256 movedMB = moved[_MOVES] < _EXPIRED ? moved[_HELD_MB + movedSlot] : 0;
                _writeSlot(account, position, movedLease, epoch);
                _weigh(account, last + 1, position, 0, movedMB, epoch);
                _weigh(account, last + 1, last, movedMB, 0, epoch);
                moved[_HELD_POS + movedSlot] = uint32(position + 1);
            }
            landlord.heldCount = uint32(last);
            _changeHeld(account, landlord, leaseId, heldMB, 0, epoch);
            group[_HELD_POS + member] = 0;
            group[_HELD_MB + member] = 0;
        }
        _syncLeaf(landlord);
    }

    /// @dev When member `member` (`account`) of `leaseId` becomes movable for not accepting the
    /// lease's current data (0: it accepted it): at once when it rejected it since it joined,
    /// else `acceptWindow` after its joining or the data's proposal, whichever is later.
    function _movableAt(
        uint256 leaseId,
        address account,
        uint256 member
    ) private view returns (uint256 at, bool rejected) {
        (bool accepted, uint256 proposedAt, uint256 rejectedAt) = IStorageProofs(proofs).acceptanceOf(leaseId, account);
        if (accepted) return (0, false);
        uint256 joined = _joinedAt[leaseId][member];
        if (rejectedAt != 0 && rejectedAt >= joined) return (rejectedAt, true);
        return (Math.max(joined, proposedAt) + acceptWindow, false);
    }

    /// @dev Saves the held count as the epoch opened, on the landlord's first change in `epoch`.
    function _snapshot(Landlord storage landlord, uint256 epoch) private {
        if (landlord.snapshotEpoch == epoch) return;
        landlord.snapshotEpoch = uint32(epoch);
        landlord.snapshotCount = landlord.heldCount;
    }

    /// @dev Writes `leaseId` at `position` of the held list, keeping the slot's values as of the
    /// epoch's opening on its first change in `epoch`.
    function _writeSlot(address account, uint256 position, uint256 leaseId, uint256 epoch) private {
        uint256 slot = _opened(_heldLists[account][position], epoch);
        _heldLists[account][position] = (slot & ~uint256(type(uint64).max)) | uint64(leaseId);
    }

    /// @dev Appends `leaseId` at `position` (the held count) with weight zero: its Fenwick node
    /// covers (index − lowbit(index), index] and starts as the sum of the nodes below it.
    function _appendSlot(address account, uint256 position, uint256 leaseId, uint256 epoch) private {
        mapping(uint256 index => uint256 slot) storage list = _heldLists[account];
        uint256 index = position + 1;
        uint256 sum = 0;
        for (uint256 step = 1; step < index & (~index + 1); step <<= 1) sum += uint48(list[index - step - 1] >> 160);
        uint256 slot = _opened(list[position], epoch);
        list[position] =
            (slot & ~(uint256(type(uint48).max) << 160) & ~uint256(type(uint64).max)) |
            (sum << 160) |
            leaseId;
    }

    /// @dev Changes the weight of held position `position` from `oldMB` to `newMB` in the
    /// landlord's Fenwick tree over its `count` held positions (copy-on-write, as the list).
    function _weigh(
        address account,
        uint256 count,
        uint256 position,
        uint256 oldMB,
        uint256 newMB,
        uint256 epoch
    ) private {
        if (oldMB == newMB) return;
        mapping(uint256 index => uint256 slot) storage list = _heldLists[account];
        for (uint256 index = position + 1; index <= count; index += index & (~index + 1)) {
            uint256 slot = _opened(list[index - 1], epoch);
            uint256 node = uint48(slot >> 160) + newMB - oldMB;
            list[index - 1] = (slot & ~(uint256(type(uint48).max) << 160)) | (node << 160);
        }
    }

    /// @dev A held list slot ready to change in `epoch`: on its first change in the epoch, its
    /// values now become its values as the epoch opened.
    function _opened(uint256 slot, uint256 epoch) private pure returns (uint256) {
        if (uint32(slot >> 128) == epoch + 1) return slot;
        uint256 node = uint48(slot >> 160);
        return (node << 208) | (node << 160) | ((epoch + 1) << 128) | (uint256(uint64(slot)) << 64) | uint64(slot);
    }

    /// @dev The landlord holds `newMB` instead of `oldMB` of `leaseId` from epoch `epoch + 1`.
    function _changeHeld(
        address account,
        Landlord storage landlord,
        uint256 leaseId,
        uint256 oldMB,
        uint256 newMB,
        uint256 epoch
    ) private {
        uint48 from = (epoch + 1).toUint48();
        Checkpoints.Trace208 storage trace = _held[account];
        uint256 held = trace.latest() + newMB - oldMB;
        uint256 total = _totalHeld.latest() + newMB - oldMB;
        // Slither unused-return: push returns the previous and new values, both known here.
        // slither-disable-next-line unused-return
        trace.push(from, uint208(held));
        // slither-disable-next-line unused-return
        _totalHeld.push(from, uint208(total));
        emit HoldingChanged(account, leaseId, held, landlord.heldCount, from);
    }

    /// @dev The landlord's leaf in the draw tree: its free capacity while Active, else zero.
    function _syncLeaf(Landlord storage landlord) private {
        uint256 weight = landlord.status == Status.Active ? landlord.capacityMB - landlord.assignedMB : 0;
        uint256 leaf = landlord.id - 1;
        if (_tree.weightOf(leaf) != weight) _tree.set(leaf, weight);
    }

    function _stopDrawing(Landlord storage landlord) private {
        --_drawableCount;
        _tree.set(landlord.id - 1, 0);
    }

    function _memberSlot(uint32[16] memory group, uint32 id, uint256 leaseId) private view returns (uint256) {
        for (uint256 i = 0; i < _GROUP; ++i) if (group[i] == id) return i;
        revert NotMember(leaseId, _accounts[id]);
    }

    function _requireAssignment(uint256 leaseId) private view returns (uint32[16] memory packed) {
        packed = _assignments[leaseId];
        if (packed[_SIZE] == 0) revert UnknownAssignment(leaseId);
    }

    function _checkCapacity(uint256 capacityMB) private view {
        if (capacityMB == 0) revert InvalidCapacity(capacityMB);
        if (capacityMB < minCapacityMB) revert BelowMinimumCapacity(capacityMB, minCapacityMB);
        if (capacityMB > type(uint48).max) revert CapacityTooLarge(capacityMB);
    }
}
