// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICouncil} from "../interfaces/ICouncil.sol";
import {ICouncilChair} from "../interfaces/ICouncilChair.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {Governed} from "./Governed.sol";

/// @title CouncilChair
/// @notice The council chair (DESIGN §13, CPChain 5.2): after each election the sitting members
/// elect a chair among themselves by exhaustive ballot. The chair has no privilege (CAS law 2):
/// its one duty is the yearly report (`publishReport`); a year without one is recorded on chain.
/// @dev Decisions (the design is silent on these):
/// - Candidates are the members who declare during the first round, in declaration order; the
///   first declaration starts the first round (a ballot nobody declares in has no deadline, so no
///   empty round is ever closed or paid for). Only members of an elected term (term > 0) take part.
/// - One vote per sitting member per round, changeable within the round. A candidate with votes of
///   more than half of the SITTING members wins at once. When a round closes without one, the
///   candidate with the fewest votes is eliminated (one no longer sitting goes first; ties: the
///   later declaration goes) and a new round opens; the last one left wins. Votes are counted over
///   the sitting list at every decision (bounded by Council.MAX_SEATS): a removed member's vote
///   never counts, a restored member's counts again.
/// - Vacancy: a chair that no longer sits (removed by peers or by referendum) is no chair; any
///   sitting member may then open a new ballot by declaring. A chair restored on appeal before a
///   new ballot opened is chair again (as if never removed); once a new ballot opened, it is not.
///   A ballot whose last candidate no longer sits fails; a new one may open the same way.
/// - So `chair()` is one address or none: at most one chair at a time, exactly one from its
///   election to the term's end but for a vacancy.
/// - The report clock is the chair's (audit C4): it starts when a chair is elected, due one
///   interval later or at the term's end if that comes first (every term's chair owes at least one
///   report: with yearly terms a year from the election would always fall after the term). Each
///   report sets the next deadline one interval after it; each missed deadline is recorded once,
///   against the clock's chair and term (also after the term ended), the next one interval later
///   while the term lasts. While the chair stands removed nothing is due or recorded (nobody could
///   publish), and a chair never restored is never recorded for that term; a chair restored on
///   appeal finds its deadline where it stood (the removal does not extend it, audit R5: the
///   appeal is the member's own choice of timing). A newly elected chair starts its own clock,
///   after the old one's miss, if any, is recorded. A report stops the clock when the next one
///   would fall after the term and restarts it otherwise. Before the first election there is no
///   clock: the duty is the chair's, and a council without a chair is visible as such (an
///   unopened ballot; audit R7, accepted). Candidates declare themselves, so a chair elected late
///   in a term accepted the deadline it saw (`reportDeadline`) when it declared.
/// - Bounties: one unit per round closed (rounds per ballot are at most its candidates, each a
///   sitting member, and ballots are one per term or vacancy) and one per missed report (one per
///   interval of time): neither can be made cheaply by an attacker.
contract CouncilChair is Upkeep, ICouncilChair, Governed {
    bytes32 public constant CLOSE_KIND = "CouncilChair.closeRound";
    bytes32 public constant MISSED_REPORT_KIND = "CouncilChair.missedReport";

    ICouncil public immutable council;

    Parameters private _parameters;
    uint256 private _ballotCount;
    uint256 private _reportCount;
    uint256 private _missedCount;
    uint256 private _reportDeadline;
    /// @dev The chair whose clock `_reportDeadline` is, and its term (zero: no clock).
    address private _clockChair;
    uint256 private _clockTerm;
    mapping(uint256 termId => uint256 ballotId) private _ballotOfTerm;
    mapping(uint256 ballotId => Ballot ballot) private _ballots;
    mapping(uint256 ballotId => address[] candidates) private _candidates;
    mapping(uint256 ballotId => mapping(address candidate => Candidate record)) private _candidateOf;
    mapping(uint256 ballotId => mapping(uint256 round => mapping(address member => address candidate))) private _votes;
    /// @dev Votes cast per candidate and round, removed members' included: a hint only; every
    /// decision recounts over the sitting members.
    mapping(uint256 ballotId => mapping(uint256 round => mapping(address candidate => uint256 votes))) private _tallies;

    /// @param council_ The Council whose sitting members elect the chair.
    constructor(
        ICouncil council_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        council = council_;
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- ballot

    /// @inheritdoc ICouncilChair
    function declareForChair() external returns (uint256 ballotId) {
        uint256 termId = _electedTerm();
        if (!council.isSittingMember(msg.sender)) revert NotSittingMember(msg.sender);
        ballotId = _ballotOfTerm[termId];
        Ballot storage ballot = _ballots[ballotId];
        address previous = ballot.chair;
        if (ballotId == 0 || ballot.failed || (previous != address(0) && !council.isSittingMember(previous))) {
            ballotId = ++_ballotCount;
            _ballotOfTerm[termId] = ballotId;
            ballot = _ballots[ballotId];
            ballot.termId = uint32(termId);
            ballot.round = 1;
            emit BallotOpened(ballotId, termId, previous);
        } else if (previous != address(0)) {
            revert ChairAlreadyElected(ballotId, previous);
        }
        uint256 roundEnd = ballot.roundEnd;
        if (ballot.round != 1 || (roundEnd != 0 && block.timestamp >= roundEnd)) {
            revert DeclarationClosed(ballotId, ballot.round, roundEnd);
        }
        Candidate storage record = _candidateOf[ballotId][msg.sender];
        if (record.index != 0) revert AlreadyCandidate(ballotId, msg.sender);
        if (roundEnd == 0) {
            roundEnd = block.timestamp + _parameters.roundPeriod;
            ballot.roundEnd = uint40(roundEnd);
            emit RoundOpened(ballotId, 1, roundEnd);
        }
        uint32 index = ++ballot.candidateCount;
        ++ballot.remaining;
        record.index = index;
        _candidates[ballotId].push(msg.sender);
        emit ChairCandidateDeclared(ballotId, termId, msg.sender, index);
    }

    /// @inheritdoc ICouncilChair
    function chairVote(address candidate) external {
        uint256 termId = _electedTerm();
        if (!council.isSittingMember(msg.sender)) revert NotSittingMember(msg.sender);
        uint256 ballotId = _ballotOfTerm[termId];
        Ballot storage ballot = _ballots[ballotId];
        uint256 round = ballot.round;
        if (
            ballotId == 0 ||
            ballot.chair != address(0) ||
            ballot.failed ||
            ballot.roundEnd == 0 ||
            block.timestamp >= ballot.roundEnd
        ) revert NotInRound(ballotId, round, ballot.roundEnd);
        if (candidate != address(0)) {
            Candidate memory record = _candidateOf[ballotId][candidate];
            // Audit C3: a candidate removed mid-ballot is no candidate while it does not sit.
            if (record.index == 0 || record.eliminated || !council.isSittingMember(candidate))
                revert NotCandidate(ballotId, candidate);
        }
        mapping(address candidate => uint256 votes) storage tallies = _tallies[ballotId][round];
        address previous = _votes[ballotId][round][msg.sender];
        if (previous != address(0)) --tallies[previous];
        _votes[ballotId][round][msg.sender] = candidate;
        emit ChairVoted(ballotId, round, msg.sender, candidate);
        if (candidate == address(0)) return;
        uint256 hint = ++tallies[candidate];
        (, ICouncil.Term memory term, ) = _currentTerm();
        // The hint counts removed members too; only a possible majority is recounted.
        if (hint * 2 <= term.seats) return;
        uint256 votes = _sittingVotesFor(ballotId, round, candidate, council.sittingMembers());
        if (votes * 2 > term.seats) _elect(ballotId, ballot, candidate, votes, term.seats);
    }

    /// @inheritdoc ICouncilChair
    function closeRound() external returns (address winner) {
        uint256 ballotId = _ballotOfTerm[_electedTerm()];
        Ballot storage ballot = _ballots[ballotId];
        {
            uint256 roundEnd = ballot.roundEnd;
            if (ballotId == 0 || ballot.chair != address(0) || ballot.failed || roundEnd == 0) {
                revert NoOpenRound(ballotId);
            }
            if (block.timestamp < roundEnd) revert NotDue(roundEnd, block.timestamp);
        }
        address[] memory candidates = _candidates[ballotId];
        (uint256[] memory votes, bool[] memory sits, uint256 seats) = _tally(ballotId, ballot.round, candidates);
        address eliminated;
        uint256 winnerVotes;
        (winner, winnerVotes, eliminated) = _decide(ballotId, ballot, candidates, votes, sits, seats);
        _roundClosed(ballotId, ballot.round, candidates, votes, eliminated, winner);
        if (winner != address(0)) {
            _elect(ballotId, ballot, winner, winnerVotes, seats);
        } else if (ballot.failed) {
            emit BallotFailed(ballotId, ballot.round);
        } else {
            uint256 round = ballot.round + 1;
            uint256 nextEnd = block.timestamp + _parameters.roundPeriod;
            ballot.round = uint32(round);
            ballot.roundEnd = uint40(nextEnd);
            emit RoundOpened(ballotId, round, nextEnd);
        }
        _payBounty(CLOSE_KIND, 1);
    }

    // ---------------------------------------------------------------- reports

    /// @inheritdoc ICouncilChair
    function publishReport(string calldata uri) external returns (uint256 reportId) {
        address current = chair();
        if (msg.sender != current || current == address(0)) revert NotChair(msg.sender, current);
        (uint256 termId, ICouncil.Term memory term, ) = _currentTerm();
        reportId = ++_reportCount;
        uint256 deadline = block.timestamp + _parameters.reportInterval;
        if (deadline >= term.end) {
            // No further report falls due within the term: its chair's clock stops.
            _clockChair = address(0);
            _clockTerm = 0;
            deadline = type(uint256).max;
        } else {
            // Runs again if an earlier report had stopped it (a shortened interval, audit R6).
            _clockChair = msg.sender;
            _clockTerm = termId;
        }
        _reportDeadline = deadline;
        emit ReportPublished(reportId, termId, msg.sender, uri, deadline);
    }

    /// @inheritdoc ICouncilChair
    function recordMissedReport() external returns (uint256 missedId) {
        (address clockChair, uint256 termId, uint256 termEnd) = _clock();
        if (clockChair == address(0)) revert NoChair();
        uint256 deadline = _reportDeadline;
        if (block.timestamp <= deadline) revert NotDue(deadline + 1, block.timestamp);
        missedId = _recordMissed(clockChair, termId, termEnd, deadline);
        _payBounty(MISSED_REPORT_KIND, 1);
    }

    /// @inheritdoc ICouncilChair
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICouncilChair
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc ICouncilChair
    function chair() public view returns (address) {
        (uint256 termId, , bool sitting) = _currentTerm();
        if (termId == 0 || !sitting) return address(0);
        address current = _ballots[_ballotOfTerm[termId]].chair;
        return current != address(0) && council.isSittingMember(current) ? current : address(0);
    }

    /// @inheritdoc ICouncilChair
    function ballotOfTerm(uint256 termId) external view returns (uint256) {
        return _ballotOfTerm[termId];
    }

    /// @inheritdoc ICouncilChair
    function ballotOf(uint256 ballotId) external view returns (Ballot memory) {
        return _ballots[ballotId];
    }

    /// @inheritdoc ICouncilChair
    function candidatesOf(uint256 ballotId) external view returns (address[] memory) {
        return _candidates[ballotId];
    }

    /// @inheritdoc ICouncilChair
    function candidateOf(uint256 ballotId, address candidate) external view returns (Candidate memory) {
        return _candidateOf[ballotId][candidate];
    }

    /// @inheritdoc ICouncilChair
    function voteOf(uint256 ballotId, uint256 round, address member) external view returns (address) {
        return _votes[ballotId][round][member];
    }

    /// @inheritdoc ICouncilChair
    function votesFor(uint256 ballotId, uint256 round, address candidate) external view returns (uint256) {
        return _sittingVotesFor(ballotId, round, candidate, council.sittingMembers());
    }

    /// @inheritdoc ICouncilChair
    function roundDueAt() external view returns (uint256 ballotId, uint256 dueAt) {
        (uint256 termId, , bool sitting) = _currentTerm();
        ballotId = _ballotOfTerm[termId];
        Ballot storage ballot = _ballots[ballotId];
        if (termId == 0 || !sitting || ballotId == 0 || ballot.chair != address(0) || ballot.failed) {
            return (ballotId, type(uint256).max);
        }
        dueAt = ballot.roundEnd == 0 ? type(uint256).max : ballot.roundEnd;
    }

    /// @inheritdoc ICouncilChair
    function reportDeadline() external view returns (uint256) {
        (address clockChair, , ) = _clock();
        return clockChair == address(0) ? type(uint256).max : _reportDeadline;
    }

    /// @inheritdoc ICouncilChair
    function reportCount() external view returns (uint256) {
        return _reportCount;
    }

    /// @inheritdoc ICouncilChair
    function missedReportCount() external view returns (uint256) {
        return _missedCount;
    }

    // ---------------------------------------------------------------- internals

    /// @dev The current term if it is an elected one that still sits.
    function _electedTerm() private view returns (uint256 termId) {
        bool sitting;
        (termId, , sitting) = _currentTerm();
        if (termId == 0 || !sitting) revert NoElectedCouncil(termId);
    }

    function _elect(uint256 ballotId, Ballot storage ballot, address winner, uint256 votes, uint256 seats) private {
        ballot.chair = winner;
        ballot.electedAt = uint40(block.timestamp);
        // A new chair's clock replaces the old one: record the old one's miss first, so that an
        // election in the block after a deadline erases nothing (audit R2). No bounty: the vote
        // that elects is nobody's upkeep job.
        (address clockChair, uint256 clockTerm, uint256 clockTermEnd) = _clock();
        uint256 deadline = _reportDeadline;
        if (clockChair != address(0) && block.timestamp > deadline)
            _recordMissed(clockChair, clockTerm, clockTermEnd, deadline);
        (, ICouncil.Term memory term, ) = _currentTerm();
        _reportDeadline = Math.min(block.timestamp + _parameters.reportInterval, term.end);
        _clockChair = winner;
        _clockTerm = ballot.termId;
        emit ChairElected(ballotId, ballot.termId, winner, ballot.round, votes, seats);
    }

    /// @dev The Council's current term, read whole once (callers keep the parts they need).
    function _currentTerm() private view returns (uint256 termId, ICouncil.Term memory term, bool sitting) {
        return council.currentTerm();
    }

    /// @dev The running clock's chair, term and term end (zero once a later term sits). No chair
    /// while the clock's chair stands removed in its term: during a vacancy, and for good after the
    /// term if it was never restored (audit R1: a removed chair is not blamed for the rest).
    function _clock() private view returns (address clockChair, uint256 termId, uint256 termEnd) {
        clockChair = _clockChair;
        if (clockChair == address(0)) return (address(0), 0, 0);
        termId = _clockTerm;
        if (council.isRemoved(termId, clockChair)) return (address(0), 0, 0);
        (uint256 currentId, ICouncil.Term memory term, ) = _currentTerm();
        termEnd = currentId == termId ? term.end : 0;
    }

    /// @dev Records the miss of `deadline` and moves the clock one interval on, or stops it when
    /// that passes the clock's term end.
    function _recordMissed(
        address clockChair,
        uint256 termId,
        uint256 termEnd,
        uint256 deadline
    ) private returns (uint256 missedId) {
        uint256 next = deadline + _parameters.reportInterval;
        if (next >= termEnd) {
            _clockChair = address(0);
            _clockTerm = 0;
        }
        _reportDeadline = next;
        missedId = ++_missedCount;
        emit ReportMissed(missedId, termId, clockChair, deadline);
    }

    function _sittingVotesFor(
        uint256 ballotId,
        uint256 round,
        address candidate,
        address[] memory members
    ) private view returns (uint256 votes) {
        mapping(address member => address candidate) storage ballots = _votes[ballotId][round];
        for (uint256 i = 0; i < members.length; ++i) {
            if (ballots[members[i]] == candidate) ++votes;
        }
    }

    function _roundClosed(
        uint256 ballotId,
        uint256 round,
        address[] memory candidates,
        uint256[] memory votes,
        address eliminated,
        address winner
    ) private {
        emit RoundClosed(ballotId, round, candidates, votes, eliminated, winner);
    }

    /// @dev A majority of sitting members wins (possible at a close if members left since the last
    /// vote); otherwise one candidate is eliminated and, if one is left, it wins (or, no longer
    /// sitting, the ballot fails).
    function _decide(
        uint256 ballotId,
        Ballot storage ballot,
        address[] memory candidates,
        uint256[] memory votes,
        bool[] memory sits,
        uint256 seats
    ) private returns (address winner, uint256 winnerVotes, address eliminated) {
        (uint256 best, uint256 loser) = _rank(ballotId, candidates, votes, sits);
        if (sits[best] && votes[best] * 2 > seats) return (candidates[best], votes[best], address(0));
        if (ballot.remaining > 1) {
            eliminated = candidates[loser];
            _candidateOf[ballotId][eliminated].eliminated = true;
            --ballot.remaining;
            emit CandidateEliminated(ballotId, ballot.round, eliminated, votes[loser]);
        }
        if (ballot.remaining == 1) {
            uint256 last = _lastActive(ballotId, candidates);
            if (sits[last]) (winner, winnerVotes) = (candidates[last], votes[last]);
            else ballot.failed = true;
        }
    }

    /// @dev Each candidate's votes from sitting members in `round`, whether it sits, and the seats.
    function _tally(
        uint256 ballotId,
        uint256 round,
        address[] memory candidates
    ) private view returns (uint256[] memory votes, bool[] memory sits, uint256 seats) {
        address[] memory members = council.sittingMembers();
        seats = members.length;
        votes = new uint256[](candidates.length);
        sits = new bool[](candidates.length);
        mapping(address candidate => Candidate record) storage records = _candidateOf[ballotId];
        mapping(address member => address candidate) storage ballots = _votes[ballotId][round];
        for (uint256 i = 0; i < seats; ++i) {
            uint256 own = records[members[i]].index;
            if (own != 0) sits[own - 1] = true;
            address choice = ballots[members[i]];
            if (choice != address(0)) ++votes[records[choice].index - 1];
        }
    }

    /// @dev Among the candidates not eliminated: the one with the most votes (sitting; earlier
    /// declaration on ties) and the one to eliminate (not sitting first, then the fewest votes;
    /// the later declaration on ties).
    function _rank(
        uint256 ballotId,
        address[] memory candidates,
        uint256[] memory votes,
        bool[] memory sits
    ) private view returns (uint256 best, uint256 loser) {
        best = type(uint256).max;
        loser = type(uint256).max;
        for (uint256 i = 0; i < candidates.length; ++i) {
            if (_candidateOf[ballotId][candidates[i]].eliminated) continue;
            if (best == type(uint256).max || _ranksBelow(sits[best], votes[best], sits[i], votes[i])) best = i;
            if (loser == type(uint256).max || !_ranksBelow(sits[loser], votes[loser], sits[i], votes[i])) loser = i;
        }
    }

    /// @dev The only candidate not eliminated (called when exactly one remains).
    function _lastActive(uint256 ballotId, address[] memory candidates) private view returns (uint256 i) {
        while (_candidateOf[ballotId][candidates[i]].eliminated) ++i;
    }

    /// @dev Whether (sits, votes) ranks strictly below (otherSits, otherVotes): not sitting is lowest.
    function _ranksBelow(bool sits, uint256 votes, bool otherSits, uint256 otherVotes) private pure returns (bool) {
        if (sits != otherSits) return !sits;
        return votes < otherVotes;
    }

    function _setParameters(Parameters memory p) private {
        if (p.roundPeriod == 0) revert InvalidParameter("roundPeriod", 0);
        if (p.reportInterval == 0) revert InvalidParameter("reportInterval", 0);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
