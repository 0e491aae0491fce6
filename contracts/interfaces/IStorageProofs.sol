// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStorageProofs
/// @notice Daily storage-proof epochs (DESIGN §6): each epoch commits to a future block's hash,
/// from which every landlord's challenge (a lease it holds and a segment of it) is a pure view;
/// landlords prove within the proof window; settlement marks the missing proofs as failures.
interface IStorageProofs {
    /// @notice An epoch's randomness: the block whose hash seeds it, and the hash once recorded.
    struct EpochSeed {
        uint64 seedBlock;
        bytes32 seed;
    }

    /// @notice A landlord's challenge in an epoch: whether it has one, and which lease and segment.
    struct Challenge {
        bool due;
        uint256 leaseId;
        uint256 segmentIndex;
    }

    event EpochOpened(uint256 indexed epoch, uint256 seedBlock, uint256 proofDeadline, address keeper);
    /// @notice The epoch's seed block fell out of the 256-block window before its hash was
    /// recorded: the draw moves to a new future block, never skipped.
    event EpochReseeded(uint256 indexed epoch, uint256 missedBlock, uint256 seedBlock);
    event SeedRecorded(uint256 indexed epoch, bytes32 seed);
    event ProofAccepted(uint256 indexed epoch, address indexed landlord, uint256 indexed leaseId, uint256 segmentIndex);
    event EpochSettled(uint256 indexed epoch, address indexed keeper, uint256 settled, uint256 failed);

    error EpochNotOpen(uint256 epoch);
    error ProofWindowClosed(uint256 epoch, uint256 deadline);
    error SeedUnavailable(uint256 epoch, uint256 seedBlock);
    error NoChallenge(uint256 epoch, address landlord);
    error WrongChallenge(uint256 leaseId, uint256 segmentIndex, uint256 expectedLeaseId, uint256 expectedSegment);
    error InvalidProof(uint256 epoch, uint256 leaseId, uint256 segmentIndex);
    error AlreadyProved(uint256 epoch, address landlord);
    /// @notice The upkeep is not due before `dueAt`: a timestamp, a block number for `reseed`, or
    /// zero when it never will be.
    error NotDue(uint256 epoch, uint256 dueAt);
    error InvalidProofWindow(uint256 proofWindow, uint256 epochLength);

    /// @notice Opens the current epoch, committing to the hash of the next block. Permissionless
    /// upkeep, paid a bounty; due once per epoch, within its proof window.
    function openEpoch() external returns (uint256 epoch);

    /// @notice Makes an open epoch's seed durable: records the seed block's hash once it is mined,
    /// or moves the draw to a new future block when the hash fell out of the 256-block window
    /// unrecorded. Permissionless upkeep, paid a bounty; due within the proof window.
    function reseed(uint256 epoch) external;

    /// @notice Proves the caller holds segment `segmentIndex` of `leaseId`, its challenge in
    /// `epoch`. Records the epoch's seed on first use.
    function prove(
        uint256 epoch,
        uint256 leaseId,
        uint256 segmentIndex,
        bytes calldata segment,
        bytes32[] calldata proof
    ) external;

    /// @notice Settles `epoch` for `landlords` once its proof window is over: a landlord that had a
    /// challenge and did not prove it failed. An epoch whose seed was never known is void: nobody
    /// could see a challenge, so everyone passes. Permissionless upkeep, paid a bounty when at
    /// least one landlord was settled; reverts NotDue when none was.
    function settleEpoch(uint256 epoch, address[] calldata landlords) external returns (uint256 settled);

    /// @notice The challenge of `landlord` in `epoch` (reverts while the seed is unknown).
    function challengeOf(address landlord, uint256 epoch) external view returns (Challenge memory);

    /// @notice The epoch's seed: recorded, or the seed block's hash while it is within reach
    /// (zero when neither).
    function seedOf(uint256 epoch) external view returns (bytes32);

    function epochSeedOf(uint256 epoch) external view returns (EpochSeed memory);

    /// @notice The timestamp at which `epoch`'s proof window closes.
    function proofDeadline(uint256 epoch) external view returns (uint256);

    /// @notice Whether `landlord` proved `epoch`.
    function hasProved(address landlord, uint256 epoch) external view returns (bool);
}
