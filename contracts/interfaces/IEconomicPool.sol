// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";
import {IRewardsSchedule} from "./IRewardsReserve.sol";

/// @title IEconomicPool
/// @notice The economic staking pool (DESIGN §7): rounds of a raise, a lock and a settlement, back
/// to back; stakes change only during a raise and are 0 or at least `minStake`; each round's budget
/// from the RewardsReserve is shared pro rata to the stake locked in it, through a cumulative index
/// (Cosmos F1), so a claim is O(1) however many rounds it skipped.
/// Upkeep not due reverts `IUpkeep.NotDue(dueAt, nowAt)` (timestamps): settle before the end of
/// the next lock, distribute outside a settlement (dueAt: the next settlement).
interface IEconomicPool is IGoverned, IUpkeep, IRewardsSchedule {
    /// @notice Where a round is: each round is a raise, then a lock, then a settlement.
    enum Phase {
        Raise,
        Lock,
        Settlement
    }

    /// @notice The round clock, fixed at deployment: round r starts at `start + r * (raise + lock +
    /// settlement)`. Durations are not governable: the F1 index and the budget formula count whole
    /// rounds of one length (a new clock is a new pool).
    struct Schedule {
        uint64 start;
        uint64 raise;
        uint64 lock;
        uint64 settlement;
    }

    struct Parameters {
        /// @dev A stake is 0 or at least this after every change (20,000 tokens); also the economic
        /// node threshold.
        uint96 minStake;
        /// @dev `distribute` pays a bounty only for accounts paid at least this much.
        uint96 minDistribution;
    }

    /// @notice One staker: principal, rewards accrued but not paid, the settled-round count its
    /// index was last read at, and whether its vote-keeping vault exists.
    struct Stake {
        uint96 principal;
        uint96 owed;
        uint32 checkpoint;
        bool hasVault;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice `staker`'s vault was created; it holds the stake and delegates its votes to `staker`.
    event VaultCreated(address indexed staker, address vault);
    /// @notice `staker` now has its staked votes delegated to `delegatee`.
    event StakeDelegated(address indexed staker, address indexed vault, address indexed delegatee);
    event Deposited(
        address indexed staker,
        uint256 indexed round,
        uint256 amount,
        uint256 principal,
        uint256 totalStaked
    );
    event Withdrawn(
        address indexed staker,
        uint256 indexed round,
        uint256 amount,
        uint256 principal,
        uint256 totalStaked
    );
    /// @notice Rewards of settled rounds were added to `staker`'s owed rewards when its stake changed.
    event RewardsAccrued(address indexed staker, uint256 amount, uint256 owed, uint256 settledRounds);
    /// @notice Rounds [`fromRound`, `toRound`) were settled with `locked` staked in each: `received`
    /// came from the reserve, `allocated` went into the index (now `index`, scaled by 1e27), and
    /// `carried` waits for the next round with stake (empty rounds carry their whole budget).
    event RoundsSettled(
        uint256 fromRound,
        uint256 toRound,
        uint256 locked,
        uint256 received,
        uint256 allocated,
        uint256 carried,
        uint256 index
    );
    /// @notice `staker` was paid `amount` of rewards, by its own claim or pushed by `caller`'s distribute.
    event RewardPaid(address indexed staker, uint256 amount, address indexed caller);
    /// @notice A distribute batch: `accounts` given, `paid` of them paid, `units` counted for the bounty.
    event Distributed(address indexed keeper, uint256 accounts, uint256 paid, uint256 units, uint256 amount);

    error InvalidParameter(string name, uint256 value);
    error InvalidAmount(uint256 amount);
    /// @notice Stakes change only during a raise: `round` is in `phase`; the next raise opens at `nextRaise`.
    error NotRaise(uint256 round, Phase phase, uint256 nextRaise);
    error NotStarted(uint256 start);
    /// @notice A stake must be 0 or at least `minStake` after every change.
    error BelowMinimum(address staker, uint256 principal, uint256 minStake);
    error InsufficientStake(address staker, uint256 amount, uint256 principal);
    error NothingToClaim(address staker);
    error NoVault(address staker);
    error InvalidDelegatee(address delegatee);
    /// @notice `stakeAt` reads only the past: `timepoint` is not before `now`.
    error FutureLookup(uint256 timepoint, uint256 now);

