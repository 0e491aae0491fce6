// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingMath} from "../libraries/VestingMath.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IVestingVault
/// @notice Tranche vesting of the base token: genesis allocations (team, ecosystem) and later
/// grants decided by governance.
interface IVestingVault is IUpkeep {
    /// @notice Everything known about a schedule.
    struct ScheduleInfo {
        address beneficiary;
        VestingMath.Schedule terms;
        uint256 released;
        bool revocable;
        bool revoked;
    }

    /// @notice Emitted when a schedule is created; carries its full terms.
    event ScheduleCreated(
        uint256 indexed scheduleId,
        address indexed beneficiary,
        uint256 total,
        uint64 start,
        uint64 cliff,
        uint64 trancheInterval,
        uint32 trancheCount,
        uint16 unlockedAtStartBps,
        bool revocable
    );

    /// @notice Emitted when unlocked tokens are paid to a schedule's beneficiary.
    event Released(
        uint256 indexed scheduleId,
        address indexed beneficiary,
        address indexed caller,
        uint256 amount,
        uint256 totalReleased
    );

    /// @notice Emitted when a revocable schedule is revoked. `newTotal` is what the beneficiary
    /// keeps (vested at revocation); `returned` goes back to the vault's unallocated balance.
    event ScheduleRevoked(uint256 indexed scheduleId, address indexed beneficiary, uint256 newTotal, uint256 returned);

    error UnknownSchedule(uint256 scheduleId, uint256 scheduleCount);
    error InvalidBeneficiary(address beneficiary);
    error InvalidScheduleTotal(uint256 total);
    error InvalidTrancheInterval(uint64 trancheInterval);
    error InvalidTrancheCount(uint32 trancheCount);
    error InvalidUnlockedAtStartBps(uint16 unlockedAtStartBps);
    error CliffAfterLastTranche(uint64 cliff, uint256 lastTrancheOffset);
    error InsufficientUnallocated(uint256 requested, uint256 available);
    error NotRevocable(uint256 scheduleId);
    error AlreadyRevoked(uint256 scheduleId);

    /// @notice Creates a schedule funded from the vault's unallocated balance.
    function createSchedule(
        address beneficiary,
        VestingMath.Schedule calldata terms,
        bool revocable
    ) external returns (uint256 scheduleId);

    /// @notice Pays everything unlocked and unreleased of `scheduleId` to its beneficiary.
    function release(uint256 scheduleId) external returns (uint256 amount);

    /// @notice Revokes a revocable schedule: the beneficiary keeps what vested so far.
    function revoke(uint256 scheduleId) external returns (uint256 returned);

    /// @notice The number of schedules ever created; ids run from 0 to scheduleCount() - 1.
    function scheduleCount() external view returns (uint256);

    /// @notice A schedule's beneficiary, terms, released amount and revocation state.
    function getSchedule(uint256 scheduleId) external view returns (ScheduleInfo memory);

    /// @notice The ids of `beneficiary`'s schedules.
    function schedulesOf(address beneficiary) external view returns (uint256[] memory);

    /// @notice The amount `release(scheduleId)` would pay now.
    function releasable(uint256 scheduleId) external view returns (uint256);

    /// @notice The amount of `scheduleId` unlocked at `timestamp`, released or not.
    function vestedAmount(uint256 scheduleId, uint256 timestamp) external view returns (uint256);

    /// @notice When more of `scheduleId` unlocks next, or 0 if nothing more ever will.
    function nextUnlockAt(uint256 scheduleId) external view returns (uint256);

    /// @notice Scans at most `maxScan` ids from `fromId` on and returns those with a releasable
    /// amount now; `nextFromId` is where to continue (scheduleCount() once the scan is complete).
    function releasableSchedules(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (uint256[] memory ids, uint256 nextFromId);

    /// @notice Tokens owed to beneficiaries and not yet paid (sum of total - released).
    function totalObligations() external view returns (uint256);

    /// @notice Tokens held beyond every obligation, available for new schedules.
    function unallocated() external view returns (uint256);
}
