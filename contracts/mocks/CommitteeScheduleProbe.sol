// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRewardsReserve, IRewardsSchedule} from "../interfaces/IRewardsReserve.sol";

/// @notice Test stand-in for the Committee (not built yet): a 7-day term clock starting at deployment,
/// so the RewardsReserve's committee stream can be tested. Never deployed by the suite.
contract CommitteeScheduleProbe is IRewardsSchedule {
    IRewardsReserve public immutable reserve;
    uint64 private immutable _start;

    constructor(IRewardsReserve reserve_) {
        reserve = reserve_;
        _start = uint64(block.timestamp);
    }

    /// @notice Term n is payable from `start + n * 7 days`.
    function rewardSchedule() external view returns (uint64 firstDue, uint64 period) {
        return (_start, 7 days);
    }

    /// @notice Asks the reserve for the first `terms` terms' rewards.
    function release(uint256 terms) external returns (uint256) {
        return reserve.releaseCommittee(terms);
    }
}
