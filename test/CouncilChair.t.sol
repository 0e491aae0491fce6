// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ICouncil} from "../contracts/interfaces/ICouncil.sol";
import {ICouncilChair} from "../contracts/interfaces/ICouncilChair.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {IReferendum} from "../contracts/interfaces/IReferendum.sol";
import {IVotingPower} from "../contracts/interfaces/IVotingPower.sol";
import {Council} from "../contracts/governance/Council.sol";
import {CouncilChair} from "../contracts/governance/CouncilChair.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The Council views CouncilChair reads, with members that tests seat and unseat.
contract MockCouncil {
    uint256 public termId;
    uint40 public termEnd;
    address[] public all;
    mapping(address member => bool sitting) public sits;
    uint32 public seats;

    constructor(address[] memory members, uint256 termId_) {
        termId = termId_;
        termEnd = uint40(block.timestamp + 365 days);
        for (uint256 i = 0; i < members.length; ++i) {
            all.push(members[i]);
            sits[members[i]] = true;
        }
        seats = uint32(members.length);
    }

    function setSitting(address member, bool sitting) external {
        if (sits[member] == sitting) return;
        sits[member] = sitting;
        if (sitting) ++seats;
        else --seats;
    }

    function currentTerm() external view returns (uint256, ICouncil.Term memory term, bool) {
        term = ICouncil.Term({start: 1, end: termEnd, electionId: 1, seats: seats});
        return (termId, term, block.timestamp < termEnd);
    }

    function isSittingMember(address account) external view returns (bool) {
        return sits[account] && block.timestamp < termEnd;
    }

    function isRemoved(uint256, address member) external view returns (bool) {
        return !sits[member];
    }

    function sittingMembers() external view returns (address[] memory list) {
        list = new address[](seats);
        uint256 next = 0;
        for (uint256 i = 0; i < all.length; ++i) if (sits[all[i]]) list[next++] = all[i];
    }
}

/// @notice A timelock that grants the proposer role to one referendum only.
contract MockTimelock {
    address public referendum;

    function setReferendum(address referendum_) external {
        referendum = referendum_;
    }

    function hasRole(bytes32, address account) external view returns (bool) {
        return account == referendum;
    }
}

/// @notice Opens appeals and reports the state tests set.
contract MockReferendum {
    uint256 public count;
    mapping(uint256 proposalId => IReferendum.ProposalState state) public state;

    function openAppeal(
        address,
        address[] calldata,
        uint256[] calldata,
        bytes[] calldata,
        string calldata
    ) external returns (uint256) {
        state[++count] = IReferendum.ProposalState.Referendum;
        return count;
    }

    function setState(uint256 proposalId, IReferendum.ProposalState state_) external {
        state[proposalId] = state_;
    }
}

/// @notice The supply Council checks its election threshold against.
contract MockSupply {
    function totalSupply() external pure returns (uint256) {
        return 5_000_000_000e18;
    }
}

abstract contract ChairSetup is TestBase {
    function _members(uint256 count) internal pure returns (address[] memory members) {
        members = new address[](count);
        for (uint256 i = 0; i < count; ++i) members[i] = address(uint160(0x1000 + i));
    }

    function _chair(MockCouncil council) internal returns (CouncilChair) {
        // No bounties in these units (KeeperRewards' own tests cover payment): a zero bounty
        // contract would revert, so a mock accepts the call.
        return
            new CouncilChair(
                ICouncil(address(council)),
                IKeeperRewards(address(new AcceptAll())),
                address(this),
                ICouncilChair.Parameters({roundPeriod: 3 days, reportInterval: 365 days})
            );
    }
}

/// @notice Accepts any call (stands in for KeeperRewards).
contract AcceptAll {
    fallback(bytes calldata) external returns (bytes memory) {
        return abi.encode(uint256(0));
    }
}

