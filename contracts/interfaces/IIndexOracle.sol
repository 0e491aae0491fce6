// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";

/// @title IIndexOracle
/// @notice Index values reported by the Committee (DESIGN §8): one round per (feed, subject), opened
/// by the first report after the subject's observation time (see `Subjects`), with the committee
/// snapshotted then; final when two thirds of that committee reported (the lower middle of the
/// sorted reports), or after the feed's deadline with its deadline quorum; void when still not final
/// at deadline + grace. Only subjects a consumer (the InsuranceMarket) requested can be reported,
/// so no one makes work for the committee for free.
interface IIndexOracle is IGoverned {
    enum RoundState {
        None,
        Requested,
        Open,
        Final,
        Void
    }

    /// @notice A feed: what its values mean is its name's business (`flight-delay-minutes`).
    struct Feed {
        /// @dev Reports outside [min, max] are refused, never clamped.
        int64 min;
        int64 max;
        /// @dev Seconds after the observation time from which the deadline path may finalize.
        uint32 reportDeadline;
        /// @dev Seconds after the deadline at which a round still not final is void.
        uint32 grace;
        /// @dev Reports the deadline path needs at least (never fewer than a majority of the
        /// committee, committee / 2 + 1: audit I7).
        uint8 deadlineQuorum;
        bool exists;
    }

    /// @notice A feed as governance sets it: its id is `keccak256(bytes(name))`.
    struct FeedSetting {
        string name;
        int64 min;
        int64 max;
        uint32 reportDeadline;
        uint32 grace;
        uint8 deadlineQuorum;
    }

    struct Round {
        RoundState state;
        /// @dev The committee term snapshotted at the first report, and that committee's size.
        uint64 term;
        uint8 committeeSize;
        uint8 reports;
        /// @dev Bit `seat` set when that seat reported.
        uint32 reportedSeats;
        /// @dev The final value (zero until final).
        int64 value;
        uint64 finalizedAt;
    }

    event FeedSet(
        bytes32 indexed feedId,
        string name,
        int256 min,
        int256 max,
        uint256 reportDeadline,
        uint256 grace,
        uint256 deadlineQuorum
    );
    event ConsumerSet(address indexed consumer, bool allowed);
    event CommitteeBound(address indexed committee);
    /// @notice A consumer asked for `subject`'s value on `feedId` (observable at `observesAt`).
    event RoundRequested(bytes32 indexed feedId, bytes32 indexed subject, address indexed consumer, uint256 observesAt);
    /// @notice The first report opened the round: `committeeSize` members of `term` are expected.
    event RoundOpened(bytes32 indexed feedId, bytes32 indexed subject, uint256 term, uint256 committeeSize);
    event Reported(
        bytes32 indexed feedId,
        bytes32 indexed subject,
        address indexed member,
        uint256 seat,
        int256 value,
        uint256 reports
    );
    event RoundFinalized(
        bytes32 indexed feedId,
        bytes32 indexed subject,
        int256 value,
        uint256 reports,
        bool byDeadline,
        address keeper
    );
    event RoundVoided(bytes32 indexed feedId, bytes32 indexed subject, uint256 reports, address keeper);

    error UnknownFeed(bytes32 feedId);
    error InvalidFeed(bytes32 feedId, int256 min, int256 max);
    error NotConsumer(address caller);
    error NotRequested(bytes32 feedId, bytes32 subject);
    error NotObservable(bytes32 subject, uint256 observesAt, uint256 nowAt);
    error OutOfRange(bytes32 feedId, int256 value, int256 min, int256 max);
    error NotCommitteeMember(address caller, uint256 term);
    error AlreadyReported(bytes32 feedId, bytes32 subject, address member);
    error RoundClosed(bytes32 feedId, bytes32 subject, RoundState state);
    error NoCommittee(uint256 term);
    /// @notice A feed setting refused: `parameter` (`name`, `reportDeadline`, `grace`,
    /// `deadlineQuorum`) has the invalid `value`.
    error InvalidFeedParameter(bytes32 feedId, string parameter, uint256 value);
    /// @notice An existing feed's timing cannot change (rounds on it were sold against it).
    error FeedTimingFixed(bytes32 feedId, uint256 reportDeadline, uint256 grace);
    /// @notice The deadline path needs `quorum` reports; the round has `reports`.
    error QuorumNotReached(bytes32 feedId, bytes32 subject, uint256 reports, uint256 quorum);
    /// @notice The committee's term has more seats than a round's report bitmap holds.
    error CommitteeTooLarge(uint256 term, uint256 seats);
    error NotBinder(address caller);
    error InvalidCommittee(address committee);

    /// @notice Asks for `subject`'s value on `feedId`. Consumers only; a second request is a no-op.
    function requestRound(bytes32 feedId, bytes32 subject) external;

    /// @notice The calling committee member's report of `subject`'s value on `feedId`.
    function report(bytes32 feedId, bytes32 subject, int256 value) external;

    /// @notice `report` by the member at `seat` of the round's term (`Committee.membersOf`): the
    /// same checks and effects, without looking the caller up among every seat (cheaper).
    function reportBySeat(bytes32 feedId, bytes32 subject, int256 value, uint256 seat) external;

    /// @notice The deadline path: finalizes a round past its deadline with at least its quorum.
    function finalize(bytes32 feedId, bytes32 subject) external;

    /// @notice Voids a round still not final at deadline + grace.
    function voidRound(bytes32 feedId, bytes32 subject) external;

    /// @notice `subject`'s state and value on `feedId`; `Void` as soon as deadline + grace passed
    /// without a final value, whether or not `voidRound` was called.
    function valueOf(bytes32 feedId, bytes32 subject) external view returns (RoundState state, int256 value);

    /// @notice Adds or changes the feed `setting.name` (id `keccak256(bytes(name))`). The Timelock only.
    function setFeed(FeedSetting calldata setting) external returns (bytes32 feedId);

    /// @notice Allows or stops `consumer` requesting rounds. The Timelock; the deployer too until
    /// it binds the committee.
    function setConsumer(address consumer, bool allowed) external;

    /// @notice Binds the Committee whose members report. The deployer, once.
    function bindCommittee(address committee_) external;

    function committee() external view returns (address);

    function isConsumer(address consumer) external view returns (bool);

    /// @notice The id of the feed named `name`.
    function feedIdOf(string calldata name) external pure returns (bytes32);

    /// @notice The reports of `subject` on `feedId`: in the order they came until final; once final
    /// the same values with the final one first (its slot holds the final value).
    function reportsOf(bytes32 feedId, bytes32 subject) external view returns (int256[] memory values);

    /// @notice The reports the deadline path needs for `feedId`'s round with a committee of `committeeSize`.
    function deadlineQuorumOf(bytes32 feedId, uint256 committeeSize) external view returns (uint256);

    /// @notice When the deadline path may finalize `subject`'s round, and when it is void.
    function deadlinesOf(bytes32 feedId, bytes32 subject) external view returns (uint256 deadline, uint256 voidAt);

    function feedOf(bytes32 feedId) external view returns (Feed memory);

    function roundOf(bytes32 feedId, bytes32 subject) external view returns (Round memory);
}
