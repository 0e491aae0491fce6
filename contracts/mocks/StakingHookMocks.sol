// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHonorPool} from "../interfaces/IHonorPool.sol";
import {ICommitteeDuties, ICommitteeLock, IServiceRecord} from "../interfaces/IStakingHooks.sol";

/// @title MockCommittee
/// @notice Test only: a Committee as the HonorPool and Reputation see it (locks, duties done) that
/// slashes on command. The real Committee is another contract of issue 15.
contract MockCommittee is ICommitteeLock, ICommitteeDuties {
    struct Lock {
        bool locked;
        uint256 until;
    }

    mapping(address node => Lock lock) private _locks;
    mapping(address node => uint256 duties) private _duties;

    /// @notice Sets `node`'s lock.
    function setLock(address node, bool locked, uint256 until) external {
        _locks[node] = Lock(locked, until);
    }

    /// @notice Sets `node`'s duties done.
    function setDuties(address node, uint256 duties) external {
        _duties[node] = duties;
    }

    /// @notice Slashes `node` in `pool` as the bound Committee.
    function slash(IHonorPool pool, address node, uint256 bps, bytes32 reason) external returns (uint256) {
        return pool.slash(node, bps, reason);
    }

    /// @inheritdoc ICommitteeLock
    function lockOf(address node) external view returns (bool locked, uint256 until) {
        Lock memory lock = _locks[node];
        return (lock.locked, lock.until);
    }

    /// @inheritdoc ICommitteeDuties
    function dutiesDoneOf(address node) external view returns (uint256) {
        return _duties[node];
    }
}

/// @title MockServiceRecord
/// @notice Test only: a storage service record (proofs passed, poor reports) set by hand.
contract MockServiceRecord is IServiceRecord {
    struct Service {
        uint256 proofsPassed;
        uint256 poorReports;
    }

    mapping(address landlord => Service service) private _services;

    /// @notice Sets `landlord`'s record.
    function setService(address landlord, uint256 proofsPassed, uint256 poorReports) external {
        _services[landlord] = Service(proofsPassed, poorReports);
    }

    /// @inheritdoc IServiceRecord
    function serviceOf(address landlord) external view returns (uint256 proofsPassed, uint256 poorReports) {
        Service memory s = _services[landlord];
        return (s.proofsPassed, s.poorReports);
    }
}

/// @title MockReputationSources
/// @notice Test only: every module Reputation reads, with values set by hand (the reads' shapes:
/// HonorPool.stakeAt, KeeperRewards.jobsOf, LandlordRegistry.heldMBAt, StorageMarket.currentEpoch,
/// IServiceRecord.serviceOf, ICommitteeDuties.dutiesDoneOf).
contract MockReputationSources is IServiceRecord, ICommitteeDuties {
    uint256 public stake;
    uint256 public jobs;
    uint256 public proofs;
    uint256 public reports;
    uint256 public held;
    uint256 public duties;
    uint256 public epoch;
    uint256 public heldEpoch;

    /// @notice Sets every value (the MB as held when the current epoch opened).
    function set(
        uint256 stake_,
        uint256 jobs_,
        uint256 proofs_,
        uint256 reports_,
        uint256 held_,
        uint256 duties_
    ) external {
        (stake, jobs, proofs, reports, held, duties) = (stake_, jobs_, proofs_, reports_, held_, duties_);
        heldEpoch = epoch;
    }

    /// @notice Sets the current epoch.
    function setEpoch(uint256 epoch_) external {
        epoch = epoch_;
    }

    function stakeAt(address, uint256) external view returns (uint256) {
        return stake;
    }

    function jobsOf(address) external view returns (uint256) {
        return jobs;
    }

    /// @notice MB held when `epoch_` opened: `held` at the epoch it was set in, zero at others.
    function heldMBAt(address, uint256 epoch_) external view returns (uint256) {
        return epoch_ == heldEpoch ? held : 0;
    }

    function currentEpoch() external view returns (uint256) {
        return epoch;
    }

    /// @inheritdoc IServiceRecord
    function serviceOf(address) external view returns (uint256, uint256) {
        return (proofs, reports);
    }

    /// @inheritdoc ICommitteeDuties
    function dutiesDoneOf(address) external view returns (uint256) {
        return duties;
    }
}

/// @title DecidingBlockProbe
/// @notice Test only: stakes in the HonorPool and, in the same transaction, reads its own stake and
/// reputation at the last second before the block, as a decision opened in that block would.
contract DecidingBlockProbe {
    /// @notice What the reads saw: the stake and RPT counted at `block.timestamp - 1`.
    event Seen(uint256 stake, uint256 rpt);

    /// @notice Approves and deposits `amount` (held by the probe), then reads stake and RPT.
    function depositAndRead(IHonorPool pool, address reputation, uint256 amount) external {
        IERC20Like(_token(pool)).approve(address(pool), amount);
        pool.deposit(amount);
        uint256 stake = pool.stakeAt(address(this), block.timestamp - 1);
        uint256 rpt =
            reputation == address(0) ? 0 : IReputationLike(reputation).reputationAt(address(this), block.timestamp - 1);
        emit Seen(stake, rpt);
    }

    function _token(IHonorPool pool) private view returns (address) {
        return IPoolToken(address(pool)).token();
    }
}

interface IERC20Like {
    function approve(address spender, uint256 amount) external returns (bool);
}

interface IPoolToken {
    function token() external view returns (address);
}

interface IReputationLike {
    function reputationAt(address node, uint256 timepoint) external view returns (uint16);
}
