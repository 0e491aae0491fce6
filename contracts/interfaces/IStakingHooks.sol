// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICommitteeLock
/// @notice What the HonorPool asks the Committee before a node's stake may leave (DESIGN §7): a
/// candidate is locked from the close of candidacy until its term's draw is final, a member until
/// its term ends and for one more term after.
interface ICommitteeLock {
    /// @notice Whether `node`'s stake may not be requested out now, and until when at least.
    function lockOf(address node) external view returns (bool locked, uint256 until);
}

/// @title ICommitteeDuties
/// @notice A node's committee record, read by reputation (the BM factor).
interface ICommitteeDuties {
    /// @notice Committee duties `node` did, over every term it sat.
    function dutiesDoneOf(address node) external view returns (uint256);
}

/// @title IServiceRecord
/// @notice A landlord's service record, read by reputation (the PR factor): storage proofs it
/// passed and poor-service reports tenants made against it.
interface IServiceRecord {
    function serviceOf(address landlord) external view returns (uint256 proofsPassed, uint256 poorReports);
}
