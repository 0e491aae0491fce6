// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";

/// @title IReputation
/// @notice An honor node's reputation (DESIGN §7), RPT in basis points:
/// RPT = (50·AB + 15·TX + 10·PR + 15·DC + 10·BM) / 100, each factor min(value / cap, 1) in basis
/// points (rounded down, then the weighted sum rounded down). A lens: it holds nothing and reads the
/// real modules (HonorPool stake, KeeperRewards jobs, the storage service record, LandlordRegistry
/// MB held, Committee duties).
interface IReputation is IGoverned {
    /// @notice The cap of each factor: a value at or above its cap scores the whole factor. None is
    /// zero. `poorReportPenalty`: passed proofs one poor-service report cancels (PR).
    struct Parameters {
        uint96 stakeCap;
        uint64 jobsCap;
        uint64 serviceCap;
        uint64 heldMBCap;
        uint64 dutiesCap;
        uint32 poorReportPenalty;
    }

    /// @notice Each raw value, each scaled factor (bps) and the RPT (bps) of a node at a timepoint,
    /// so a dashboard shows why. `goodService` = proofsPassed − min(proofsPassed,
    /// poorReportPenalty·poorReports) is the PR value.
    struct Factors {
        uint256 stake;
        uint256 jobs;
        uint256 proofsPassed;
        uint256 poorReports;
        uint256 goodService;
        uint256 heldMB;
        uint256 duties;
        uint16 abBps;
        uint16 txBps;
        uint16 prBps;
        uint16 dcBps;
        uint16 bmBps;
        uint16 rpt;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice BM is read from `committee`'s duties from now on (bound by `by`: deployer once, or Timelock).
    event CommitteeBound(address indexed committee, address indexed by);
    /// @notice PR is read from `serviceRecord` from now on (zero: PR is 0).
    event ServiceRecordSet(address indexed serviceRecord);

    error InvalidParameter(string name, uint256 value);
    /// @notice `binder` (the deployer) gave up binding the Committee: only the Timelock binds it now.
    event BinderRenounced(address indexed binder);

    error NotBinder(address caller);
    error InvalidCommittee(address committee);

    /// @notice Every raw value, factor and the RPT of `node` at `timepoint` (strictly past: the stake
    /// is read there; the other modules keep no history, so their values are read now).
    function factorsOf(address node, uint256 timepoint) external view returns (Factors memory);

    /// @notice The RPT of `node` at `timepoint` in basis points (0 to 10,000).
    function reputationAt(address node, uint256 timepoint) external view returns (uint16);

    /// @notice The deployer gives up its one binding (genesis does, when it deploys no Committee
    /// with the pool), so that it holds nothing after deployment; only the Timelock binds then.
    function renounceBinder() external;

    /// @notice Binds the Committee whose duties count (BM): once by the deployer, or any time by
    /// the Timelock. Until bound, BM is 0.
    function bindCommittee(address committee) external;

    /// @notice Sets the service record PR reads (zero: PR is 0). Timelock only.
    function setServiceRecord(address serviceRecord) external;

    /// @notice Changes the caps. Timelock only; a cap of zero is refused.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The caps.
    function parameters() external view returns (Parameters memory);

    /// @notice The bound Committee (zero until bound).
    function committee() external view returns (address);

    /// @notice The service record (zero until set).
    function serviceRecord() external view returns (address);
}
