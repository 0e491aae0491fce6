// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IChoice} from "../interfaces/IChoice.sol";
import {ICouncil} from "../interfaces/ICouncil.sol";
import {ICouncilReserve} from "../interfaces/ICouncilReserve.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {IReferendum} from "../interfaces/IReferendum.sol";
import {IVotingPower} from "../interfaces/IVotingPower.sol";
import {BPS} from "../libraries/Constants.sol";
import {Governed} from "./Governed.sol";

/// @title Referendum
/// @notice Proposals and referenda of CAS appendix 1 (DESIGN §4).
/// @dev Decisions:
/// - Support and votes are both read at the proposal's snapshot (the second before it was
///   created): tokens bought or moved afterwards add nothing, whoever times the crossing of the
///   referendum threshold, and an account supports and votes once.
/// - The referendum opens in the `support` call that reaches its threshold; the council's
///   response deadline runs on independently and a missed response stays on record.
/// - Default-constitutional (DESIGN §2): an ordinary proposal may call only the (target,
///   selector) pairs of the ordinary list, seeded at genesis from the profile and changed only
///   by a constitutional proposal (`setOrdinary`); any other call makes it constitutional.
/// - Spam: the proposer's own support counts toward the thresholds but not toward the refund (a
///   referendum its proposer's support alone opened forfeits the deposit when it opens);
///   a proposer has at most `maxOpenProposals` proposals in the support phase. A proposal's cost
///   is its deposit until refunded, then the upkeep fee kept from it, which funds KeeperRewards
///   (the proposal pays for its own upkeep); the bounties its upkeep
///   pays (lapse, missed response, bloc vote, close, queue, execute, expire) stop at that cost:
///   an upkeep past it is done and pays nothing (0 units).
/// - The bloc vote follows the council: it can be re-cast, moving the reserve's weight to the
///   side the members' majority chooses now, or withdrawn when there is none, until voting closes.
///   Its weight, fixed at the first cast, is the reserve's votes at the snapshot, at most the cap
///   on the supply at the snapshot: excess owed to holders never votes, whether already
///   distributed (claims vault) or not yet. It counts for a side, never toward the quorum
///   (holders must turn out); only its first cast pays a bounty.
/// - Each proposal is judged by the voting rules in force when it was made; `queue` and `execute`
///   re-classify its calls and judge one that became constitutional by the constitutional rule.
/// - A ballot signature carries no nonce: it names its proposal, the voter votes once per
///   proposal, and the EIP-712 domain binds chain and contract, so it cannot be replayed.
/// - The Timelock's only proposer and executor is this contract: queued calls run only through
///   `execute`, which refuses expired proposals, so an expired operation never needs cancelling.
/// - `state` is the state last recorded; time-driven changes are recorded by the upkeep calls
///   (`lapse`, `closeReferendum`, `expire`), each paid a keeper bounty.
/// - Only `queue` and `execute` call out (to the Timelock); both are guarded against re-entry.
contract Referendum is Upkeep, IReferendum, Governed, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant BALLOT_TYPEHASH = keccak256("Ballot(uint256 proposalId,uint8 support,address voter)");
    bytes32 public constant LAPSE_KIND = "Referendum.lapse";
    bytes32 public constant MISSED_RESPONSE_KIND = "Referendum.missedResponse";
    bytes32 public constant BLOC_KIND = "Referendum.castBlocVote";
    bytes32 public constant CLOSE_KIND = "Referendum.close";
    bytes32 public constant QUEUE_KIND = "Referendum.queue";
    bytes32 public constant EXECUTE_KIND = "Referendum.execute";
    bytes32 public constant EXPIRE_KIND = "Referendum.expire";
    uint8 private constant _AGAINST = uint8(IChoice.Choice.Against);
    uint8 private constant _FOR = uint8(IChoice.Choice.For);
    uint8 private constant _ABSTAIN = uint8(IChoice.Choice.Abstain);

    struct Rules {
        uint256 quorum;
        uint256 constitutionalQuorum;
        Fraction majority;
        Fraction constitutionalMajority;
    }

    IERC20 public immutable token;
    IVotingPower public immutable votingPower;
    ICouncil public immutable council;
    ICouncilReserve public immutable reserve;

    Parameters private _parameters;
    uint256 private _proposalCount;
    // Slither uninitialized-state: written field by field through storage pointers (_create, support...).
    // slither-disable-next-line uninitialized-state
    mapping(uint256 proposalId => Proposal record) private _proposals;
    mapping(uint256 proposalId => mapping(address account => bool supported)) private _supported;
    mapping(uint256 proposalId => mapping(address account => bool voted)) private _voted;
    mapping(uint256 proposalId => ProposalCost cost) private _costs;
    mapping(address proposer => uint256 open) private _openProposals;
    mapping(address target => mapping(bytes4 selector => bool ordinary)) private _ordinary;
    /// @dev The bloc's weight, fixed at its first cast (re-casts move exactly what was counted).
    mapping(uint256 proposalId => uint256 weight) private _blocWeights;
    /// @dev The voting rules (quorums and majorities) of each parameter set, and the set each
    /// proposal was made under: a later change of parameters never judges an open proposal.
    mapping(uint256 version => Rules rules) private _rules;
    uint256 private _rulesVersion;
    mapping(uint256 proposalId => uint256 version) private _rulesOf;

    constructor(
        IERC20 token_,
        IVotingPower votingPower_,
        ICouncil council_,
        ICouncilReserve reserve_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_,
        OrdinaryCall[] memory ordinary
    ) Governed(timelock_) EIP712("Jiaozi Referendum", "1") Upkeep(keeperRewards_) {
        token = token_;
        votingPower = votingPower_;
        council = council_;
        reserve = reserve_;
        _setParameters(parameters_);
        for (uint256 i = 0; i < ordinary.length; ++i) _setOrdinary(ordinary[i].target, ordinary[i].selector, true);
    }

    // ---------------------------------------------------------------- proposing and support

    /// @inheritdoc IReferendum
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata descriptionURI,
        bool constitutional,
        uint8 publicityDays
    ) external returns (uint256 proposalId) {
        uint256 count = targets.length;
        if (count == 0 || count != values.length || count != calldatas.length) {
            revert InvalidActions(count, values.length, calldatas.length);
        }
        Parameters storage p = _parameters;
        if (publicityDays < p.minPublicityDays || publicityDays > p.maxPublicityDays) {
            revert InvalidPublicity(publicityDays, p.minPublicityDays, p.maxPublicityDays);
        }
        if (!constitutional) {
            (bool detected, uint256 index) = isConstitutional(targets, calldatas);
            if (detected) revert MislabeledConstitutional(index, targets[index], _selector(calldatas[index]));
        }
        _countOpen(p.maxOpenProposals);
        proposalId = _create(_actionsHash(targets, values, calldatas), constitutional, publicityDays);
        emit ProposalCreated(
            proposalId,
            msg.sender,
            targets,
            values,
            calldatas,
            descriptionURI,
            constitutional,
            publicityDays
        );
        _openSupport(proposalId);
    }

    /// @inheritdoc IReferendum
    function support(uint256 proposalId) external {
        Proposal storage proposal = _proposal(proposalId);
        ProposalState current = proposal.state;
        if (current != ProposalState.Proposed && current != ProposalState.CouncilResponse) {
            revert UnexpectedState(proposalId, current);
        }
        if (block.timestamp > proposal.supportDeadline) revert SupportClosed(proposalId, proposal.supportDeadline);
        if (_supported[proposalId][msg.sender]) revert AlreadySupported(proposalId, msg.sender);
        uint256 weight = votingPower.getPastVotes(msg.sender, proposal.snapshot);
        if (weight == 0) revert NoVotingPower(msg.sender, proposal.snapshot);
        _supported[proposalId][msg.sender] = true;
        address proposer = proposal.proposer;
        if (msg.sender == proposer) proposal.proposerSupported = true;
        uint256 total = proposal.support + weight;
        proposal.support = uint96(total); // every vote is a base token: total <= supply < 2^96
        emit Supported(proposalId, msg.sender, weight, total);

        Parameters storage p = _parameters;
        if (current == ProposalState.Proposed && total >= p.responseThreshold) {
            uint256 responseDeadline = block.timestamp + p.responsePeriod;
            proposal.state = ProposalState.CouncilResponse;
            proposal.responseDeadline = responseDeadline.toUint40();
            emit ProposalStateChanged(proposalId, ProposalState.CouncilResponse);
            emit CouncilResponseRequired(proposalId, responseDeadline);
        }
        if (total >= p.referendumThreshold) {
            --_openProposals[proposer];
            _openVote(proposalId, proposal);
        }
        _refundIfSupportedByOthers(proposalId, proposal, total);
        // Support is over once the referendum opens: a deposit other accounts never earned back
        // (the proposer's own support opened it) is forfeited, as at a lapse.
        if (proposal.state == ProposalState.Referendum && !_costs[proposalId].refunded) {
            _forfeitDeposit(proposalId, proposal.deposit);
        }
    }

    /// @inheritdoc IReferendum
    /// @dev The appeal skips support (no threshold, no council response, no proposer cap): the
    /// removed member's right is the design's, not the holders' to grant. Its upkeep pays no
    /// bounties (no deposit funds them); the appellant or anyone moves it on.
    function openAppeal(
        address appellant,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata descriptionURI
    ) external returns (uint256 proposalId) {
        if (msg.sender != address(council)) revert NotCouncil(msg.sender);
        (bool constitutional, ) = isConstitutional(targets, calldatas);
        uint8 publicityDays = _parameters.minPublicityDays;
        proposalId = _create(_actionsHash(targets, values, calldatas), constitutional, publicityDays);
        Proposal storage proposal = _proposals[proposalId];
        proposal.proposer = appellant;
        proposal.deposit = 0;
        emit ProposalCreated(
            proposalId,
            appellant,
            targets,
            values,
            calldatas,
            descriptionURI,
            constitutional,
            publicityDays
        );
        _openVote(proposalId, proposal);
    }

    /// @inheritdoc IReferendum
    function lapse(uint256 proposalId) external {
        Proposal storage proposal = _proposal(proposalId);
        ProposalState current = proposal.state;
        if (current != ProposalState.Proposed && current != ProposalState.CouncilResponse) {
            revert UnexpectedState(proposalId, current);
        }
        if (block.timestamp <= proposal.supportDeadline) {
            revert NotDue(uint256(proposal.supportDeadline) + 1, block.timestamp);
        }
        proposal.state = ProposalState.Expired;
        --_openProposals[proposal.proposer];
        emit ProposalExpired(proposalId, current);
        emit ProposalStateChanged(proposalId, ProposalState.Expired);
        if (!_costs[proposalId].refunded) _forfeitDeposit(proposalId, proposal.deposit);
        _payBounty(LAPSE_KIND, _proposalUnits(proposalId, LAPSE_KIND));
    }

    /// @inheritdoc IReferendum
    function cancel(uint256 proposalId) external {
        Proposal storage proposal = _proposal(proposalId);
        if (msg.sender != proposal.proposer) revert NotProposer(proposalId, msg.sender);
        if (proposal.state != ProposalState.Proposed) revert UnexpectedState(proposalId, proposal.state);
        proposal.state = ProposalState.Canceled;
        --_openProposals[msg.sender];
        emit ProposalCanceled(proposalId);
        emit ProposalStateChanged(proposalId, ProposalState.Canceled);
        _forfeitDeposit(proposalId, proposal.deposit);
    }

    /// @inheritdoc IReferendum
    function recordMissedResponse(uint256 proposalId) external {
        Proposal storage proposal = _proposal(proposalId);
        uint256 deadline = proposal.responseDeadline;
        if (deadline == 0) revert UnexpectedState(proposalId, proposal.state);
        if (proposal.responseMissed) revert NothingToRecord(proposalId);
        if (block.timestamp <= deadline) revert NotDue(deadline + 1, block.timestamp);
        uint256 respondedAt = council.firstStatementAt(proposalId);
        if (respondedAt != 0 && respondedAt <= deadline) revert NothingToRecord(proposalId);
        proposal.responseMissed = true;
        emit CouncilResponseMissed(proposalId, deadline);
        _payBounty(MISSED_RESPONSE_KIND, _proposalUnits(proposalId, MISSED_RESPONSE_KIND));
    }

    // ---------------------------------------------------------------- voting

    /// @inheritdoc IReferendum
    function castVote(uint256 proposalId, uint8 support_) external returns (uint256) {
        return _castVote(proposalId, msg.sender, support_);
    }

    /// @inheritdoc IReferendum
    function castVoteBySig(
        uint256 proposalId,
        uint8 support_,
        address voter,
        bytes calldata signature
    ) external returns (uint256) {
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support_, voter)));
        if (!SignatureChecker.isValidSignatureNowCalldata(voter, digest, signature)) revert InvalidSignature(voter);
        return _castVote(proposalId, voter, support_);
    }

    /// @inheritdoc IReferendum
    function castBlocVote(uint256 proposalId) external {
        Proposal storage proposal = _proposals[proposalId];
        uint256 start = proposal.voteStart;
        uint256 end = start + proposal.voteDuration;
        if (start == 0 || block.timestamp > end) revert VotingClosed(proposalId, start, end);
        bytes32 subject = blocSubject(proposalId);
        uint8 choice = council.decision(subject); // the side, or none
        bool voted = proposal.blocVoted;
        uint8 previous = proposal.blocSide;
        if (choice == 0 && !voted) revert NoBlocMajority(proposalId, subject);
        if (voted && choice == previous) revert BlocAlreadyCast(proposalId);
        uint256 weight = _blocWeights[proposalId];
        bool first = weight == 0;
        if (first) {
            weight = _blocWeight(proposal.snapshot);
            _blocWeights[proposalId] = weight;
        }
        if (voted) {
            _uncount(proposal, previous, weight);
            if (choice == 0) emit BlocVoteWithdrawn(proposalId, address(reserve), previous, weight);
        }
        proposal.blocVoted = choice != 0;
        if (choice != 0) {
            proposal.blocSide = choice;
            _count(proposal, choice, weight);
            emit BlocVoteCast(proposalId, address(reserve), choice, weight);
        }
        // One bounty per proposal, for the first cast: re-casts and withdrawals are work a member
        // can create at will (outside audit A6).
        if (first) _payBounty(BLOC_KIND, _proposalUnits(proposalId, BLOC_KIND));
    }

    /// @inheritdoc IReferendum
    function closeReferendum(uint256 proposalId) external returns (bool succeeded) {
        Proposal storage proposal = _proposal(proposalId);
        if (proposal.state != ProposalState.Referendum) revert UnexpectedState(proposalId, proposal.state);
        uint256 end = uint256(proposal.voteStart) + proposal.voteDuration;
        if (block.timestamp <= end) revert NotDue(end + 1, block.timestamp);
        succeeded = _passes(proposalId, proposal, proposal.constitutional);
        ProposalState next = succeeded ? ProposalState.Succeeded : ProposalState.Defeated;
        proposal.state = next;
        proposal.closedAt = uint40(block.timestamp);
        emit ReferendumClosed(proposalId, succeeded, proposal.forVotes, proposal.againstVotes, proposal.abstainVotes);
        emit ProposalStateChanged(proposalId, next);
        _payBounty(CLOSE_KIND, _proposalUnits(proposalId, CLOSE_KIND));
    }

    // ---------------------------------------------------------------- execution

    /// @inheritdoc IReferendum
    function queue(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external nonReentrant returns (uint256 eta) {
        Proposal storage proposal = _proposal(proposalId);
        if (proposal.state != ProposalState.Succeeded) revert UnexpectedState(proposalId, proposal.state);
        _checkActions(proposalId, proposal.actionsHash, _actionsHash(targets, values, calldatas));
        _checkStillPasses(proposalId, proposal, targets, calldatas);
        uint256 deadline = uint256(proposal.closedAt) + _parameters.executionPeriod;
        if (block.timestamp > deadline) revert Lapsed(proposalId, deadline);
        uint256 delay = TimelockController(payable(timelock)).getMinDelay();
        eta = block.timestamp + delay;
        proposal.state = ProposalState.Queued;
        proposal.eta = eta.toUint40();
        emit ProposalQueued(proposalId, _operationId(proposalId, targets, values, calldatas), eta);
        emit ProposalStateChanged(proposalId, ProposalState.Queued);
        _timelockSchedule(proposalId, targets, values, calldatas, delay);
        _payBounty(QUEUE_KIND, _proposalUnits(proposalId, QUEUE_KIND));
    }

    /// @inheritdoc IReferendum
    /// @dev The state is Executed before the Timelock runs the calls: a call that re-enters
    /// governance finds the guard or the new state and reverts the whole execution, which leaves
    /// the proposal Queued until it runs cleanly or expires.
    function execute(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable nonReentrant {
        _markExecuted(proposalId, _actionsHash(targets, values, calldatas));
        _checkStillPasses(proposalId, _proposals[proposalId], targets, calldatas);
        _timelockExecute(proposalId, targets, values, calldatas);
        _payBounty(EXECUTE_KIND, _proposalUnits(proposalId, EXECUTE_KIND));
    }

    /// @inheritdoc IReferendum
    function expire(uint256 proposalId) external {
        Proposal storage proposal = _proposal(proposalId);
        ProposalState current = proposal.state;
        if (current != ProposalState.Succeeded && current != ProposalState.Queued) {
            revert UnexpectedState(proposalId, current);
        }
        uint256 deadline =
            uint256(current == ProposalState.Succeeded ? proposal.closedAt : proposal.eta) +
                _parameters.executionPeriod;
        if (block.timestamp <= deadline) revert NotDue(deadline + 1, block.timestamp);
        proposal.state = ProposalState.Expired;
        emit ProposalExpired(proposalId, current);
        emit ProposalStateChanged(proposalId, ProposalState.Expired);
        _payBounty(EXPIRE_KIND, _proposalUnits(proposalId, EXPIRE_KIND));
    }

    /// @inheritdoc IReferendum
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    /// @inheritdoc IReferendum
    function setOrdinary(address target, bytes4 selector, bool ordinary) external onlyTimelock {
        _setOrdinary(target, selector, ordinary);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReferendum
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IReferendum
    function proposalOf(uint256 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc IReferendum
    function state(uint256 proposalId) external view returns (ProposalState) {
        return _proposal(proposalId).state;
    }

    /// @inheritdoc IReferendum
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IReferendum
    /// @dev Default-constitutional: a call is ordinary only if its (target, selector) is listed;
    /// a call without a selector (plain value transfer) never is.
    function isConstitutional(
        address[] calldata targets,
        bytes[] calldata calldatas
    ) public view returns (bool, uint256) {
        for (uint256 i = 0; i < targets.length; ++i) {
            if (calldatas[i].length < 4 || !_ordinary[targets[i]][bytes4(calldatas[i][:4])]) return (true, i);
        }
        return (false, 0);
    }

    /// @inheritdoc IReferendum
    function isOrdinary(address target, bytes4 selector) external view returns (bool) {
        return _ordinary[target][selector];
    }

    /// @inheritdoc IReferendum
    function openProposalsOf(address proposer) external view returns (uint256) {
        return _openProposals[proposer];
    }

    /// @inheritdoc IReferendum
    function proposalCost(uint256 proposalId) external view returns (uint256 cost, uint256 bountiesPaid) {
        ProposalCost memory record = _costs[proposalId];
        cost = record.refunded ? record.retained : _proposals[proposalId].deposit;
        bountiesPaid = record.bountiesPaid;
    }

    /// @inheritdoc IReferendum
    function blocSubject(uint256 proposalId) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), "bloc", proposalId));
    }

    /// @inheritdoc IReferendum
    function hasSupported(uint256 proposalId, address account) external view returns (bool) {
        return _supported[proposalId][account];
    }

    /// @inheritdoc IReferendum
    function hasVoted(uint256 proposalId, address account) external view returns (bool) {
        return _voted[proposalId][account];
    }

    // ---------------------------------------------------------------- internals

    function _castVote(uint256 proposalId, address voter, uint8 support_) private returns (uint256 weight) {
        if (support_ < _AGAINST || support_ > _ABSTAIN) revert InvalidVoteType(support_);
        if (voter == address(reserve)) revert ReserveVotesThroughBloc(voter);
        Proposal storage proposal = _proposals[proposalId];
        uint256 start = proposal.voteStart;
        uint256 end = start + proposal.voteDuration;
        if (start == 0 || block.timestamp > end) revert VotingClosed(proposalId, start, end);
        if (_voted[proposalId][voter]) revert AlreadyVoted(proposalId, voter);
        uint256 snapshot = proposal.snapshot;
        weight = votingPower.getPastVotes(voter, snapshot);
        if (weight == 0) revert NoVotingPower(voter, snapshot);
        _voted[proposalId][voter] = true;
        _count(proposal, support_, weight);
        emit VoteCast(voter, proposalId, support_, weight);
    }

    /// @dev Refunds the deposit, less the upkeep fee (and at least what the upkeep already paid),
    /// once the support of accounts other than the proposer reaches the response threshold. The
    /// fee goes to KeeperRewards, whose budget pays the proposal's upkeep bounties.
    function _refundIfSupportedByOthers(uint256 proposalId, Proposal storage proposal, uint256 total) private {
        Parameters storage p = _parameters;
        if (total < p.responseThreshold) return;
        ProposalCost storage cost = _costs[proposalId];
        if (cost.refunded) return;
        address proposer = proposal.proposer;
        uint256 own = proposal.proposerSupported ? votingPower.getPastVotes(proposer, proposal.snapshot) : 0;
        if (total - own < p.responseThreshold) return;
        uint256 deposit = proposal.deposit;
        uint256 kept = p.upkeepFee < deposit ? p.upkeepFee : deposit;
        if (kept < cost.bountiesPaid) kept = cost.bountiesPaid;
        cost.refunded = true;
        cost.retained = uint96(kept); // kept <= deposit < 2^96
        uint256 refund = deposit - kept;
        if (refund != 0) emit DepositRefunded(proposalId, proposer, refund);
        if (kept != 0) emit UpkeepFeeRetained(proposalId, address(keeperRewards), kept);
        if (refund != 0) token.safeTransfer(proposer, refund);
        if (kept != 0) token.safeTransfer(address(keeperRewards), kept);
    }

    /// @dev One unit of `kind` for an upkeep of `proposalId`, or none once its bounty would take
    /// what the proposal's upkeep paid past what it cost its proposer.
    function _proposalUnits(uint256 proposalId, bytes32 kind) private returns (uint256) {
        ProposalCost storage record = _costs[proposalId];
        uint256 cost = record.refunded ? record.retained : _proposals[proposalId].deposit;
        uint256 paid = record.bountiesPaid + keeperRewards.kindOf(kind).bounty;
        if (paid > cost) return 0;
        record.bountiesPaid = uint96(paid); // paid <= cost < 2^96
        return 1;
    }

    /// @dev One more proposal of the caller in the support phase, within `maxOpen`.
    function _countOpen(uint256 maxOpen) private {
        uint256 open = _openProposals[msg.sender];
        if (open >= maxOpen) revert TooManyOpenProposals(msg.sender, open, maxOpen);
        _openProposals[msg.sender] = open + 1;
    }

    function _setOrdinary(address target, bytes4 selector, bool ordinary) private {
        if (
            ordinary &&
            (target == timelock ||
                target == address(this) ||
                target == address(votingPower) ||
                target == address(0) ||
                selector == IAccessControl.grantRole.selector ||
                selector == IAccessControl.revokeRole.selector ||
                selector == IAccessControl.renounceRole.selector ||
                (target == address(council) && selector == ICouncil.setParameters.selector) ||
                (target == address(reserve) && selector == ICouncilReserve.setParameters.selector))
        ) revert NotOrdinaryCandidate(target, selector);
        _ordinary[target][selector] = ordinary;
        emit OrdinaryCallSet(target, selector, ordinary);
    }

    /// @dev Tallies are uint96: every vote is a base token and VotingPower keeps the supply below 2^96.
    function _count(Proposal storage proposal, uint8 side, uint256 weight) private {
        if (side == _FOR) proposal.forVotes += uint96(weight);
        else if (side == _AGAINST) proposal.againstVotes += uint96(weight);
        else proposal.abstainVotes += uint96(weight);
    }

    /// @dev The reserve's votes at the snapshot, at most its cap: an excess not yet handed out is
    /// owed to the holders and never votes (what open distributions owe is in the claims vault).
    function _blocWeight(uint256 snapshot) private view returns (uint256 weight) {
        weight = votingPower.getPastVotes(address(reserve), snapshot);
        uint256 limit = (votingPower.getPastTotalSupply(snapshot) * reserve.parameters().capBps) / BPS;
        if (weight > limit) weight = limit;
    }

    function _uncount(Proposal storage proposal, uint8 side, uint256 weight) private {
        if (side == _FOR) proposal.forVotes -= uint96(weight);
        else if (side == _AGAINST) proposal.againstVotes -= uint96(weight);
        else proposal.abstainVotes -= uint96(weight);
    }

    /// @dev The quorum counts holders' votes only: the bloc adds to a side (the majority), never
    /// to the turnout, so the council cannot pass anything without holders (outside audit A1).
    /// @dev Outside audit A2: the ordinary list may change after propose; a proposal whose calls
    /// are constitutional now is judged by the constitutional rule (of its own rules version).
    function _checkStillPasses(
        uint256 proposalId,
        Proposal storage proposal,
        address[] calldata targets,
        bytes[] calldata calldatas
    ) private view {
        if (proposal.constitutional) return;
        (bool detected, uint256 index) = isConstitutional(targets, calldatas);
        if (detected && !_passes(proposalId, proposal, true)) revert NoLongerPasses(proposalId, index);
    }

    function _passes(uint256 proposalId, Proposal storage proposal, bool constitutional) private view returns (bool) {
        Rules storage p = _rules[_rulesOf[proposalId]];
        uint256 forVotes = proposal.forVotes;
        uint256 decisive = forVotes + proposal.againstVotes;
        uint256 cast = decisive + proposal.abstainVotes;
        if (proposal.blocVoted) cast -= _blocWeights[proposalId];
        if (constitutional) {
            Fraction memory majority = p.constitutionalMajority;
            return
                cast >= p.constitutionalQuorum &&
                forVotes != 0 &&
                forVotes * majority.denominator >= decisive * majority.numerator;
        }
        return cast >= p.quorum && forVotes * p.majority.denominator > decisive * p.majority.numerator;
    }

    function _forfeitDeposit(uint256 proposalId, uint256 deposit) private {
        if (deposit == 0) return;
        emit DepositForfeited(proposalId, address(reserve), deposit);
        token.safeTransfer(address(reserve), deposit);
    }

    function _checkActions(uint256 proposalId, bytes32 expected, bytes32 given) private pure {
        if (given != expected) revert ActionsMismatch(proposalId, expected, given);
    }

    function _create(
        bytes32 actionsHash,
        bool constitutional,
        uint8 publicityDays
    ) private returns (uint256 proposalId) {
        proposalId = ++_proposalCount;
        Proposal storage proposal = _proposals[proposalId];
        proposal.proposer = msg.sender;
        proposal.snapshot = uint40(block.timestamp - 1);
        proposal.supportDeadline = (block.timestamp + _parameters.supportPeriod).toUint40();
        proposal.constitutional = constitutional;
        proposal.publicityDays = publicityDays;
        proposal.deposit = uint96(_parameters.proposalDeposit);
        proposal.actionsHash = actionsHash;
        _rulesOf[proposalId] = _rulesVersion;
    }

    function _openVote(uint256 proposalId, Proposal storage proposal) private {
        uint256 duration = uint256(proposal.publicityDays) * _parameters.day;
        proposal.state = ProposalState.Referendum;
        proposal.voteStart = uint40(block.timestamp);
        proposal.voteDuration = uint24(duration); // maxPublicityDays * day < 2^24 (parameters)
        emit ProposalStateChanged(proposalId, ProposalState.Referendum);
        emit ReferendumOpened(proposalId, proposal.snapshot, block.timestamp, block.timestamp + duration);
    }

    function _openSupport(uint256 proposalId) private {
        Proposal storage proposal = _proposals[proposalId];
        uint256 deposit = proposal.deposit;
        emit SupportOpened(proposalId, proposal.snapshot, proposal.supportDeadline, deposit);
        emit ProposalStateChanged(proposalId, ProposalState.Proposed);
        if (deposit != 0) token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    function _markExecuted(uint256 proposalId, bytes32 actionsHash) private {
        Proposal storage proposal = _proposal(proposalId);
        if (proposal.state != ProposalState.Queued) revert UnexpectedState(proposalId, proposal.state);
        _checkActions(proposalId, proposal.actionsHash, actionsHash);
        uint256 eta = proposal.eta;
        if (block.timestamp < eta) revert NotDue(eta, block.timestamp);
        uint256 deadline = eta + _parameters.executionPeriod;
        if (block.timestamp > deadline) revert Lapsed(proposalId, deadline);
        proposal.state = ProposalState.Executed;
        emit ProposalExecuted(proposalId, msg.sender);
        emit ProposalStateChanged(proposalId, ProposalState.Executed);
    }

    /// @dev TimelockController.hashOperationBatch with no predecessor and the proposal id as salt.
    function _operationId(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(targets, values, calldatas, bytes32(0), bytes32(proposalId)));
    }

    /// @dev Takes memory arrays: with calldata ones the call does not fit the stack.
    function _timelockSchedule(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        uint256 delay
    ) private {
        TimelockController(payable(timelock)).scheduleBatch(targets, values, calldatas, 0, bytes32(proposalId), delay);
    }

    function _timelockExecute(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private {
        // Slither unused-return: executeBatch returns nothing; a failing call reverts the execution.
        // slither-disable-next-line unused-return
        Address.functionCallWithValue(
            timelock,
            abi.encodeCall(TimelockController.executeBatch, (targets, values, calldatas, 0, bytes32(proposalId))),
            msg.value
        );
    }

    function _proposal(uint256 proposalId) private view returns (Proposal storage proposal) {
        if (proposalId == 0 || proposalId > _proposalCount) revert UnknownProposal(proposalId);
        proposal = _proposals[proposalId];
    }

    function _actionsHash(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(targets, values, calldatas));
    }

    function _selector(bytes calldata data) private pure returns (bytes4) {
        return data.length < 4 ? bytes4(0) : bytes4(data[:4]);
    }

    function _setParameters(Parameters memory p) private {
        if (p.proposalDeposit > type(uint96).max) revert InvalidParameter("proposalDeposit", p.proposalDeposit);
        if (p.responseThreshold == 0) revert InvalidParameter("responseThreshold", 0);
        if (p.referendumThreshold < p.responseThreshold) {
            revert InvalidParameter("referendumThreshold", p.referendumThreshold);
        }
        if (p.quorum == 0) revert InvalidParameter("quorum", 0);
        if (p.constitutionalQuorum < p.quorum) revert InvalidParameter("constitutionalQuorum", p.constitutionalQuorum);
        if (p.majority.numerator == 0 || p.majority.numerator >= p.majority.denominator) {
            revert InvalidParameter("majority", p.majority.numerator);
        }
        Fraction memory constitutional = p.constitutionalMajority;
        if (constitutional.numerator == 0 || constitutional.numerator > constitutional.denominator) {
            revert InvalidParameter("constitutionalMajority", constitutional.numerator);
        }
        if (p.supportPeriod == 0) revert InvalidParameter("supportPeriod", 0);
        if (p.responsePeriod == 0) revert InvalidParameter("responsePeriod", 0);
        if (p.day == 0) revert InvalidParameter("day", 0);
        if (p.minPublicityDays == 0 || p.minPublicityDays > p.maxPublicityDays) {
            revert InvalidParameter("minPublicityDays", p.minPublicityDays);
        }
        if (uint256(p.maxPublicityDays) * p.day > type(uint24).max) {
            revert InvalidParameter("maxPublicityDays", p.maxPublicityDays);
        }
        if (p.executionPeriod == 0) revert InvalidParameter("executionPeriod", 0);
        if (p.upkeepFee > p.proposalDeposit) revert InvalidParameter("upkeepFee", p.upkeepFee);
        if (p.maxOpenProposals == 0) revert InvalidParameter("maxOpenProposals", 0);
        _parameters = p;
        uint256 version = _rulesVersion + 1;
        _rulesVersion = version;
        _rules[version] = Rules(p.quorum, p.constitutionalQuorum, p.majority, p.constitutionalMajority);
        emit ParametersChanged(p);
    }
}
