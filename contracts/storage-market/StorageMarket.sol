// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";
import {IStorageProofs} from "../interfaces/IStorageProofs.sol";
import {IRandomness} from "../interfaces/IRandomness.sol";
import {BancorMath} from "../libraries/BancorMath.sol";

/// @title StorageMarket
/// @notice Megabyte-day rent on a Bancor curve (DESIGN §6): pricing, the pool, leases (rented in
/// two steps: committed and escrowed at `rent`, assigned from later randomness at `assign`), rent
/// accounting, the storage subsidy and donations.
/// @dev Accounting, which the invariant tests state:
/// - The token balance is M + lease escrow (Pending leases) + rent in escrow (charged, not yet
///   settled) + rent owed (credited to landlords, not yet claimed) + the subsidy reserve. Tokens
///   sent here without a call (the genesis subsidy share, slashed collateral) join the subsidy
///   reserve and drip out on schedule.
/// - B = Σ sizeMB × (endEpoch − max(startEpoch, next epoch to charge)) over Active leases + Σ
///   sizeMB × termEpochs over Pending leases: a Pending lease's MDs are booked at `rent` (so that
///   splitting a purchase into pending rents never prices it below the curve) and its escrow
///   counts in M for pricing; the escrow joins M at `assign` or goes back to the tenant.
/// - Every epoch's usage Σ sizeMB leaves B at the epoch's start, and M·used/B of M leaves with it
///   as rent, but never below `poolFloor`, never more than used × spot price (M·c/R, R = MDs
///   remaining; a deviation from DESIGN §6 closing audit H1: it binds while B < c·R, where the
///   pool's share per booked MD outgrows what MDs cost), and nothing when no landlord held data
///   that epoch.
/// - The subsidy drips from epoch 0 (the first transaction opens the pool) and every entry point
///   drips what is due, so rents are never refused for want of a drip.
/// - Data changes (`updateData`, `resize` to a new size or root) cost `dataFee`: the price of the
///   lease's size for one day at the current state, into M (MDs not booked). The data itself is
///   accepted by each holder on StorageProofs.
/// - Draw steering: the randomness of `assign` is fixed by a block after `rent`, and capacity
///   added from that block on (`registerLandlord`, `addCapacity`: LandlordRegistry
///   `capacityIncreasedAt`) makes `assign` re-seed the lease instead of drawing (audit M5), so no
///   landlord can add the capacity that moves a draw it can already compute. Residuals: decreases
///   of free capacity (other leases assigned, retirements) still change the tree after the value
///   is public, and anyone adding capacity right after a seed block delays pending leases (each
///   time at its own gas and locked collateral).
/// Parameters are immutable: a change of pricing or terms is a new market.
contract StorageMarket is Upkeep, IStorageMarket, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant DRIP_KIND = "StorageMarket.drip";
    bytes32 public constant RECLAIM_KIND = "StorageMarket.reclaim";
    bytes32 public constant ASSIGN_KIND = "StorageMarket.assign";
    /// @dev Spot prices are plain wei per MD, rounded down.
    uint256 private constant _PRICE_SCALE = 1;
    /// @dev A resize that keeps the lease's data.
    uint256 private constant _NO_CHANGE = type(uint256).max;

    IERC20 public immutable token;
    ILandlordRegistry public immutable registry;
    IRandomness public immutable randomness;
    uint256 public immutable origin;
    uint256 public immutable epochLength;
    uint256 public immutable maxTermEpochs;
    uint256 public immutable graceEpochs;
    uint256 public immutable weightReciprocal;
    uint256 public immutable replication;
    uint256 public immutable dripPerEpoch;
    uint256 public immutable poolFloor;

    // Packed so that a quote reads two slots: M and B, then the charging state. 128 bits of
    // tokens or MDs and 32 bits of epochs outlast any deployment.
    uint128 private _pool;
    uint128 private _booked;
    uint128 private _rentEscrow;
    uint64 private _activeMB;
    uint32 private _nextCharge;
    uint32 private _nextDripEpoch;
    uint128 private _rentOwed;
    uint128 private _leaseCount;
    uint256 private _leaseEscrow;

    mapping(uint256 leaseId => Lease lease) private _leases;
    mapping(uint256 epoch => uint256 sizeMB) private _startingMB;
    mapping(uint256 epoch => uint256 sizeMB) private _endingMB;
    mapping(uint256 epoch => uint256 rent) private _epochRent;

    modifier onlyRegistry() {
        if (msg.sender != address(registry)) revert NotRegistry(msg.sender);
        _;
    }

    constructor(
        IERC20 token_,
        ILandlordRegistry registry_,
        IKeeperRewards keeperRewards_,
        IRandomness randomness_,
        Parameters memory params
    ) Upkeep(keeperRewards_) {
        if (params.epochLength == 0) revert InvalidParameter("epochLength", 0);
        if (params.maxTermEpochs == 0 || params.maxTermEpochs > type(uint16).max) {
            revert InvalidParameter("maxTermEpochs", params.maxTermEpochs);
        }
        if (params.replication == 0) revert InvalidParameter("replication", 0);
        if (params.weightReciprocal == 0 || params.weightReciprocal > BancorMath.MAX_WEIGHT_RECIPROCAL) {
            revert BancorMath.InvalidWeightReciprocal(params.weightReciprocal);
        }
        token = token_;
        registry = registry_;
        randomness = randomness_;
        origin = block.timestamp;
        epochLength = params.epochLength;
        maxTermEpochs = params.maxTermEpochs;
        graceEpochs = params.graceEpochs;
        weightReciprocal = params.weightReciprocal;
        replication = params.replication;
        dripPerEpoch = params.dripPerEpoch;
        poolFloor = params.poolFloor;
    }

    // ----- leases -----

    /// @inheritdoc IStorageMarket
    function rent(
        uint256 sizeMB,
        uint256 days_,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external nonReentrant returns (uint256 leaseId) {
        _checkSize(sizeMB);
        _checkDays(days_);
        _checkData(dataRoot, dataLength, sizeMB);
        // Audit M1: a lease no landlord has room for could only be refunded; booked meanwhile, it
        // would raise others' prices for free.
        uint256 largest = registry.largestFreeMB();
        if (sizeMB > largest) revert NoRoom(sizeMB, largest);
        uint256 epoch = _accrue();
        uint256 cost = _price(sizeMB * days_, maxCost);
        _leaseEscrow += cost;
        _booked += (sizeMB * days_).toUint128();

        uint256 requestId = randomness.request();
        leaseId = ++_leaseCount;
        _leases[leaseId] = Lease({
            tenant: msg.sender,
            sizeMB: uint32(sizeMB),
            startEpoch: 0,
            endEpoch: 0,
            termEpochs: uint32(days_),
            status: LeaseStatus.Pending,
            requestId: requestId.toUint64(),
            escrow: cost.toUint128()
        });
        // LeaseRented first: it is the event that creates the lease for the indexer, and the data
        // proposal (DataProposed) follows it.
        emit LeaseRented(leaseId, msg.sender, sizeMB, days_, dataRoot, cost, requestId, _assignableAt(requestId));
        _proofs().proposeData(leaseId, dataRoot, sizeMB, dataLength, 0);
        _emitState(epoch);
        uint256 fee = upkeepFee();
        emit UpkeepFeePaid(leaseId, msg.sender, fee);
        token.safeTransferFrom(msg.sender, address(this), cost);
        if (fee > 0) token.safeTransferFrom(msg.sender, address(keeperRewards), fee);
    }

    /// @inheritdoc IStorageMarket
    /// @dev Audit H3: the assign and reclaim bounties a lease creates are paid by its tenant at
    /// `rent` (not refunded), so they are budget neutral for KeeperRewards.
    function upkeepFee() public view returns (uint256) {
        return uint256(keeperRewards.kindOf(ASSIGN_KIND).bounty) + keeperRewards.kindOf(RECLAIM_KIND).bounty;
    }

    /// @inheritdoc IStorageMarket
    /// @dev A refund pays no bounty: a rent that is refunded costs its maker nothing, so a bounty
    /// for it could be farmed. The tenant, whose tokens it returns, calls it when no keeper does.
    function assign(uint256 leaseId) external nonReentrant returns (bool done) {
        Lease memory lease = _requireLease(leaseId);
        if (lease.status != LeaseStatus.Pending) revert WrongStatus(leaseId, lease.status);
        bytes32 value = randomness.randomnessOf(lease.requestId);
        uint256 seedBlock = randomness.requestOf(lease.requestId).seedBlock;
        if (value == bytes32(0) || registry.capacityIncreasedAt() >= seedBlock) {
            _reseed(leaseId, lease.requestId, value == bytes32(0), seedBlock);
            return false;
        }
        uint256 epoch = _accrue();
        uint256 cost = lease.escrow;
        _leaseEscrow -= cost;
        // Slither reentrancy-no-eth and unused-return: the registry is the market's own bound
        // module (no other code runs), every entry point is nonReentrant, and the group drawn is
        // the registry's record (LeaseAssigned); the writes after depend on whether it formed.
        // slither-disable-next-line reentrancy-no-eth,unused-return
        (bool formed, ) = registry.drawGroup(leaseId, lease.sizeMB, uint256(value));
        lease.escrow = 0;
        if (!formed) {
            lease.status = LeaseStatus.Refunded;
            _leases[leaseId] = lease;
            _booked -= (uint256(lease.sizeMB) * lease.termEpochs).toUint128();
            emit LeaseRefunded(leaseId, lease.tenant, cost, msg.sender);
            _emitState(epoch);
            token.safeTransfer(lease.tenant, cost);
            return false;
        }
        lease.status = LeaseStatus.Active;
        lease.startEpoch = (epoch + 1).toUint32();
        lease.endEpoch = (epoch + 1 + lease.termEpochs).toUint32();
        _leases[leaseId] = lease;
        _pool += cost.toUint128();
        // Its MDs are in B since `rent`: only the charging buckets are written.
        _startingMB[lease.startEpoch] += lease.sizeMB;
        _endingMB[lease.endEpoch] += lease.sizeMB;
        emit LeaseStarted(leaseId, lease.startEpoch, lease.endEpoch, msg.sender);
        _emitState(epoch);
        _payBounty(ASSIGN_KIND, 1);
        return true;
    }

    /// @dev Re-seeds a Pending lease's draw (unpaid). A `missed` randomness block is recorded
    /// again (the request waits for a new block, never skipped; not due before the block exists).
    /// Otherwise capacity was added from the randomness block on, when the draw could be known
    /// (audit M5): the lease waits for a new request, so the tree it is drawn from is fixed before
    /// its value exists.
    function _reseed(uint256 leaseId, uint256 requestId, bool missed, uint256 seedBlock) private {
        if (missed) {
            if (block.number <= seedBlock) revert NotDue(seedBlock + 1, block.number);
            // Slither unused-return: zero here (re-seeded); the request's events record it.
            // slither-disable-next-line unused-return
            randomness.record(requestId);
        } else {
            requestId = randomness.request();
            _leases[leaseId].requestId = requestId.toUint64();
        }
        emit AssignReseeded(leaseId, requestId, _assignableAt(requestId));
    }

    /// @inheritdoc IStorageMarket
    function extend(uint256 leaseId, uint256 days_, uint256 maxCost) external nonReentrant returns (uint256 cost) {
        _checkDays(days_);
        uint256 epoch = _accrue();
        Lease memory lease = _requireUnlocked(leaseId, epoch);
        uint256 newEnd = lease.endEpoch + days_;
        _checkTerm(newEnd, epoch);
        cost = _purchase(lease.sizeMB * days_, maxCost);

        _unschedule(lease, epoch + 1);
        lease.startEpoch = uint32(Math.max(lease.startEpoch, epoch + 1));
        lease.endEpoch = newEnd.toUint32();
        _leases[leaseId] = lease;
        _schedule(leaseId, lease, epoch + 1);

        emit LeaseExtended(leaseId, msg.sender, newEnd, cost);
        _emitState(epoch);
        token.safeTransferFrom(msg.sender, address(this), cost);
    }

    /// @inheritdoc IStorageMarket
    function resize(
        uint256 leaseId,
        uint256 newSizeMB,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external nonReentrant returns (uint256 cost) {
        _checkSize(newSizeMB);
        _checkData(dataRoot, dataLength, newSizeMB);
        uint256 epoch = _accrue();
        Lease memory lease = _requireUnlocked(leaseId, epoch);
        uint256 from = Math.max(lease.startEpoch, epoch + 1);
        uint256 newDays;
        uint256 fee;
        {
            uint256 held = lease.sizeMB * (lease.endEpoch - from);
            if (held == 0) revert NothingRemaining(leaseId);
            newDays = Math.ceilDiv(held, newSizeMB);
            _checkTerm(from + newDays, epoch);
            bool changed = lease.sizeMB != newSizeMB || _dataChanged(leaseId, dataRoot, dataLength);
            (cost, fee) = _resizeCost(changed, newSizeMB, newDays * newSizeMB - held, maxCost);
        }

        _unschedule(lease, epoch + 1);
        uint256 oldSize = lease.sizeMB;
        lease.sizeMB = uint32(newSizeMB);
        lease.startEpoch = from.toUint32();
        lease.endEpoch = (from + newDays).toUint32();
        _leases[leaseId] = lease;
        _schedule(leaseId, lease, epoch + 1);
        if (oldSize != newSizeMB) registry.resizeAssignment(leaseId, newSizeMB);
        if (fee != _NO_CHANGE) _proofs().proposeData(leaseId, dataRoot, newSizeMB, dataLength, fee);

        emit LeaseResized(leaseId, newSizeMB, from, from + newDays, dataRoot, cost);
        _emitState(epoch);
        if (cost > 0) token.safeTransferFrom(msg.sender, address(this), cost);
    }

    /// @dev Whether `dataRoot` and `dataLength` differ from the lease's proposed data.
    function _dataChanged(uint256 leaseId, bytes32 dataRoot, uint256 dataLength) private view returns (bool) {
        // Slither unused-return: the size is compared by the caller (the lease's own).
        // slither-disable-next-line unused-return
        (bytes32 proposed, , uint256 proposedLength) = _proofs().dataOf(leaseId);
        return dataRoot != proposed || dataLength != proposedLength;
    }

    /// @dev The cost of a resize: the MDs `bought`, plus the data fee (returned apart, or
    /// `_NO_CHANGE` when the data stays) when the size, the root or the data length `changed`;
    /// both join M.
    function _resizeCost(
        bool changed,
        uint256 newSizeMB,
        uint256 bought,
        uint256 maxCost
    ) private returns (uint256 cost, uint256 fee) {
        cost = _purchase(bought, type(uint256).max);
        fee = _NO_CHANGE;
        if (changed) {
            fee = _purchase(newSizeMB, type(uint256).max);
            cost += fee;
        }
        if (cost > maxCost) revert CostExceedsMax(cost, maxCost);
    }

    /// @inheritdoc IStorageMarket
    function updateData(
        uint256 leaseId,
        bytes32 dataRoot,
        uint256 dataLength,
        uint256 maxCost
    ) external nonReentrant returns (uint256 fee) {
        uint256 epoch = _accrue();
        Lease memory lease = _requireUnlocked(leaseId, epoch);
        _checkData(dataRoot, dataLength, lease.sizeMB);
        fee = _purchase(lease.sizeMB, maxCost);
        _proofs().proposeData(leaseId, dataRoot, lease.sizeMB, dataLength, fee);
        emit DataUpdated(leaseId, dataRoot, lease.sizeMB, fee);
        _emitState(epoch);
        token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc IStorageMarket
    function renew(uint256 leaseId, uint256 days_, uint256 maxCost) external nonReentrant returns (uint256 cost) {
        _checkDays(days_);
        uint256 epoch = _accrue();
        Lease memory lease = _requireActive(leaseId);
        if (epoch < lease.endEpoch) revert LeaseNotLocked(leaseId, lease.endEpoch, epoch);
        uint256 graceEnd = lease.endEpoch + graceEpochs;
        if (epoch >= graceEnd) revert GraceOver(leaseId, graceEnd, epoch);

        // The epochs from expiry to this one were held unpaid: they are bought with the new term
        // and go straight to M, as used MDs that never enter B.
        uint256 backPaid = lease.sizeMB * (epoch + 1 - lease.endEpoch);
        uint256 future = lease.sizeMB * days_;
        cost = _purchase(backPaid + future, maxCost);

        lease.startEpoch = (epoch + 1).toUint32();
        lease.endEpoch = (epoch + 1 + days_).toUint32();
        _leases[leaseId] = lease;
        _schedule(leaseId, lease, epoch + 1);

        emit LeaseRenewed(leaseId, epoch + 1, epoch + 1 + days_, backPaid, cost);
        _emitState(epoch);
        token.safeTransferFrom(msg.sender, address(this), cost);
    }

    /// @inheritdoc IStorageMarket
    function reclaim(uint256 leaseId) external nonReentrant {
        uint256 epoch = _accrue();
        Lease memory lease = _requireLease(leaseId);
        if (lease.status != LeaseStatus.Active) revert WrongStatus(leaseId, lease.status);
        uint256 graceEnd = lease.endEpoch + graceEpochs;
        if (epoch < graceEnd) revert NotDue(graceEnd, epoch);
        // The record stays (Reclaimed): proofs of the running epoch may still read its data.
        _leases[leaseId].status = LeaseStatus.Reclaimed;
        registry.release(leaseId);
        emit LeaseReclaimed(leaseId, msg.sender);
        _payBounty(RECLAIM_KIND, 1);
    }

    // ----- pool -----

    /// @inheritdoc IStorageMarket
    function drip() external nonReentrant returns (uint256 amount) {
        uint256 epoch = _charge();
        amount = _dripDue(epoch);
        // Not due before the next epoch, or never while the subsidy reserve is empty.
        if (amount == 0) revert NotDue(_nextDripEpoch > epoch ? _nextDripEpoch : 0, epoch);
        _emitState(epoch);
        _payBounty(DRIP_KIND, 1);
    }

    /// @inheritdoc IStorageMarket
    function donate(uint256 amount) external nonReentrant {
        if (amount == 0) revert InvalidAmount();
        uint256 epoch = _accrue();
        _pool += amount.toUint128();
        emit Donated(msg.sender, amount);
        _emitState(epoch);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStorageMarket
    function accrue() external {
        _accrue();
    }

    /// @inheritdoc IStorageMarket
    function settleRent(uint256 epoch, uint256 credited, uint256 withheld) external onlyRegistry {
        uint256 escrow = _rentEscrow;
        if (credited + withheld > escrow) revert RentExceedsEscrow(credited + withheld, escrow);
        _rentEscrow = uint128(escrow - credited - withheld);
        _rentOwed += credited.toUint128();
        if (withheld > 0) _pool += withheld.toUint128();
        emit RentSettled(epoch, credited, withheld);
    }

    /// @inheritdoc IStorageMarket
    function payRent(address landlord, uint256 amount) external onlyRegistry nonReentrant {
        _rentOwed -= amount.toUint128();
        emit RentPaid(landlord, amount);
        token.safeTransfer(landlord, amount);
    }

    // ----- views -----

    /// @inheritdoc IStorageMarket
    function quote(uint256 sizeMB, uint256 days_) external view returns (uint256) {
        Charges memory charges = _accrued();
        return _costAt(charges.pool + _leaseEscrow, charges.booked, sizeMB * days_);
    }

    /// @inheritdoc IStorageMarket
    function dataFee(uint256 leaseId) external view returns (uint256) {
        Charges memory charges = _accrued();
        return _costAt(charges.pool + _leaseEscrow, charges.booked, _requireLease(leaseId).sizeMB);
    }

    /// @inheritdoc IStorageMarket
    function price() external view returns (uint256) {
        Charges memory charges = _accrued();
        return _priceAt(charges.pool + _leaseEscrow, _remaining(charges.booked));
    }

    /// @inheritdoc IStorageMarket
    function state() external view returns (MarketState memory) {
        Charges memory charges = _accrued();
        uint256 capacity = registry.totalCapacityMB();
        uint256 sellable = (capacity * maxTermEpochs) / replication;
        return
            MarketState({
                worldDiskMB: capacity / replication,
                sellable: sellable,
                booked: charges.booked,
                remaining: sellable > charges.booked ? sellable - charges.booked : 0,
                pool: charges.pool + _leaseEscrow
            });
    }

    /// @inheritdoc IStorageMarket
    function leaseOf(uint256 leaseId) external view returns (Lease memory) {
        return _requireLease(leaseId);
    }

    /// @inheritdoc IStorageMarket
    function leaseCount() external view returns (uint256) {
        return _leaseCount;
    }

    /// @inheritdoc IStorageMarket
    function assignableAt(uint256 leaseId) external view returns (uint256) {
        Lease memory lease = _leases[leaseId];
        return lease.status == LeaseStatus.Pending ? _assignableAt(lease.requestId) : 0;
    }

    /// @inheritdoc IStorageMarket
    function currentEpoch() public view returns (uint256) {
        return (block.timestamp - origin) / epochLength;
    }

    /// @inheritdoc IStorageMarket
    function epochStart(uint256 epoch) external view returns (uint256) {
        return origin + epoch * epochLength;
    }

    /// @inheritdoc IStorageMarket
    function epochRent(uint256 epoch) external view returns (uint256) {
        return _epochRent[epoch];
    }

    /// @notice The first epoch whose usage is not charged yet.
    function nextChargeEpoch() external view returns (uint256) {
        return _nextCharge;
    }

    /// @inheritdoc IStorageMarket
    function nextDripEpoch() external view returns (uint256) {
        return _nextDripEpoch;
    }

    /// @notice Rent charged to epochs (up to the current one) and not yet settled.
    function rentEscrow() external view returns (uint256) {
        return _accrued().escrow;
    }

    /// @notice Rent credited to landlords and not yet claimed.
    function rentOwed() external view returns (uint256) {
        return _rentOwed;
    }

    /// @inheritdoc IStorageMarket
    function leaseEscrow() external view returns (uint256) {
        return _leaseEscrow;
    }

    /// @inheritdoc IStorageMarket
    function subsidyReserve() public view returns (uint256) {
        return token.balanceOf(address(this)) - _pool - _rentEscrow - _rentOwed - _leaseEscrow;
    }

    // ----- internals -----

    /// @dev The charging state: B, the size in use, M, rent in escrow, the next epoch to charge.
    struct Charges {
        uint256 booked;
        uint256 active;
        uint256 pool;
        uint256 escrow;
        uint256 next;
    }

    /// @dev Charges every epoch up to the current one and drips the subsidy due; returns the
    /// current epoch.
    function _accrue() private returns (uint256 epoch) {
        epoch = _charge();
        _dripDue(epoch);
    }

    /// @dev Charges every epoch up to the current one; returns the current epoch.
    function _charge() private returns (uint256 epoch) {
        epoch = currentEpoch();
        Charges memory charges = _loadCharges();
        if (charges.next > epoch) return epoch;
        while (charges.next <= epoch) {
            uint256 charged = _chargeNext(charges, epoch);
            uint256 charging = charges.next - 1;
            if (charged == type(uint256).max) continue;
            _epochRent[charging] = charged;
            emit EpochCharged(charging, charges.active, charged);
        }
        _nextCharge = charges.next.toUint32();
        _booked = charges.booked.toUint128();
        _activeMB = charges.active.toUint64();
        _pool = charges.pool.toUint128();
        _rentEscrow = charges.escrow.toUint128();
    }

    /// @dev Drips the subsidy of the epochs from the next undripped one up to `epoch` (included).
    function _dripDue(uint256 epoch) private returns (uint256 amount) {
        uint256 next = _nextDripEpoch;
        if (next > epoch) return 0;
        uint256 reserve = subsidyReserve();
        amount = Math.min((epoch + 1 - next) * dripPerEpoch, reserve);
        if (amount == 0) return 0;
        _nextDripEpoch = (epoch + 1).toUint32();
        _pool += amount.toUint128();
        emit SubsidyDripped(epoch, amount, reserve - amount);
    }

    /// @dev The charging state as `_accrue` would leave it now, for the views.
    function _accrued() private view returns (Charges memory charges) {
        uint256 epoch = currentEpoch();
        charges = _loadCharges();
        while (charges.next <= epoch) _chargeNext(charges, epoch);
        uint256 next = _nextDripEpoch;
        if (next <= epoch) {
            uint256 reserve = token.balanceOf(address(this)) - _pool - _rentEscrow - _rentOwed - _leaseEscrow;
            charges.pool += Math.min((epoch + 1 - next) * dripPerEpoch, reserve);
        }
    }

    function _loadCharges() private view returns (Charges memory) {
        return Charges({booked: _booked, active: _activeMB, pool: _pool, escrow: _rentEscrow, next: _nextCharge});
    }

    /// @dev Charges epoch `charges.next` and moves on; returns its rent, or type(uint256).max when
    /// nothing was in use. Once nothing is booked, jumps past `epoch`: no lease is left to start.
    /// The rent never takes M below the floor, and is zero when nobody held data that epoch.
    function _chargeNext(Charges memory charges, uint256 epoch) private view returns (uint256 charged) {
        if (charges.booked == 0) {
            charges.active = 0;
            charges.next = epoch + 1;
            return type(uint256).max;
        }
        uint256 next = charges.next++;
        charges.active = charges.active + _startingMB[next] - _endingMB[next];
        if (charges.active == 0) return type(uint256).max;
        if (registry.totalHeldMBAt(next) != 0) {
            uint256 spendable = charges.pool > poolFloor ? charges.pool - poolFloor : 0;
            charged = Math.min(Math.mulDiv(charges.pool, charges.active, charges.booked), spendable);
            // Audit H1: never more than the MDs used cost at the spot price M / (c·R) (binds
            // while B < c·R), so a self-dealt short lease gets back about what it paid.
            uint256 remaining = _remaining(charges.booked);
            if (remaining != 0) {
                charged = Math.min(charged, Math.mulDiv(charges.pool * weightReciprocal, charges.active, remaining));
            }
        }
        charges.booked -= charges.active;
        charges.pool -= charged;
        charges.escrow += charged;
    }

    /// @dev Prices `amount` MDs at the current state (Pending escrows count in M) and adds the cost
    /// to M. B changes only when leases are scheduled, after the price is taken.
    function _purchase(uint256 amount, uint256 maxCost) private returns (uint256 cost) {
        cost = _price(amount, maxCost);
        _pool += cost.toUint128();
    }

    function _price(uint256 amount, uint256 maxCost) private view returns (uint256 cost) {
        cost = _costAt(_pool + _leaseEscrow, _booked, amount);
        if (cost > maxCost) revert CostExceedsMax(cost, maxCost);
    }

    function _costAt(uint256 pool_, uint256 booked, uint256 amount) private view returns (uint256) {
        if (amount == 0) return 0;
        if (pool_ == 0) revert EmptyPool();
        return BancorMath.purchaseCost(pool_, _remaining(booked), amount, weightReciprocal);
    }

    function _remaining(uint256 booked) private view returns (uint256) {
        uint256 sellable = (registry.totalCapacityMB() * maxTermEpochs) / replication;
        return sellable > booked ? sellable - booked : 0;
    }

    function _priceAt(uint256 pool_, uint256 remaining) private view returns (uint256) {
        if (remaining == 0) return 0;
        return BancorMath.spotPrice(pool_, remaining, weightReciprocal, _PRICE_SCALE);
    }

    /// @dev Books the lease's usage from its start (never before epoch `from`, the next to charge),
    /// and counts its holders' MB in the rent shares again if it was expired (audit M4).
    function _schedule(uint256 leaseId, Lease memory lease, uint256 from) private {
        // Slither unused-return: false when the lease was not expired, which changes nothing.
        // slither-disable-next-line unused-return
        registry.setExpired(leaseId, false);
        _startingMB[lease.startEpoch] += lease.sizeMB;
        _endingMB[lease.endEpoch] += lease.sizeMB;
        _booked += (uint256(lease.sizeMB) * (lease.endEpoch - Math.max(lease.startEpoch, from))).toUint128();
    }

    /// @dev Removes the lease's usage from epoch `from` on (its usage before stays charged).
    function _unschedule(Lease memory lease, uint256 from) private {
        _endingMB[lease.endEpoch] -= lease.sizeMB;
        if (lease.startEpoch >= from) {
            _startingMB[lease.startEpoch] -= lease.sizeMB;
        } else {
            _endingMB[from] += lease.sizeMB;
        }
        _booked -= (uint256(lease.sizeMB) * (lease.endEpoch - Math.max(lease.startEpoch, from))).toUint128();
    }

    function _emitState(uint256 epoch) private {
        uint256 capacity = registry.totalCapacityMB();
        uint256 sellable = (capacity * maxTermEpochs) / replication;
        uint256 booked = _booked;
        uint256 remaining = sellable > booked ? sellable - booked : 0;
        uint256 pool = _pool + _leaseEscrow;
        emit MarketStateChanged(epoch, capacity / replication, sellable, booked, pool, _priceAt(pool, remaining));
    }

    function _proofs() private view returns (IStorageProofs) {
        return IStorageProofs(registry.proofs());
    }

    function _assignableAt(uint256 requestId) private view returns (uint256) {
        return uint256(randomness.requestOf(requestId).seedBlock) + 1;
    }

    function _requireLease(uint256 leaseId) private view returns (Lease memory lease) {
        lease = _leases[leaseId];
        if (lease.tenant == address(0)) revert UnknownLease(leaseId);
    }

    /// @dev An Active lease of the caller.
    function _requireActive(uint256 leaseId) private view returns (Lease memory lease) {
        lease = _requireLease(leaseId);
        if (lease.status != LeaseStatus.Active) revert WrongStatus(leaseId, lease.status);
        if (msg.sender != lease.tenant) revert NotTenant(leaseId, msg.sender, lease.tenant);
    }

    /// @dev An Active, unlocked lease of the caller.
    function _requireUnlocked(uint256 leaseId, uint256 epoch) private view returns (Lease memory lease) {
        lease = _requireActive(leaseId);
        if (epoch >= lease.endEpoch) revert LeaseLocked(leaseId, lease.endEpoch, epoch);
    }

    function _checkSize(uint256 sizeMB) private pure {
        if (sizeMB == 0 || sizeMB > type(uint32).max) revert InvalidSize(sizeMB);
    }

    /// @dev A lease's data: a root and the tenant's byte count, at least one byte and at most
    /// the lease's size (audit M6: the challenge never lands on the public zero padding).
    function _checkData(bytes32 dataRoot, uint256 dataLength, uint256 sizeMB) private pure {
        if (dataRoot == bytes32(0)) revert InvalidDataRoot();
        if (dataLength == 0 || dataLength > sizeMB << 20) revert InvalidDataLength(dataLength, sizeMB);
    }

    function _checkDays(uint256 days_) private view {
        if (days_ == 0 || days_ > maxTermEpochs) revert InvalidDays(days_, maxTermEpochs);
    }

    function _checkTerm(uint256 endEpoch, uint256 epoch) private view {
        uint256 term = endEpoch - (epoch + 1);
        if (term > maxTermEpochs) revert TermTooLong(term, maxTermEpochs);
    }
}
