// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIndexOracle} from "../interfaces/IIndexOracle.sol";
import {Subjects} from "../libraries/Subjects.sol";

/// @notice Test tool only: what the oracle feeder (keepers/src/insurance/feeder.ts) uses of the
/// IndexOracle and of the Committee, with the same events, errors and views, so that the feeder's
/// runtime test (keepers/test/oracleFeeder.test.ts) runs unchanged against the real pair. Anyone
/// may set feeds, request rounds and set a term's members; rounds finalize at 2/3 of the committee
/// snapshotted at the first report with the lower middle of the sorted reports (DESIGN §8); no
/// deadline path, no duties. Never deployed by the suite.
contract IndexOracleFeederMock {
    mapping(bytes32 feedId => IIndexOracle.Feed feed) private _feeds;
    mapping(bytes32 feedId => mapping(bytes32 subject => IIndexOracle.Round)) private _rounds;
    mapping(bytes32 feedId => mapping(bytes32 subject => int256[])) private _values;
    mapping(uint256 term => address[] members) private _members;
    uint256 public currentTerm;

    /// @notice Sets (or replaces) a feed, as the real oracle's Timelock-only `setFeed` does.
    function setFeed(bytes32 feedId, string calldata name, IIndexOracle.Feed calldata feed) external {
        _feeds[feedId] = feed;
        _feeds[feedId].exists = true;
        emit IIndexOracle.FeedSet(
            feedId,
            name,
            feed.min,
            feed.max,
            feed.reportDeadline,
            feed.grace,
            feed.deadlineQuorum
        );
    }

    /// @notice Sets the members of `term` (the Committee's `membersOf`), and makes it the current term.
    function setMembers(uint256 term, address[] calldata members) external {
        _members[term] = members;
        currentTerm = term;
    }

    /// @notice The Committee's `termAt`: here the term of the last `setMembers`.
    function termAt(uint256) external view returns (uint256) {
        return currentTerm;
    }

    /// @notice The Committee's `membersOf`.
    function membersOf(uint256 term) external view returns (address[] memory) {
        return _members[term];
    }

    /// @notice As IIndexOracle.requestRound, from anyone (the real one: consumers only).
    function requestRound(bytes32 feedId, bytes32 subject) external {
        if (!_feeds[feedId].exists) revert IIndexOracle.UnknownFeed(feedId);
        Subjects.check(subject);
        IIndexOracle.Round storage round = _rounds[feedId][subject];
        if (round.state != IIndexOracle.RoundState.None) return;
        round.state = IIndexOracle.RoundState.Requested;
        emit IIndexOracle.RoundRequested(feedId, subject, msg.sender, Subjects.observesAt(subject));
    }

    /// @notice As IIndexOracle.report: one report per member of the round's committee, after the
    /// observation time, within [min, max]; final at 2/3 of the committee.
    function report(bytes32 feedId, bytes32 subject, int256 value) external {
        _report(feedId, subject, value, type(uint256).max);
    }

    /// @notice As the IndexOracle's: the caller names its seat, which must be its own.
    function reportBySeat(bytes32 feedId, bytes32 subject, int256 value, uint256 seat) external {
        _report(feedId, subject, value, seat);
    }

    function _report(bytes32 feedId, bytes32 subject, int256 value, uint256 named) private {
        IIndexOracle.Feed memory feed = _feeds[feedId];
        if (!feed.exists) revert IIndexOracle.UnknownFeed(feedId);
        IIndexOracle.Round storage round = _rounds[feedId][subject];
        IIndexOracle.RoundState state = _stateOf(feed, subject, round.state);
        if (state == IIndexOracle.RoundState.None) revert IIndexOracle.NotRequested(feedId, subject);
        if (state == IIndexOracle.RoundState.Final || state == IIndexOracle.RoundState.Void) {
            revert IIndexOracle.RoundClosed(feedId, subject, state);
        }
        uint256 observesAt = Subjects.observesAt(subject);
        if (block.timestamp < observesAt) revert IIndexOracle.NotObservable(subject, observesAt, block.timestamp);
        if (value < feed.min || value > feed.max) revert IIndexOracle.OutOfRange(feedId, value, feed.min, feed.max);
        uint256 term = state == IIndexOracle.RoundState.Requested ? currentTerm : round.term;
        address[] storage members = _members[term];
        uint256 seat = type(uint256).max;
        for (uint256 i = 0; i < members.length; i++) {
            if (members[i] == msg.sender && (named == type(uint256).max || named == i)) seat = i;
        }
        if (seat == type(uint256).max) revert IIndexOracle.NotCommitteeMember(msg.sender, term);
        uint32 bit = uint32(1 << seat);
        if (round.reportedSeats & bit != 0) {
            revert IIndexOracle.AlreadyReported(feedId, subject, msg.sender);
        }
        if (state == IIndexOracle.RoundState.Requested) {
            if (members.length == 0) revert IIndexOracle.NoCommittee(term);
            round.state = IIndexOracle.RoundState.Open;
            round.term = uint64(term);
            round.committeeSize = uint8(members.length);
            emit IIndexOracle.RoundOpened(feedId, subject, term, members.length);
        }
        round.reportedSeats |= bit;
        round.reports += 1;
        _values[feedId][subject].push(value);
        emit IIndexOracle.Reported(feedId, subject, msg.sender, seat, value, round.reports);
        if (uint256(round.reports) * 3 >= uint256(round.committeeSize) * 2) {
            int256 median = _lowerMedian(_values[feedId][subject]);
            round.state = IIndexOracle.RoundState.Final;
            round.value = int64(median);
            round.finalizedAt = uint64(block.timestamp);
            emit IIndexOracle.RoundFinalized(feedId, subject, median, round.reports, false, msg.sender);
        }
    }

    /// @notice As IIndexOracle.valueOf: Void once deadline + grace passed without a final value.
    function valueOf(bytes32 feedId, bytes32 subject) external view returns (IIndexOracle.RoundState, int256) {
        IIndexOracle.Round memory round = _rounds[feedId][subject];
        return (_stateOf(_feeds[feedId], subject, round.state), round.value);
    }

    /// @notice As IIndexOracle.feedOf.
    function feedOf(bytes32 feedId) external view returns (IIndexOracle.Feed memory) {
        return _feeds[feedId];
    }

    /// @notice As IIndexOracle.roundOf.
    function roundOf(bytes32 feedId, bytes32 subject) external view returns (IIndexOracle.Round memory) {
        return _rounds[feedId][subject];
    }

    function _stateOf(
        IIndexOracle.Feed memory feed,
        bytes32 subject,
        IIndexOracle.RoundState state
    ) private view returns (IIndexOracle.RoundState) {
        if (state != IIndexOracle.RoundState.Requested && state != IIndexOracle.RoundState.Open) return state;
        uint256 voidAt = uint256(Subjects.observesAt(subject)) + feed.reportDeadline + feed.grace;
        return block.timestamp > voidAt ? IIndexOracle.RoundState.Void : state;
    }

    function _lowerMedian(int256[] memory values) private pure returns (int256) {
        for (uint256 i = 1; i < values.length; i++) {
            int256 v = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > v) {
                values[j] = values[j - 1];
                j--;
            }
            values[j] = v;
        }
        return values[(values.length - 1) / 2];
    }
}
