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

/// @title ICommitteeDutyBook
/// @notice What a duty source (StorageProofs, the IndexOracle) asks and tells the Committee: whose
/// turn a duty is, and whether it was done.
interface ICommitteeDutyBook {
    /// @notice The member a duty keyed `key` is assigned to, in the term running at `timepoint`
    /// (`member` zero: that term has no committee).
    function dutyOf(uint256 key, uint256 timepoint) external view returns (uint256 term, uint256 seat, address member);

    /// @notice Records a duty of the member at `seat` of `term`, done or missed. Duty sources only.
    function recordDuty(uint256 term, uint256 seat, bool done) external;
}