/// @notice Drives a ballot: declarations, votes, closes, removals, restorations, time.
contract ChairHandler is ChairSetup {
    MockCouncil public immutable council;
    CouncilChair public immutable chair;
    address[] public members;
    /// The chair once elected (until it leaves), to check that nobody else ever is.
    address public elected;
    uint256 public electedBallot;
    bool public chairChanged;
    /// Calls the chair accepted and refused (the handler explores bad input too).
    uint256 public accepted;
    uint256 public rejected;

    constructor() {
        members = _members(7);
        council = new MockCouncil(members, 1);
        chair = _chair(council);
    }

    function declare(uint256 seed) external {
        vm.prank(members[seed % 7]);
        try chair.declareForChair() {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function vote(uint256 seed, uint256 candidateSeed) external {
        uint256 ballotId = chair.ballotOfTerm(1);
        address[] memory candidates = chair.candidatesOf(ballotId);
        if (candidates.length == 0) return;
        vm.prank(members[seed % 7]);
        try chair.chairVote(candidates[candidateSeed % candidates.length]) {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function close(uint256 warp) external {
        vm.warp(block.timestamp + bound(warp, 0, 4 days));
        try chair.closeRound() {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function seat(uint256 seed, bool sitting) external {
        council.setSitting(members[seed % 7], sitting);
        _observe();
    }

    function _observe() private {
        address now_ = chair.chair();
        uint256 ballotId = chair.ballotOfTerm(1);
        if (now_ == address(0)) return;
        if (elected != address(0) && ballotId == electedBallot && now_ != elected) chairChanged = true;
        elected = now_;
        electedBallot = ballotId;
    }

    function memberCount() external view returns (uint256) {
        return members.length;
    }
}

/// @notice Drives removals by peers, appeals, restorations and lost appeals on a real Council.
contract RemovalHandler is TestBase {
    Council public immutable council;
    MockTimelock public immutable timelock;
    MockReferendum public immutable referendum;
    address[] public members;
    uint256 public accepted;
    uint256 public rejected;

    constructor() {
        timelock = new MockTimelock();
        referendum = new MockReferendum();
        timelock.setReferendum(address(referendum));
        for (uint256 i = 0; i < 7; ++i) members.push(address(uint160(0x2000 + i)));
        council = new Council(
            IVotes(address(new MockSupply())),
            IVotingPower(address(0)),
            IKeeperRewards(address(0)),
            address(timelock),
            ICouncil.Parameters({
                candidateBond: 10_000e18,
                electionThreshold: 200_000_000e18,
                minSeats: 5,
                term: 365 days,
                nominationPeriod: 14 days,
                votingPeriod: 14 days,
                appealPeriod: 14 days
            }),
            members,
            365 days
        );
    }

    function voteRemoval(uint256 voterSeed, uint256 targetSeed) external {
        address target = members[targetSeed % 7];
        bytes32 subject = council.removalSubject(target, "g");
        vm.prank(members[voterSeed % 7]);
        try council.memberVote(subject, 2) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function remove(uint256 targetSeed) external {
        try council.removeByPeers(members[targetSeed % 7], "g") {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function appeal(uint256 removalSeed) external {
        uint256 count = council.removalCount();
        if (count == 0) return;
        uint256 removalId = 1 + (removalSeed % count);
        vm.prank(council.removalOf(removalId).member);
        try council.appeal(removalId, address(referendum), "a") {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function decide(uint256 removalSeed, bool passes) external {
        uint256 count = council.removalCount();
        if (count == 0) return;
        uint256 removalId = 1 + (removalSeed % count);
        ICouncil.Removal memory removal = council.removalOf(removalId);
        if (removal.proposalId == 0) return;
        if (passes) {
            referendum.setState(removal.proposalId, IReferendum.ProposalState.Executed);
            vm.prank(address(timelock));
            try council.restoreMember(removal.member, removalId) {
                ++accepted;
            } catch {
                ++rejected;
            }
        } else {
            referendum.setState(removal.proposalId, IReferendum.ProposalState.Defeated);
        }
    }

    function warp(uint256 by) external {
        vm.warp(block.timestamp + bound(by, 0, 5 days));
    }

    function memberAt(uint256 i) external view returns (address) {
        return members[i];
    }
}

/// @notice Units and fuzz of the chair's ballot, and the invariants of DESIGN §13.
contract CouncilChairTest is ChairSetup {
    ChairHandler private handler;
    RemovalHandler private removals;

    function setUp() public {
        handler = new ChairHandler();
        removals = new RemovalHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](2);
        targets[0] = address(handler);
        targets[1] = address(removals);
    }

    /// Three members, three candidates, one vote each: the latest declaration goes, then a majority elects.
    function testThreeWayTieEliminatesTheLatest() public {
        address[] memory m = _members(3);
        MockCouncil council = new MockCouncil(m, 1);
        CouncilChair chair = _chair(council);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(m[i]);
            chair.declareForChair();
            vm.prank(m[i]);
            chair.chairVote(m[i]);
        }
        vm.warp(block.timestamp + 3 days);
        vm.assertEq(chair.closeRound(), address(0), "no winner in round 1");
        vm.assertTrue(chair.candidateOf(1, m[2]).eliminated, "latest of the tie eliminated");
        vm.prank(m[2]);
        chair.chairVote(m[0]);
        vm.prank(m[1]);
        chair.chairVote(m[0]);
        vm.assertEq(chair.chair(), m[0], "majority of sitting members");
    }

    /// A removed member's vote does not count: the recount at a close drops it.
    function testRemovedVoterDoesNotCount() public {
        address[] memory m = _members(4);
        MockCouncil council = new MockCouncil(m, 1);
        CouncilChair chair = _chair(council);
        vm.prank(m[0]);
        chair.declareForChair();
        vm.prank(m[1]);
        chair.declareForChair();
        vm.prank(m[2]);
        chair.chairVote(m[0]);
        vm.prank(m[3]);
        chair.chairVote(m[1]);
        vm.prank(m[0]);
        chair.chairVote(m[1]);
        council.setSitting(m[0], false); // m0's vote for m1 no longer counts; m0 no longer sits
        vm.assertEq(chair.votesFor(1, 1, m[1]), 1, "only sitting votes");
        vm.warp(block.timestamp + 3 days);
        // m0 (not sitting) is eliminated first although it has a vote; m1 is the last one left.
        vm.assertEq(chair.closeRound(), m[1], "last one left");
    }

    /// Fuzz: with no majority, the eliminated candidate has the fewest votes and is the latest of those.
    function testFuzzEliminatesFewestLatestOnTies(uint256 seed) public {
        address[] memory m = _members(7);
        MockCouncil council = new MockCouncil(m, 1);
        CouncilChair chair = _chair(council);
        uint256 candidates = 2 + (seed % 4);
        for (uint256 i = 0; i < candidates; ++i) {
            vm.prank(m[i]);
            chair.declareForChair();
        }
        uint256[] memory votes = new uint256[](candidates);
        for (uint256 i = 0; i < 7; ++i) {
            uint256 pick = uint256(keccak256(abi.encode(seed, i))) % (candidates + 1);
            if (pick == candidates) continue; // abstains
            vm.prank(m[i]);
            chair.chairVote(m[pick]);
            ++votes[pick];
            if (chair.chair() != address(0)) return; // a majority won at once
        }
        uint256 loser = 0;
        for (uint256 i = 1; i < candidates; ++i) if (votes[i] <= votes[loser]) loser = i;
        vm.warp(block.timestamp + 3 days);
        address winner = chair.closeRound();
        vm.assertTrue(chair.candidateOf(1, m[loser]).eliminated, "fewest, latest on ties");
        for (uint256 i = 0; i < candidates; ++i) {
            if (i != loser) vm.assertTrue(!chair.candidateOf(1, m[i]).eliminated, "one eliminated per round");
        }
        if (candidates == 2) vm.assertEq(winner, m[loser == 0 ? 1 : 0], "the last one left wins");
    }

    function _electFirst(address[] memory m, CouncilChair chair) private {
        vm.prank(m[0]);
        chair.declareForChair();
        vm.prank(m[0]);
        chair.chairVote(m[0]);
        vm.prank(m[1]);
        chair.chairVote(m[0]);
        vm.assertEq(chair.chair(), m[0], "elected");
    }

    /// The report clock is the chair's: none before an election; from it, due one interval later
    /// or at the term's end if sooner (with a yearly term, the term's end); recordable at its edge
    /// (nothing at the deadline, one record after it, also once the term ended), then it stops.
    function testMissedReportEdge(uint32 electedAfter) public {
        address[] memory m = _members(3);
        MockCouncil council = new MockCouncil(m, 1);
        CouncilChair chair = _chair(council);
        vm.assertEq(chair.reportDeadline(), type(uint256).max, "nothing due before a chair");
        vm.expectRevert(abi.encodeWithSignature("NoChair()"));
        chair.recordMissedReport();
        vm.warp(block.timestamp + bound(electedAfter, 0, 300 days));
        _electFirst(m, chair);
        uint256 deadline = chair.reportDeadline();
        vm.assertEq(deadline, council.termEnd(), "a year from the election is after the term: its end");
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSignature("NotDue(uint256,uint256)", deadline + 1, deadline));
        chair.recordMissedReport();
        vm.warp(deadline + 1);
        vm.assertEq(chair.chair(), address(0), "the term is over");
        vm.assertEq(chair.recordMissedReport(), 1, "missed, recorded after the term");
        vm.assertEq(chair.reportDeadline(), type(uint256).max, "the clock stopped with the term");
        vm.expectRevert(abi.encodeWithSignature("NoChair()"));
        chair.recordMissedReport();
    }

    /// Within a term, a missed report is recorded each interval; a vacancy pauses the clock, and a
    /// report whose next interval would end after the term stops it.
    function testClockWithinATerm() public {
        address[] memory m = _members(3);
        MockCouncil council = new MockCouncil(m, 1);
        CouncilChair chair = new CouncilChair(
            ICouncil(address(council)),
            IKeeperRewards(address(new AcceptAll())),
            address(this),
            ICouncilChair.Parameters({roundPeriod: 3 days, reportInterval: 100 days})
        );
        _electFirst(m, chair);
        uint256 deadline = chair.reportDeadline();
        vm.assertEq(deadline, block.timestamp + 100 days, "one interval from the election");
        vm.warp(deadline + 1);
        vm.assertEq(chair.recordMissedReport(), 1, "first missed");
        vm.assertEq(chair.reportDeadline(), deadline + 100 days, "next interval");
        council.setSitting(m[0], false);
        vm.assertEq(chair.reportDeadline(), type(uint256).max, "nothing due in a vacancy");
        vm.warp(deadline + 100 days + 1);
        vm.expectRevert(abi.encodeWithSignature("NoChair()"));
        chair.recordMissedReport();
        council.setSitting(m[0], true); // restored on appeal: the clock where it stood
        vm.assertEq(chair.reportDeadline(), deadline + 100 days, "restored clock");
        vm.warp(council.termEnd() - 99 days); // a report now: the next interval ends after the term
        vm.prank(m[0]);
        chair.publishReport("ipfs://report");
        vm.assertEq(chair.reportDeadline(), type(uint256).max, "no further report due within the term");
    }

    /// At most one chair at a time, and once elected the same one until it leaves (a vacancy).
    function _checkOneChair() internal view {
        address current = handler.chair().chair();
        if (current != address(0)) {
            vm.assertTrue(handler.council().isSittingMember(current), "the chair sits");
        }
        vm.assertTrue(!handler.chairChanged(), "the elected chair never changes within its ballot");
    }

    /// The Council's seats are exactly its sitting members, through removals, appeals and restorations.
    function _checkSeatsAreSittingMembers() internal view {
        Council council = removals.council();
        (, ICouncil.Term memory term, ) = council.currentTerm();
        uint256 sitting = 0;
        for (uint256 i = 0; i < 7; ++i) if (council.isSittingMember(removals.memberAt(i))) ++sitting;
        vm.assertEq(term.seats, sitting, "seats == sitting members");
        vm.assertEq(council.sittingMembers().length, sitting, "sitting list");
    }

    /// One campaign checks every property after each call.
    function invariantChairAndSeats() public view {
        _checkOneChair();
        _checkSeatsAreSittingMembers();
    }
}
