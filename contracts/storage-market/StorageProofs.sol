// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";
import {IStorageProofs} from "../interfaces/IStorageProofs.sol";
import {SegmentMerkle} from "../libraries/SegmentMerkle.sol";

/// @title StorageProofs
/// @notice Storage-proof epochs of the storage market (DESIGN §6).
/// @dev A landlord's challenge in an epoch is drawn from the epoch's seed among the leases it
/// holds: the lease at keccak(seed, landlord) mod its lease count, and a segment of it. A lease
/// that came to the landlord (assigned or moved) during the epoch or later is not challenged
/// before the next epoch (the landlord may not have the data yet): a draw that lands on one asks
/// nothing that epoch.
/// Opening an epoch writes only the epoch's seed block; proofs write one bit per landlord.
contract StorageProofs is Upkeep, IStorageProofs {
    using BitMaps for BitMaps.BitMap;

    bytes32 public constant OPEN_KIND = "StorageProofs.openEpoch";
    bytes32 public constant RESEED_KIND = "StorageProofs.reseed";
    bytes32 public constant SETTLE_KIND = "StorageProofs.settleEpoch";
    /// @notice Segments in one MB of lease data (a lease's data fills its size).
    uint256 public constant SEGMENTS_PER_MB = (1 << 20) / SegmentMerkle.SEGMENT_SIZE;
    uint256 private constant _BLOCKHASH_WINDOW = 256;

    IStorageMarket public immutable market;
    ILandlordRegistry public immutable registry;
    /// @notice Seconds from an epoch's start during which its challenges may be proved.
    uint256 public immutable proofWindow;
    /// @dev The market's clock, copied: proofs check deadlines without calling the market.
    uint256 private immutable _origin;
    uint256 private immutable _epochLength;

    mapping(uint256 epoch => EpochSeed seed) private _seeds;
    mapping(address landlord => BitMaps.BitMap epochs) private _proved;

    constructor(
        IStorageMarket market_,
        ILandlordRegistry registry_,
        IKeeperRewards keeperRewards_,
        uint256 proofWindow_
    ) Upkeep(keeperRewards_) {
        uint256 epochLength = market_.epochLength();
        if (proofWindow_ == 0 || proofWindow_ > epochLength) revert InvalidProofWindow(proofWindow_, epochLength);
        market = market_;
        registry = registry_;
        proofWindow = proofWindow_;
        _origin = market_.epochStart(0);
        _epochLength = epochLength;
    }

    /// @inheritdoc IStorageProofs
    function openEpoch() external returns (uint256 epoch) {
        epoch = market.currentEpoch();
        uint256 deadline = proofDeadline(epoch);
        if (_seeds[epoch].seedBlock != 0 || block.timestamp >= deadline) {
            revert NotDue(epoch + 1, market.epochStart(epoch + 1));
        }
        _seeds[epoch].seedBlock = uint64(block.number + 1);
        emit EpochOpened(epoch, block.number + 1, deadline, msg.sender);
        market.accrue();
        _payBounty(OPEN_KIND, 1);
    }

    /// @inheritdoc IStorageProofs
    function reseed(uint256 epoch) external {
        EpochSeed storage stored = _seeds[epoch];
        uint256 seedBlock = stored.seedBlock;
        if (seedBlock == 0) revert EpochNotOpen(epoch);
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp >= deadline) revert ProofWindowClosed(epoch, deadline);
        if (stored.seed != bytes32(0) || block.number <= seedBlock)
            revert NotDue(epoch, stored.seed != 0 ? 0 : seedBlock + 1);
        bytes32 hash = blockhash(seedBlock);
        if (hash != bytes32(0)) {
            stored.seed = hash;
            emit SeedRecorded(epoch, hash);
        } else {
            stored.seedBlock = uint64(block.number + 1);
            emit EpochReseeded(epoch, seedBlock, block.number + 1);
        }
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
        // A recorded seed (the keepers record it) means the epoch is open: one slot read.
        bytes32 seed = stored.seed;
        bool recorded = seed != bytes32(0);
        if (!recorded) {
            if (stored.seedBlock == 0) revert EpochNotOpen(epoch);
            seed = seedOf(epoch);
            if (seed == bytes32(0)) revert SeedUnavailable(epoch, stored.seedBlock);
        }
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp >= deadline) revert ProofWindowClosed(epoch, deadline);
        if (_proved[msg.sender].get(epoch)) revert AlreadyProved(epoch, msg.sender);

        (bytes32 root, uint256 segments) = _expectChallenge(epoch, seed, leaseId, segmentIndex);
        if (!SegmentMerkle.verify(root, segments, segmentIndex, segment, proof)) {
            revert InvalidProof(epoch, leaseId, segmentIndex);
        }

        if (!recorded) {
            stored.seed = seed;
            emit SeedRecorded(epoch, seed);
        }
        _proved[msg.sender].set(epoch);
        emit ProofAccepted(epoch, msg.sender, leaseId, segmentIndex);
    }

    /// @inheritdoc IStorageProofs
    function settleEpoch(uint256 epoch, address[] calldata landlords) external returns (uint256 settled) {
        uint256 deadline = proofDeadline(epoch);
        if (block.timestamp < deadline) revert NotDue(epoch, deadline);
        market.accrue();
        bytes32 seed = seedOf(epoch);
        bool[] memory passed = new bool[](landlords.length);
        for (uint256 i = 0; i < landlords.length; ++i) {
            address landlord = landlords[i];
            if (seed == bytes32(0) || _proved[landlord].get(epoch)) {
                passed[i] = true;
            } else {
                (bool due, , ) = _drawLease(landlord, epoch, seed);
                passed[i] = !due;
            }
        }
        uint256 failed;
        (settled, failed) = registry.settle(epoch, landlords, passed);
        if (settled == 0) revert NotDue(epoch, 0);
        emit EpochSettled(epoch, msg.sender, settled, failed);
        _payBounty(SETTLE_KIND, 1);
    }

    /// @inheritdoc IStorageProofs
    function challengeOf(address landlord, uint256 epoch) external view returns (Challenge memory) {
        bytes32 seed = seedOf(epoch);
        if (seed == bytes32(0)) revert SeedUnavailable(epoch, _seeds[epoch].seedBlock);
        (bool due, uint256 leaseId, uint256 draw) = _drawLease(landlord, epoch, seed);
        if (!due) return Challenge({due: false, leaseId: 0, segmentIndex: 0});
        uint256 segments = uint256(market.leaseOf(leaseId).sizeMB) * SEGMENTS_PER_MB;
        return Challenge({due: true, leaseId: leaseId, segmentIndex: _segmentOf(draw, segments)});
    }

    /// @inheritdoc IStorageProofs
    function seedOf(uint256 epoch) public view returns (bytes32) {
        EpochSeed memory stored = _seeds[epoch];
        if (stored.seed != bytes32(0)) return stored.seed;
        uint256 seedBlock = stored.seedBlock;
        if (seedBlock == 0 || block.number <= seedBlock || block.number - seedBlock > _BLOCKHASH_WINDOW) {
            return bytes32(0);
        }
        return blockhash(seedBlock);
    }

    /// @inheritdoc IStorageProofs
    function epochSeedOf(uint256 epoch) external view returns (EpochSeed memory) {
        return _seeds[epoch];
    }

    /// @inheritdoc IStorageProofs
    function proofDeadline(uint256 epoch) public view returns (uint256) {
        return _origin + epoch * _epochLength + proofWindow;
    }

    /// @inheritdoc IStorageProofs
    function hasProved(address landlord, uint256 epoch) external view returns (bool) {
        return _proved[landlord].get(epoch);
    }

    /// @dev Reverts unless (`leaseId`, `segmentIndex`) is the caller's challenge in `epoch`;
    /// returns what the proof is checked against.
    function _expectChallenge(
        uint256 epoch,
        bytes32 seed,
        uint256 leaseId,
        uint256 segmentIndex
    ) private view returns (bytes32 root, uint256 segments) {
        (bool due, uint256 expectedLease, uint256 draw) = _drawLease(msg.sender, epoch, seed);
        if (!due) revert NoChallenge(epoch, msg.sender);
        uint256 sizeMB;
        (sizeMB, root) = market.proofTarget(expectedLease);
        segments = sizeMB * SEGMENTS_PER_MB;
        uint256 expectedSegment = _segmentOf(draw, segments);
        if (leaseId != expectedLease || segmentIndex != expectedSegment) {
            revert WrongChallenge(leaseId, segmentIndex, expectedLease, expectedSegment);
        }
    }

    /// @dev The lease `landlord` must prove in `epoch`, and the draw its segment comes from.
    function _drawLease(
        address landlord,
        uint256 epoch,
        bytes32 seed
    ) private view returns (bool due, uint256 leaseId, uint256 draw) {
        draw = uint256(keccak256(abi.encode(seed, landlord)));
        uint256 assignedEpoch;
        (leaseId, assignedEpoch) = registry.challengeLease(landlord, draw);
        due = leaseId != 0 && assignedEpoch < epoch;
    }

    function _segmentOf(uint256 draw, uint256 segments) private pure returns (uint256) {
        // Slither weak-prng: drawn from the committed seed, as the lease is.
        // slither-disable-next-line weak-prng
        return uint256(keccak256(abi.encode(draw))) % segments;
    }
}
