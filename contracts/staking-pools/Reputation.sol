// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHonorPool} from "../interfaces/IHonorPool.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {ILandlordRegistry} from "../interfaces/ILandlordRegistry.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {ICommitteeDuties, IServiceRecord} from "../interfaces/IStakingHooks.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";
import {Governed} from "../governance/Governed.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title Reputation
/// @notice An honor node's reputation (RPT, DESIGN §7): a lens over the modules where the node
/// works. It holds no tokens and no per-node state.
/// @dev Decisions:
/// - Factors, each min(value / cap, 1) in bps rounded down: AB the node's HonorPool stake at the
///   timepoint (`stakeAt`, strictly past, so nothing staked in the deciding block counts); TX its
///   KeeperRewards `jobsOf` (units of upkeep done); PR its good service; DC the MB of lease data it
///   holds in the LandlordRegistry when the current storage epoch opened; BM the Committee's
///   `dutiesDoneOf`. RPT = (50·AB + 15·TX + 10·PR + 15·DC + 10·BM) / 100, rounded down: exactly
///   10,000 with every factor at its cap, never above, monotone in each value.
/// - Good service (PR): the storage proofs a node passed less `poorReportPenalty` (10) for each
///   poor-service report against it, never below zero: a report outweighs a day of proofs, and a
///   node with more reports than its proofs can carry scores no PR at all.
/// - Only the stake has history in its module; jobs, service, MB and duties are read as they are
///   at the call. Freezing at candidacy close is the Committee's: it reads the RPT there and keeps it.
/// - The Committee (BM) is bound once by the deployer (or later by the Timelock) and the service
///   record (PR) is set by the Timelock: until then their factors are 0.
contract Reputation is IReputation, Governed {
    uint256 public constant AB_WEIGHT = 50;
    uint256 public constant TX_WEIGHT = 15;
    uint256 public constant PR_WEIGHT = 10;
    uint256 public constant DC_WEIGHT = 15;
    uint256 public constant BM_WEIGHT = 10;
    uint256 private constant _WEIGHTS = 100;

    IHonorPool public immutable honorPool;
    IKeeperRewards public immutable keeperRewards;
    ILandlordRegistry public immutable landlordRegistry;
    IStorageMarket public immutable storageMarket;

    Parameters private _parameters;
    address private _committee;
    address private _serviceRecord;
    address private _binder;

    /// @param honorPool_ Reads the stake (AB).
    /// @param keeperRewards_ Reads the jobs done (TX).
    /// @param landlordRegistry_ Reads the MB held (DC).
    /// @param storageMarket_ Gives the current storage epoch (DC).
    /// @param serviceRecord_ Reads proofs passed and poor reports (PR); zero until the storage module has one.
    /// @param timelock_ The Timelock that executes passed referenda.
    /// @param parameters_ The caps.
    constructor(
        IHonorPool honorPool_,
        IKeeperRewards keeperRewards_,
        ILandlordRegistry landlordRegistry_,
        IStorageMarket storageMarket_,
        address serviceRecord_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) {
        if (address(honorPool_) == address(0)) revert InvalidParameter("honorPool", 0);
        if (address(keeperRewards_) == address(0)) revert InvalidParameter("keeperRewards", 0);
        if (address(landlordRegistry_) == address(0)) revert InvalidParameter("landlordRegistry", 0);
        if (address(storageMarket_) == address(0)) revert InvalidParameter("storageMarket", 0);
        honorPool = honorPool_;
        keeperRewards = keeperRewards_;
        landlordRegistry = landlordRegistry_;
        storageMarket = storageMarket_;
        _binder = msg.sender;
        _serviceRecord = serviceRecord_;
        emit ServiceRecordSet(serviceRecord_);
        _setParameters(parameters_);
    }

    /// @inheritdoc IReputation
    function factorsOf(address node, uint256 timepoint) public view returns (Factors memory f) {
        Parameters memory p = _parameters;
        f.stake = honorPool.stakeAt(node, timepoint);
        f.jobs = keeperRewards.jobsOf(node);
        address record = _serviceRecord;
        if (record != address(0)) {
            (f.proofsPassed, f.poorReports) = IServiceRecord(record).serviceOf(node);
            f.goodService = goodService(f.proofsPassed, f.poorReports, p.poorReportPenalty);
        }
        f.heldMB = landlordRegistry.heldMBAt(node, storageMarket.currentEpoch());
        address committee_ = _committee;
        if (committee_ != address(0)) f.duties = ICommitteeDuties(committee_).dutiesDoneOf(node);
        f.abBps = scaled(f.stake, p.stakeCap);
        f.txBps = scaled(f.jobs, p.jobsCap);
        f.prBps = scaled(f.goodService, p.serviceCap);
        f.dcBps = scaled(f.heldMB, p.heldMBCap);
        f.bmBps = scaled(f.duties, p.dutiesCap);
        f.rpt = combine(f.abBps, f.txBps, f.prBps, f.dcBps, f.bmBps);
    }

    /// @inheritdoc IReputation
    function reputationAt(address node, uint256 timepoint) external view returns (uint16) {
        return factorsOf(node, timepoint).rpt;
    }

    /// @notice min(value / cap, 1) in basis points, rounded down (`cap` is never zero).
    function scaled(uint256 value, uint256 cap) public pure returns (uint16) {
        if (value >= cap) return uint16(BPS);
        return uint16((value * BPS) / cap); // value < cap: below BPS
    }

    /// @notice The weighted sum of five factors in basis points, rounded down.
    function combine(uint16 ab, uint16 txs, uint16 pr, uint16 dc, uint16 bm) public pure returns (uint16) {
        uint256 sum = AB_WEIGHT * ab + TX_WEIGHT * txs + PR_WEIGHT * pr + DC_WEIGHT * dc + BM_WEIGHT * bm;
        return uint16(sum / _WEIGHTS); // each factor at most BPS, the weights sum to 100
    }

    /// @notice Good service: proofs passed less `penalty` per poor report, never below zero.
    function goodService(uint256 proofsPassed, uint256 poorReports, uint256 penalty) public pure returns (uint256) {
        if (penalty == 0) return proofsPassed;
        if (poorReports > proofsPassed / penalty) return 0; // the penalty covers every proof
        return proofsPassed - poorReports * penalty; // poorReports·penalty ≤ proofsPassed
    }

    /// @inheritdoc IReputation
    function renounceBinder() external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        _binder = address(0);
        emit BinderRenounced(msg.sender);
    }

    /// @inheritdoc IReputation
    function bindCommittee(address committee_) external {
        if (msg.sender != timelock) {
            if (msg.sender != _binder) revert NotBinder(msg.sender);
            _binder = address(0);
        }
        if (committee_ == address(0)) revert InvalidCommittee(committee_);
        _committee = committee_;
        emit CommitteeBound(committee_, msg.sender);
    }

    /// @inheritdoc IReputation
    function setServiceRecord(address serviceRecord_) external onlyTimelock {
        _serviceRecord = serviceRecord_;
        emit ServiceRecordSet(serviceRecord_);
    }

    /// @inheritdoc IReputation
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    /// @inheritdoc IReputation
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IReputation
    function committee() external view returns (address) {
        return _committee;
    }

    /// @inheritdoc IReputation
    function serviceRecord() external view returns (address) {
        return _serviceRecord;
    }

    function _setParameters(Parameters memory p) private {
        if (p.stakeCap == 0) revert InvalidParameter("stakeCap", 0);
        if (p.jobsCap == 0) revert InvalidParameter("jobsCap", 0);
        if (p.serviceCap == 0) revert InvalidParameter("serviceCap", 0);
        if (p.heldMBCap == 0) revert InvalidParameter("heldMBCap", 0);
        if (p.dutiesCap == 0) revert InvalidParameter("dutiesCap", 0);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
