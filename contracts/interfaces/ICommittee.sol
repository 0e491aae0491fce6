// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";
import {IRewardsSchedule} from "./IRewardsReserve.sol";
import {ICommitteeDuties, ICommitteeDutyBook, ICommitteeLock} from "./IStakingHooks.sol";

/// @title IHonorNodes
/// @notice What the Committee needs of the HonorPool: who is an honor node, and slashing.
interface IHonorNodes {
    function isHonorNode(address node) external view returns (bool);

    /// @notice Takes `bps` of `node`'s stake (active and pending) to the RewardsReserve.
    function slash(address node, uint256 bps, bytes32 reason) external returns (uint256 amount);
}

/// @title IReputationSource
/// @notice A node's reputation in bps at a past timepoint (the Reputation lens).
interface IReputationSource {
    function reputationAt(address node, uint256 timepoint) external view returns (uint16);
}

/// @title ICommittee
/// @notice The elected committee (DESIGN §7): terms of `termLength` (7 days); honor nodes declare
/// candidacy for the next term until `candidacyLead` before it starts; then the candidates'
/// reputation is frozen (`closeCandidacy`, batched) and a later block's randomness draws up to
/// `seats` (7) of them, weighted by reputation without replacement (`draw`: the same in any
/// block). Members do duties assigned to them by duty sources (StorageProofs' epoch settlements,
/// the IndexOracle's reports); `settleTerm` pays the term's rewards from the RewardsReserve by
/// duties done, returns the rest, and slashes 1% (and a term out) from a member that missed more
/// than a third. Two thirds of the other members impeach a member: 5% slashed, seat emptied.
/// Upkeep not due reverts `IUpkeep.NotDue(dueAt, nowAt)` (timestamps, or block numbers for a
/// draw waiting for its randomness).
interface ICommittee is IGoverned, IUpkeep, IRewardsSchedule, ICommitteeLock, ICommitteeDuties, ICommitteeDutyBook {
    struct Schedule {
        /// @dev Term 0 starts here; term n at start + n·termLength.
        uint64 start;
        uint64 termLength;
        /// @dev Candidacy for term n closes this long before it starts.
        uint64 candidacyLead;
        /// @dev A term is settled this long after it ends (duties of its last epochs land first).
        uint64 settleDelay;
    }

    struct Parameters {
        /// @dev Members drawn per term (at most MAX_SEATS).
        uint8 seats;
        /// @dev Candidates per term (at most MAX_CANDIDATES).
        uint16 maxCandidates;
        /// @dev Slashed from a member that missed more than a third of its duties in a term.
        uint16 missSlashBps;
        /// @dev Slashed from an impeached member.
        uint16 impeachSlashBps;
    }

    /// @notice A term's record in one slot: the seated candidates' indices (9 bits each, seat by
    /// seat), how many seats were filled, which seats were emptied by impeachment, the impeachment
    /// votes (8 bits per target seat, one bit per voting seat), the candidates frozen so far, the
    /// term's progress and its randomness request.
    struct Term {
        uint64 seats;
        uint8 seatCount;
        uint8 emptied;
        uint56 votes;
        uint32 frozen;
        bool closed;
        bool drawn;
        bool settled;
        uint40 requestId;
    }

    /// @notice A node's committee record: its latest candidacy (term + 1, 0 for none), its index
    /// among that term's candidates and its reputation when it declared (the frozen weight never
    /// exceeds it), the first term it may stand for again after a penalty, its stake lock carried
    /// from an earlier seat and that seat's term + 1 (the lock lasts until that term is settled
    /// too), and the duties it did over all terms.
    struct Node {
        uint32 candidateTerm;
        uint16 candidateIndex;
        uint16 declaredReputation;
        uint32 sitOutUntil;
        uint48 lockedUntil;
        uint32 seatTerm;
        uint64 dutiesDone;
    }

    event ParametersChanged(Parameters parameters);
    event DutySourceSet(address indexed source, bool allowed);
    event CandidacyDeclared(uint256 indexed term, address indexed node, uint256 index);
    /// @notice A candidate's reputation frozen for `term`'s draw (0: not drawable: no longer an
    /// honor node, or sitting out).
    event CandidateFrozen(uint256 indexed term, address indexed node, uint256 index, uint256 reputation);
    /// @notice Every candidate of `term` is frozen; the draw waits for request `requestId`.
    event CandidacyClosed(uint256 indexed term, uint256 candidates, uint256 requestId, uint256 drawableAt);
    event DrawReseeded(uint256 indexed term, uint256 requestId, uint256 drawableAt);
    event CommitteeDrawn(uint256 indexed term, address[] members, uint256[] reputations);
    /// @notice A duty of `member` (seat `seat` of `term`) was recorded by `source`: done or missed.
    event DutyRecorded(uint256 indexed term, uint256 seat, address indexed member, address indexed source, bool done);
    /// @notice Seat `voterSeat` voted to impeach seat `targetSeat` of `term` (members by seat:
    /// CommitteeDrawn); `votes` of the `needed` are cast.
    event ImpeachmentVoted(uint256 indexed term, uint256 voterSeat, uint256 targetSeat, uint256 votes, uint256 needed);
    event MemberImpeached(uint256 indexed term, address indexed member, uint256 slashed);
    /// @notice `member`, sitting out `term` (penalized or impeached before it), holds no seat `seat`
    /// of it: vacated when the term was drawn already, or at its draw.
    event SeatVacated(uint256 indexed term, address indexed member, uint256 seat);
    /// @notice `member` missed `missed` of its `assigned` duties in `term`: slashed, and out until `sitOutUntil`.
    event MemberPenalized(
        uint256 indexed term,
        address indexed member,
        uint256 assigned,
        uint256 missed,
        uint256 slashed,
        uint256 sitOutUntil
    );
    event RewardPaid(uint256 indexed term, address indexed member, uint256 amount, uint256 dutiesDone);
    /// @notice `term` was settled: `received` from the RewardsReserve, `paid` to members, `returned` to it.
    event TermSettled(uint256 indexed term, uint256 received, uint256 paid, uint256 returned);

