// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title ICouncilChair
/// @notice The council chair (DESIGN §13): elected by the sitting members of each elected term by
/// exhaustive ballot; no privilege (CAS law 2); its one duty is the yearly report.
interface ICouncilChair is IGoverned, IUpkeep {
    /// @notice The chair's rules; every number comes from the genesis profile (`council.chair`).
    struct Parameters {
        /// @dev How long each round of the ballot lasts (the first starts with the first declaration).
        uint64 roundPeriod;
        /// @dev How long the council may go without a report before a missed one is recorded.
        uint64 reportInterval;
    }

    /// @notice One ballot of a term. `roundEnd` is 0 until the first candidate declares; `chair` is
    /// the winner (0 while running); `failed` when its last candidate no longer sat.
    struct Ballot {
        uint32 termId;
        uint32 round;
        uint40 roundEnd;
        uint32 candidateCount;
        uint32 remaining;
        bool failed;
        address chair;
        uint40 electedAt;
    }

    /// @notice A candidate of a ballot: `index` 1-based in declaration order (0: none).
    struct Candidate {
        uint32 index;
        bool eliminated;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice A ballot for `termId`'s chair opened (after an election, or on a vacancy).
    event BallotOpened(uint256 indexed ballotId, uint256 indexed termId, address previousChair);
    event ChairCandidateDeclared(
        uint256 indexed ballotId,
        uint256 indexed termId,
        address indexed candidate,
        uint256 index
    );
    event RoundOpened(uint256 indexed ballotId, uint256 round, uint256 roundEnd);
    /// @notice A member's vote in a round (`candidate` 0: withdrawn).
    event ChairVoted(uint256 indexed ballotId, uint256 round, address indexed member, address indexed candidate);
    /// @notice A round closed: every candidate of the ballot in declaration order with its votes
    /// from sitting members (eliminated ones too, with 0), who was eliminated (0: none) and who won
    /// (0: none, another round follows).
    event RoundClosed(
        uint256 indexed ballotId,
        uint256 round,
        address[] candidates,
        uint256[] votes,
        address eliminated,
        address chair
    );
    event CandidateEliminated(uint256 indexed ballotId, uint256 round, address indexed candidate, uint256 votes);
    event ChairElected(
        uint256 indexed ballotId,
        uint256 indexed termId,
        address indexed chair,
        uint256 round,
        uint256 votes,
        uint256 seats
    );
    /// @notice The ballot's last candidate no longer sits: nobody won; a new ballot may open.
    event BallotFailed(uint256 indexed ballotId, uint256 round);
    /// @notice `nextDeadline` is type(uint256).max when no further report falls due in the term.
    event ReportPublished(
        uint256 indexed reportId,
        uint256 indexed termId,
        address indexed chair,
        string uri,
        uint256 nextDeadline
    );
    /// @notice No report by `deadline`: recorded once per missed interval.
    event ReportMissed(uint256 indexed missedId, uint256 indexed termId, address chair, uint256 deadline);

    error InvalidParameter(string name, uint256 value);
    error NotSittingMember(address account);
    error NoElectedCouncil(uint256 termId);
    error DeclarationClosed(uint256 ballotId, uint256 round, uint256 roundEnd);
    error AlreadyCandidate(uint256 ballotId, address candidate);
    error ChairAlreadyElected(uint256 ballotId, address chair);
    error NotInRound(uint256 ballotId, uint256 round, uint256 roundEnd);
    error NotCandidate(uint256 ballotId, address candidate);
    error NoOpenRound(uint256 ballotId);
    error NotChair(address caller, address chair);
    /// @notice No chair sits, so no report is due.
    error NoChair();

    /// @notice Declares the caller (a member sitting in an elected term) a candidate for chair.
    /// Open during the first round of a ballot (the first declaration starts it); opens a new
    /// ballot when the term has none or its chair no longer sits (vacancy) or its ballot failed.
    function declareForChair() external returns (uint256 ballotId);

    /// @notice The caller's vote in the open round, changeable within it (0 withdraws). A candidate
    /// with the votes of more than half of the sitting members wins at once.
    function chairVote(address candidate) external;

    /// @notice Closes the round whose window ended: a majority of sitting members elects; otherwise
    /// the candidate with the fewest votes (one not sitting first; ties: the later declaration) is
    /// eliminated and a new round opens; the last one left wins. Keeper bounty, one unit per round.
    /// Reverts `NotDue(roundEnd, now)` before the window ends.
    function closeRound() external returns (address chair);

    /// @notice The chair's yearly disclosure (development, operations, use of the reserve, with the
    /// auditor's report). Only the chair. The next is due one interval later, if that is within the
    /// term.
    function publishReport(string calldata uri) external returns (uint256 reportId);

    /// @notice Records a missed report once the deadline passed without one (once per missed
    /// interval; keeper bounty) against the clock's chair and term, also after the term ended.
    /// Reverts `NotDue(deadline + 1, now)` before, `NoChair()` when no clock runs.
    function recordMissedReport() external returns (uint256 missedId);

    /// @notice Changes the chair's rules. Timelock only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The chair's rules.
    function parameters() external view returns (Parameters memory);

    /// @notice The chair now: the current elected term's ballot winner while it sits (0: none).
    function chair() external view returns (address);

    /// @notice The current ballot of `termId` (0: none).
    function ballotOfTerm(uint256 termId) external view returns (uint256);

    /// @notice A ballot's record.
    function ballotOf(uint256 ballotId) external view returns (Ballot memory);

    /// @notice A ballot's candidates in declaration order.
    function candidatesOf(uint256 ballotId) external view returns (address[] memory);

    /// @notice A candidate's record in a ballot.
    function candidateOf(uint256 ballotId, address candidate) external view returns (Candidate memory);

    /// @notice Whom `member` votes for in `round` of a ballot (0: nobody).
    function voteOf(uint256 ballotId, uint256 round, address member) external view returns (address);

    /// @notice The votes of sitting members for `candidate` in `round` of a ballot.
    function votesFor(uint256 ballotId, uint256 round, address candidate) external view returns (uint256);

    /// @notice The ballot of the current term with a round to close and when it is due
    /// (type(uint256).max: nothing to close).
    function roundDueAt() external view returns (uint256 ballotId, uint256 dueAt);

    /// @notice When the chair's next report is due at the latest (a missed one is recordable after
    /// it): one interval after the chair's election or its last report, the first one by the term's
    /// end at the latest; type(uint256).max when nothing is due (no clock, or a vacancy).
    function reportDeadline() external view returns (uint256);

    /// @notice How many reports were published.
    function reportCount() external view returns (uint256);

    /// @notice How many missed reports were recorded.
    function missedReportCount() external view returns (uint256);
}
