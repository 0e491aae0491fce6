// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {IVestingVault} from "../interfaces/IVestingVault.sol";
import {VestingMath} from "../libraries/VestingMath.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title VestingVault
/// @notice Holds base tokens and pays them to beneficiaries on tranche schedules (DESIGN §5).
/// `release` is permissionless upkeep: anyone may call it, the beneficiary is paid and the caller
/// earns the `RELEASE_KIND` bounty from KeeperRewards.
/// @dev Schedules are funded from the vault's unallocated balance (tokens sent to the vault and
/// not owed to any schedule), so the vault's balance always covers `totalObligations`.
/// SCHEDULE_MANAGER_ROLE creates schedules and revokes the revocable ones; at genesis the
/// deployment holds it only while it creates the profile's schedules, then the Timelock alone
/// administers it. A revoked schedule keeps what vested until the revocation for its
/// beneficiary; the rest returns to the unallocated balance, to be granted again by governance.
contract VestingVault is Upkeep, IVestingVault, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The role that creates schedules and revokes revocable ones.
    bytes32 public constant SCHEDULE_MANAGER_ROLE = keccak256("SCHEDULE_MANAGER_ROLE");

    /// @dev Three slots per schedule. Amounts fit 128 bits: the base token's supply is 5e27.
    struct StoredSchedule {
        address beneficiary;
        uint64 start;
        uint32 trancheCount;
        uint64 cliff;
        uint64 trancheInterval;
        uint16 unlockedAtStartBps;
        bool revocable;
        bool revoked;
        uint128 total;
        uint128 released;
    }

    /// @notice The KeeperRewards kind of a due release.
    bytes32 public constant RELEASE_KIND = "VestingVault.release";

    /// @notice The vested token.
    IERC20 public immutable token;

    /// @notice Pays the bounty of each due release to its caller.

    StoredSchedule[] private _schedules;
    mapping(address beneficiary => uint256[] scheduleIds) private _schedulesOf;
    uint256 private _totalObligations;

    /// @param token_ The base token.
    /// @param keeperRewards_ The KeeperRewards contract, where this vault must be registered as
    /// the module of `RELEASE_KIND` before the first release.
    /// @param admin The DEFAULT_ADMIN_ROLE holder (the Timelock after deployment).
    constructor(IERC20 token_, IKeeperRewards keeperRewards_, address admin) Upkeep(keeperRewards_) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IVestingVault
    function createSchedule(
        address beneficiary,
        VestingMath.Schedule calldata terms,
        bool revocable
    ) external onlyRole(SCHEDULE_MANAGER_ROLE) returns (uint256 scheduleId) {
        _validate(beneficiary, terms);
        uint256 available = unallocated();
        if (terms.total > available) revert InsufficientUnallocated(terms.total, available);

        scheduleId = _schedules.length;
        _schedules.push(
            StoredSchedule({
                beneficiary: beneficiary,
                start: terms.start,
                trancheCount: terms.trancheCount,
                cliff: terms.cliff,
                trancheInterval: terms.trancheInterval,
                unlockedAtStartBps: terms.unlockedAtStartBps,
                revocable: revocable,
                revoked: false,
                total: SafeCast.toUint128(terms.total),
                released: 0
            })
        );
        _schedulesOf[beneficiary].push(scheduleId);
        _totalObligations += terms.total;

        emit ScheduleCreated(
            scheduleId,
            beneficiary,
            terms.total,
            terms.start,
            terms.cliff,
            terms.trancheInterval,
            terms.trancheCount,
            terms.unlockedAtStartBps,
            revocable
        );
    }

    /// @inheritdoc IVestingVault
    /// @dev Reverts with `NotDue(nextUnlockAt, block.timestamp)` when nothing is releasable, so a
    /// second keeper racing for the same release gets a cheap revert.
    function release(uint256 scheduleId) external nonReentrant returns (uint256 amount) {
        StoredSchedule storage stored = _scheduleAt(scheduleId);
        amount = _releasable(stored, block.timestamp);
        // Slither incorrect-equality: a computed amount, not a balance.
        // slither-disable-next-line incorrect-equality
        if (amount == 0) revert NotDue(_nextUnlockAt(stored, block.timestamp), block.timestamp);

        uint256 totalReleased = stored.released + amount;
        stored.released = SafeCast.toUint128(totalReleased);
        _totalObligations -= amount;
        address beneficiary = stored.beneficiary;

        emit Released(scheduleId, beneficiary, msg.sender, amount, totalReleased);
        token.safeTransfer(beneficiary, amount);
        // One unit of work: one schedule's beneficiary paid, however many tranches it catches up
        // (a release takes all that is due, so the work cannot be split into more units). Only the
        // SCHEDULE_MANAGER_ROLE (governance) creates schedules: no one makes release work to farm.
        _payBounty(RELEASE_KIND, 1);
    }

    /// @inheritdoc IVestingVault
    function revoke(uint256 scheduleId) external onlyRole(SCHEDULE_MANAGER_ROLE) returns (uint256 returned) {
        StoredSchedule storage stored = _scheduleAt(scheduleId);
        if (!stored.revocable) revert NotRevocable(scheduleId);
        if (stored.revoked) revert AlreadyRevoked(scheduleId);

        uint256 vested = VestingMath.vestedAt(_terms(stored), block.timestamp);
        returned = stored.total - vested;
        stored.total = SafeCast.toUint128(vested);
        stored.revoked = true;
        _totalObligations -= returned;

        emit ScheduleRevoked(scheduleId, stored.beneficiary, vested, returned);
    }

    /// @inheritdoc IVestingVault
    function scheduleCount() external view returns (uint256) {
        return _schedules.length;
    }

    /// @inheritdoc IVestingVault
    function getSchedule(uint256 scheduleId) external view returns (ScheduleInfo memory) {
        StoredSchedule storage stored = _scheduleAt(scheduleId);
        return
            ScheduleInfo({
                beneficiary: stored.beneficiary,
                terms: _terms(stored),
                released: stored.released,
                revocable: stored.revocable,
                revoked: stored.revoked
            });
    }

    /// @inheritdoc IVestingVault
    function schedulesOf(address beneficiary) external view returns (uint256[] memory) {
        return _schedulesOf[beneficiary];
    }

    /// @inheritdoc IVestingVault
    function releasable(uint256 scheduleId) external view returns (uint256) {
        return _releasable(_scheduleAt(scheduleId), block.timestamp);
    }

    /// @inheritdoc IVestingVault
    /// @dev For a revoked schedule this is the amount kept at revocation, whatever `timestamp`.
    function vestedAmount(uint256 scheduleId, uint256 timestamp) external view returns (uint256) {
        return _vested(_scheduleAt(scheduleId), timestamp);
    }

    /// @inheritdoc IVestingVault
    function nextUnlockAt(uint256 scheduleId) external view returns (uint256) {
        return _nextUnlockAt(_scheduleAt(scheduleId), block.timestamp);
    }

    /// @inheritdoc IVestingVault
    function releasableSchedules(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (uint256[] memory ids, uint256 nextFromId) {
        uint256 count = _schedules.length;
        nextFromId = fromId + maxScan < count ? fromId + maxScan : count;
        if (fromId >= nextFromId) return (new uint256[](0), count);
        ids = new uint256[](nextFromId - fromId);
        uint256 found = 0;
        for (uint256 id = fromId; id < nextFromId; ++id) {
            if (_releasable(_schedules[id], block.timestamp) > 0) ids[found++] = id;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(ids, found)
        }
    }

    /// @inheritdoc IVestingVault
    function totalObligations() external view returns (uint256) {
        return _totalObligations;
    }

    /// @inheritdoc IVestingVault
    function unallocated() public view returns (uint256) {
        return token.balanceOf(address(this)) - _totalObligations;
    }

    function _validate(address beneficiary, VestingMath.Schedule calldata terms) private pure {
        if (beneficiary == address(0)) revert InvalidBeneficiary(beneficiary);
        if (terms.total == 0) revert InvalidScheduleTotal(terms.total);
        if (terms.trancheInterval == 0) revert InvalidTrancheInterval(terms.trancheInterval);
        if (terms.trancheCount == 0) revert InvalidTrancheCount(terms.trancheCount);
        if (terms.unlockedAtStartBps > BPS) revert InvalidUnlockedAtStartBps(terms.unlockedAtStartBps);
        uint256 lastTrancheOffset = uint256(terms.trancheInterval) * terms.trancheCount;
        if (terms.cliff > lastTrancheOffset) revert CliffAfterLastTranche(terms.cliff, lastTrancheOffset);
    }

    function _scheduleAt(uint256 scheduleId) private view returns (StoredSchedule storage) {
        if (scheduleId >= _schedules.length) revert UnknownSchedule(scheduleId, _schedules.length);
        return _schedules[scheduleId];
    }

    function _terms(StoredSchedule storage stored) private view returns (VestingMath.Schedule memory) {
        return
            VestingMath.Schedule({
                total: stored.total,
                start: stored.start,
                cliff: stored.cliff,
                trancheInterval: stored.trancheInterval,
                trancheCount: stored.trancheCount,
                unlockedAtStartBps: stored.unlockedAtStartBps
            });
    }

    function _vested(StoredSchedule storage stored, uint256 timestamp) private view returns (uint256) {
        return stored.revoked ? stored.total : VestingMath.vestedAt(_terms(stored), timestamp);
    }

    function _releasable(StoredSchedule storage stored, uint256 timestamp) private view returns (uint256) {
        return _vested(stored, timestamp) - stored.released;
    }

    function _nextUnlockAt(StoredSchedule storage stored, uint256 timestamp) private view returns (uint256) {
        return stored.revoked ? 0 : VestingMath.nextUnlockAt(_terms(stored), timestamp);
    }
}
