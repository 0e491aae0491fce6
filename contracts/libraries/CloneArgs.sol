// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title CloneArgs
/// @notice Reads the immutable arguments of an OpenZeppelin clone (`Clones.cloneWithImmutableArgs`)
/// from inside the clone: they follow the 45-byte proxy in the clone's own code. Reading code costs
/// less than a cold storage slot, and writing it at deployment less than a slot per value.
library CloneArgs {
    uint256 private constant _PROXY_LENGTH = 0x2d;

    /// @dev The 32 bytes of arguments starting at `offset` (zero-padded past the end).
    function word(uint256 offset) internal view returns (bytes32 value) {
        assembly ("memory-safe") {
            let scratch := mload(0x40)
            mstore(scratch, 0)
            extcodecopy(address(), scratch, add(_PROXY_LENGTH, offset), 32)
            value := mload(scratch)
        }
    }

    /// @dev The `length` bytes of arguments starting at `offset`.
    function slice(uint256 offset, uint256 length) internal view returns (bytes memory result) {
        result = new bytes(length);
        assembly ("memory-safe") {
            extcodecopy(address(), add(result, 0x20), add(_PROXY_LENGTH, offset), length)
        }
    }
}