    /// @notice Stakes `amount` (pulled from the caller, who approved the pool) during a raise. The
    /// first deposit creates the caller's vault, which holds the stake and delegates it to the caller.
    function deposit(uint256 amount) external;

    /// @notice Withdraws `amount` of principal during a raise, paid from the caller's vault.
    /// The stake left must be 0 or at least `minStake`. Rewards stay owed (see `claim`).
    function withdraw(uint256 amount) external;

    /// @notice Pays the caller every reward of settled rounds owed to it. Reverts `NothingToClaim`.
    function claim() external returns (uint256 amount);

    /// @notice Pushes each listed account's owed rewards to it, during a settlement. Permissionless and
    /// idempotent: accounts owed nothing (duplicates, already paid, unknown) are skipped and never
    /// revert the batch. The bounty counts accounts paid at least `minDistribution`, other than the caller.
    /// @return paid The number of accounts paid.
    function distribute(address[] calldata accounts) external returns (uint256 paid);

    /// @notice Settles every round whose lock has ended: pulls their budget from the RewardsReserve
    /// and adds it to the index (or carries it while nothing is staked). Anyone; one bounty per round
    /// settled. Reverts `NotDue` when no round is due. Deposits, withdrawals and claims settle too.
    function settle() external;

    /// @notice Delegates the caller's staked votes (its vault's) to `delegatee` (the caller by default).
    function delegateStake(address delegatee) external;

    /// @notice Changes the pool's parameters. Timelock only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The pool's parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice The round clock.
    function schedule() external view returns (Schedule memory);

    /// @notice The round and phase at `timestamp` (at or after `schedule().start`).
    function phaseAt(uint256 timestamp) external view returns (uint256 round, Phase phase);

    /// @notice The current round and phase.
    function currentPhase() external view returns (uint256 round, Phase phase);

    /// @notice The start of round `round`.
    function roundStart(uint256 round) external view returns (uint256);

    /// @notice How many rounds have their lock ended by now (they can be settled).
    function roundsEnded() external view returns (uint256);

    /// @notice How many rounds are settled into the index.
    function settledRounds() external view returns (uint256);

    /// @notice The cumulative reward per staked token (scaled by 1e27) after the settled rounds.
    function index() external view returns (uint256);

    /// @notice The index when the first `rounds` rounds were settled (written at each settlement).
    function indexAt(uint256 rounds) external view returns (uint256);

    /// @notice Budget received and not yet allocated to any stake (empty rounds, rounding).
    function carried() external view returns (uint256);

    /// @notice The total staked (the stake locked in the current round once its raise ends).
    function totalStaked() external view returns (uint256);

    /// @notice Everything the RewardsReserve has paid the pool.
    function budgetReceived() external view returns (uint256);

    /// @notice Every reward paid to stakers.
    function rewardsPaid() external view returns (uint256);

    /// @notice `staker`'s record.
    function stakeOf(address staker) external view returns (Stake memory);

    /// @notice `staker`'s principal.
    function principalOf(address staker) external view returns (uint256);

    /// @notice What `staker` could claim now (settled rounds only; rounds due but not yet settled
    /// count once someone settles them).
    function earned(address staker) external view returns (uint256);

    /// @notice `earned` of each of `accounts`, in order: what `distribute` would pay them now
    /// (keepers filter a batch with one read).
    function earnedOf(address[] calldata accounts) external view returns (uint256[] memory amounts);

    /// @notice `staker`'s principal at the end of the last block at or before `timepoint` (a
    /// timestamp strictly before the current block's: decisions read stake at a past snapshot).
    /// Reverts `FutureLookup` otherwise.
    function stakeAt(address staker, uint256 timepoint) external view returns (uint256);

    /// @notice Whether `account` has at least `minStake` staked.
    function isEconomicNode(address account) external view returns (bool);

    /// @notice The vault that holds `staker`'s stake (it exists once `staker` deposited).
    function vaultOf(address staker) external view returns (address);
}
