// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title ICouncil
/// @notice The elected council (DESIGN §4): yearly elections with candidate bonds and split votes,
/// the transitional council named at genesis, member-majority decisions and statements.
/// @dev Member choices are IChoice.Choice values (0 none, 1 against, 2 for, 3 abstain), the same
/// numbers as referendum votes. A subject is decided when more than half of the sitting members
/// chose the same choice other than none.
interface ICouncil is IGoverned, IUpkeep {
    /// @notice The council's rules; every number comes from the genesis profile.
    struct Parameters {
        uint256 candidateBond;
        uint256 electionThreshold;
        uint32 minSeats;
        uint64 term;
        uint64 nominationPeriod;
        uint64 votingPeriod;
        /// @dev How long a member removed by peers may appeal (DESIGN §13: 14 days).
        uint64 appealPeriod;
    }

    /// @notice A council term. Term 0 is the transitional council.
    struct Term {
        uint40 start;
        uint40 end;
        uint32 electionId;
        uint32 seats;
    }

    /// @notice An election's schedule and finalization progress; `termId` is the term it seated
    /// (0 until finalized, and for an election that seated nobody).
    struct Election {
        uint40 openedAt;
        uint40 votingStart;
        uint40 votingEnd;
        uint32 candidateCount;
        uint32 processed;
        bool finalized;
        uint32 termId;
    }

    /// @notice A candidate in one election. `index` is 1-based in declaration order (0: none).
    struct Candidate {
        uint96 votes;
        uint96 bond;
        uint32 index;
        bool elected;
        bool bondReleased;
    }

    /// @notice One part of a voter's allocation.
    struct Allocation {
        address candidate;
        uint96 weight;
    }

    /// @notice A removal by peers (DESIGN §13) and its appeal. `proposalId` is the restoration
    /// referendum (0: not appealed), opened at `referendum`.
    struct Removal {
        address member;
        uint32 termId;
        uint40 removedAt;
        uint40 appealDeadline;
        bool restored;
        address referendum;
        uint256 proposalId;
    }

    /// @notice Where a removal by peers stands: None (no such removal), Open (the appeal window
    /// runs or the restoration referendum is undecided), Restored, Lost (no appeal in the window,
    /// or the referendum was defeated, expired or canceled).
    enum AppealOutcome {
        None,
        Open,
        Restored,
        Lost
    }

    /// @notice Kinds of council statement (CAS).
    enum StatementKind {
        Support,
        Advocate,
        Reserve,
        Oppose,
        Condemn
    }

    event ParametersChanged(Parameters parameters);
    event TransitionalMember(address indexed member, uint256 deadline);
    event ElectionOpened(
        uint256 indexed electionId,
        address indexed opener,
        uint256 openedAt,
        uint256 votingStart,
        uint256 votingEnd
    );
    event CandidateDeclared(
        uint256 indexed electionId,
        address indexed candidate,
        uint256 index,
        uint256 bond,
        address bondVault,
        string profileURI
    );
    /// @notice A voter's allocation replaced: the new candidates and weights, with its power.
    event CandidatesVoted(
        uint256 indexed electionId,
        address indexed voter,
        address[] candidates,
        uint256[] weights,
        uint256 power
    );
    event ElectionProgress(uint256 indexed electionId, uint256 processed, uint256 candidateCount);
    event MemberElected(uint256 indexed electionId, uint256 indexed termId, address indexed member, uint256 votes);
    event ElectionFinalized(
        uint256 indexed electionId,
        uint256 indexed termId,
        address[] members,
        uint256 termStart,
        uint256 termEnd
    );
    /// @notice An election that elected nobody; a new one may be opened at once.
    event ElectionFailed(uint256 indexed electionId);
    event TermEnded(uint256 indexed termId, uint256 endedAt);
    event BondReleased(uint256 indexed electionId, address indexed candidate, uint256 amount);
    event MemberRemoved(uint256 indexed termId, address indexed member);
    /// @notice At least 2/3 of the other sitting members removed `member` on `groundsURI`.
    event MemberRemovedByPeers(
        uint256 indexed removalId,
        uint256 indexed termId,
        address indexed member,
        string groundsURI,
        uint256 votes,
        uint256 others,
        uint256 appealDeadline
    );
    /// @notice The removed member appealed: the restoration referendum `proposalId` is open.
    event AppealOpened(
        uint256 indexed removalId,
        address indexed member,
        address referendum,
        uint256 indexed proposalId
    );
    /// @notice The restoration referendum passed: the member sits again for the rest of the term.
    event MemberRestored(uint256 indexed removalId, uint256 indexed termId, address indexed member);
    event MemberVoted(uint256 indexed termId, bytes32 indexed subject, address indexed member, uint8 choice);
    event StatementIssued(
        bytes32 indexed subject,
        StatementKind kind,
        uint256 indexed proposalId,
        address indexed account,
        string uri
    );

