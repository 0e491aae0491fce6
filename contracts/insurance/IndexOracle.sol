// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {IIndexOracle} from "../interfaces/IIndexOracle.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IUpkeep} from "../interfaces/IUpkeep.sol";
import {Governed} from "../governance/Governed.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {Median} from "../libraries/Median.sol";
import {Subjects} from "../libraries/Subjects.sol";

/// @title IndexOracle
/// @notice Index values reported by the Committee (DESIGN §8), one round per (feed, subject).
/// @dev Choices the design leaves open:
/// - A feed's id is `keccak256(bytes(name))` (`flight-delay-minutes`, `rain-mm`): anyone derives
///   it from the name (`feedIdOf`), and no two feeds share a name. The Timelock adds and changes
///   feeds (`setFeed`); an existing feed's range and deadline quorum may change, its timing
///   (`reportDeadline`, `grace`) may not (`FeedTimingFixed`): policies were sold against it, and a
///   round once void by time must never become reportable again.
/// - Rounds open only for subjects a consumer (the InsuranceMarket, at the first policy on a
///   subject) requested, so no member makes duties, and no one makes bounties, for free. The first
///   report from the subject's observation time on opens the round: it snapshots the term
///   running then (`Committee.termAt`) and the number of its non-empty seats; the quorums are of
///   that number for the round's whole life (an impeachment later does not move them).
/// - A reporter is a non-empty seat of the snapshotted term (`Committee.membersOf`) at the time
///   of its report: an impeached member reports no more, a member of a later term does not
///   report on a round opened before it.
/// - Final at the report that brings the count to ceil(2n/3) of the snapshot's n, at the lower
///   middle of the sorted reports (`Median`); from `observesAt + reportDeadline` on, `finalize`
///   (anyone) takes the lower median with at least max(deadlineQuorum, n / 2 + 1) reports (a
///   majority: DESIGN §8 asks never fewer than n / 3 + 1; audit I7 and I3 showed that three of
///   seven alone could then decide a subject the honest members' source has no value for, and have
///   the honest four recorded missed and slashed; a majority of the snapshot cannot be outvoted by
///   its minority); at
///   `observesAt + reportDeadline + grace` a round still not final is void (`valueOf` says so at
///   once; `voidRound` writes it and tells the indexer). Reports are refused outside [min, max].
/// - Reports are stored in the order they come: the first in the round's own slot (its `value`,
///   shown as zero by `roundOf` until final), the others int64 × 4 per slot; at finality the first
///   takes the final value's place among the others. The committee's size is at most 32, the
///   width of a round's seat bitmap.
/// - `reportBySeat` is `report` for a member that names its seat (`Committee.memberAt`, two
///   reads, instead of `membersOf`'s read per seat); the feeder uses it.
/// - The oracle must stay one of the Committee's duty sources: a finality whose duties cannot be
///   recorded reverts (never a final value without its duties).
/// - Duties (ICommitteeDutyBook): recorded when the round finalizes, never at a report: every
///   reporter done; on the deadline path every seat of the term not emptied that did not report
///   missed (a round final at 2/3 records no misses: its late members were not needed); a void
///   round records nothing (a policy on a garbage subject neither farms credit for a lone member
///   nor gets honest members slashed). The oracle must be one of the Committee's duty sources.
/// - Bounties: `finalize` and `voidRound` pay one unit each, once per round (the second call
///   reverts). Each round was requested by a consumer at a policy purchase, whose non-refundable
///   upkeep fee paid into KeeperRewards covers it (DESIGN §2). The report that finalizes by 2/3
///   pays nothing: reporting is the member's duty, paid by the Committee's rewards.
/// - The committee is bound once by the deployer (`bindCommittee`; genesis deploys the oracle
///   before the Committee, whose constructor lists it as a duty source); until then the deployer
///   may also allow consumers (the market deployed after the oracle). After binding the
///   deployer holds nothing.
contract IndexOracle is IIndexOracle, Governed, Upkeep {
    using Subjects for bytes32;

    bytes32 public constant FINALIZE_KIND = "IndexOracle.finalize";
    bytes32 public constant VOID_KIND = "IndexOracle.voidRound";
    /// @notice Seats a round can follow: its reporters are a 32-bit bitmap.
    uint256 public constant MAX_SEATS = 32;

    mapping(bytes32 feedId => Feed feed) private _feeds;
    mapping(bytes32 feedId => mapping(bytes32 subject => Round round)) private _rounds;
    /// @dev Reports after the first, in arrival order, four int64 a word (report i ≥ 1 in word
    /// (i - 1) / 4, bits 64·((i - 1) % 4)); the first waits in the round's `value` until final.
    mapping(bytes32 feedId => mapping(bytes32 subject => mapping(uint256 word => uint256 values))) private _values;
    /// @inheritdoc IIndexOracle
    mapping(address consumer => bool allowed) public isConsumer;
    ICommittee private _committee;
    address private _binder;

    /// @param keeperRewards_ Pays the finalize and void bounties.
    /// @param timelock_ Sets feeds and consumers.
    /// @param feeds_ The feeds from the start (`flight-delay-minutes`, `rain-mm`).
    /// @param consumers_ Contracts that may request rounds from the start.
    constructor(
        IKeeperRewards keeperRewards_,
        address timelock_,
        FeedSetting[] memory feeds_,
        address[] memory consumers_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        for (uint256 i = 0; i < feeds_.length; ++i) _setFeed(feeds_[i]);
        for (uint256 i = 0; i < consumers_.length; ++i) _setConsumer(consumers_[i], true);
        _binder = msg.sender;
    }

    // ---------------------------------------------------------------- rounds

    /// @inheritdoc IIndexOracle
    function requestRound(bytes32 feedId, bytes32 subject) external {
        if (!isConsumer[msg.sender]) revert NotConsumer(msg.sender);
        if (!_feeds[feedId].exists) revert UnknownFeed(feedId);
        subject.check();
        Round storage round = _rounds[feedId][subject];
        if (round.state != RoundState.None) return;
        round.state = RoundState.Requested;
        emit RoundRequested(feedId, subject, msg.sender, subject.observesAt());
    }

    /// @inheritdoc IIndexOracle
    /// @dev Finds the caller's seat among the term's members (`Committee.membersOf`: a read per
    /// seat); `reportBySeat` is the cheaper form for a reporter that knows its seat.
    function report(bytes32 feedId, bytes32 subject, int256 value) external {
        (Round memory round, uint256 term) = _reportable(feedId, subject, value);
        address[] memory members = _committee.membersOf(term);
        uint256 seats = members.length;
        uint256 seat = seats;
        uint256 active = 0;
        for (uint256 i = 0; i < seats; ++i) {
            if (members[i] == msg.sender) seat = i;
            if (members[i] != address(0)) ++active;
        }
        _report(feedId, subject, value, round, term, seat, seat == seats ? address(0) : msg.sender, active);
    }

    /// @inheritdoc IIndexOracle
    function reportBySeat(bytes32 feedId, bytes32 subject, int256 value, uint256 seat) external {
        (Round memory round, uint256 term) = _reportable(feedId, subject, value);
        (address member, uint256 active) = _committee.memberAt(term, seat);
        _report(feedId, subject, value, round, term, seat, member, active);
    }

    /// @inheritdoc IIndexOracle
    /// @dev Due from `observesAt + reportDeadline` until the round is void; reverts
    /// `QuorumNotReached` with fewer than `deadlineQuorumOf` reports. Records every reporter's duty
    /// done and every other seat's missed; pays one bounty.
    function finalize(bytes32 feedId, bytes32 subject) external {
        Feed memory feed = _feeds[feedId];
        Round memory round = _openRound(feedId, subject, feed);
        uint256 deadline = subject.observesAt() + feed.reportDeadline;
        if (block.timestamp < deadline) revert IUpkeep.NotDue(deadline, block.timestamp);
        if (block.timestamp >= deadline + feed.grace) revert RoundClosed(feedId, subject, RoundState.Void);
        uint256 quorum = _deadlineQuorum(feed, round.committeeSize);
        if (round.reports < quorum) revert QuorumNotReached(feedId, subject, round.reports, quorum);
        address[] memory members = _committee.membersOf(round.term);
        uint256 missed = 0;
        for (uint256 seat = 0; seat < members.length; ++seat) {
            if (members[seat] != address(0) && round.reportedSeats & (1 << seat) == 0) missed |= 1 << seat;
        }
        _finalize(feedId, subject, round, missed, true);
        _payBounty(FINALIZE_KIND, 1);
    }

    /// @inheritdoc IIndexOracle
    /// @dev Due at `observesAt + reportDeadline + grace`; records no duties; pays one bounty.
    function voidRound(bytes32 feedId, bytes32 subject) external {
        Feed memory feed = _feeds[feedId];
        Round memory round = _openRound(feedId, subject, feed);
        uint256 voidAt = subject.observesAt() + feed.reportDeadline + feed.grace;
        if (block.timestamp < voidAt) revert IUpkeep.NotDue(voidAt, block.timestamp);
        _rounds[feedId][subject].state = RoundState.Void;
        emit RoundVoided(feedId, subject, round.reports, msg.sender);
        _payBounty(VOID_KIND, 1);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IIndexOracle
    function setFeed(FeedSetting calldata setting) external onlyTimelock returns (bytes32 feedId) {
        return _setFeed(setting);
    }

    /// @inheritdoc IIndexOracle
    function setConsumer(address consumer, bool allowed) external {
        if (msg.sender != timelock && msg.sender != _binder) revert NotTimelock(msg.sender, timelock);
        _setConsumer(consumer, allowed);
    }

    /// @inheritdoc IIndexOracle
    function bindCommittee(address committee_) external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        if (committee_.code.length == 0) revert InvalidCommittee(committee_);
        _binder = address(0);
        _committee = ICommittee(committee_);
        emit CommitteeBound(committee_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IIndexOracle
    function valueOf(bytes32 feedId, bytes32 subject) external view returns (RoundState state, int256 value) {
        Round memory round = _rounds[feedId][subject];
        state = round.state;
        if (state == RoundState.Final) return (state, round.value);
        if (state == RoundState.Requested || state == RoundState.Open) {
            Feed memory feed = _feeds[feedId];
            if (block.timestamp >= subject.observesAt() + feed.reportDeadline + feed.grace) state = RoundState.Void;
        }
    }

    /// @inheritdoc IIndexOracle
    function feedOf(bytes32 feedId) external view returns (Feed memory) {
        return _feeds[feedId];
    }

    /// @inheritdoc IIndexOracle
    /// @dev `value` is zero until final (the stored round keeps the first report there until then).
    function roundOf(bytes32 feedId, bytes32 subject) external view returns (Round memory round) {
        round = _rounds[feedId][subject];
        if (round.state != RoundState.Final) round.value = 0;
    }

    /// @inheritdoc IIndexOracle
    function reportsOf(bytes32 feedId, bytes32 subject) external view returns (int256[] memory values) {
        return _load(feedId, subject, _rounds[feedId][subject]);
    }

    /// @inheritdoc IIndexOracle
    function deadlineQuorumOf(bytes32 feedId, uint256 committeeSize) external view returns (uint256) {
        return _deadlineQuorum(_feeds[feedId], committeeSize);
    }

    /// @inheritdoc IIndexOracle
    function deadlinesOf(bytes32 feedId, bytes32 subject) external view returns (uint256 deadline, uint256 voidAt) {
        Feed memory feed = _feeds[feedId];
        deadline = subject.observesAt() + feed.reportDeadline;
        voidAt = deadline + feed.grace;
    }

    /// @inheritdoc IIndexOracle
    function committee() external view returns (address) {
        return address(_committee);
    }

    /// @inheritdoc IIndexOracle
    function feedIdOf(string calldata name) external pure returns (bytes32) {
        return keccak256(bytes(name));
    }

    // ---------------------------------------------------------------- internals

    /// @dev The round of `subject` on a known feed, still Requested or Open (by its stored state).
    function _openRound(bytes32 feedId, bytes32 subject, Feed memory feed) private view returns (Round memory round) {
        if (!feed.exists) revert UnknownFeed(feedId);
        round = _rounds[feedId][subject];
        if (round.state == RoundState.None) revert NotRequested(feedId, subject);
        if (round.state > RoundState.Open) revert RoundClosed(feedId, subject, round.state);
    }

    /// @dev Checks a report of `value` on `subject`'s round and returns the round and the term
    /// whose members report on it (the running term if the report opens the round).
    function _reportable(
        bytes32 feedId,
        bytes32 subject,
        int256 value
    ) private view returns (Round memory round, uint256 term) {
        Feed memory feed = _feeds[feedId];
        if (!feed.exists) revert UnknownFeed(feedId);
        round = _rounds[feedId][subject];
        if (round.state == RoundState.None) revert NotRequested(feedId, subject);
        if (round.state > RoundState.Open) revert RoundClosed(feedId, subject, round.state);
        uint256 observesAt = subject.observesAt();
        if (block.timestamp >= observesAt + feed.reportDeadline + feed.grace) {
            revert RoundClosed(feedId, subject, RoundState.Void);
        }
        if (block.timestamp < observesAt) revert NotObservable(subject, observesAt, block.timestamp);
        if (value < feed.min || value > feed.max) revert OutOfRange(feedId, value, feed.min, feed.max);
        ICommittee committee_ = _committee;
        if (address(committee_) == address(0)) revert InvalidCommittee(address(0));
        term = round.state == RoundState.Requested ? committee_.termAt(block.timestamp) : round.term;
    }

    /// @dev Records the report of `member` (the caller must be it) at `seat` of `term`, opening
    /// the round with `active` members if it is the first, and finalizes at ceil(2n/3).
    function _report(
        bytes32 feedId,
        bytes32 subject,
        int256 value,
        Round memory round,
        uint256 term,
        uint256 seat,
        address member,
        uint256 active
    ) private {
        bool opening = round.state == RoundState.Requested;
        if (opening && active == 0) revert NoCommittee(term);
        if (opening && active > MAX_SEATS) revert CommitteeTooLarge(term, active);
        // A seat beyond the bitmap has no member in a committee that fits it.
        if (member != msg.sender || member == address(0) || seat >= MAX_SEATS) {
            revert NotCommitteeMember(msg.sender, term);
        }
        if (opening) {
            round.state = RoundState.Open;
            round.term = uint64(term);
            round.committeeSize = uint8(active);
            emit RoundOpened(feedId, subject, term, active);
        }
        if (round.reportedSeats & (1 << seat) != 0) revert AlreadyReported(feedId, subject, msg.sender);
        uint256 index = round.reports;
        // In [min, max] of int64, so the casts are exact. The first report waits in the round's
        // value (its slot is written anyway), the others in words of four.
        if (index == 0) {
            round.value = int64(value);
        } else {
            uint256 lane = index - 1;
            _values[feedId][subject][lane >> 2] |= uint256(uint64(int64(value))) << ((lane & 3) << 6);
        }
        round.reports = uint8(index + 1);
        round.reportedSeats |= uint32(1 << seat);
        emit Reported(feedId, subject, msg.sender, seat, value, index + 1);
        if ((index + 1) * 3 >= uint256(round.committeeSize) * 2) {
            _finalize(feedId, subject, round, 0, false);
        } else {
            _rounds[feedId][subject] = round;
        }
    }

    /// @dev Writes the final value (the lower median of the reports) and records the duties:
    /// every reporter's done, every seat of `missedSeats` missed. The Committee is the suite's
    /// own and ignores emptied seats and settled terms.
    function _finalize(
        bytes32 feedId,
        bytes32 subject,
        Round memory round,
        uint256 missedSeats,
        bool byDeadline
    ) private {
        int256[] memory values = _load(feedId, subject, round);
        uint256 count = values.length;
        int256[] memory sorted = new int256[](count);
        for (uint256 i = 0; i < count; ++i) sorted[i] = values[i];
        int256 value = Median.lowerMedian(sorted);
        // The round's value slot now holds the final value: the first report takes the place of
        // the final value's copy among the others, so the stored reports stay the same values.
        if (values[0] != value) {
            uint256 lane = 0;
            while (values[lane + 1] != value) ++lane;
            mapping(uint256 word => uint256 values) storage words = _values[feedId][subject];
            uint256 shift = (lane & 3) << 6;
            uint256 word = words[lane >> 2] & ~(uint256(type(uint64).max) << shift);
            words[lane >> 2] = word | (uint256(uint64(int64(values[0]))) << shift);
        }
        round.state = RoundState.Final;
        round.value = int64(value);
        round.finalizedAt = uint64(block.timestamp);
        _rounds[feedId][subject] = round;
        emit RoundFinalized(feedId, subject, value, round.reports, byDeadline, msg.sender);
        _committee.recordDuties(round.term, round.reportedSeats, missedSeats);
    }

    /// @dev The reports of a round not final yet: the first in its value, the rest in words.
    function _load(bytes32 feedId, bytes32 subject, Round memory round) private view returns (int256[] memory values) {
        uint256 count = round.reports;
        values = new int256[](count);
        if (count == 0) return values;
        values[0] = round.value;
        mapping(uint256 word => uint256 values) storage words = _values[feedId][subject];
        uint256 word = 0;
        for (uint256 i = 1; i < count; ++i) {
            uint256 lane = i - 1;
            if (lane & 3 == 0) word = words[lane >> 2];
            values[i] = int64(uint64(word >> ((lane & 3) << 6)));
        }
    }

    function _deadlineQuorum(Feed memory feed, uint256 committeeSize) private pure returns (uint256) {
        return Math.max(feed.deadlineQuorum, committeeSize / 2 + 1);
    }

    function _setFeed(FeedSetting memory setting) private returns (bytes32 feedId) {
        feedId = keccak256(bytes(setting.name));
        if (bytes(setting.name).length == 0) revert InvalidFeedParameter(feedId, "name", 0);
        if (setting.min >= setting.max) revert InvalidFeed(feedId, setting.min, setting.max);
        if (setting.reportDeadline == 0) revert InvalidFeedParameter(feedId, "reportDeadline", 0);
        if (setting.grace == 0) revert InvalidFeedParameter(feedId, "grace", 0);
        if (setting.deadlineQuorum == 0) revert InvalidFeedParameter(feedId, "deadlineQuorum", 0);
        Feed memory existing = _feeds[feedId];
        if (existing.exists && (existing.reportDeadline != setting.reportDeadline || existing.grace != setting.grace)) {
            revert FeedTimingFixed(feedId, existing.reportDeadline, existing.grace);
        }
        _feeds[feedId] = Feed({
            min: setting.min,
            max: setting.max,
            reportDeadline: setting.reportDeadline,
            grace: setting.grace,
            deadlineQuorum: setting.deadlineQuorum,
            exists: true
        });
        emit FeedSet(
            feedId,
            setting.name,
            setting.min,
            setting.max,
            setting.reportDeadline,
            setting.grace,
            setting.deadlineQuorum
        );
    }

    function _setConsumer(address consumer, bool allowed) private {
        if (consumer == address(0)) revert NotConsumer(consumer);
        isConsumer[consumer] = allowed;
        emit ConsumerSet(consumer, allowed);
    }
}
