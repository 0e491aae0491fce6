// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICouncil} from "../contracts/interfaces/ICouncil.sol";
import {ICouncilReserve} from "../contracts/interfaces/ICouncilReserve.sol";
import {IGovernanceLens} from "../contracts/interfaces/IGovernanceLens.sol";
import {IReferendum} from "../contracts/interfaces/IReferendum.sol";
import {GovernanceLens} from "../contracts/governance/GovernanceLens.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The views GovernanceLens reads, with records the tests set: Referendum, Council and
/// CouncilReserve in one contract (the lens only calls these functions).
contract GovernanceViewsMock {
    IReferendum.Proposal[] private _proposals;
    mapping(uint256 proposalId => uint256 at) public firstStatementAt;
    mapping(bytes32 subject => uint8 choice) public decision;
    uint256 public executionPeriod = 30 days;
    uint256 public electionDueAt;
    uint256 public latestElectionId;
    mapping(uint256 electionId => ICouncil.Election election) private _elections;
    uint256 private _termId;
    uint256 private _installment;
    uint256 private _dueAt = type(uint256).max;
    ICouncilReserve.Distribution[] private _distributions;

    function addProposal(IReferendum.Proposal memory proposal) external returns (uint256 proposalId) {
        _proposals.push(proposal);
        proposalId = _proposals.length;
    }

    function setProposal(uint256 proposalId, IReferendum.Proposal memory proposal) external {
        _proposals[proposalId - 1] = proposal;
    }

    function setStatement(uint256 proposalId, uint256 at) external {
        firstStatementAt[proposalId] = at;
    }

    function setDecision(uint256 proposalId, uint8 choice) external {
        decision[blocSubject(proposalId)] = choice;
    }

    function setElection(uint256 electionId, uint256 dueAt, ICouncil.Election memory election) external {
        latestElectionId = electionId;
        electionDueAt = dueAt;
        _elections[electionId] = election;
    }

    function setInstallment(uint256 termId, uint256 installment, uint256 dueAt) external {
        (_termId, _installment, _dueAt) = (termId, installment, dueAt);
    }

    function addDistribution(ICouncilReserve.Distribution memory distribution) external {
        _distributions.push(distribution);
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function proposalOf(uint256 proposalId) external view returns (IReferendum.Proposal memory) {
        return _proposals[proposalId - 1];
    }

    function parameters() external view returns (IReferendum.Parameters memory p) {
        p.executionPeriod = uint64(executionPeriod);
    }

    function blocSubject(uint256 proposalId) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), "bloc", proposalId));
    }

    function electionOf(uint256 electionId) external view returns (ICouncil.Election memory) {
        return _elections[electionId];
    }

    function nextInstallment() external view returns (uint256, uint256, uint256) {
        return (_termId, _installment, _dueAt);
    }

    function distributionCount() external view returns (uint256) {
        return _distributions.length;
    }

    function distributionOf(uint256 distributionId) external view returns (ICouncilReserve.Distribution memory d) {
        if (distributionId != 0 && distributionId <= _distributions.length) d = _distributions[distributionId - 1];
    }
}

