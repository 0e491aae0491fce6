// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEconomicPool} from "../interfaces/IEconomicPool.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {Governed} from "../governance/Governed.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {StakeVault} from "./StakeVault.sol";

/// @title EconomicPool
/// @notice The economic staking pool (DESIGN §7).
/// @dev Decisions:
/// - Rounds: round r starts at `start + r·L` (L = raise + lock + settlement); its raise is
///   [start_r, start_r + raise), its lock [.., + lock), its settlement [.., start_{r+1}). Every edge
///   belongs to the phase it opens. Stakes change only in a raise, so the stake locked in round r
///   is the total when its raise ends, and every round between two stake changes has the same
///   total locked: settling any number of rounds at once is one division (O(1)).
/// - Budget: the RewardsReserve pays, for the first n rounds, floor(Y·n·L/365d) (DESIGN §7); a
///   settlement pulls what it owes for the rounds whose lock ended and adds what it received, plus
///   what was carried, to the index: index += amount·1e27/locked. The index is rounded down and the
///   amount it allocates rounded up (ceil(Δindex·locked/1e27) ≤ amount), the rest carried; each
///   account's reward is rounded down, so the pool never owes more than it received. A round
///   with nothing locked carries its whole budget to the next round with stake.
/// - F1: a staker's reward is principal × (index − index at its checkpoint), its checkpoint being
///   the settled-round count when its stake last changed or it was last paid; the index at every
///   settlement is kept (`indexAt`), so a claim reads two slots however many rounds it skipped.
/// - Principal, budget received and rewards paid are counted apart; the token balance decides
///   nothing. Principal lives in the stakers' vaults, rewards in the pool.
/// - Votes: each staker's stake sits in its own StakeVault clone that delegates to the staker (or
///   whom it names with `delegateStake`), so staked tokens keep voting in the base token itself and
///   a referendum vote costs what it cost before the pools (measured choice, DEVELOPERS.md).
/// - Claims pay their owner: `claim` pays the caller, `distribute` pays each account its own share.
/// - Bounties: `settle` pays one unit per round settled (rounds cannot be made); `distribute` one
///   per account paid at least `minDistribution`, never for the caller's own account. An account
///   must hold `minStake` (20,000) for a whole round to be owed anything, and is paid once per
///   settlement, so a fake account costs its creator 20,000 tokens locked for 90 days, a vault (about
///   40,000 gas) and a deposit for at most one bounty per round.
/// - Stake history: every principal change also writes a checkpoint (OZ `Checkpoints.Trace208`,
///   keyed by `block.timestamp`), so decisions read a staker's stake at a past timepoint
///   (`stakeAt`, ProcurementVote's snapshots; DESIGN §2). One checkpoint per staker per block: a
///   second change in the same block overwrites it, so only the block's final stake is ever read.
///   The total has no history (no decision reads it); measured cost in DEVELOPERS.md.
contract EconomicPool is IEconomicPool, Governed, Upkeep, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace208;

    bytes32 public constant SETTLE_KIND = "EconomicPool.settle";
    bytes32 public constant DISTRIBUTE_KIND = "EconomicPool.distribute";
    /// @notice The scale of the reward index.
    uint256 public constant PRECISION = 1e27;
    /// @notice The lowest `minStake` governance may set: one token. It bounds the index (every
    /// budget ever paid, at most the supply, over at least one token locked: below 2^128).
    uint256 public constant MIN_STAKE_FLOOR = 1e18;

    IERC20 public immutable token;
    IRewardsReserve public immutable reserve;
    /// @notice The implementation every staker's vault clones.
    address public immutable vaultImplementation;

    uint64 private immutable _start;
    uint64 private immutable _raise;
    uint64 private immutable _lock;
    uint64 private immutable _settlement;
    uint64 private immutable _roundLength;

    /// @dev One slot, all that a deposit or withdrawal reads besides the staker: the total staked,
    /// the settled-round count and the minimum stake (of the parameters).
    uint96 private _totalStaked;
    uint32 private _settledRounds;
    uint96 private _minStake;
    /// @dev One slot: the index and the distribution minimum (of the parameters).
    uint128 private _index;
    uint96 private _minDistribution;
    /// @dev Budget received and not yet allocated.
    uint256 private _carried;
    /// @dev One slot, non-zero from the first budget on, so a claim updates it rather than opens it.
    uint128 private _budgetReceived;
    uint128 private _rewardsPaid;
    mapping(uint256 rounds => uint256 index) private _indexAt;
    mapping(address staker => Stake record) private _stakes;
    mapping(address staker => Checkpoints.Trace208 history) private _stakeHistory;

    /// @param token_ The base token.
    /// @param reserve_ The RewardsReserve that pays the round budgets.
    /// @param keeperRewards_ Pays the settle and distribute bounties.
    /// @param timelock_ The Timelock that executes passed referenda.
    /// @param schedule_ The round clock (mainnet: 3, 84 and 3 days).
    /// @param parameters_ The governable parameters.
    constructor(
        IERC20 token_,
        IRewardsReserve reserve_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Schedule memory schedule_,
        Parameters memory parameters_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        if (schedule_.raise == 0) revert InvalidParameter("raise", 0);
        if (schedule_.lock == 0) revert InvalidParameter("lock", 0);
        if (schedule_.settlement == 0) revert InvalidParameter("settlement", 0);
        token = token_;
        reserve = reserve_;
        _start = schedule_.start;
        _raise = schedule_.raise;
        _lock = schedule_.lock;
        _settlement = schedule_.settlement;
        _roundLength = schedule_.raise + schedule_.lock + schedule_.settlement;
        vaultImplementation = address(new StakeVault(token_));
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- staking

    /// @inheritdoc IEconomicPool
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert InvalidAmount(amount);
        uint256 round = _requireRaise();
        uint256 settled = _settle();
        Stake memory s = _accrue(msg.sender, _stakes[msg.sender], settled);
        uint256 principal = uint256(s.principal) + amount;
        uint256 minStake = _minStake;
        if (principal < minStake) revert BelowMinimum(msg.sender, principal, minStake);
        bool first = !s.hasVault;
        s.hasVault = true;
        _writePrincipal(msg.sender, s, principal); // at most the supply, which fits 96 bits
        uint256 total = uint256(_totalStaked) + amount;
        _totalStaked = uint96(total);
        emit Deposited(msg.sender, round, amount, principal, total);
        _holdStake(msg.sender, amount, principal, first);
    }

    /// @inheritdoc IEconomicPool
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert InvalidAmount(amount);
        uint256 round = _requireRaise();
        uint256 settled = _settle();
        Stake memory s = _accrue(msg.sender, _stakes[msg.sender], settled);
        uint256 principal = s.principal;
        if (amount > principal) revert InsufficientStake(msg.sender, amount, principal);
        unchecked {
            principal -= amount; // checked just above
        }
        uint256 minStake = _minStake;
        if (principal != 0 && principal < minStake) revert BelowMinimum(msg.sender, principal, minStake);
        _writePrincipal(msg.sender, s, principal);
        uint256 total = uint256(_totalStaked) - amount;
        _totalStaked = uint96(total);
        emit Withdrawn(msg.sender, round, amount, principal, total);
        _releaseStake(msg.sender, amount, principal);
    }

    /// @inheritdoc IEconomicPool
    function claim() external nonReentrant returns (uint256 amount) {
        _requireStarted();
        uint256 settled = _settle();
        Stake memory s = _stakes[msg.sender];
        amount = _owed(s, _index);
        if (amount == 0) revert NothingToClaim(msg.sender);
        s.owed = 0;
        s.checkpoint = uint32(settled);
        _stakes[msg.sender] = s;
        _rewardsPaid += uint128(amount);
        emit RewardPaid(msg.sender, amount, msg.sender);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEconomicPool
    function distribute(address[] calldata accounts) external nonReentrant returns (uint256 paid) {
        _requireStarted();
        (uint256 round, Phase phase) = _phaseAt(block.timestamp);
        if (phase != Phase.Settlement) revert NotDue(_roundStartOf(round) + _raise + _lock, block.timestamp);
        uint256 settled = _settle();
        uint256 index_ = _index;
        uint256 minDistribution = _minDistribution;
        uint256 units = 0;
        uint256 total = 0;
        for (uint256 i = 0; i < accounts.length; ++i) {
            address account = accounts[i];
            Stake memory s = _stakes[account];
            uint256 amount = _owed(s, index_);
            if (amount == 0) continue;
            s.owed = 0;
            s.checkpoint = uint32(settled);
            _stakes[account] = s;
            total += amount;
            ++paid;
            if (amount >= minDistribution && account != msg.sender) ++units;
            emit RewardPaid(account, amount, msg.sender);
            token.safeTransfer(account, amount);
        }
        _rewardsPaid += uint128(total);
        emit Distributed(msg.sender, accounts.length, paid, units, total);
        _payBounty(DISTRIBUTE_KIND, units);
    }

    /// @inheritdoc IEconomicPool
    function settle() external nonReentrant {
        _requireStarted();
        uint256 before = _settledRounds;
        uint256 settled = _settle();
        if (settled == before) revert NotDue(_roundStartOf(settled) + _raise + _lock, block.timestamp);
        _payBounty(SETTLE_KIND, settled - before);
    }

    /// @inheritdoc IEconomicPool
    function delegateStake(address delegatee) external nonReentrant {
        if (delegatee == address(0)) revert InvalidDelegatee(delegatee);
        if (!_stakes[msg.sender].hasVault) revert NoVault(msg.sender);
        address vault = vaultOf(msg.sender);
        emit StakeDelegated(msg.sender, vault, delegatee);
        StakeVault(vault).delegate(delegatee);
    }

    /// @inheritdoc IEconomicPool
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IEconomicPool
    function parameters() external view returns (Parameters memory) {
        return Parameters({minStake: _minStake, minDistribution: _minDistribution});
    }

    /// @inheritdoc IEconomicPool
    function schedule() external view returns (Schedule memory) {
        return Schedule({start: _start, raise: _raise, lock: _lock, settlement: _settlement});
    }

    /// @notice The first round's budget becomes payable when its lock ends; one round later each next.
    function rewardSchedule() external view returns (uint64 firstDue, uint64 period) {
        return (_start + _raise + _lock, _roundLength);
    }

    /// @inheritdoc IEconomicPool
    function phaseAt(uint256 timestamp) external view returns (uint256 round, Phase phase) {
        if (timestamp < _start) revert NotStarted(_start);
        return _phaseAt(timestamp);
    }

    /// @inheritdoc IEconomicPool
    function currentPhase() external view returns (uint256 round, Phase phase) {
        _requireStarted();
        return _phaseAt(block.timestamp);
    }

    /// @inheritdoc IEconomicPool
    function roundStart(uint256 round) external view returns (uint256) {
        return _roundStartOf(round);
    }

    /// @inheritdoc IEconomicPool
    function roundsEnded() public view returns (uint256) {
        uint256 firstDue = uint256(_start) + _raise + _lock;
        if (block.timestamp < firstDue) return 0;
        return (block.timestamp - firstDue) / _roundLength + 1;
    }

    /// @inheritdoc IEconomicPool
    function settledRounds() external view returns (uint256) {
        return _settledRounds;
    }

    /// @inheritdoc IEconomicPool
    function index() external view returns (uint256) {
        return _index;
    }

    /// @inheritdoc IEconomicPool
    function indexAt(uint256 rounds) external view returns (uint256) {
        return _indexAt[rounds];
    }

    /// @inheritdoc IEconomicPool
    function carried() external view returns (uint256) {
        return _carried;
    }

    /// @inheritdoc IEconomicPool
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IEconomicPool
    function budgetReceived() external view returns (uint256) {
        return _budgetReceived;
    }

    /// @inheritdoc IEconomicPool
    function rewardsPaid() external view returns (uint256) {
        return _rewardsPaid;
    }

    /// @inheritdoc IEconomicPool
    function stakeOf(address staker) external view returns (Stake memory) {
        return _stakes[staker];
    }

    /// @inheritdoc IEconomicPool
    function principalOf(address staker) external view returns (uint256) {
        return _stakes[staker].principal;
    }

    /// @inheritdoc IEconomicPool
    function earned(address staker) external view returns (uint256) {
        return _owed(_stakes[staker], _index);
    }

    /// @inheritdoc IEconomicPool
    function earnedOf(address[] calldata accounts) external view returns (uint256[] memory amounts) {
        uint256 index_ = _index;
        amounts = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) amounts[i] = _owed(_stakes[accounts[i]], index_);
    }

    /// @inheritdoc IEconomicPool
    function stakeAt(address staker, uint256 timepoint) external view returns (uint256) {
        if (timepoint >= block.timestamp) revert FutureLookup(timepoint, block.timestamp);
        return _stakeHistory[staker].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc IEconomicPool
    function isEconomicNode(address account) external view returns (bool) {
        uint256 principal = _stakes[account].principal;
        return principal != 0 && principal >= _minStake;
    }

    /// @inheritdoc IEconomicPool
    function vaultOf(address staker) public view returns (address) {
        return Clones.predictDeterministicAddress(vaultImplementation, bytes32(uint256(uint160(staker))));
    }

    // ---------------------------------------------------------------- internals

    /// @dev Takes `amount` of `staker`'s tokens into its stake (now `principal`), keeping their
    /// votes with the staker: into its vault, created and delegated to it on the first deposit.
    /// Virtual only so that the benchmark can measure the other design (a VotingPower source).
    function _holdStake(address staker, uint256 amount, uint256 principal, bool first) internal virtual {
        principal; // the vault design needs no vote bookkeeping of its own
        address vault;
        if (first) {
            vault = Clones.cloneDeterministic(vaultImplementation, bytes32(uint256(uint160(staker))));
            emit VaultCreated(staker, vault);
            emit StakeDelegated(staker, vault, staker);
            StakeVault(vault).delegate(staker);
        } else {
            vault = vaultOf(staker);
        }
        // Slither arbitrary-send-erc20: `staker` is always msg.sender (deposit's only caller path).
        // slither-disable-next-line arbitrary-send-erc20
        token.safeTransferFrom(staker, vault, amount);
    }

    /// @dev Pays `amount` of `staker`'s principal (now `principal`) back to it, from its vault.
    function _releaseStake(address staker, uint256 amount, uint256 principal) internal virtual {
        principal;
        StakeVault(vaultOf(staker)).pay(staker, amount);
    }

    /// @dev The one place a principal changes: the record and its checkpoint, written together.
    function _writePrincipal(address staker, Stake memory s, uint256 principal) private {
        s.principal = uint96(principal);
        _stakes[staker] = s;
        // Slither unused-return: the previous and new values are the caller's own.
        // slither-disable-next-line unused-return
        _stakeHistory[staker].push(uint48(block.timestamp), uint208(principal));
    }

    /// @dev Settles every round whose lock has ended; returns the settled-round count.
    function _settle() private returns (uint256 settled) {
        settled = _settledRounds;
        uint256 due = roundsEnded();
        if (due <= settled) return settled;
        // Slither reentrancy: the reserve is the suite's RewardsReserve paying in the base token
        // (no callbacks) and every caller is nonReentrant; the budget must be received before it
        // is allocated.
        // slither-disable-next-line reentrancy-no-eth,reentrancy-benign
        uint256 received = reserve.releaseEconomic(due);
        uint256 amount = received + _carried;
        uint256 locked = _totalStaked;
        uint256 index_ = _index;
        uint256 allocated = 0;
        if (locked != 0) {
            uint256 delta = (amount * PRECISION) / locked;
            // Slither divide-before-multiply: on purpose: the amount allocated is exactly what the
            // rounded-down index pays out (rounded up), so the rest is carried, never lost.
            // slither-disable-next-line divide-before-multiply
            allocated = _ceilDiv(delta * locked, PRECISION); // at most `amount`
            index_ += delta;
        }
        uint256 rest = amount - allocated;
        _index = SafeCast.toUint128(index_); // bounded by MIN_STAKE_FLOOR; never truncated
        _settledRounds = uint32(due);
        _carried = rest;
        _indexAt[due] = index_;
        if (received != 0) _budgetReceived += uint128(received); // at most the supply
        emit RoundsSettled(settled, due, locked, received, allocated, rest, index_);
        return due;
    }

    /// @dev `s` with the rewards of the rounds settled since its checkpoint moved into `owed`.
    function _accrue(address staker, Stake memory s, uint256 settled) private returns (Stake memory) {
        if (s.checkpoint == settled) return s;
        if (s.principal != 0) {
            uint256 amount = _pending(s, _index);
            if (amount != 0) {
                uint256 owed = uint256(s.owed) + amount;
                s.owed = uint96(owed); // at most the budget received, which fits 96 bits
                emit RewardsAccrued(staker, amount, owed, settled);
            }
        }
        s.checkpoint = uint32(settled);
        return s;
    }

    function _owed(Stake memory s, uint256 index_) private view returns (uint256) {
        return uint256(s.owed) + _pending(s, index_);
    }

    function _pending(Stake memory s, uint256 index_) private view returns (uint256) {
        if (s.principal == 0) return 0;
        return (uint256(s.principal) * (index_ - _indexAt[s.checkpoint])) / PRECISION;
    }

    function _requireRaise() private view returns (uint256 round) {
        _requireStarted();
        Phase phase;
        (round, phase) = _phaseAt(block.timestamp);
        if (phase != Phase.Raise) revert NotRaise(round, phase, _roundStartOf(round + 1));
    }

    function _requireStarted() private view {
        if (block.timestamp < _start) revert NotStarted(_start);
    }

    function _phaseAt(uint256 timestamp) private view returns (uint256 round, Phase phase) {
        uint256 elapsed = timestamp - _start;
        round = elapsed / _roundLength;
        // Slither weak-prng: a position in the round, not randomness.
        // slither-disable-next-line weak-prng
        uint256 into = elapsed % _roundLength;
        if (into < _raise) phase = Phase.Raise;
        else if (into < uint256(_raise) + _lock) phase = Phase.Lock;
        else phase = Phase.Settlement;
    }

    function _roundStartOf(uint256 round) private view returns (uint256) {
        return uint256(_start) + round * _roundLength;
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    function _setParameters(Parameters memory p) private {
        if (p.minStake < MIN_STAKE_FLOOR) revert InvalidParameter("minStake", p.minStake);
        _minStake = p.minStake;
        _minDistribution = p.minDistribution;
        emit ParametersChanged(p);
    }
}