    error InvalidParameter(string name, uint256 value);
    error InvalidMember(address member);
    error DuplicateMember(address member);
    error TooManyMembers(uint256 count, uint256 max);
    error ElectionStillOpen(uint256 electionId);
    error NoElection();
    error NotInNomination(uint256 electionId, uint256 nominationEnd);
    error NotInVoting(uint256 electionId, uint256 votingStart, uint256 votingEnd);
    error AlreadyCandidate(uint256 electionId, address candidate);
    error BondTooSmall(uint256 bond, uint256 minimum);
    error LengthMismatch(uint256 candidates, uint256 weights);
    error NotCandidate(uint256 electionId, address candidate);
    error WeightsExceedPower(uint256 total, uint256 power);
    error AlreadyFinalized(uint256 electionId);
    error BondLocked(uint256 electionId, address candidate, uint256 until);
    error NothingToRelease(uint256 electionId, address candidate);
    error NotSittingMember(address account);
    error InvalidChoice(uint8 choice);
    error NotDecided(bytes32 subject);
    error InvalidStatementTarget(uint256 proposalId, address account);
    error StatementAlreadyIssued(bytes32 subject);
    error NotEnoughPeerVotes(bytes32 subject, uint256 votes, uint256 needed);
    error AlreadyRemovedByPeers(uint256 termId, address member, uint256 removalId);
    error UnknownRemoval(uint256 removalId);
    error NotRemovedMember(uint256 removalId, address caller);
    error AlreadyAppealed(uint256 removalId, uint256 proposalId);
    error AppealClosed(uint256 removalId, uint256 appealDeadline);
    error NotReferendum(address referendum);
    error NotRestorable(uint256 removalId, AppealOutcome outcome);

    /// @notice Opens the yearly election: by anyone once due, or earlier by a transitional member
    /// for the first one. Pays the keeper bounty. Reverts `NotDue(dueAt, nowAt)` before it is due.
    function openElection() external returns (uint256 electionId);

    /// @notice Declares the caller a candidate of the open election with a bond of `bond`
    /// (at least `candidateBond`) pulled from the caller into the caller's BondVault, which
    /// delegates it back to the caller so that bonding never costs a vote.
    function declareCandidacy(uint256 bond, string calldata profileURI) external;

    /// @notice Replaces the caller's allocation in the open election: `weights[i]` votes to
    /// `candidates[i]`; the sum may not exceed the caller's voting power at the start of voting.
    function voteCandidates(address[] calldata candidates, uint256[] calldata weights) external;

    /// @notice Counts up to `batch` candidates of the election whose voting ended, and seats the
    /// new council once all are counted. Pays one bounty per election, to the call that completes it.
    function finalizeElection(uint256 batch) external returns (bool done);

    /// @notice Returns a candidate's bond once it is free: after a lost election, or when the
    /// candidate's term ended or the candidate was removed.
    function withdrawBond(uint256 electionId) external;

    /// @notice Records the caller's (a sitting member's) choice on `subject`; 0 withdraws it.
    function memberVote(bytes32 subject, uint8 choice) external;

    /// @notice Issues a statement that a majority of sitting members approved (choice 2 on
    /// `statementSubject(kind, proposalId, account, uri)`), about a proposal or an address.
    function issueStatement(StatementKind kind, uint256 proposalId, address account, string calldata uri) external;