/// @notice GovernanceLens at the exact edges of every timing rule (t - 1, t, t + 1), and its paging.
contract GovernanceLensTest is TestBase {
    uint40 private constant T = 100_000_000;
    uint256 private constant EXECUTION = 30 days;
    GovernanceViewsMock private views;
    GovernanceLens private lens;

    function setUp() public {
        views = new GovernanceViewsMock();
        address at = address(views);
        lens = new GovernanceLens(IReferendum(at), ICouncil(at), ICouncilReserve(at));
        vm.warp(T);
    }

    function _proposal(IReferendum.ProposalState state) private pure returns (IReferendum.Proposal memory p) {
        p.state = state;
        p.supportDeadline = T;
    }

    /// @dev The lens's entry for proposal 1 (all flags false when it is not listed).
    function _entry() private view returns (IGovernanceLens.DueProposal memory entry) {
        (IGovernanceLens.DueProposal[] memory due, ) = lens.dueProposals(1, 10);
        if (due.length != 0) entry = due[0];
    }

    function _flags(IGovernanceLens.DueProposal memory e) private pure returns (uint256 flags) {
        bool[7] memory all = [e.lapse, e.missedResponse, e.blocVote, e.close, e.queue, e.execute, e.expire];
        for (uint256 i = 0; i < all.length; ++i) if (all[i]) flags |= 1 << i;
    }

    function _expectOnly(uint256 flags, string memory message) private view {
        vm.assertEq(_flags(_entry()), flags, message);
    }

    uint256 private constant LAPSE = 1;
    uint256 private constant MISSED = 2;
    uint256 private constant BLOC = 4;
    uint256 private constant CLOSE = 8;
    uint256 private constant QUEUE = 16;
    uint256 private constant EXECUTE = 32;
    uint256 private constant EXPIRE = 64;

    function testLapseIsDueOnlyAfterTheSupportDeadlineInTheSupportPhase() public {
        views.addProposal(_proposal(IReferendum.ProposalState.Proposed));
        vm.warp(T - 1);
        _expectOnly(0, "before the deadline");
        vm.warp(T);
        _expectOnly(0, "at the deadline (support still open)");
        vm.warp(T + 1);
        _expectOnly(LAPSE, "after the deadline");
        views.setProposal(1, _proposal(IReferendum.ProposalState.CouncilResponse));
        _expectOnly(LAPSE, "council response phase");
        views.setProposal(1, _proposal(IReferendum.ProposalState.Canceled));
        _expectOnly(0, "canceled");
        (IGovernanceLens.DueProposal[] memory due, ) = lens.dueProposals(1, 10);
        vm.assertEq(due.length, 0, "nothing due: left out");
    }

    function testMissedResponseIsDueAfterTheDeadlineWithoutATimelyStatement() public {
        IReferendum.Proposal memory p = _proposal(IReferendum.ProposalState.CouncilResponse);
        p.supportDeadline = type(uint40).max;
        p.responseDeadline = T;
        views.addProposal(p);
        vm.warp(T);
        _expectOnly(0, "at the deadline");
        vm.warp(T + 1);
        _expectOnly(MISSED, "after the deadline, no statement");
        views.setStatement(1, T);
        _expectOnly(0, "answered at the deadline");
        views.setStatement(1, T + 1);
        _expectOnly(MISSED, "answered late");
        p.responseMissed = true;
        views.setProposal(1, p);
        _expectOnly(0, "recorded already");
        p.responseMissed = false;
        p.state = IReferendum.ProposalState.Expired;
        views.setProposal(1, p);
        _expectOnly(MISSED, "recorded in any state, as the Referendum allows");
        IGovernanceLens.DueProposal memory entry = _entry();
        vm.assertTrue(entry.state == IReferendum.ProposalState.Expired, "the state is reported");
    }

    function testBlocVoteFollowsTheCouncilUntilVotingCloses() public {
        IReferendum.Proposal memory p = _proposal(IReferendum.ProposalState.Referendum);
        p.supportDeadline = 0;
        p.voteStart = T - 100;
        p.voteDuration = 100;
        p.actionsHash = keccak256("actions");
        views.addProposal(p);
        vm.warp(T);
        _expectOnly(0, "no decision, no bloc vote");
        views.setDecision(1, 2);
        _expectOnly(BLOC, "decided for: cast");
        vm.assertEq(uint256(_entry().actionsHash), uint256(keccak256("actions")), "actions hash");
        vm.warp(T + 1);
        _expectOnly(CLOSE, "voting over: close, no bloc vote");
        vm.warp(T);
        p.blocVoted = true;
        p.blocSide = 2;
        views.setProposal(1, p);
        _expectOnly(0, "cast for the side decided");
        views.setDecision(1, 1);
        _expectOnly(BLOC, "the decision moved: move");
        views.setDecision(1, 0);
        _expectOnly(BLOC, "the majority dissolved: withdraw");
    }

    function testCloseIsDueOnlyAfterTheVotingPeriod() public {
        IReferendum.Proposal memory p = _proposal(IReferendum.ProposalState.Referendum);
        p.supportDeadline = 0;
        p.voteStart = T - 60;
        p.voteDuration = 60;
        views.addProposal(p);
        vm.warp(T - 1);
        _expectOnly(0, "voting");
        vm.warp(T);
        _expectOnly(0, "last second of voting");
        vm.warp(T + 1);
        _expectOnly(CLOSE, "voting over");
        p.state = IReferendum.ProposalState.Defeated;
        views.setProposal(1, p);
        _expectOnly(0, "closed already");
    }

    function testQueueThenExpireAroundTheExecutionPeriodAfterClosing() public {
        IReferendum.Proposal memory p = _proposal(IReferendum.ProposalState.Succeeded);
        p.supportDeadline = 0;
        p.closedAt = uint40(T - EXECUTION);
        views.addProposal(p);
        vm.warp(T - 1);
        _expectOnly(QUEUE, "within the period");
        vm.warp(T);
        _expectOnly(QUEUE, "last second");
        vm.warp(T + 1);
        _expectOnly(EXPIRE, "past the period: expire, not queue");
    }

    function testExecuteFromTheEtaToTheEndOfTheExecutionPeriod() public {
        IReferendum.Proposal memory p = _proposal(IReferendum.ProposalState.Queued);
        p.supportDeadline = 0;
        p.eta = T;
        views.addProposal(p);
        vm.warp(T - 1);
        _expectOnly(0, "before the eta");
        vm.warp(T);
        _expectOnly(EXECUTE, "at the eta");
        vm.warp(T + EXECUTION);
        _expectOnly(EXECUTE, "last second of the period");
        vm.warp(T + EXECUTION + 1);
        _expectOnly(EXPIRE, "past the period: expire");
        p.state = IReferendum.ProposalState.Executed;
        views.setProposal(1, p);
        _expectOnly(0, "executed");
    }

    function testPagesCoverEveryProposalOnce() public {
        (IGovernanceLens.DueProposal[] memory none, uint256 next) = lens.dueProposals(0, 10);
        vm.assertEq(none.length + next, 0, "no proposals: empty, done");
        for (uint256 i = 0; i < 5; ++i) views.addProposal(_proposal(IReferendum.ProposalState.Proposed));
        vm.warp(T + 1);
        (IGovernanceLens.DueProposal[] memory due, uint256 nextFromId) = lens.dueProposals(0, 2);
        vm.assertEq(due.length, 2, "first page");
        vm.assertEq(due[0].proposalId, 1, "ids from 1");
        vm.assertEq(nextFromId, 3, "next page");
        (due, nextFromId) = lens.dueProposals(3, 3);
        vm.assertEq(due.length, 3, "last page");
        vm.assertEq(due[2].proposalId, 5, "last id");
        vm.assertEq(nextFromId, 0, "done");
        (due, nextFromId) = lens.dueProposals(6, 3);
        vm.assertEq(due.length + nextFromId, 0, "past the end");
        (due, nextFromId) = lens.dueProposals(2, 0);
        vm.assertEq(due.length, 0, "a page of nothing");
        vm.assertEq(nextFromId, 2, "stays where it is");
    }

    function testFuzzPagesVisitEachIdExactlyOnce(uint8 count, uint8 maxScan) public {
        count = uint8(bound(count, 0, 40));
        maxScan = uint8(bound(maxScan, 1, 50));
        for (uint256 i = 0; i < count; ++i) views.addProposal(_proposal(IReferendum.ProposalState.Proposed));
        for (uint256 i = 0; i < count; ++i) views.addDistribution(_distribution(T - 1, false));
        vm.warp(T + 1);
        uint256 seen = 0;
        uint256 from = 1;
        uint256 pages = 0;
        do {
            (IGovernanceLens.DueProposal[] memory due, uint256 next) = lens.dueProposals(from, maxScan);
            for (uint256 i = 0; i < due.length; ++i) vm.assertEq(due[i].proposalId, ++seen, "in order, once");
            from = next;
            ++pages;
        } while (from != 0);
        vm.assertEq(seen, count, "every proposal");
        vm.assertLe(pages, count / maxScan + 1, "pages of maxScan");
        seen = 0;
        from = 1;
        do {
            (uint256[] memory ids, uint256 next) = lens.dueSweeps(from, maxScan);
            for (uint256 i = 0; i < ids.length; ++i) vm.assertEq(ids[i], ++seen, "in order, once");
            from = next;
        } while (from != 0);
        vm.assertEq(seen, count, "every distribution");
    }

    function testElectionOpensAtItsDueTimeAndFinalizesAfterVoting() public {
        ICouncil.Election memory election;
        views.setElection(0, T, election);
        vm.warp(T - 1);
        IGovernanceLens.DueElection memory due = lens.dueElection();
        vm.assertTrue(!due.open && !due.finalize, "before the due time");
        vm.assertEq(due.openDueAt, T, "due time");
        vm.warp(T);
        due = lens.dueElection();
        vm.assertTrue(due.open && !due.finalize, "at the due time; no election to finalize");
        election.votingEnd = T;
        views.setElection(1, type(uint256).max, election);
        due = lens.dueElection();
        vm.assertTrue(!due.open && !due.finalize, "open election, voting not over");
        vm.assertEq(due.electionId, 1, "latest election");
        vm.warp(T + 1);
        due = lens.dueElection();
        vm.assertTrue(!due.open && due.finalize, "voting over");
        election.finalized = true;
        views.setElection(1, T + 100, election);
        due = lens.dueElection();
        vm.assertTrue(!due.open && !due.finalize, "finalized, next one not due");
    }

    function testPaymentIsDueAtItsInstallmentTime() public {
        vm.assertTrue(!lens.duePayment().due, "no council");
        vm.warp(type(uint40).max);
        vm.assertTrue(!lens.duePayment().due, "no council, ever");
        vm.warp(T);
        views.setInstallment(2, 1, T + 1);
        IGovernanceLens.DuePayment memory payment = lens.duePayment();
        vm.assertTrue(!payment.due, "before the installment");
        vm.assertEq(payment.termId * 10 + payment.installment, 21, "term and installment");
        vm.warp(T + 1);
        vm.assertTrue(lens.duePayment().due, "at the installment");
        vm.warp(T + 2);
        vm.assertTrue(lens.duePayment().due, "after it");
    }

    function _distribution(uint256 deadline, bool swept) private pure returns (ICouncilReserve.Distribution memory d) {
        d.snapshotId = 1;
        d.amount = 1;
        d.claimDeadline = uint40(deadline);
        d.swept = swept;
    }

    function testSweepIsDueAfterTheClaimPeriodUnlessSwept() public {
        views.addDistribution(_distribution(T, false));
        views.addDistribution(_distribution(T - 1, true));
        views.addDistribution(_distribution(T - 1, false));
        (uint256[] memory ids, uint256 next) = lens.dueSweeps(0, 10);
        vm.assertEq(ids.length, 1, "only the third");
        vm.assertEq(ids[0], 3, "its id");
        vm.assertEq(next, 0, "done");
        vm.warp(T + 1);
        (ids, ) = lens.dueSweeps(1, 10);
        vm.assertEq(ids.length, 2, "the first too, past its deadline");
        (ids, next) = lens.dueSweeps(4, 10);
        vm.assertEq(ids.length + next, 0, "past the end");
    }

    function testReadsTheContractsItWasGiven() public view {
        vm.assertEq(address(lens.referendum()), address(views), "referendum");
        vm.assertEq(address(lens.council()), address(views), "council");
        vm.assertEq(address(lens.reserve()), address(views), "reserve");
    }
}
