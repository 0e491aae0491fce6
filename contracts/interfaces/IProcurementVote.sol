// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IProcurementVote
/// @notice Procurement rounds chosen by the economic nodes' stake (DESIGN §13, CST 4.8): a sponsor
/// escrows a budget and a voter reward pool; suppliers apply with a bid and a bond; economic nodes
/// vote with their EconomicPool stake at the snapshot `openedAt - 1`; the application with the most
/// weight wins (a tie goes to the earlier application) and is paid its bid when the sponsor (or,
/// for a reserve-sponsored round, the council by member majority) confirms delivery. Voters share
/// the reward pool pro rata to the weight they voted with; forfeited bonds and rounding dust go to
/// the next round's pool.
/// Upkeep not due reverts `IUpkeep.NotDue(dueAt, nowAt)` (timestamps): `close` before the voting
/// window ends, `expireDelivery` before the delivery deadline.
interface IProcurementVote is IGoverned, IUpkeep {
    /// @notice Where a round is. Every state only moves forward: Open → Failed, or Open → Awarded →
    /// Delivered | DeliveryFailed.
    enum Status {
        None,
        Open,
        Failed,
        Awarded,
        Delivered,
        DeliveryFailed
    }

    /// @notice Why a round failed at its close.
    enum FailReason {
        None,
        NoApplications,
        NoVotes
    }

    /// @notice What a sponsor offers. Periods are seconds: applications [open, open + applicationPeriod),
    /// voting [applicationEnd, applicationEnd + votingPeriod), delivery until votingEnd + deliveryPeriod.
    struct Terms {
        /// @dev The most any bid may ask; escrowed at open.
        uint128 budget;
        /// @dev The sponsor's voter reward pool (at least `minRewardPool`); the carried pool is added.
        uint128 rewardPool;
        /// @dev Each application's bond (non-zero).
        uint128 bond;
        uint32 applicationPeriod;
        uint32 votingPeriod;
        uint32 deliveryPeriod;
        /// @dev Distinguishes two reserve rounds with otherwise equal terms (any value for others).
        bytes32 salt;
        /// @dev The item's description.
        string uri;
    }

    /// @notice A round's record.
    struct Round {
        address sponsor;
        bool fromReserve;
        Status status;
        uint48 openedAt;
        uint48 applicationEnd;
        uint48 votingEnd;
        uint48 deliveryDeadline;
        /// @dev The stake of a vote is read here: the last second of the EconomicPool raise before
        /// the latest lock begun before the opening block (stake that stayed locked through it).
        uint48 snapshot;
        uint128 budget;
        /// @dev Sponsor's pool plus what was carried in at open.
        uint128 rewardPool;
        uint128 bond;
        /// @dev The fee paid at open (to KeeperRewards: it funds the round's upkeep bounties).
        uint128 fee;
        uint32 applicationCount;
        uint32 voterCount;
        uint32 claimedCount;
        /// @dev The leading (after close: winning) application id, 0 while none has a vote.
        uint32 leader;
        uint128 leaderWeight;
        uint128 totalWeight;
        uint128 rewardsPaid;
    }

    struct Application {
        address supplier;
        uint128 bid;
        uint128 weight;
        bool withdrawn;
        bool bondReturned;
    }

    /// @notice One staker's vote in a round.
    struct Ballot {
        uint32 application;
        uint96 weight;
        bool claimed;
    }

