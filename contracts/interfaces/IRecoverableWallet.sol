// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IRecoverableWallet
/// @notice A small smart account (DESIGN §13), one clone per user: the owner executes calls and
/// batches and signs for it (ERC-1271); M of N guardians can hand it to a new owner after a delay
/// during which the owner can cancel; guardian changes wait for the delay too. No guardian alone
/// (M >= 2), and no one without the delay, can take the wallet.
interface IRecoverableWallet {
    /// @notice One call of a batch.
    struct Call {
        address target;
        uint256 value;
        bytes data;
    }

    /// @notice Where a recovery stands. `Superseded`: another recovery of the wallet was executed
    /// first, so this one can never execute.
    enum RecoveryStatus {
        None,
        Pending,
        Cancelled,
        Executed,
        Superseded
    }

    /// @notice A recovery as `getRecovery` returns it.
    struct RecoveryInfo {
        address newOwner;
        address proposer;
        /// Zero until M guardians in force approve; then the time of the M-th approval + delay.
        uint64 readyAt;
        /// Approvals of the guardians in force now (a removed guardian's approval does not count).
        uint256 approvals;
        RecoveryStatus status;
    }

    /// @notice The pending guardian change (id zero: none).
    struct GuardianChange {
        uint256 id;
        address[] guardians;
        uint256 threshold;
        uint256 delay;
        uint64 readyAt;
    }

    event OwnerChanged(address indexed oldOwner, address indexed newOwner);
    event Executed(address indexed target, uint256 value, bytes4 selector);
    event GuardiansChangeProposed(
        uint256 indexed changeId,
        address[] guardians,
        uint256 threshold,
        uint256 delay,
        uint64 readyAt
    );
    event GuardiansChangeApplied(uint256 indexed changeId, address[] guardians, uint256 threshold, uint256 delay);
    event GuardiansChangeCancelled(uint256 indexed changeId);
    event RecoveryProposed(uint256 indexed recoveryId, address indexed newOwner, address indexed guardian);
    event RecoveryApproved(uint256 indexed recoveryId, address indexed guardian, uint256 approvals, uint64 readyAt);
    event RecoveryRevoked(uint256 indexed recoveryId, address indexed guardian, uint256 approvals, uint64 readyAt);
    event RecoveryCancelled(uint256 indexed recoveryId);
    event RecoveryExecuted(uint256 indexed recoveryId, address indexed oldOwner, address indexed newOwner);

    error NotOwner(address caller);
    error NotGuardian(address caller);
    error InvalidOwner(address owner);
    error InvalidGuardian(address guardian);
    error DuplicateGuardian(address guardian);
    error TooManyGuardians(uint256 count, uint256 max);
    error InvalidThreshold(uint256 threshold, uint256 guardians);
    error InvalidDelay(uint256 delay, uint256 minDelay, uint256 maxDelay);
    error NoChangePending();
    error ChangeNotReady(uint256 changeId, uint64 readyAt, uint256 nowTime);
    error UnknownRecovery(uint256 recoveryId);
    error RecoveryNotPending(uint256 recoveryId, RecoveryStatus status);
    error AlreadyApproved(uint256 recoveryId, address guardian);
    error NotApproved(uint256 recoveryId, address guardian);
    error NotEnoughApprovals(uint256 recoveryId, uint256 approvals, uint256 threshold);
    error RecoveryNotReady(uint256 recoveryId, uint64 readyAt, uint256 nowTime);
    error InsufficientBalance(uint256 balance, uint256 value);

    /// @notice Sets up a clone (the factory calls it in the clone's creation transaction; once).
    function initialize(address owner_, address[] calldata guardians_, uint256 threshold_, uint256 delay_) external;

    /// @notice The owner calls `target` with `value` and `data`; a revert bubbles up unchanged.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory);

    /// @notice The owner's calls in order, all or nothing; the first revert bubbles up unchanged.
    function executeBatch(Call[] calldata calls) external payable returns (bytes[] memory results);

    /// @notice The owner (or the wallet itself) hands the wallet to `newOwner` at once.
    function transferOwnership(address newOwner) external;

    /// @notice The owner proposes a new guardian set, threshold and delay, applied after the longer
    /// of the current and the new delay; it replaces a pending proposal.
    function proposeGuardianChange(address[] calldata guardians_, uint256 threshold_, uint256 delay_) external;

    /// @notice Applies the pending guardian change once its delay has passed (anyone).
    function applyGuardianChange() external;

    /// @notice The owner cancels the pending guardian change.
    function cancelGuardianChange() external;

    /// @notice A guardian proposes `newOwner` (its own approval counts); returns the recovery id.
    function proposeRecovery(address newOwner) external returns (uint256 recoveryId);

    /// @notice A guardian approves recovery `recoveryId`; the M-th approval starts the delay.
    function approveRecovery(uint256 recoveryId) external;

    /// @notice A guardian withdraws its approval; below M approvals the delay stops (restarts at M).
    function revokeApproval(uint256 recoveryId) external;

    /// @notice The owner cancels a pending recovery, any time before it is executed.
    function cancelRecovery(uint256 recoveryId) external;

    /// @notice Hands the wallet to the recovery's new owner once the delay has passed (anyone).
    function executeRecovery(uint256 recoveryId) external;

    /// @notice The current owner.
    function owner() external view returns (address);

    /// @notice The guardians in force.
    function guardians() external view returns (address[] memory);

    /// @notice Approvals needed for a recovery (M).
    function threshold() external view returns (uint256);

    /// @notice Seconds a recovery and a guardian change wait.
    function delay() external view returns (uint256);

    /// @notice The least delay a wallet may have (set by the factory for every wallet it creates).
    function minDelay() external view returns (uint256);

    /// @notice Whether `account` is a guardian in force.
    function isGuardian(address account) external view returns (bool);

    /// @notice Number of recoveries ever proposed (ids are 1..recoveryCount).
    function recoveryCount() external view returns (uint256);

    /// @notice Recovery `recoveryId`.
    function getRecovery(uint256 recoveryId) external view returns (RecoveryInfo memory);

    /// @notice Whether guardian `guardian` (in force) approves recovery `recoveryId`.
    function hasApproved(uint256 recoveryId, address guardian) external view returns (bool);

    /// @notice The pending guardian change (id zero: none).
    function pendingGuardianChange() external view returns (GuardianChange memory);

    /// @notice The digest the owner signs for ERC-1271 `hash` (wrapped in this wallet's EIP-712 domain).
    function messageHash(bytes32 hash) external view returns (bytes32);
}
