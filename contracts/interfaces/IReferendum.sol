// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IReferendum
/// @notice Proposals and referenda of CAS appendix 1 (DESIGN §4): a deposit, a support phase, a
/// council response, a referendum with quorum and super-majority, then the Timelock.
/// @dev States only move forward, in the order of the enum: Proposed -> CouncilResponse ->
/// Referendum -> Defeated | Succeeded -> Queued -> Executed, with Expired and Canceled as ends.
interface IReferendum is IGoverned, IUpkeep {
    enum ProposalState {
        Proposed,
        CouncilResponse,
        Referendum,
        Defeated,
        Succeeded,
        Queued,
        Executed,
        Expired,
        Canceled
    }

    /// @notice A majority as a fraction of for + against.
    struct Fraction {
        uint64 numerator;
        uint64 denominator;
    }

    /// @notice The rules of referenda; every number comes from the genesis profile.
    struct Parameters {
        uint256 proposalDeposit;
        uint256 responseThreshold;
        uint256 referendumThreshold;
        uint256 quorum;
        uint256 constitutionalQuorum;
        /// @dev Ordinary proposals pass when for is MORE than this share of for + against.
        Fraction majority;
        /// @dev Constitutional proposals pass when for is AT LEAST this share of for + against.
        Fraction constitutionalMajority;
        uint64 supportPeriod;
        uint64 responsePeriod;
        uint64 day;
        uint8 minPublicityDays;
        uint8 maxPublicityDays;
        uint64 executionPeriod;
        /// @dev Kept from a refunded deposit: what a proposal's upkeep may pay its keepers at most
        /// once the deposit came back (at most `proposalDeposit`).
        uint256 upkeepFee;
        /// @dev Proposals one proposer may have in the support phase at once.
        uint8 maxOpenProposals;
    }

    /// @notice A (target, function) pair an ordinary proposal may call.
    struct OrdinaryCall {
        address target;
        bytes4 selector;
    }

    /// @notice What a proposal cost its proposer and what its upkeep paid keepers so far.
    struct ProposalCost {
        /// @dev What the proposer lost once the deposit was refunded (the upkeep fee kept).
        uint96 retained;
        uint96 bountiesPaid;
        bool refunded;
    }

    /// @notice A proposal's record, packed: the slot with the vote tallies also holds the voting
    /// schedule, so a vote reads and writes one slot.
    struct Proposal {
        address proposer;
        uint40 snapshot;
        uint40 supportDeadline;
        ProposalState state;
        bool constitutional;
        uint96 support;
        uint40 responseDeadline;
        uint40 eta;
        uint8 publicityDays;
        bool responseMissed;
        bool blocVoted;
        // closedAt fills the second slot, so that the voting schedule starts the third: voteStart,
        // voteDuration, forVotes and againstVotes are exactly one slot.
        uint40 closedAt;
        /// @dev The side the bloc vote counts now (an IChoice.Choice: 1 against, 2 for, 3 abstain) while blocVoted.
        uint8 blocSide;
        bool proposerSupported;
        uint40 voteStart;
        uint24 voteDuration;
        uint96 forVotes;
        uint96 againstVotes;
        uint96 abstainVotes;
        uint96 deposit;
        bytes32 actionsHash;
    }

