// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRandomness} from "../interfaces/IRandomness.sol";

/// @title BlockRandomness
/// @notice The suite's randomness beacon on chains with a random `prevrandao` (DESIGN §2): a value
/// is the hash of a block mined after the request, mixed with the request id. A block hash commits
/// to its block's `prevrandao`, and it is readable for 256 blocks; a request whose block was not
/// read in time is re-seeded from a block after the re-seeding one, never skipped.
/// @dev Commit now, read a later block, re-seed if missed. The seed block is `delay` blocks after
/// the request (at least 1), so no transaction can see the value it requests. The proposer of the
/// seed block could withhold it, which re-seeds the request and costs the proposer its block
/// reward; that is the limit of block randomness, and why a VRF adapter may replace this contract.
contract BlockRandomness is IRandomness {
    uint256 private constant _BLOCKHASH_WINDOW = 256;

    /// @notice Blocks between a request (or re-seed) and the block whose randomness it takes.
    uint256 public immutable delay;

    uint256 private _requestCount;
    mapping(uint256 requestId => Request stored) private _requests;

    error InvalidDelay(uint256 delay);

    /// @param delay_ Blocks from a request to its seed block, in [1, 255].
    constructor(uint256 delay_) {
        if (delay_ == 0 || delay_ >= _BLOCKHASH_WINDOW) revert InvalidDelay(delay_);
        delay = delay_;
    }

    /// @inheritdoc IRandomness
    function request() external returns (uint256 requestId) {
        requestId = ++_requestCount;
        uint64 seedBlock = uint64(block.number + delay);
        _requests[requestId] = Request({requester: msg.sender, seedBlock: seedBlock, value: bytes32(0)});
        emit RandomnessRequested(requestId, msg.sender, seedBlock);
    }

    /// @inheritdoc IRandomness
    function record(uint256 requestId) external returns (bytes32 value) {
        Request storage stored = _requests[requestId];
        uint256 seedBlock = stored.seedBlock;
        if (seedBlock == 0) revert UnknownRequest(requestId);
        value = stored.value;
        if (value != bytes32(0)) return value;
        if (block.number <= seedBlock) revert RandomnessPending(requestId, seedBlock + 1);
        value = _valueAt(requestId, seedBlock);
        if (value != bytes32(0)) {
            stored.value = value;
            emit RandomnessRecorded(requestId, value);
        } else {
            uint64 next = uint64(block.number + delay);
            stored.seedBlock = next;
            emit RandomnessReseeded(requestId, seedBlock, next);
        }
    }

    /// @inheritdoc IRandomness
    function randomnessOf(uint256 requestId) public view returns (bytes32) {
        Request memory stored = _requests[requestId];
        if (stored.value != bytes32(0) || stored.seedBlock == 0) return stored.value;
        return _valueAt(requestId, stored.seedBlock);
    }

    /// @inheritdoc IRandomness
    function requestOf(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @dev The randomness of `seedBlock` for `requestId`, or zero outside the readable window.
    function _valueAt(uint256 requestId, uint256 seedBlock) private view returns (bytes32) {
        if (block.number <= seedBlock || block.number - seedBlock > _BLOCKHASH_WINDOW) return bytes32(0);
        bytes32 hash = blockhash(seedBlock);
        if (hash == bytes32(0)) return bytes32(0);
        // A per-request value, so two requests on one block still draw independently.
        return keccak256(abi.encode(hash, requestId));
    }
}