    struct Parameters {
        /// @dev Paid by every round at open to KeeperRewards (never refunded): a round's close and
        /// expiry bounties are paid only when its fee covers them, so no one profits from making rounds.
        uint128 openFee;
        /// @dev The least sponsor-funded reward pool.
        uint128 minRewardPool;
        /// @dev The least application, voting and delivery period.
        uint32 minPeriod;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice Round `roundId` opened with `round` (its whole record) for the item at `uri`;
    /// `carriedIn` of its pool came from the carried pool (forfeited bonds, dust, failed rounds).
    event RoundOpened(uint256 indexed roundId, address indexed sponsor, string uri, uint256 carriedIn, Round round);
    event Applied(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 bid,
        uint256 bond,
        string documentsUri
    );
    /// @notice `supplier` withdrew; its bond went to the carried pool (now `carried`).
    event ApplicationWithdrawn(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 bondForfeited,
        uint256 carried
    );
    event Voted(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed voter,
        uint256 weight,
        uint256 applicationWeight,
        uint256 totalWeight,
        uint256 leader
    );
    /// @notice The round closed with a winner: `applicationId` of `supplier`, bid `bid`.
    event RoundAwarded(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 bid,
        uint256 weight,
        uint256 totalWeight,
        address keeper
    );
    /// @notice The round failed at close: the budget went back to the sponsor, the pool to the carried
    /// pool (now `carried`).
    event RoundFailed(
        uint256 indexed roundId,
        FailReason reason,
        uint256 budgetReturned,
        uint256 poolCarried,
        uint256 carried,
        address keeper
    );
    event DeliveryConfirmed(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 paid,
        uint256 budgetReturned,
        uint256 bondReturned
    );
    /// @notice Delivery failed (declared, or `expired` at the deadline): the budget went back to the
    /// sponsor; the winner's bond to the carried pool (now `carried`) for a reserve round, to the
    /// CouncilReserve for a sponsor's own round (whose sponsor judged the delivery; `carried`
    /// unchanged).
    event DeliveryFailed(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 bondForfeited,
        uint256 budgetReturned,
        bool expired,
        uint256 carried
    );
    /// @notice `voter` was paid `amount`; the last claim of a round moves its dust to the carried pool.
    event RewardClaimed(uint256 indexed roundId, address indexed voter, uint256 amount, uint256 dust, uint256 carried);
    event BondReturned(
        uint256 indexed roundId,
        uint256 indexed applicationId,
        address indexed supplier,
        uint256 amount
    );

    error InvalidParameter(string name, uint256 value);
    error InvalidTerms(string name, uint256 value);
    error UnknownRound(uint256 roundId);
    error UnknownApplication(uint256 roundId, uint256 applicationId);
    error WrongStatus(uint256 roundId, Status status);
    error ApplicationsClosed(uint256 roundId, uint256 applicationEnd, uint256 nowAt);
    error VotingNotOpen(uint256 roundId, uint256 votingStart, uint256 votingEnd, uint256 nowAt);
    error BidAboveBudget(uint256 bid, uint256 budget);
    error AlreadyApplied(uint256 roundId, address supplier);
    error NotSupplier(uint256 roundId, uint256 applicationId, address caller);
    error ApplicationWithdrawnAlready(uint256 roundId, uint256 applicationId);
    error AlreadyVoted(uint256 roundId, address voter);
    /// @notice `voter` had no stake in the EconomicPool at the round's snapshot.
    error NotEconomicNode(address voter, uint256 snapshot);
    error NotSponsor(uint256 roundId, address caller);
    /// @notice A reserve round's delivery waits for the council's member majority on `subject`.
    error NotDecided(uint256 roundId, bytes32 subject, uint8 decision);
    error DeliveryOverdue(uint256 roundId, uint256 deadline, uint256 nowAt);
    error NothingToClaim(uint256 roundId, address account);
    /// @notice The reserve paid `received`, not the `expected` budget + pool + fee.
    error ReserveUnderpaid(uint256 expected, uint256 received);
    /// @notice No EconomicPool lock has begun before `timepoint` (the first begins at `firstLock`):
    /// there is no locked stake to vote with yet.
    error NoLockedStake(uint256 timepoint, uint256 firstLock);
    /// @notice The reserve round of these terms (`ref`) was opened already.
    error ReserveRoundOpened(bytes32 ref);

    /// @notice Opens a round funded by the caller: pulls budget + rewardPool + openFee (approved).
    function open(Terms calldata terms) external returns (uint256 roundId);

    /// @notice Opens a round sponsored by the CouncilReserve: calls the reserve's
    /// `spend(Infrastructure, this, budget + rewardPool + openFee, reserveRef(terms))`, which pays only
    /// if a council majority approved that spend (within the referendum-approved budget). Anyone.
    function openReserveRound(Terms calldata terms) external returns (uint256 roundId);