    event ParametersChanged(Parameters parameters);
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        address[] targets,
        uint256[] values,
        bytes[] calldatas,
        string descriptionURI,
        bool constitutional,
        uint256 publicityDays
    );
    /// @notice The support phase of a new proposal: its snapshot, deadline and the deposit taken.
    event SupportOpened(uint256 indexed proposalId, uint256 snapshot, uint256 supportDeadline, uint256 deposit);
    event Supported(uint256 indexed proposalId, address indexed supporter, uint256 weight, uint256 totalSupport);
    event DepositRefunded(uint256 indexed proposalId, address indexed proposer, uint256 amount);
    event DepositForfeited(uint256 indexed proposalId, address indexed reserve, uint256 amount);
    event CouncilResponseRequired(uint256 indexed proposalId, uint256 responseDeadline);
    event CouncilResponseMissed(uint256 indexed proposalId, uint256 responseDeadline);
    event ReferendumOpened(uint256 indexed proposalId, uint256 snapshot, uint256 voteStart, uint256 voteEnd);
    /// @notice support: an IChoice.Choice other than none (1 against, 2 for, 3 abstain), as the council's.
    event VoteCast(address indexed voter, uint256 indexed proposalId, uint8 support, uint256 weight);
    /// @notice The reserve's bloc vote now counts for `support`; a re-cast moves it from its previous side.
    event BlocVoteCast(uint256 indexed proposalId, address indexed reserve, uint8 support, uint256 weight);
    /// @notice The council's majority is gone: the bloc vote no longer counts for `support`.
    event BlocVoteWithdrawn(uint256 indexed proposalId, address indexed reserve, uint8 support, uint256 weight);
    /// @notice The part of a refunded deposit kept for the proposal's upkeep, sent to KeeperRewards.
    event UpkeepFeeRetained(uint256 indexed proposalId, address indexed keeperRewards, uint256 amount);
    /// @notice A (target, selector) pair was put on or taken off the ordinary list.
    event OrdinaryCallSet(address indexed target, bytes4 indexed selector, bool ordinary);
    event ReferendumClosed(
        uint256 indexed proposalId,
        bool succeeded,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes
    );
    event ProposalQueued(uint256 indexed proposalId, bytes32 operationId, uint256 eta);
    event ProposalExecuted(uint256 indexed proposalId, address indexed executor);
    event ProposalExpired(uint256 indexed proposalId, ProposalState from);
    event ProposalCanceled(uint256 indexed proposalId);
    /// @notice Every state change, for dashboards that follow one column.
    event ProposalStateChanged(uint256 indexed proposalId, ProposalState state);

    error InvalidParameter(string name, uint256 value);
    error InvalidActions(uint256 targets, uint256 values, uint256 calldatas);
    error InvalidPublicity(uint256 publicityDays, uint256 minDays, uint256 maxDays);
    error MislabeledConstitutional(uint256 index, address target, bytes4 selector);
    error UnknownProposal(uint256 proposalId);
    error UnexpectedState(uint256 proposalId, ProposalState state);
    error SupportClosed(uint256 proposalId, uint256 supportDeadline);
    error AlreadySupported(uint256 proposalId, address supporter);
    error NoVotingPower(address account, uint256 timepoint);
    error VotingClosed(uint256 proposalId, uint256 voteStart, uint256 voteEnd);
    error InvalidVoteType(uint8 support);
    error AlreadyVoted(uint256 proposalId, address voter);
    error ReserveVotesThroughBloc(address reserve);
    error InvalidSignature(address voter);
    error BlocAlreadyCast(uint256 proposalId);
    error NoBlocMajority(uint256 proposalId, bytes32 subject);
    error ActionsMismatch(uint256 proposalId, bytes32 expected, bytes32 given);
    error NotProposer(uint256 proposalId, address caller);
    error NothingToRecord(uint256 proposalId);
    error Lapsed(uint256 proposalId, uint256 deadline);
    error TooManyOpenProposals(address proposer, uint256 open, uint256 maxOpen);
    error NotOrdinaryCandidate(address target, bytes4 selector);
    /// @notice Its calls became constitutional after it was made, and its votes do not pass the
    /// constitutional rule it is now judged by.
    error NoLongerPasses(uint256 proposalId, uint256 index);
    error NotCouncil(address caller);

    /// @notice Creates a proposal and pulls the deposit from the caller. `constitutional` must be
    /// true unless every call is on the ordinary list (see `isConstitutional`). A proposer has at
    /// most `maxOpenProposals` proposals in the support phase at once.
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata descriptionURI,
        bool constitutional,
        uint8 publicityDays
    ) external returns (uint256 proposalId);

    /// @notice Adds the caller's voting power at the proposal's snapshot to its support; crossing
    /// the response threshold asks the council to respond, crossing the referendum threshold opens
    /// the referendum. The deposit (less the upkeep fee) is refunded once the support of accounts
    /// other than the proposer reaches the response threshold.
    function support(uint256 proposalId) external;

    /// @notice A removed member's appeal (DESIGN §13), called by the Council only: a proposal of
    /// `appellant` with no deposit and no support phase whose actions the Council gives (its one
    /// `restoreMember` call); the referendum opens at once for `minPublicityDays`, with its
    /// snapshot the second before this block. Ordinary when the ordinary list has every call.
    function openAppeal(
        address appellant,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata descriptionURI
    ) external returns (uint256 proposalId);

    /// @notice Casts the caller's vote (an IChoice.Choice: 1 against, 2 for, 3 abstain) with its
    /// voting power at the proposal's snapshot.
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight);

    /// @notice Casts `voter`'s vote from an EIP-712 `Ballot(uint256 proposalId,uint8 support,address voter)`
    /// signature (ECDSA or ERC-1271). A ballot counts once: a voter votes once per proposal.
    function castVoteBySig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes calldata signature
    ) external returns (uint256 weight);

    /// @notice Makes the CouncilReserve's whole voting power count for the side a majority of
    /// sitting members chooses now on `blocSubject(proposalId)`, or for nothing without a
    /// majority. Anyone, while voting is open, whenever that differs from what the bloc counts.
    function castBlocVote(uint256 proposalId) external;

    /// @notice Records that the council missed its response deadline (stays on record).
    function recordMissedResponse(uint256 proposalId) external;

    /// @notice Ends a proposal whose support window lapsed; an unrefunded deposit goes to the reserve.
    function lapse(uint256 proposalId) external;

    /// @notice Lets the proposer withdraw a proposal still in `Proposed`; the deposit goes to the reserve.
    function cancel(uint256 proposalId) external;

    /// @notice Counts a referendum whose voting ended: Succeeded or Defeated.
    function closeReferendum(uint256 proposalId) external returns (bool succeeded);

    /// @notice Schedules a succeeded proposal's calls in the Timelock.
    function queue(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external returns (uint256 eta);

    /// @notice Executes a queued proposal through the Timelock once its delay passed. Anyone.
    function execute(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable;

    /// @notice Ends a succeeded or queued proposal not executed within the execution period,
    /// cancelling its Timelock operation.
    function expire(uint256 proposalId) external;

    /// @notice Changes the referendum rules. Timelock only (constitutional).
    function setParameters(Parameters calldata parameters) external;

    /// @notice The referendum rules.
    function parameters() external view returns (Parameters memory);

    /// @notice A proposal's record.
    function proposalOf(uint256 proposalId) external view returns (Proposal memory);

    /// @notice A proposal's state.
    function state(uint256 proposalId) external view returns (ProposalState);

    /// @notice The number of proposals so far (ids run from 1).
    function proposalCount() external view returns (uint256);

    /// @notice Puts (`ordinary` true) or takes a (target, selector) pair on the ordinary list.
    /// Timelock only; any call to this contract is constitutional. The Timelock, this contract and
    /// VotingPower, role changes, and the Council's and CouncilReserve's parameters are never ordinary.
    function setOrdinary(address target, bytes4 selector, bool ordinary) external;

    /// @notice Whether an ordinary proposal may call `selector` on `target`.
    function isOrdinary(address target, bytes4 selector) external view returns (bool);

    /// @notice The proposals `proposer` has in the support phase (Proposed, CouncilResponse).
    function openProposalsOf(address proposer) external view returns (uint256);

    /// @notice What `proposalId` cost its proposer so far and what its upkeep paid keepers; its
    /// upkeep never pays more than it cost.
    function proposalCost(uint256 proposalId) external view returns (uint256 cost, uint256 bountiesPaid);

    /// @notice Whether some call is not on the ordinary list (the proposal is constitutional), and
    /// the first such call.
    function isConstitutional(
        address[] calldata targets,
        bytes[] calldata calldatas
    ) external view returns (bool constitutional, uint256 index);

    /// @notice The council subject whose majority choice decides the bloc vote on `proposalId`.
    function blocSubject(uint256 proposalId) external view returns (bytes32);

    /// @notice Whether `account` supported `proposalId`.
    function hasSupported(uint256 proposalId, address account) external view returns (bool);

    /// @notice Whether `account` voted on `proposalId`.
    function hasVoted(uint256 proposalId, address account) external view returns (bool);
}
