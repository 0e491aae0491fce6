// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUpkeep} from "./IUpkeep.sol";
import {IServiceRecord} from "./IStakingHooks.sol";
import {IRandomness} from "./IRandomness.sol";

/// @title IStorageProofs
/// @notice Lease data and daily storage-proof epochs (DESIGN §6). The tenant's data root is
/// proposed through the market; each holder accepts it (`acceptData`) once it received the data,
/// and from the next epoch proves that data. Each epoch requests randomness (IRandomness) from
/// which every landlord's challenge (a lease it held when the epoch opened and a segment of it)
/// is a pure view; landlords prove within the proof window; settlement marks missing proofs as
/// failures, and an epoch without a seed is void (rent withheld, nobody slashed).
interface IStorageProofs is IUpkeep, IServiceRecord {
    /// @notice The data a holder proves: `root`/`sizeMB`/`dataLength` from epoch `fromEpoch`, the
    /// previous data before it (zero root: held nothing before). `dataLength` is the tenant's byte
    /// count committed with the root (audit M6): only segments below it are ever challenged.
    struct HeldData {
        bytes32 root;
        bytes32 previousRoot;
        uint32 sizeMB;
        uint32 previousSizeMB;
        uint32 fromEpoch;
        uint64 dataLength;
        uint64 previousDataLength;
    }

    /// @notice A landlord's challenge in an epoch: whether it has one, which lease and segment,
    /// and the data (root and size) the proof is checked against.
    struct Challenge {
        bool due;
        uint256 leaseId;
        uint256 segmentIndex;
        bytes32 dataRoot;
        uint256 sizeMB;
    }

    /// @notice Epoch `epoch` opened: its seed is IRandomness request `requestId`.
    event EpochOpened(uint256 indexed epoch, uint256 requestId, uint256 proofDeadline, address keeper);
    /// @notice The epoch's randomness was missed and re-seeded (IRandomness.RandomnessReseeded).
    event EpochReseeded(uint256 indexed epoch, uint256 requestId);
    event SeedRecorded(uint256 indexed epoch, bytes32 seed);
    /// @notice `leaseId`'s holders' MB stopped counting in the rent shares from `fromEpoch` (it
    /// counts again from a renewal, extension or resize: HoldingChanged). Audit M4.
    event LeaseExpired(uint256 indexed leaseId, uint256 fromEpoch, address indexed keeper);
    event ProofAccepted(uint256 indexed epoch, address indexed landlord, uint256 indexed leaseId, uint256 segmentIndex);
    /// @notice `settled` landlords settled, `failed` of them failed, `units` of them held
    /// something (bounties paid); `void` when the epoch had no seed.
    event EpochSettled(
        uint256 indexed epoch,
        address indexed keeper,
        uint256 settled,
        uint256 failed,
        uint256 units,
        bool void
    );
    /// @notice The tenant proposed `dataRoot` (`dataLength` bytes zero-padded to `sizeMB` MB) for
    /// `leaseId`; `fee` paid into the pool (zero for a lease's first data).
    event DataProposed(uint256 indexed leaseId, bytes32 dataRoot, uint256 sizeMB, uint256 dataLength, uint256 fee);
    /// @notice `landlord` confirmed it received `dataRoot` (`dataLength` bytes in `sizeMB` MB): it
    /// proves it from `fromEpoch` on.
    event DataAccepted(
        uint256 indexed leaseId,
        address indexed landlord,
        bytes32 dataRoot,
        uint256 sizeMB,
        uint256 dataLength,
        uint256 fromEpoch
    );
    /// @notice `landlord` says it never received `dataRoot`: it keeps proving its old data (or,
    /// holding none, is not challenged on the lease and earns nothing for it).
    /// @notice Epoch settlement is a duty of `committee`'s members from now on, each its epochs'
    /// alone during `settleWindow` after the proof deadline.
    event CommitteeBound(address indexed committee, uint256 settleWindow);
    event DataRejected(uint256 indexed leaseId, address indexed landlord, bytes32 dataRoot, uint256 epoch);

    /// @notice `leaseId` (ending at `endEpoch`) cannot be expired in `currentEpoch`: not Active,
    /// before its last epoch, or already expired.
    error NotExpiring(uint256 leaseId, uint256 endEpoch, uint256 currentEpoch);
    error EpochNotOpen(uint256 epoch);
    error ProofWindowClosed(uint256 epoch, uint256 deadline);
    error SeedUnavailable(uint256 epoch, uint256 requestId);
    error NoChallenge(uint256 epoch, address landlord);
    error WrongChallenge(uint256 leaseId, uint256 segmentIndex, uint256 expectedLeaseId, uint256 expectedSegment);
    error InvalidProof(uint256 epoch, uint256 leaseId, uint256 segmentIndex);
    error AlreadyProved(uint256 epoch, address landlord);
    error InvalidProofWindow(uint256 proofWindow, uint256 epochLength);
    error NotMarket(address caller);
    /// @notice During the first `settleWindow` after its proof deadline, an epoch is settled by
    /// the committee member whose duty it is (`member`) only, until `until`.
    error ExclusiveSettler(uint256 epoch, address member, uint256 until);
    error NotBinder(address caller);
    error InvalidCommittee(address committee);
    /// @notice The caller is not in `leaseId`'s copy group (or the lease has none).
    error NotMember(uint256 leaseId, address landlord);
    /// @notice `dataRoot` is not the lease's proposed data `expected`.
    error DataMismatch(uint256 leaseId, bytes32 dataRoot, bytes32 expected);
    /// @notice The caller already accepted the lease's proposed data.
    error AlreadyAccepted(uint256 leaseId, address landlord, bytes32 dataRoot);