    error InvalidParameter(string name, uint256 value);
    error NotHonorNode(address node);
    error SittingOut(address node, uint256 untilTerm);
    error AlreadyCandidate(address node, uint256 term);
    /// @notice The node's previous candidacy (`term`) is closed but not drawn yet.
    error DrawPending(address node, uint256 term);
    error TooManyCandidates(uint256 term, uint256 maxCandidates);
    error WrongTermState(uint256 term);
    error NotDutySource(address caller);
    error UnknownSeat(uint256 term, uint256 seat);
    /// @notice `term` has not started: its members cannot vote yet.
    error TermNotStarted(uint256 term, uint256 startsAt);
    error NotMember(address caller, uint256 term, uint256 seat);
    error AlreadyVoted(uint256 term, uint256 voterSeat, uint256 targetSeat);
    /// @notice Terms are settled in order: `expected` is the next.
    error OutOfOrder(uint256 term, uint256 expected);

    /// @notice Declares the caller, an honor node, a candidate for the next term whose candidacy is open.
    function declareCandidacy() external returns (uint256 term);

    /// @notice Freezes the reputation of up to `maxCount` more candidates of `term` (after its
    /// candidacy closed); once all are frozen, requests the draw's randomness. Pays a bounty per
    /// candidate frozen.
    function closeCandidacy(uint256 term, uint256 maxCount) external returns (uint256 frozen);

    /// @notice Draws `term`'s committee from its randomness (re-seeding a missed block first).
    /// Returns whether it drew (false: re-seeded).
    function draw(uint256 term) external returns (bool drawn);

    /// @notice A sitting member's vote to impeach another member of the running term.
    function voteImpeach(uint256 voterSeat, uint256 targetSeat) external;

    /// @notice Settles `term` (in order, `settleDelay` after it ended): rewards by duties done,
    /// the unearned rest back to the reserve, and the penalty of members that missed > 1/3.
    function settleTerm(uint256 term) external;

    /// @notice Records in one call a duty of each seat of `term` in the bitmap `doneSeats` (done)
    /// and in `missedSeats` (missed), as `recordDuty` would one by one. Duty sources only; a seat
    /// beyond the term's or in both bitmaps reverts `UnknownSeat(term, doneSeats | missedSeats)`.
    function recordDuties(uint256 term, uint256 doneSeats, uint256 missedSeats) external;

    /// @notice Allows or stops a contract recording duties (the Timelock; the deployer once at genesis).
    function setDutySource(address source, bool allowed) external;

    function setParameters(Parameters calldata parameters) external;

    function parameters() external view returns (Parameters memory);

    function schedule() external view returns (Schedule memory);

    /// @notice The term running at `timestamp` (term 0 before `start`).
    function termAt(uint256 timestamp) external view returns (uint256);

    function termStart(uint256 term) external view returns (uint256);

    /// @notice When candidacy for `term` closes.
    function candidacyCloseOf(uint256 term) external view returns (uint256);

    function termOf(uint256 term) external view returns (Term memory);

    function candidatesOf(uint256 term) external view returns (address[] memory);

    /// @notice `term`'s members by seat (zero for an emptied seat), once drawn.
    function membersOf(uint256 term) external view returns (address[] memory);

    /// @notice The member at `seat` of `term` (zero when emptied, unfilled or not drawn yet) and
    /// the number of the term's seats not emptied (zero before the draw): one slot and one
    /// candidate read, for a duty source checking a reporter (the IndexOracle).
    function memberAt(uint256 term, uint256 seat) external view returns (address member, uint256 active);

    /// @notice Duties assigned to and done by each seat of `term`.
    function dutiesOf(uint256 term) external view returns (uint256[] memory assigned, uint256[] memory done);

    function nodeOf(address node) external view returns (Node memory);

    /// @notice The next term to settle.
    function nextTermToSettle() external view returns (uint256);
}
