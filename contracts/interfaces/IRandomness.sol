// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IRandomness
/// @notice A randomness beacon for draws whose inputs are frozen before the randomness exists
/// (DESIGN §2): a consumer requests a value, freezes the inputs of its draw, and reads the value
/// once a later block made it. Copy groups, proof challenges and committee draws use it.
/// @dev `BlockRandomness` implements it with the hash of a future block (which commits to that
/// block's `prevrandao`); on chains whose `prevrandao` is not random a VRF adapter implements the
/// same interface and the suite is deployed with it instead.
interface IRandomness {
    /// @notice A request: the block whose randomness it waits for, and the value once recorded.
    struct Request {
        address requester;
        uint64 seedBlock;
        bytes32 value;
    }

    /// @notice Emitted when `requester` asks for the randomness of block `seedBlock`.
    event RandomnessRequested(uint256 indexed requestId, address indexed requester, uint256 seedBlock);

    /// @notice Emitted when the seed block of `requestId` left the readable window before anyone
    /// recorded it: the request now waits for `seedBlock`, a block after the re-seeding one.
    event RandomnessReseeded(uint256 indexed requestId, uint256 missedBlock, uint256 seedBlock);

    /// @notice Emitted when the value of `requestId` is recorded; it never changes afterwards.
    event RandomnessRecorded(uint256 indexed requestId, bytes32 value);

    error UnknownRequest(uint256 requestId);
    /// @notice The request's block is not mined yet (`availableAt` is the first block that can read it).
    error RandomnessPending(uint256 requestId, uint256 availableAt);

    /// @notice Requests a value from a block mined after this one. The value cannot be known to
    /// anyone, the caller included, inside the requesting transaction.
    /// @return requestId The request, numbered from 1.
    function request() external returns (uint256 requestId);

    /// @notice Records the value of `requestId` if its seed block is readable, or re-seeds it from a
    /// later block if that block was missed. Anyone may call it; the value is never skipped in
    /// anyone's favour, only waited for again.
    /// @return value The recorded value, or zero when the request was re-seeded.
    function record(uint256 requestId) external returns (bytes32 value);

    /// @notice The value of `requestId`: the recorded one, or the seed block's randomness while it
    /// is readable; zero while pending or once missed (then `record` re-seeds it).
    function randomnessOf(uint256 requestId) external view returns (bytes32);

    /// @notice The request as stored.
    function requestOf(uint256 requestId) external view returns (Request memory);
}