    /// @notice Removes a sitting member (a passed referendum) and frees the member's bond.
    function removeMember(address member) external;

    /// @notice Removes `member` for cause once at least 2/3 of the OTHER sitting members, and a
    /// majority of the seats elected for the term less those removed by referendum, chose For on
    /// `removalSubject(member, groundsURI)`
    /// (the member's own choice never counts). Anyone may
    /// call it. A member is removed by peers at most once per term: a restored member sits for
    /// the rest of it (removal by referendum stays). Opens the member's appeal window.
    function removeByPeers(address member, string calldata groundsURI) external returns (uint256 removalId);

    /// @notice The removed member's one appeal, within `appealPeriod` of the removal: opens the
    /// restoration referendum at `referendum` (the Timelock's proposer), with no deposit, whose
    /// only action is `restoreMember(member, removalId)`.
    function appeal(
        uint256 removalId,
        address referendum,
        string calldata descriptionURI
    ) external returns (uint256 proposalId);

    /// @notice Restores a member removed by peers whose appeal is open (the restoration referendum
    /// passed). Timelock only. The member sits again in the removal's term with its bond and pay.
    function restoreMember(address member, uint256 removalId) external;

    /// @notice Changes the council's rules. Timelock only (constitutional).
    function setParameters(Parameters calldata parameters) external;

    /// @notice The council's rules.
    function parameters() external view returns (Parameters memory);

    /// @notice The choice more than half of the sitting members made on `subject` (0: none).
    function decision(bytes32 subject) external view returns (uint8 choice);

    /// @notice The subject members vote on to remove `member` by peers in the current term.
    function removalSubject(address member, string calldata groundsURI) external view returns (bytes32);

    /// @notice A removal by peers.
    function removalOf(uint256 removalId) external view returns (Removal memory);

    /// @notice Whether `member` was removed in `termId` (by peers or by referendum) and not restored;
    /// it stays readable after the term.
    function isRemoved(uint256 termId, address member) external view returns (bool);

    /// @notice The removal by peers of `member` in `termId` (0: none).
    function removalIdOf(uint256 termId, address member) external view returns (uint256);

    /// @notice How many removals by peers there were.
    function removalCount() external view returns (uint256);

    /// @notice Where a removal's appeal stands.
    function appealOutcome(uint256 removalId) external view returns (AppealOutcome);

    /// @notice The members of the current term removed by peers whose appeal is open, with their
    /// removals: the reserve withholds their pay until the appeal is decided.
    function appealingMembers() external view returns (address[] memory members, uint256[] memory removalIds);

    /// @notice The subject members vote on to approve a statement.
    function statementSubject(
        StatementKind kind,
        uint256 proposalId,
        address account,
        string calldata uri
    ) external view returns (bytes32);

    /// @notice When the council first issued a statement about `proposalId` (0: never).
    function firstStatementAt(uint256 proposalId) external view returns (uint256);

    /// @notice The current term's id and schedule, and whether it still sits.
    function currentTerm() external view returns (uint256 termId, Term memory term, bool sitting);

    /// @notice The members sitting now (empty when no council sits).
    function sittingMembers() external view returns (address[] memory);

    /// @notice Whether `account` sits on the council now.
    function isSittingMember(address account) external view returns (bool);

    /// @notice When the next election may be opened by anyone (type(uint256).max while one is open).
    function electionDueAt() external view returns (uint256);

    /// @notice The latest election's id (0: none yet).
    function latestElectionId() external view returns (uint256);

    /// @notice An election's schedule and progress.
    function electionOf(uint256 electionId) external view returns (Election memory);

    /// @notice A candidate's record in an election.
    function candidateOf(uint256 electionId, address candidate) external view returns (Candidate memory);

    /// @notice A voter's current allocation in an election.
    function allocationOf(uint256 electionId, address voter) external view returns (Allocation[] memory);

    /// @notice The vault that holds `candidate`'s bonds (deployed on first candidacy).
    function bondVaultOf(address candidate) external view returns (address);

    /// @notice When the transitional council ends at the latest (genesis + the transitional term).
    function transitionalDeadline() external view returns (uint256);
}
