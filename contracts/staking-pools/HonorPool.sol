// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IHonorPool} from "../interfaces/IHonorPool.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {ICommitteeLock} from "../interfaces/IStakingHooks.sol";
import {Governed} from "../governance/Governed.sol";
import {BPS} from "../libraries/Constants.sol";
import {StakeVault} from "./StakeVault.sol";

/// @title HonorPool
/// @notice The honor pool (DESIGN §7): honor nodes stake at least 200,000; a withdrawal is
/// requested, fixed, stays slashable, and is paid 100 minutes later.
/// @dev Decisions:
/// - Stake and votes: each node's stake (active and requested) sits in its own StakeVault clone
///   (CREATE2, salt = the node), delegated to the node, exactly as in the EconomicPool: staked
///   tokens keep their vote in the base token. The vaults hold the whole pool: the pool contract
///   itself holds nothing between calls.
/// - 0-or-minimum: after every deposit and every request the node's active stake is 0 or at least
///   `minStake`. A slash may leave it below (a slash is a penalty, not the node's choice): the node
///   is then not an honor node (`isHonorNode`) until it tops up to `minStake`, or it requests all.
/// - One request per node: a second request adds to the pending amount and restarts the delay
///   for the whole (Cosmos-like unbonding, one entry): the pending amount is always payable at one
///   time, so `completeWithdraw` is one slot, and a node cannot shorten the time any token stays
///   slashable. The delay is fixed at the request (a later parameter change does not move it).
/// - Locks: `requestWithdraw` asks the bound Committee (`ICommitteeLock.lockOf`) and is refused
///   while it locks the node (candidate from candidacy close to the draw, member through its term
///   and one more). `completeWithdraw` does not ask: what is pending left the active stake before
///   the lock began, so it was never part of the stake a seat was drawn by; it stays slashable
///   until paid all the same. Before a Committee is bound nothing is locked.
/// - `completeWithdraw(node)` is open to anyone (keepers, the node from any account) and pays only
///   `node`. It pays no bounty: the node alone profits from the payment and calls it itself; a
///   bounty would pay community funds for work its owner wants done and could create for itself
///   by splitting requests.
/// - Slashing: only the bound Committee. It takes `bps` of the active stake and `bps` of the
///   pending request (each rounded down), so a node cannot dodge a slash by requesting out, and
///   deposits them into the RewardsReserve with reason "HonorPool.slash" (the pool approves the
///   reserve once, at construction; it never holds tokens of its own). A slash of nothing (node
///   without stake) moves nothing and still emits `Slashed`, so a Committee batch never reverts
///   for it.
/// - `stakeAt` keeps a checkpoint of each node's active stake per second (OpenZeppelin
///   Checkpoints, timestamp keys) and answers only strictly past timepoints, as BaseToken's votes:
///   nothing deposited in the block that reads it counts. The latest checkpoint is the active
///   stake (no second copy).
contract HonorPool is IHonorPool, Governed, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice The reason of the RewardsReserve deposit a slash makes.
    bytes32 public constant SLASH_REASON = "HonorPool.slash";
    /// @notice The lowest `minStake` governance may set: one token.
    uint256 public constant MIN_STAKE_FLOOR = 1e18;

    IERC20 public immutable token;
    IRewardsReserve public immutable reserve;
    /// @notice The implementation every node's vault clones.
    address public immutable vaultImplementation;

    /// @dev What every request reads and writes, in one slot.
    uint96 private _totalStaked;
    uint96 private _totalPending;
    uint64 private _withdrawDelay;
    /// @dev What every deposit, request and slash checks, in one slot.
    uint96 private _minStake;
    address private _committee;
    address private _binder;

    /// @dev A node's request and vault flag (its active stake is the latest checkpoint).
    struct Record {
        uint96 pending;
        uint48 payableAt;
        bool hasVault;
    }

    mapping(address node => Record record) private _records;
    // Slither uninitialized-state: written through Checkpoints.push in _writeStake.
    // slither-disable-next-line uninitialized-state
    mapping(address node => Checkpoints.Trace208 stakes) private _stakes;

    /// @param token_ The base token.
    /// @param reserve_ The RewardsReserve slashed stake goes to.
    /// @param timelock_ The Timelock that executes passed referenda.
    /// @param parameters_ The governable parameters (mainnet: 200,000 tokens, 100 minutes).
    constructor(
        IERC20 token_,
        IRewardsReserve reserve_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) {
        if (address(token_) == address(0)) revert InvalidParameter("token", 0);
        if (address(reserve_) == address(0)) revert InvalidParameter("reserve", 0);
        token = token_;
        reserve = reserve_;
        _binder = msg.sender;
        vaultImplementation = address(new StakeVault(token_));
        _setParameters(parameters_);
        // The reserve pulls each slash from the pool (its deposit); the pool holds nothing else.
        token_.forceApprove(address(reserve_), type(uint256).max);
    }

    // ---------------------------------------------------------------- staking

    /// @inheritdoc IHonorPool
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert InvalidAmount(amount);
        Checkpoints.Trace208 storage trace = _stakes[msg.sender];
        uint256 stake = trace.latest() + amount;
        uint256 minStake = _minStake;
        if (stake < minStake) revert BelowMinimum(msg.sender, stake, minStake);
        Record storage record = _records[msg.sender];
        bool first = !record.hasVault;
        if (first) record.hasVault = true;
        _writeStake(trace, stake);
        uint256 total = uint256(_totalStaked) + amount;
        _totalStaked = uint96(total); // at most the supply, which fits 96 bits
        emit Deposited(msg.sender, amount, stake, total);
        address vault = vaultOf(msg.sender);
        if (first) {
            // Slither unused-return: the clone's address is `vault`, computed above from the same salt.
            // slither-disable-next-line unused-return
            Clones.cloneDeterministic(vaultImplementation, _salt(msg.sender));
            emit VaultCreated(msg.sender, vault);
            emit StakeDelegated(msg.sender, vault, msg.sender);
            StakeVault(vault).delegate(msg.sender);
        }
        token.safeTransferFrom(msg.sender, vault, amount);
    }

    /// @inheritdoc IHonorPool
    function requestWithdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert InvalidAmount(amount);
        address committee_ = _committee;
        if (committee_ != address(0)) {
            // Slither reentrancy: lockOf is a view (a staticcall) of the Committee the deployer or
            // the Timelock bound, and this function is nonReentrant; the lock is asked before the
            // stake moves.
            // slither-disable-next-line reentrancy-no-eth,reentrancy-benign,reentrancy-events
            (bool locked, uint256 until) = ICommitteeLock(committee_).lockOf(msg.sender);
            if (locked) revert StakeLocked(msg.sender, until);
        }
        Checkpoints.Trace208 storage trace = _stakes[msg.sender];
        uint256 stake = trace.latest();
        if (amount > stake) revert InsufficientStake(msg.sender, amount, stake);
        unchecked {
            stake -= amount; // checked just above
        }
        uint256 minStake = _minStake;
        if (stake != 0 && stake < minStake) revert BelowMinimum(msg.sender, stake, minStake);
        _writeStake(trace, stake);
        Record storage record = _records[msg.sender];
        uint256 pending = uint256(record.pending) + amount;
        uint256 payableAt = block.timestamp + _withdrawDelay;
        record.pending = uint96(pending); // at most the supply
        record.payableAt = uint48(payableAt);
        uint256 total = uint256(_totalStaked) - amount;
        _totalStaked = uint96(total);
        _totalPending += uint96(amount);
        emit WithdrawRequested(msg.sender, amount, stake, pending, payableAt, total);
    }

    /// @inheritdoc IHonorPool
    function completeWithdraw(address node) external nonReentrant {
        Record storage record = _records[node];
        uint256 amount = record.pending;
        if (amount == 0) revert NothingPending(node);
        uint256 payableAt = record.payableAt;
        if (block.timestamp < payableAt) revert NotDue(payableAt, block.timestamp);
        record.pending = 0;
        record.payableAt = 0;
        _totalPending -= uint96(amount);
        emit WithdrawCompleted(node, amount, msg.sender);
        StakeVault(vaultOf(node)).pay(node, amount);
    }

    /// @inheritdoc IHonorPool
    function slash(address node, uint256 bps, bytes32 reason) external nonReentrant returns (uint256 amount) {
        address committee_ = _committee;
        if (msg.sender != committee_ || committee_ == address(0)) revert NotCommittee(msg.sender, committee_);
        if (bps == 0 || bps > BPS) revert InvalidBps(bps);
        Checkpoints.Trace208 storage trace = _stakes[node];
        Record storage record = _records[node];
        uint256 stake = trace.latest();
        uint256 pending = record.pending;
        uint256 fromStake = (stake * bps) / BPS;
        uint256 fromPending = (pending * bps) / BPS;
        amount = fromStake + fromPending;
        if (fromStake != 0) {
            stake -= fromStake;
            _writeStake(trace, stake);
            _totalStaked -= uint96(fromStake);
        }
        if (fromPending != 0) {
            pending -= fromPending;
            record.pending = uint96(pending);
            _totalPending -= uint96(fromPending);
        }
        emit Slashed(node, msg.sender, reason, bps, fromStake, fromPending, amount, stake, pending, _totalStaked);
        if (amount == 0) return 0;
        StakeVault(vaultOf(node)).pay(address(this), amount);
        reserve.deposit(amount, SLASH_REASON);
    }

    /// @inheritdoc IHonorPool
    function renounceBinder() external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        _binder = address(0);
        emit BinderRenounced(msg.sender);
    }

    /// @inheritdoc IHonorPool
    function bindCommittee(address committee_) external {
        if (msg.sender != timelock) {
            if (msg.sender != _binder) revert NotBinder(msg.sender);
            _binder = address(0);
        }
        if (committee_ == address(0)) revert InvalidCommittee(committee_);
        _committee = committee_;
        emit CommitteeBound(committee_, msg.sender);
    }

    /// @inheritdoc IHonorPool
    function delegateStake(address delegatee) external nonReentrant {
        if (delegatee == address(0)) revert InvalidDelegatee(delegatee);
        if (!_records[msg.sender].hasVault) revert NoVault(msg.sender);
        address vault = vaultOf(msg.sender);
        emit StakeDelegated(msg.sender, vault, delegatee);
        StakeVault(vault).delegate(delegatee);
    }

    /// @inheritdoc IHonorPool
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IHonorPool
    function parameters() external view returns (Parameters memory) {
        return Parameters({minStake: _minStake, withdrawDelay: _withdrawDelay});
    }

    /// @inheritdoc IHonorPool
    function committee() external view returns (address) {
        return _committee;
    }

    /// @inheritdoc IHonorPool
    function stakeAt(address node, uint256 timepoint) external view returns (uint256) {
        if (timepoint >= block.timestamp) revert FutureLookup(timepoint, block.timestamp);
        return _stakes[node].upperLookupRecent(uint48(timepoint)); // below now, which fits 48 bits
    }

    /// @inheritdoc IHonorPool
    function stakeOf(address node) external view returns (uint256) {
        return _stakes[node].latest();
    }

    /// @inheritdoc IHonorPool
    function isHonorNode(address node) external view returns (bool) {
        uint256 stake = _stakes[node].latest();
        return stake != 0 && stake >= _minStake;
    }

    /// @inheritdoc IHonorPool
    function nodeOf(address node) external view returns (Node memory) {
        Record memory record = _records[node];
        return
            Node({
                stake: uint96(_stakes[node].latest()),
                pending: record.pending,
                payableAt: record.payableAt,
                hasVault: record.hasVault
            });
    }

    /// @inheritdoc IHonorPool
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IHonorPool
    function totalPending() external view returns (uint256) {
        return _totalPending;
    }

    /// @inheritdoc IHonorPool
    function vaultOf(address node) public view returns (address) {
        return Clones.predictDeterministicAddress(vaultImplementation, _salt(node));
    }

    // ---------------------------------------------------------------- internals

    /// @dev Records `stake` as `node`'s active stake from this second on.
    function _writeStake(Checkpoints.Trace208 storage trace, uint256 stake) private {
        // Slither unused-return: push returns the previous and new values.
        // slither-disable-next-line unused-return
        trace.push(uint48(block.timestamp), uint208(stake)); // at most the supply
    }

    function _salt(address node) private pure returns (bytes32) {
        return bytes32(uint256(uint160(node)));
    }

    function _setParameters(Parameters memory p) private {
        if (p.minStake < MIN_STAKE_FLOOR) revert InvalidParameter("minStake", p.minStake);
        if (p.withdrawDelay == 0) revert InvalidParameter("withdrawDelay", 0);
        _minStake = p.minStake;
        _withdrawDelay = p.withdrawDelay;
        emit ParametersChanged(p);
    }
}
