// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";
import {IStorageProofs} from "../interfaces/IStorageProofs.sol";
import {IRandomness} from "../interfaces/IRandomness.sol";
import {ICommitteeDutyBook, IServiceRecord} from "../interfaces/IStakingHooks.sol";
import {SegmentMerkle} from "../libraries/SegmentMerkle.sol";

/// @title StorageProofs
/// @notice Lease data and storage-proof epochs of the storage market (DESIGN §6).
/// @dev Choices the design leaves open:
/// - Data is per holder. The tenant proposes a root (at `rent`, `resize`, `updateData`); each
///   member of the copy group accepts it once it received the bytes, and proves it from the next
///   epoch on, its previous data until then. A holder that did not receive it says so
///   (`rejectData`) and keeps proving what it accepted before; a member that never accepted any
///   data of a lease is not challenged on it and earns nothing for it, so rejecting is never a
///   free ride, and a tenant can never get a holder slashed for data it did not accept.
/// - A landlord's challenge in an epoch is drawn from the epoch's seed among the leases it held
///   when the epoch opened (LandlordRegistry keeps that list copy-on-write), and a segment of the
///   data it accepted as of that epoch, below the data length the tenant committed with the root
///   (audit M6: the zero padding of a lease is public and never challenged). Nothing done during
///   the epoch changes it.
/// - Each epoch's seed is an IRandomness request made by `openEpoch`, in the first half of the
///   proof window only (`seedDeadline`). A missed seed block is re-seeded (`reseed`, also before
///   the midpoint); an epoch whose seed was not recorded here (by `reseed` or a first proof)
///   before the midpoint is void: every share of its rent is withheld, nobody is slashed (audit
///   M2: so every holder has at least half the window to prove once the seed is known).
/// - Settlement is a committee duty once a Committee is bound (DESIGN §7): the member whose turn
///   the epoch is (Committee.dutyOf, at the proof deadline) alone settles it during
///   `settleWindow`; the duty is done when the member's calls in its window settle every
///   held MB of the epoch (not one landlord of it), missed when a call after the window finds it
///   not done. Binding is once, by the deployer (the storage module is
///   not governed): a new committee means a new deployment.
/// - The service record (reputation's PR factor) counts each landlord's accepted proofs, and its
///   poor-service reports from the registry.
/// Opening an epoch writes only the epoch's request; proofs write one bit per landlord and its
/// count of proofs passed.
contract StorageProofs is Upkeep, IStorageProofs {
    using BitMaps for BitMaps.BitMap;

    uint256 private constant _NO_DUTY = type(uint256).max;

    bytes32 public constant OPEN_KIND = "StorageProofs.openEpoch";
    bytes32 public constant RESEED_KIND = "StorageProofs.reseed";
    bytes32 public constant SETTLE_KIND = "StorageProofs.settleEpoch";
    /// @notice Segments in one MB of lease data (a lease's data fills its size).
    uint256 public constant SEGMENTS_PER_MB = (1 << 20) / SegmentMerkle.SEGMENT_SIZE;

    /// @dev An epoch's randomness request, its value once recorded here and when it was recorded.
    struct EpochSeed {
        uint64 requestId;
        uint64 recordedAt;
        bytes32 seed;
    }

    /// @dev The data a tenant proposed for a lease, its version (proposals so far) and when.
    struct Proposal {
        bytes32 root;
        uint32 sizeMB;
        uint32 version;
        uint64 proposedAt;
        uint64 dataLength;
    }

    /// @dev A member's rejection: of which version of the lease's data, and when.
    struct Rejection {
        uint32 version;
        uint64 at;
    }

    IStorageMarket public immutable market;
    ILandlordRegistry public immutable registry;
    IRandomness public immutable randomness;
    /// @notice Seconds from an epoch's start during which its challenges may be proved.
    uint256 public immutable proofWindow;
    /// @dev The market's clock, copied: proofs check deadlines without calling the market.
    uint256 private immutable _origin;
    uint256 private immutable _epochLength;

    mapping(uint256 epoch => EpochSeed seed) private _seeds;
    mapping(address landlord => BitMaps.BitMap epochs) private _proved;
    mapping(uint256 leaseId => Proposal proposal) private _proposals;
    mapping(uint256 leaseId => mapping(address landlord => HeldData data)) private _held;
    mapping(uint256 leaseId => mapping(address landlord => Rejection rejection)) private _rejections;
    /// @dev The end epoch a lease had when it was expired (a renewal, extension or resize moves
    /// its end and undoes the expiry in the registry).
    mapping(uint256 leaseId => uint256 endEpoch) private _expiredEnd;
    mapping(address landlord => uint256 count) private _proofsPassed;
    /// @dev Epochs whose settlement duty was recorded with the Committee.
    BitMaps.BitMap private _dutyRecorded;
    /// @dev Held MB the duty member settled in its window, per epoch whose duty is pending.
    mapping(uint256 epoch => uint256 heldMB) private _dutyHeldSettled;
    ICommitteeDutyBook private _committee;
    uint64 private _settleWindow;
    address private _binder;

    constructor(
        IStorageMarket market_,
        ILandlordRegistry registry_,
        IKeeperRewards keeperRewards_,
        IRandomness randomness_,
        uint256 proofWindow_
    ) Upkeep(keeperRewards_) {
        uint256 epochLength = market_.epochLength();
        if (proofWindow_ == 0 || proofWindow_ > epochLength) revert InvalidProofWindow(proofWindow_, epochLength);
        market = market_;
        registry = registry_;
        randomness = randomness_;
        proofWindow = proofWindow_;
        _origin = market_.epochStart(0);
        _epochLength = epochLength;
        _binder = msg.sender;
    }

    // ----- epochs -----

    /// @inheritdoc IStorageProofs
    function openEpoch() external returns (uint256 epoch) {
        epoch = market.currentEpoch();
        uint256 deadline = proofDeadline(epoch);
        if (_seeds[epoch].requestId != 0 || block.timestamp >= seedDeadline(epoch)) {
            revert NotDue(market.epochStart(epoch + 1), block.timestamp);
        }
        // Slither reentrancy-no-eth: the beacon is the suite's immutable IRandomness; the request
        // id it returns is what is stored, and a second open of the epoch is refused above.
        // slither-disable-next-line reentrancy-no-eth
        uint256 requestId = randomness.request();
        _seeds[epoch].requestId = uint64(requestId);
        emit EpochOpened(epoch, requestId, deadline, msg.sender);
        market.accrue();
        _payBounty(OPEN_KIND, 1);
    }

    /// @inheritdoc IStorageProofs
    function reseed(uint256 epoch) external {
        EpochSeed storage stored = _seeds[epoch];
        uint256 requestId = stored.requestId;
        if (requestId == 0) revert EpochNotOpen(epoch);
        // A seed recorded after the midpoint could not count any more: not due.
        if (block.timestamp >= seedDeadline(epoch)) revert NotDue(0, block.timestamp);
        IRandomness.Request memory request = randomness.requestOf(requestId);
        if (stored.seed != bytes32(0) || request.value != bytes32(0)) revert NotDue(0, block.timestamp);
        if (block.number <= request.seedBlock) revert NotDue(request.seedBlock + 1, block.number);
        // Slither reentrancy-no-eth: the beacon is the suite's immutable IRandomness; the value it
        // records is the one stored, and recording twice is refused above.
        // slither-disable-next-line reentrancy-no-eth
        bytes32 value = randomness.record(requestId);
        if (value == bytes32(0)) {
            // A re-seed is unpaid: whoever let the block pass unrecorded could otherwise earn a
            // bounty every 256 blocks; recording the new seed is the paid work.
            emit EpochReseeded(epoch, requestId);
            return;
        }
        stored.seed = value;
        stored.recordedAt = uint64(block.timestamp);
        emit SeedRecorded(epoch, value);
        _payBounty(RESEED_KIND, 1);
    }

    /// @inheritdoc IStorageProofs
    function prove(
        uint256 epoch,
        uint256 leaseId,
        uint256 segmentIndex,
        bytes calldata segment,
        bytes32[] calldata proof
    ) external {
        EpochSeed storage stored = _seeds[epoch];
        // A seed recorded here (the keepers record it) means the epoch is open: one slot read.
        bytes32 seed = stored.seed;
        bool recorded = seed != bytes32(0);
        if (!recorded) {
            uint256 requestId = stored.requestId;
            if (requestId == 0) revert EpochNotOpen(epoch);
            seed = randomness.randomnessOf(requestId);
            if (seed == bytes32(0)) revert SeedUnavailable(epoch, requestId);
        }
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp >= deadline) revert ProofWindowClosed(epoch, deadline);
        if (_proved[msg.sender].get(epoch)) revert AlreadyProved(epoch, msg.sender);

        Challenge memory challenge = _challenge(msg.sender, epoch, seed);
        if (!challenge.due) revert NoChallenge(epoch, msg.sender);
        if (leaseId != challenge.leaseId || segmentIndex != challenge.segmentIndex) {
            revert WrongChallenge(leaseId, segmentIndex, challenge.leaseId, challenge.segmentIndex);
        }
        uint256 segments = challenge.sizeMB * SEGMENTS_PER_MB;
        if (!SegmentMerkle.verify(challenge.dataRoot, segments, segmentIndex, segment, proof)) {
            revert InvalidProof(epoch, leaseId, segmentIndex);
        }

        _proved[msg.sender].set(epoch);
        ++_proofsPassed[msg.sender];
        emit ProofAccepted(epoch, msg.sender, leaseId, segmentIndex);
        if (!recorded) {
            stored.seed = seed;
            stored.recordedAt = uint64(block.timestamp);
            emit SeedRecorded(epoch, seed);
            // Slither unused-return: the value is `seed`, read above from the same request.
            // slither-disable-next-line unused-return
            randomness.record(stored.requestId);
        }
    }

    /// @inheritdoc IStorageProofs
    function settleEpoch(uint256 epoch, address[] calldata landlords) external returns (uint256 settled) {
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp < deadline) revert NotDue(deadline, block.timestamp);
        (uint256 dutyTerm, uint256 dutySeat, bool inWindow) = _settlementDuty(epoch, deadline);
        market.accrue();
        uint256 units;
        uint256 heldSettled;
        uint256 totalHeld;
        (settled, units, heldSettled, totalHeld) = _settle(epoch, landlords);
        if (dutyTerm != _NO_DUTY) _recordSettlementDuty(epoch, dutyTerm, dutySeat, inWindow, heldSettled, totalHeld);
        _payBounty(SETTLE_KIND, units);
    }

    /// @dev Settles `landlords` for `epoch` in the registry and emits EpochSettled.
    function _settle(
        uint256 epoch,
        address[] calldata landlords
    ) private returns (uint256 done, uint256 units, uint256 heldSettled, uint256 totalHeld) {
        // Audit M2: the seed counts only if recorded here before the midpoint of the window.
        EpochSeed memory stored = _seeds[epoch];
        bool seedKnown = stored.seed != bytes32(0) && stored.recordedAt < seedDeadline(epoch);
        bool[] memory proved = new bool[](landlords.length);
        for (uint256 i = 0; i < landlords.length; ++i) proved[i] = _proved[landlords[i]].get(epoch);
        uint256 failed;
        (done, failed, units, heldSettled, totalHeld) = registry.settle(epoch, landlords, proved, seedKnown);
        if (done == 0) revert NotDue(0, block.timestamp);
        emit EpochSettled(epoch, msg.sender, done, failed, units, !seedKnown);
    }

    /// @dev Enforces the duty member's window. Returns the duty's term and seat (term `_NO_DUTY`
    /// when no duty is pending for `epoch`) and whether the call is in the member's window.
    function _settlementDuty(
        uint256 epoch,
        uint256 deadline
    ) private view returns (uint256 term, uint256 seat, bool inWindow) {
        ICommitteeDutyBook committee_ = _committee;
        if (address(committee_) == address(0) || _dutyRecorded.get(epoch)) return (_NO_DUTY, 0, false);
        address member;
        (term, seat, member) = committee_.dutyOf(epoch, deadline);
        if (member == address(0)) return (_NO_DUTY, 0, false);
        uint256 until = deadline + _settleWindow;
        inWindow = block.timestamp < until;
        if (inWindow && msg.sender != member) revert ExclusiveSettler(epoch, member, until);
    }

    /// @dev Records the epoch's duty once: done by the member's call in its window that brings the
    /// MB it settled to all MB held at the epoch (a batch of one does not do the duty: the whole
    /// epoch does), missed by the first call after the window while it is not done.
    function _recordSettlementDuty(
        uint256 epoch,
        uint256 term,
        uint256 seat,
        bool inWindow,
        uint256 heldSettled,
        uint256 totalHeld
    ) private {
        if (inWindow) {
            uint256 settledMB = _dutyHeldSettled[epoch] + heldSettled;
            if (settledMB < totalHeld) {
                _dutyHeldSettled[epoch] = settledMB;
                return;
            }
            delete _dutyHeldSettled[epoch];
        }
        _dutyRecorded.set(epoch);
        _committee.recordDuty(term, seat, inWindow);
    }

    /// @inheritdoc IStorageProofs
    function bindCommittee(address committee_, uint256 settleWindow_) external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        if (committee_.code.length == 0) revert InvalidCommittee(committee_);
        if (settleWindow_ >= _epochLength) revert InvalidProofWindow(settleWindow_, _epochLength);
        _binder = address(0);
        _committee = ICommitteeDutyBook(committee_);
        _settleWindow = uint64(settleWindow_);
        emit CommitteeBound(committee_, settleWindow_);
    }

    /// @inheritdoc IStorageProofs
    function committee() external view returns (address) {
        return address(_committee);
    }

    /// @inheritdoc IStorageProofs
    function settleWindow() external view returns (uint256) {
        return _settleWindow;
    }

    /// @inheritdoc IServiceRecord
    function serviceOf(address landlord) external view returns (uint256 proofsPassed, uint256 poorReports) {
        return (_proofsPassed[landlord], registry.landlordOf(landlord).reports);
    }

    // ----- data -----

    /// @inheritdoc IStorageProofs
    function acceptData(uint256 leaseId, bytes32 dataRoot) external {
        (bool holding, Proposal memory proposal) = _checkData(leaseId, dataRoot);
        HeldData memory held = _held[leaseId][msg.sender];
        if (holding && _same(held, proposal)) revert AlreadyAccepted(leaseId, msg.sender, dataRoot);
        uint256 epoch = market.currentEpoch();
        // Data accepted in an earlier epoch becomes the previous; a second acceptance within the
        // same epoch keeps the previous of the epoch's opening.
        if (held.fromEpoch <= epoch) {
            held.previousRoot = holding ? held.root : bytes32(0);
            held.previousSizeMB = holding ? held.sizeMB : 0;
            held.previousDataLength = holding ? held.dataLength : 0;
        }
        held.root = dataRoot;
        held.sizeMB = proposal.sizeMB;
        held.dataLength = proposal.dataLength;
        held.fromEpoch = uint32(epoch + 1);
        _held[leaseId][msg.sender] = held;
        emit DataAccepted(leaseId, msg.sender, dataRoot, proposal.sizeMB, proposal.dataLength, epoch + 1);
        registry.hold(leaseId, msg.sender, proposal.sizeMB);
    }

    /// @inheritdoc IStorageProofs
    function rejectData(uint256 leaseId, bytes32 dataRoot) external {
        (bool holding, Proposal memory proposal) = _checkData(leaseId, dataRoot);
        if (holding && _held[leaseId][msg.sender].root == dataRoot) {
            revert AlreadyAccepted(leaseId, msg.sender, dataRoot);
        }
        // Recorded, so that the membership becomes movable (LandlordRegistry.reassignMember).
        _rejections[leaseId][msg.sender] = Rejection({version: proposal.version, at: uint64(block.timestamp)});
        emit DataRejected(leaseId, msg.sender, dataRoot, market.currentEpoch());
    }

    /// @inheritdoc IStorageProofs
    function proposeData(uint256 leaseId, bytes32 dataRoot, uint256 sizeMB, uint256 dataLength, uint256 fee) external {
        if (msg.sender != address(market)) revert NotMarket(msg.sender);
        _proposals[leaseId] = Proposal({
            root: dataRoot,
            sizeMB: uint32(sizeMB),
            version: _proposals[leaseId].version + 1,
            proposedAt: uint64(block.timestamp),
            dataLength: uint64(dataLength)
        });
        emit DataProposed(leaseId, dataRoot, sizeMB, dataLength, fee);
    }

    /// @inheritdoc IStorageProofs
    function expireLease(uint256 leaseId) external {
        IStorageMarket.Lease memory lease = market.leaseOf(leaseId);
        uint256 epoch = market.currentEpoch();
        // From its last epoch on (so that it stops counting from its end epoch when called then).
        if (lease.status != IStorageMarket.LeaseStatus.Active || epoch + 1 < lease.endEpoch) {
            revert NotExpiring(leaseId, lease.endEpoch, epoch);
        }
        if (!registry.setExpired(leaseId, true)) revert NotExpiring(leaseId, lease.endEpoch, epoch);
        _expiredEnd[leaseId] = lease.endEpoch;
        emit LeaseExpired(leaseId, epoch + 1, msg.sender);
    }

    // ----- views -----

    /// @inheritdoc IStorageProofs
    function challengeOf(address landlord, uint256 epoch) external view returns (Challenge memory) {
        bytes32 seed = seedOf(epoch);
        if (seed == bytes32(0)) revert SeedUnavailable(epoch, _seeds[epoch].requestId);
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp >= deadline) revert ProofWindowClosed(epoch, deadline);
        return _challenge(landlord, epoch, seed);
    }

    /// @inheritdoc IStorageProofs
    function seedOf(uint256 epoch) public view returns (bytes32) {
        EpochSeed memory stored = _seeds[epoch];
        if (stored.seed != bytes32(0) || stored.requestId == 0) return stored.seed;
        return randomness.randomnessOf(stored.requestId);
    }

    /// @inheritdoc IStorageProofs
    function epochRequestOf(uint256 epoch) external view returns (uint256) {
        return _seeds[epoch].requestId;
    }

    /// @inheritdoc IStorageProofs
    function proofDeadline(uint256 epoch) public view returns (uint256) {
        return _origin + epoch * _epochLength + proofWindow;
    }

    /// @inheritdoc IStorageProofs
    function isExpired(uint256 leaseId) external view returns (bool) {
        uint256 end = _expiredEnd[leaseId];
        return end != 0 && end == market.leaseOf(leaseId).endEpoch;
    }

    /// @inheritdoc IStorageProofs
    function seedDeadline(uint256 epoch) public view returns (uint256) {
        return _origin + epoch * _epochLength + proofWindow / 2;
    }

    /// @inheritdoc IStorageProofs
    function hasProved(address landlord, uint256 epoch) external view returns (bool) {
        return _proved[landlord].get(epoch);
    }

    /// @inheritdoc IStorageProofs
    function dataOf(uint256 leaseId) external view returns (bytes32 dataRoot, uint256 sizeMB, uint256 dataLength) {
        Proposal memory proposal = _proposals[leaseId];
        return (proposal.root, proposal.sizeMB, proposal.dataLength);
    }

    /// @inheritdoc IStorageProofs
    function heldDataOf(uint256 leaseId, address landlord) external view returns (HeldData memory) {
        return _held[leaseId][landlord];
    }

    /// @inheritdoc IStorageProofs
    function hasAccepted(uint256 leaseId, address landlord) public view returns (bool) {
        // Slither unused-return: holding implies membership.
        // slither-disable-next-line unused-return
        (, bool holding) = registry.membershipOf(leaseId, landlord);
        return holding && _same(_held[leaseId][landlord], _proposals[leaseId]);
    }

    /// @inheritdoc IStorageProofs
    function acceptanceOf(
        uint256 leaseId,
        address landlord
    ) external view returns (bool accepted, uint256 proposedAt, uint256 rejectedAt) {
        Proposal memory proposal = _proposals[leaseId];
        Rejection memory rejection = _rejections[leaseId][landlord];
        return (
            hasAccepted(leaseId, landlord),
            proposal.proposedAt,
            rejection.version == proposal.version ? rejection.at : 0
        );
    }

    // ----- internals -----

    /// @dev Reverts unless the caller is a member of `leaseId`'s group and `dataRoot` is the
    /// lease's proposed data; returns whether the caller holds the lease, and the proposal.
    function _checkData(
        uint256 leaseId,
        bytes32 dataRoot
    ) private view returns (bool holding, Proposal memory proposal) {
        bool member;
        (member, holding) = registry.membershipOf(leaseId, msg.sender);
        if (!member) revert NotMember(leaseId, msg.sender);
        proposal = _proposals[leaseId];
        if (dataRoot != proposal.root) revert DataMismatch(leaseId, dataRoot, proposal.root);
    }

    /// @dev Whether the data a holder accepted last is the proposal (root, size and length).
    function _same(HeldData memory held, Proposal memory proposal) private pure returns (bool) {
        return held.root == proposal.root && held.sizeMB == proposal.sizeMB && held.dataLength == proposal.dataLength;
    }

    /// @dev The challenge of `landlord` in `epoch` (the running one) from `seed`: a segment among
    /// those holding the tenant's bytes (below the committed data length; audit M6: the zero
    /// padding beyond it is public, so proving it would prove nothing).
    function _challenge(address landlord, uint256 epoch, bytes32 seed) private view returns (Challenge memory c) {
        uint256 draw = uint256(keccak256(abi.encode(seed, landlord)));
        uint256 leaseId = registry.challengeLease(landlord, epoch, draw);
        if (leaseId == 0) return c;
        HeldData memory held = _held[leaseId][landlord];
        bool current = epoch >= held.fromEpoch;
        c.due = true;
        c.leaseId = leaseId;
        c.dataRoot = current ? held.root : held.previousRoot;
        c.sizeMB = current ? held.sizeMB : held.previousSizeMB;
        uint256 length = current ? held.dataLength : held.previousDataLength;
        uint256 segments = (length + SegmentMerkle.SEGMENT_SIZE - 1) / SegmentMerkle.SEGMENT_SIZE;
        // Slither weak-prng: drawn from the committed seed, as the lease is.
        // slither-disable-next-line weak-prng
        c.segmentIndex = uint256(keccak256(abi.encode(draw))) % segments;
    }
}
