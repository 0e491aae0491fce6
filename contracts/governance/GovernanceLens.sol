// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICouncil} from "../interfaces/ICouncil.sol";
import {ICouncilReserve} from "../interfaces/ICouncilReserve.sol";
import {IGovernanceLens} from "../interfaces/IGovernanceLens.sol";
import {IReferendum} from "../interfaces/IReferendum.sol";

/// @title GovernanceLens
/// @notice Paged views of the governance upkeep due now, for keepers (DESIGN §2, §9): one read
/// instead of one per proposal and timing rules copied into every keeper job.
/// @dev A separate contract because the Referendum is close to the 24 KB code size limit. It holds
/// no state and no role; it reads the governance contracts' public views and applies, line for
/// line, the checks their upkeep functions make before doing any work (the references name them).
/// Decisions:
/// - A missed council response is reported in any state, as `recordMissedResponse` accepts it
///   (a proposal may lapse before its response deadline); the keeper job chooses which to record.
/// - `queue` and `execute` also check the actions given and re-classify them (NoLongerPasses);
///   the lens cannot, and returns each proposal's `actionsHash` for the keeper's own check.
/// - Pages scan a caller-chosen number of ids, so a read's gas is bounded whatever the count.
contract GovernanceLens is IGovernanceLens {
    IReferendum public immutable referendum;
    ICouncil public immutable council;
    ICouncilReserve public immutable reserve;

    constructor(IReferendum referendum_, ICouncil council_, ICouncilReserve reserve_) {
        referendum = referendum_;
        council = council_;
        reserve = reserve_;
    }

    /// @inheritdoc IGovernanceLens
    function dueProposals(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (DueProposal[] memory due, uint256 nextFromId) {
        (uint256 first, uint256 last, uint256 next) = _page(fromId, maxScan, referendum.proposalCount());
        nextFromId = next;
        if (last < first) return (new DueProposal[](0), nextFromId);
        uint256 executionPeriod = referendum.parameters().executionPeriod;
        due = new DueProposal[](last - first + 1);
        uint256 found = 0;
        for (uint256 id = first; id <= last; ++id) {
            DueProposal memory entry = _dueOn(id, executionPeriod);
            if (
                entry.lapse ||
                entry.missedResponse ||
                entry.blocVote ||
                entry.close ||
                entry.queue ||
                entry.execute ||
                entry.expire
            ) due[found++] = entry;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(due, found)
        }
    }

    /// @inheritdoc IGovernanceLens
    function dueElection() external view returns (DueElection memory election) {
        // Council.openElection: ElectionStillOpen while the latest is not final (electionDueAt is
        // then type(uint256).max), NotDue before electionDueAt.
        election.openDueAt = council.electionDueAt();
        election.open = block.timestamp >= election.openDueAt;
        // Council.finalizeElection: NoElection, AlreadyFinalized, NotDue up to votingEnd.
        election.electionId = council.latestElectionId();
        if (election.electionId != 0) {
            ICouncil.Election memory latest = council.electionOf(election.electionId);
            election.finalize = !latest.finalized && block.timestamp > latest.votingEnd;
        }
    }

    /// @inheritdoc IGovernanceLens
    function duePayment() external view returns (DuePayment memory payment) {
        // CouncilReserve.payCouncil: NoCouncil when dueAt is type(uint256).max, NotDue before it.
        (payment.termId, payment.installment, payment.dueAt) = reserve.nextInstallment();
        payment.due = payment.dueAt != type(uint256).max && block.timestamp >= payment.dueAt;
    }

    /// @inheritdoc IGovernanceLens
    function dueSweeps(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (uint256[] memory ids, uint256 nextFromId) {
        (uint256 first, uint256 last, uint256 next) = _page(fromId, maxScan, reserve.distributionCount());
        nextFromId = next;
        if (last < first) return (new uint256[](0), nextFromId);
        ids = new uint256[](last - first + 1);
        uint256 found = 0;
        for (uint256 id = first; id <= last; ++id) {
            // CouncilReserve.sweep: UnknownDistribution once swept, NotDue up to claimDeadline.
            ICouncilReserve.Distribution memory distribution = reserve.distributionOf(id);
            if (distribution.snapshotId != 0 && !distribution.swept && block.timestamp > distribution.claimDeadline) {
                ids[found++] = id;
            }
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(ids, found)
        }
    }

    /// @dev The upkeep due on proposal `id` now, by the Referendum's own checks.
    function _dueOn(uint256 id, uint256 executionPeriod) private view returns (DueProposal memory entry) {
        IReferendum.Proposal memory p = referendum.proposalOf(id);
        IReferendum.ProposalState state = p.state;
        entry.proposalId = id;
        entry.state = state;
        entry.actionsHash = p.actionsHash;
        uint256 now_ = block.timestamp;
        // lapse: UnexpectedState outside the support phase, NotDue up to supportDeadline.
        entry.lapse =
            (state == IReferendum.ProposalState.Proposed || state == IReferendum.ProposalState.CouncilResponse) &&
            now_ > p.supportDeadline;
        // recordMissedResponse: UnexpectedState without a deadline, NothingToRecord once recorded or
        // answered by the deadline, NotDue up to the deadline.
        uint256 deadline = p.responseDeadline;
        if (deadline != 0 && !p.responseMissed && now_ > deadline) {
            uint256 respondedAt = council.firstStatementAt(id);
            entry.missedResponse = respondedAt == 0 || respondedAt > deadline;
        }
        uint256 voteEnd = uint256(p.voteStart) + p.voteDuration;
        // castBlocVote: VotingClosed outside voting; NoBlocMajority with no decision and no bloc
        // vote; BlocAlreadyCast when the decision is the side counted (both IChoice.Choice).
        if (p.voteStart != 0 && now_ <= voteEnd) {
            uint8 choice = council.decision(referendum.blocSubject(id));
            entry.blocVote = p.blocVoted ? choice != p.blocSide : choice != 0;
        }
        // closeReferendum: UnexpectedState outside the referendum, NotDue up to its end.
        entry.close = state == IReferendum.ProposalState.Referendum && now_ > voteEnd;
        // queue: UnexpectedState unless passed, Lapsed after closedAt + executionPeriod.
        // expire: UnexpectedState unless passed or queued, NotDue up to the execution deadline.
        if (state == IReferendum.ProposalState.Succeeded) {
            uint256 queueDeadline = uint256(p.closedAt) + executionPeriod;
            entry.queue = now_ <= queueDeadline;
            entry.expire = now_ > queueDeadline;
        }
        // execute: UnexpectedState unless queued, NotDue before eta, Lapsed after eta +
        // executionPeriod.
        if (state == IReferendum.ProposalState.Queued) {
            uint256 executeDeadline = uint256(p.eta) + executionPeriod;
            entry.execute = now_ >= p.eta && now_ <= executeDeadline;
            entry.expire = now_ > executeDeadline;
        }
    }

    /// @dev The ids `first` .. `last` of a page over ids 1 .. `count` and the next page's start
    /// (0 when `last` is the last id).
    function _page(
        uint256 fromId,
        uint256 maxScan,
        uint256 count
    ) private pure returns (uint256 first, uint256 last, uint256 next) {
        first = fromId == 0 ? 1 : fromId;
        if (first > count || maxScan == 0) return (first, 0, first > count ? 0 : first);
        last = maxScan > count - first ? count : first + maxScan - 1;
        next = last == count ? 0 : last + 1;
    }
}
