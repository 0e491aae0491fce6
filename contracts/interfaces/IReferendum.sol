// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";

/// @title IReferendum
/// @notice Proposals and referenda of CAS appendix 1 (DESIGN §4): a deposit, a support phase, a
/// council response, a referendum with quorum and super-majority, then the Timelock.
/// @dev States only move forward, in the order of the enum: Proposed -> CouncilResponse ->
/// Referendum -> Defeated | Succeeded -> Queued -> Executed, with Expired and Canceled as ends.
interface IReferendum is IGoverned {
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
    /// @notice support: 0 against, 1 for, 2 abstain.
    event VoteCast(address indexed voter, uint256 indexed proposalId, uint8 support, uint256 weight);
    event BlocVoteCast(uint256 indexed proposalId, address indexed reserve, uint8 support, uint256 weight);
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
    error NotDue(uint256 proposalId, uint256 dueAt);
    error ActionsMismatch(uint256 proposalId, bytes32 expected, bytes32 given);
    error NotProposer(uint256 proposalId, address caller);
    error NothingToRecord(uint256 proposalId);
    error Lapsed(uint256 proposalId, uint256 deadline);

    /// @notice Creates a proposal and pulls the deposit from the caller. `constitutional` must be
    /// true whenever a call changes the rules of a governance contract (see `isConstitutional`).
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata descriptionURI,
        bool constitutional,
        uint8 publicityDays
    ) external returns (uint256 proposalId);

    /// @notice Adds the caller's voting power at the proposal's snapshot to its support; crossing
    /// the response threshold refunds the deposit and asks the council to respond, crossing the
    /// referendum threshold opens the referendum.
    function support(uint256 proposalId) external;

    /// @notice Casts the caller's vote (0 against, 1 for, 2 abstain) with its voting power at the
    /// referendum's snapshot.
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight);

    /// @notice Casts `voter`'s vote from an EIP-712 `Ballot(uint256 proposalId,uint8 support,address voter)`
    /// signature (ECDSA or ERC-1271). A ballot counts once: a voter votes once per proposal.
    function castVoteBySig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes calldata signature
    ) external returns (uint256 weight);

    /// @notice Casts the CouncilReserve's whole voting power for the side a majority of sitting
    /// members chose on `blocSubject(proposalId)`. Once per referendum, while voting is open.
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

    /// @notice Whether any call changes the rules of a governance contract, and the first such call.
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
