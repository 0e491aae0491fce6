// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IKeeperRewards
/// @notice Bounties for permissionless upkeep (DESIGN §2). Each kind of upkeep belongs to one
/// module; only that module reports a kind's jobs, and the keeper who did the job is paid the
/// kind's bounty from the contract's budget.
interface IKeeperRewards {
    /// @notice A kind of upkeep: the module that reports it and the bounty per job.
    struct Kind {
        address module;
        uint96 bounty;
    }

    /// @notice Emitted when governance registers a kind of upkeep for a module.
    event KindRegistered(bytes32 indexed kind, address indexed module, uint256 bounty);

    /// @notice Emitted when governance changes a kind's bounty (zero switches payment off).
    event BountyChanged(bytes32 indexed kind, uint256 previousBounty, uint256 newBounty);

    /// @notice Emitted for every upkeep whose bounty was paid (zero while the kind's bounty is off):
    /// `units` units of due work at the kind's bounty each. `keeperJobs` counts the keeper's units of
    /// work of every kind, these included.
    event BountyPaid(
        bytes32 indexed kind,
        address indexed keeper,
        address indexed module,
        uint256 units,
        uint256 amount,
        uint256 keeperJobs,
        uint256 budgetLeft
    );

    /// @notice Emitted for an upkeep done while the budget could not pay its bounty: the units of
    /// work count, nothing is paid.
    event BountyUnpaid(
        bytes32 indexed kind,
        address indexed keeper,
        address indexed module,
        uint256 units,
        uint256 amount,
        uint256 keeperJobs,
        uint256 budget
    );

    error InvalidKind(bytes32 kind);
    error InvalidModule(address module);
    error InvalidKeeper(address keeper);
    error KindAlreadyRegistered(bytes32 kind, address module);
    error UnknownKind(bytes32 kind);
    error BountyTooLarge(uint256 bounty, uint256 maxBounty);
    error NotKindModule(bytes32 kind, address caller, address module);
    error NoWork(bytes32 kind);

    /// @notice Registers `kind`, reported by `module`, paying `bounty` per job. Governance only.
    /// A kind is never removed; a bounty of zero switches its payment off.
    function registerKind(bytes32 kind, address module, uint256 bounty) external;

    /// @notice Sets the bounty of a registered kind. Governance only.
    function setBounty(bytes32 kind, uint256 bounty) external;

    /// @notice Counts `units` units of due work of `kind` by `keeper` and pays `units` times the
    /// kind's bounty when the budget covers it (DESIGN §2: a bounty pays for work, never for a
    /// call, so the same work pays the same total in one batch or many). Callable only by the kind's
    /// module, after the module has done the work; modules call it through `Upkeep._payBounty`.
    /// @dev Never reverts for want of budget: an upkeep must succeed whether or not it is paid.
    /// Reverts `NoWork` for zero units: a module never reports an upkeep that did nothing.
    /// @return paid The amount paid to `keeper` (zero when the budget is short or the bounty off).
    function reward(address keeper, bytes32 kind, uint256 units) external returns (uint256 paid);

    /// @notice The module and bounty of `kind` (module zero when unregistered).
    function kindOf(bytes32 kind) external view returns (Kind memory);

    /// @notice Every registered kind, in registration order.
    function kinds() external view returns (bytes32[] memory);

    /// @notice Units of work of every kind done by `keeper`, paid or not (read by the honor pool).
    /// Units per kind are in the BountyPaid and BountyUnpaid events, for the indexer.
    function jobsOf(address keeper) external view returns (uint256);

    /// @notice Bounties paid to `keeper` so far.
    function earnedBy(address keeper) external view returns (uint256);

    /// @notice Tokens left to pay bounties with: the contract's balance of the reward token.
    function budget() external view returns (uint256);
}