    /// @notice Opens the current epoch, requesting its randomness. Permissionless upkeep, paid a
    /// bounty; due once per epoch, in the first half of its proof window (before `seedDeadline`).
    function openEpoch() external returns (uint256 epoch);

    /// @notice Records an open epoch's seed once its block is mined, or re-seeds it when it was
    /// missed (IRandomness.record). Permissionless upkeep, due within the proof window while the
    /// seed is not recorded and its block is mined, before `seedDeadline`; a bounty for recording
    /// (a re-seed is unpaid, so that letting blocks pass earns nothing).
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

    /// @notice Settles `epoch` for `landlords` once its proof window is over (see
    /// LandlordRegistry.settle). Permissionless upkeep: one bounty per landlord settled whose rent
    /// share covered the bounty, taken from that share; reverts NotDue when no landlord was
    /// settled. The epoch is void unless its seed was recorded before `seedDeadline`.
    function settleEpoch(uint256 epoch, address[] calldata landlords) external returns (uint256 settled);

    /// @notice The caller, a member of `leaseId`'s copy group, confirms it received `dataRoot`
    /// (the lease's proposed data, with its committed length): it holds the lease and proves that
    /// data from the next epoch, challenged only on segments below the length (audit M6).
    function acceptData(uint256 leaseId, bytes32 dataRoot) external;

    /// @notice The caller, a member of `leaseId`'s copy group, says it never received `dataRoot`
    /// (the lease's proposed data). It is not slashed for it: it keeps proving what it accepted
    /// before, and a lease it never accepted is not challenged and earns it nothing. Its
    /// membership becomes movable at once, unpaid (LandlordRegistry.reassignMember, audit H5).
    function rejectData(uint256 leaseId, bytes32 dataRoot) external;

    /// @notice Stops `leaseId`'s holders' MB from counting in the rent shares from the next epoch
    /// (audit M4: an expired lease earns nothing in its grace). Permissionless and unpaid (the
    /// holders of live leases gain by it), due from the lease's last epoch (endEpoch − 1: then it
    /// takes effect exactly at endEpoch) while it is Active; renew, extend or resize undo it.
    function expireLease(uint256 leaseId) external;

    /// @notice Records `dataRoot` (`dataLength` bytes zero-padded to `sizeMB` MB, the length checked
    /// by the market) as the lease's proposed data. StorageMarket only.
    function proposeData(uint256 leaseId, bytes32 dataRoot, uint256 sizeMB, uint256 dataLength, uint256 fee) external;

    /// @notice The challenge of `landlord` in the current epoch `epoch` (reverts while the seed
    /// is unknown; valid during the epoch only).
    function challengeOf(address landlord, uint256 epoch) external view returns (Challenge memory);

    /// @notice The epoch's seed (zero while pending, missed or never opened).
    function seedOf(uint256 epoch) external view returns (bytes32);

    /// @notice The IRandomness request of `epoch` (0 when not opened).
    function epochRequestOf(uint256 epoch) external view returns (uint256);

    /// @notice Whether `expireLease` took `leaseId`'s holders' MB out of the rent shares and no
    /// renewal or extension since moved its end (keepers poll it before calling `expireLease`).
    function isExpired(uint256 leaseId) external view returns (bool);

    /// @notice The timestamp (the proof window's midpoint) before which `epoch` must be opened and
    /// its seed recorded (reseed or a first proof); an epoch whose seed was not recorded by then
    /// is void at settlement (audit M2).
    function seedDeadline(uint256 epoch) external view returns (uint256);

    /// @notice The timestamp at which `epoch`'s proof window closes.
    function proofDeadline(uint256 epoch) external view returns (uint256);

    /// @notice Whether `landlord` proved `epoch`.
    function hasProved(address landlord, uint256 epoch) external view returns (bool);

    /// @notice The lease's proposed data: the last root, size and data length the tenant gave.
    function dataOf(uint256 leaseId) external view returns (bytes32 dataRoot, uint256 sizeMB, uint256 dataLength);

    /// @notice What `landlord` accepted of `leaseId`.
    function heldDataOf(uint256 leaseId, address landlord) external view returns (HeldData memory);

    /// @notice Whether `landlord` accepted `leaseId`'s proposed data, when that data was proposed,
    /// and when `landlord` rejected it (0: it did not). LandlordRegistry reads it for the
    /// acceptance deadline (audit H5).
    function acceptanceOf(
        uint256 leaseId,
        address landlord
    ) external view returns (bool accepted, uint256 proposedAt, uint256 rejectedAt);

    /// @notice Whether `landlord` accepted `leaseId`'s proposed data.
    function hasAccepted(uint256 leaseId, address landlord) external view returns (bool);

    /// @notice Makes epoch settlement a duty of `committee`'s members (DESIGN §7): once, by the
    /// deployer. Each epoch is the duty of the member `committee.dutyOf(epoch, proofDeadline)`
    /// names, who alone may settle it during `settleWindow` after the proof deadline.
    function bindCommittee(address committee, uint256 settleWindow) external;

    /// @notice The randomness beacon epochs request their seeds from.
    function randomness() external view returns (IRandomness);

    /// @notice The bound Committee (zero: anyone settles at once, no duty is recorded).
    function committee() external view returns (address);

    /// @notice Seconds after an epoch's proof deadline during which only its duty's member settles it.
    function settleWindow() external view returns (uint256);
}
