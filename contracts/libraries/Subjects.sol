// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Subjects
/// @notice What an insured subject is (DESIGN §8): a bytes32 whose top 8 bytes are its observation
/// time (seconds, big-endian) and whose low 24 bytes are its key in ASCII, right-padded with zeros
/// (`UA1545:20130101` for a flight and its date, `EWR:20130101` for a weather station and its day).
/// @dev The observation time is part of the subject's identity, so no one can open a subject's
/// round with another observation time than the policies on it were sold for, and a feeder reads
/// the key back without any registry.
library Subjects {
    /// @notice A subject whose key is empty or whose observation time is zero.
    error InvalidSubject(bytes32 subject);

    /// @notice The subject of `subjectKey` observed at `observationTime`.
    function encode(uint64 observationTime, bytes24 subjectKey) internal pure returns (bytes32) {
        return bytes32((uint256(observationTime) << 192) | uint256(uint192(subjectKey)));
    }

    /// @notice The time at which `subject`'s value becomes observable.
    function observesAt(bytes32 subject) internal pure returns (uint64) {
        return uint64(uint256(subject) >> 192);
    }

    /// @notice `subject`'s ASCII key, right-padded with zeros.
    function key(bytes32 subject) internal pure returns (bytes24) {
        return bytes24(uint192(uint256(subject)));
    }

    /// @notice Reverts `InvalidSubject` unless `subject` has a key and an observation time.
    function check(bytes32 subject) internal pure {
        if (observesAt(subject) == 0 || key(subject) == bytes24(0)) revert InvalidSubject(subject);
    }
}
