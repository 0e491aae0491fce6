// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IHonorPool
/// @notice The honor pool (DESIGN §7): nodes stake at least `minStake` (200,000) to be honor nodes,
/// leave through `requestWithdraw` then `completeWithdraw` after `withdrawDelay` (100 minutes), the
/// requested amount staying slashable until paid; the bound Committee slashes into the
/// RewardsReserve. Each node's stake sits in its own vote-keeping vault (as in the EconomicPool).
/// `completeWithdraw` before its time reverts `IUpkeep.NotDue(payableAt, block.timestamp)`.
interface IHonorPool is IGoverned, IUpkeep {
    struct Parameters {
        /// @dev A node's active stake is 0 or at least this after every deposit and request
        /// (200,000 tokens); also the honor node threshold.
        uint96 minStake;
        /// @dev Seconds between a request and its payment (100 minutes); fixed at the request.
        uint64 withdrawDelay;
    }

    /// @notice One node: its active stake, the amount it requested out (one request per node,
    /// slashable until paid), when that is payable, and whether its vault exists.
    struct Node {
        uint96 stake;
        uint96 pending;
        uint48 payableAt;
        bool hasVault;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice The Committee that alone may slash (and that `requestWithdraw` asks for locks) is
    /// now `committee`, bound by `by` (the deployer once, or the Timelock).
    event CommitteeBound(address indexed committee, address indexed by);
    /// @notice `node`'s vault was created; it holds the stake and delegates its votes to `node`.
    event VaultCreated(address indexed node, address vault);
    /// @notice `node`'s staked votes are now delegated to `delegatee`.
    event StakeDelegated(address indexed node, address indexed vault, address indexed delegatee);
    /// @notice `node` staked `amount`; its active stake is now `stake`, the pool's `totalStaked`.
    event Deposited(address indexed node, uint256 amount, uint256 stake, uint256 totalStaked);
    /// @notice `node` moved `amount` of active stake into its request, now `pending` in all and
    /// payable at `payableAt` (a second request adds to the first and restarts its delay).
    event WithdrawRequested(
        address indexed node,
        uint256 amount,
        uint256 stake,
        uint256 pending,
        uint256 payableAt,
        uint256 totalStaked
    );
    /// @notice `node`'s request of `amount` was paid to it; `caller` completed it.
    event WithdrawCompleted(address indexed node, uint256 amount, address indexed caller);
    /// @notice `committee` slashed `node` by `bps` for `reason`: `fromStake` of its active stake and
    /// `fromPending` of its request (`amount` in all, deposited into the RewardsReserve); the node
    /// is left with `stake` active and `pending` requested; the pool with `totalStaked`.
    event Slashed(
        address indexed node,
        address indexed committee,
        bytes32 indexed reason,
        uint256 bps,
        uint256 fromStake,
        uint256 fromPending,
        uint256 amount,
        uint256 stake,
        uint256 pending,
        uint256 totalStaked
    );

    error InvalidParameter(string name, uint256 value);
    error InvalidAmount(uint256 amount);
    /// @notice An active stake must be 0 or at least `minStake` after every deposit or request.
    error BelowMinimum(address node, uint256 stake, uint256 minStake);
    error InsufficientStake(address node, uint256 amount, uint256 stake);
    /// @notice The Committee locks `node`'s stake (candidate or member) until at least `until`.
    error StakeLocked(address node, uint256 until);
    error NothingPending(address node);
    error NotCommittee(address caller, address committee);
    /// @notice `binder` (the deployer) gave up binding the Committee: only the Timelock binds it now.
    event BinderRenounced(address indexed binder);

    error NotBinder(address caller);
    error InvalidCommittee(address committee);
    error InvalidBps(uint256 bps);
    error NoVault(address node);
    error InvalidDelegatee(address delegatee);
    /// @notice `stakeAt` reads only strictly past timepoints (`timepoint` < `nowAt`).
    error FutureLookup(uint256 timepoint, uint256 nowAt);

    /// @notice Stakes `amount` (pulled from the caller, who approved the pool). The first deposit
    /// creates the caller's vault, which holds the stake and delegates its votes to the caller.
    /// The active stake after it must be at least `minStake` (a node slashed below it tops up).
    function deposit(uint256 amount) external;

    /// @notice Moves `amount` of the caller's active stake into its withdrawal request, payable
    /// `withdrawDelay` from now (a request already pending is added to and its delay restarts).
    /// Refused (`StakeLocked`) while the Committee locks the caller; the active stake left must be 0
    /// or at least `minStake`.
    function requestWithdraw(uint256 amount) external;

    /// @notice Pays `node` its pending request once payable. Anyone may call; the tokens go to
    /// `node` only. No bounty.
    function completeWithdraw(address node) external;

    /// @notice Takes `bps` of `node`'s active stake and of its pending request into the
    /// RewardsReserve (reason "HonorPool.slash"). Only the bound Committee.
    /// @return amount The amount slashed.
    function slash(address node, uint256 bps, bytes32 reason) external returns (uint256 amount);

    /// @notice The deployer gives up its one binding (genesis does, when it deploys no Committee
    /// with the pool), so that it holds nothing after deployment; only the Timelock binds then.
    function renounceBinder() external;

    /// @notice Binds the Committee: once by the deployer, or at any time by the Timelock.
    function bindCommittee(address committee) external;

    /// @notice Delegates the caller's staked votes (its vault's) to `delegatee`.
    function delegateStake(address delegatee) external;

    /// @notice Changes the pool's parameters. Timelock only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The pool's parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice The bound Committee (zero until bound).
    function committee() external view returns (address);

    /// @notice `node`'s active stake at the end of second `timepoint` (strictly before now).
    function stakeAt(address node, uint256 timepoint) external view returns (uint256);

    /// @notice `node`'s active stake now.
    function stakeOf(address node) external view returns (uint256);

    /// @notice Whether `node`'s active stake is at least `minStake`.
    function isHonorNode(address node) external view returns (bool);

    /// @notice `node`'s record.
    function nodeOf(address node) external view returns (Node memory);

    /// @notice Every node's active stake.
    function totalStaked() external view returns (uint256);

    /// @notice Every node's pending request.
    function totalPending() external view returns (uint256);

    /// @notice The vault that holds `node`'s stake and request (it exists once `node` deposited).
    function vaultOf(address node) external view returns (address);
}