    /// @notice Applies to `roundId` with a bid (≤ budget) and the round's bond (pulled, approved);
    /// during the application window, once per supplier.
    function submitApplication(
        uint256 roundId,
        uint256 bid,
        string calldata documentsUri
    ) external returns (uint256 applicationId);

    /// @notice Withdraws the caller's application during the application window; its bond is
    /// forfeited to the next round's pool.
    function withdrawApplication(uint256 roundId, uint256 applicationId) external;

    /// @notice Votes for `applicationId` with the caller's EconomicPool stake at the round's snapshot,
    /// during the voting window; once per staker per round.
    function vote(uint256 roundId, uint256 applicationId) external;

    /// @notice Closes `roundId` once its voting window ended: the leader wins, or the round fails
    /// (no applications, no votes) and returns the budget to the sponsor. Anyone; a bounty when the
    /// round's fee covers it.
    function close(uint256 roundId) external;

    /// @notice The sponsor (or, for the reserve, anyone once the council decided For on
    /// `deliverySubject`) confirms delivery: the winner is paid its bid and its bond back, the
    /// rest of the budget goes to the sponsor. Before the delivery deadline.
    function confirmDelivery(uint256 roundId) external;

    /// @notice The sponsor (or, for the reserve, anyone once the council decided Against on
    /// `deliverySubject`) declares the delivery failed: the winner's bond goes to the next round's
    /// pool, the budget back to the sponsor. Before the delivery deadline.
    function declareFailure(uint256 roundId) external;

    /// @notice Fails an awarded round's delivery at or after its deadline. Anyone; a bounty when
    /// the round's fee covers it.
    function expireDelivery(uint256 roundId) external;

    /// @notice Pays the caller its share of `roundId`'s reward pool (weight × pool / total weight).
    function claimReward(uint256 roundId) external returns (uint256 amount);

    /// @notice Returns a losing (or failed round's) application's bond to its supplier (the caller).
    function claimBond(uint256 roundId, uint256 applicationId) external;

    /// @notice Changes the parameters. Timelock only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice How many rounds were opened (ids 1..roundCount).
    function roundCount() external view returns (uint256);

    /// @notice `roundId`'s record.
    function roundOf(uint256 roundId) external view returns (Round memory);

    /// @notice An application of `roundId` (ids 1..applicationCount).
    function applicationOf(uint256 roundId, uint256 applicationId) external view returns (Application memory);

    /// @notice `voter`'s ballot in `roundId` (weight zero when it did not vote).
    function ballotOf(uint256 roundId, address voter) external view returns (Ballot memory);

    /// @notice What `voter` could claim from `roundId` now.
    function rewardOf(uint256 roundId, address voter) external view returns (uint256);

    /// @notice The stake snapshot of `roundId`: `openedAt - 1`.
    function snapshotOf(uint256 roundId) external view returns (uint256);

    /// @notice The pool carried to the next round that opens (forfeited bonds, dust, failed pools).
    function carried() external view returns (uint256);

    /// @notice Everything the contract owes: open budgets, pools not yet paid, bonds held, carried.
    function held() external view returns (uint256);

    /// @notice The council subject on which a reserve round's delivery is decided (For: delivered,
    /// Against: failed): keccak256(abi.encode(this, roundId, "delivery")).
    function deliverySubject(uint256 roundId) external view returns (bytes32);

    /// @notice The `ref` of the reserve spend that funds `terms`, its amount and the council
    /// subject (`CouncilReserve.spendSubject`) that a member majority must approve.
    function reserveSpend(Terms calldata terms) external view returns (uint256 amount, bytes32 ref, bytes32 subject);

    /// @notice Among the `limit` round ids from `fromId` on, those whose `close` or `expireDelivery`
    /// is due now (for keepers), and `resume`: the lowest scanned id still Open or Awarded (or the
    /// first id past the scan when none is), where the next scan may start.
    function dueRounds(uint256 fromId, uint256 limit) external view returns (uint256[] memory ids, uint256 resume);
}
