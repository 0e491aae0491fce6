// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IChoice} from "../interfaces/IChoice.sol";
import {ICouncil} from "../interfaces/ICouncil.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IReferendum} from "../interfaces/IReferendum.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {IVotingPower} from "../interfaces/IVotingPower.sol";
import {BondVault} from "./BondVault.sol";
import {Governed} from "./Governed.sol";

/// @title Council
/// @notice The joint council of CAS with CPChain's terms (DESIGN §4). Members come only from
/// election (or the transitional list of the genesis profile); the council approves and vetoes
/// nothing: its majority only casts the reserve's bloc vote, issues statements and approves the
/// reserve's payments.
/// @dev Seats are bounded: the threshold is kept at or above supply / MAX_SEATS (votes come from
/// base tokens, so at most MAX_SEATS candidates can reach it) and the fallback seats `minSeats`
/// <= MAX_SEATS. Loops over the sitting members are therefore bounded. Elections are counted in
/// caller-sized batches. Candidates with no votes are never elected.
/// Bounties: one unit per election opened and one per election finalized (to the batch that
/// completes the count, whatever the number of batches or candidates: a candidacy is free, its
/// bond comes back, so it is not a unit of work an attacker could be paid for making).
/// Removal by peers (DESIGN §13), decisions:
/// - Members vote For on `removalSubject(member, groundsURI)` with `memberVote`; the removal needs
///   at least 2/3 of the other sitting members (the member's own choice never counts; a council of
///   one cannot remove by peers), and at least a majority of the seats elected for the term less
///   those the holders removed by referendum (audit C2: without it a council of four split 2-2 was
///   decided by whichever pair called first, and a council reduced by peer removals could go on
///   removing with a minority of those elected; members removed by peers stay in that base, their
///   removal being the peers' own act). So a council of two never removes by peers (1 of 1 is no
///   majority of 2), and a council of four removes at most one member by peers; the holders can
///   always remove by referendum. Anyone then calls `removeByPeers`.
/// - A member is removed by peers at most once per term: once restored it sits for the rest of the
///   term ("restored for the rest of the term"); removal by referendum stays.
/// - The appeal is the removed member's, once, within `appealPeriod`: it opens the restoration
///   referendum at the Timelock's proposer (checked by its PROPOSER_ROLE: the Council is deployed
///   before the Referendum and holds no address of it). The restoration referendum is ORDINARY,
///   like removal by referendum (`removeMember` is on the genesis ordinary list, and so is
///   `restoreMember`); if the ordinary list no longer has `restoreMember`, the Referendum opens it
///   constitutional (default-constitutional rule). It has no deposit, so its upkeep pays no bounties.
/// - While the appeal is open the member's bond stays locked and its pay is withheld by the
///   reserve; restored, the member is as if never removed (same term, bond, pay); lost, the bond
///   is free and the withheld pay stays with the reserve.
// Three state variables past solhint's fifteen: the removals by peers, their ids per term and member,
// and their count (DESIGN §13); folding them into the member status would cost every status read.
// solhint-disable-next-line max-states-count
contract Council is Upkeep, ICouncil, Governed {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    enum MemberStatus {
        None,
        Sitting,
        Removed
    }

    /// @dev An election's count in progress: who reached the threshold, and the `minSeats`
    /// candidates with the most votes so far.
    struct Count {
        address[] byThreshold;
        address[] leaders;
    }

    bytes32 public constant OPEN_KIND = "Council.openElection";
    bytes32 public constant FINALIZE_KIND = "Council.finalizeElection";
    /// @notice The most seats a term can have (see the contract's dev note).
    uint256 public constant MAX_SEATS = 64;
    bytes32 private constant _PROPOSER_ROLE = keccak256("PROPOSER_ROLE");

    IVotes public immutable token;
    IVotingPower public immutable votingPower;
    address public immutable bondVaultImplementation;
    uint256 public immutable genesisTime;
    /// @inheritdoc ICouncil
    uint256 public immutable transitionalDeadline;

    Parameters private _parameters;
    uint256 private _currentTermId;
    uint256 private _electionCount;
    bool private _lastElectionFailed;

    mapping(uint256 termId => Term term) private _terms;
    mapping(uint256 termId => address[] members) private _members;
    mapping(uint256 termId => mapping(address member => MemberStatus status)) private _memberStatus;
    /// @dev Members the holders removed (`removeMember`): they leave the base of the peers' majority.
    mapping(uint256 termId => uint256 count) private _removedByHolders;
    mapping(uint256 electionId => Election election) private _elections;
    mapping(uint256 electionId => address[] candidates) private _candidates;
    mapping(uint256 electionId => mapping(address candidate => Candidate record)) private _candidateOf;
    // Slither uninitialized-state: written through a storage pointer (push/pop) in voteCandidates.
    // slither-disable-next-line uninitialized-state
    mapping(uint256 electionId => mapping(address voter => Allocation[] allocation)) private _allocations;
    mapping(uint256 electionId => Count count) private _counts;
    mapping(uint256 termId => mapping(bytes32 subject => mapping(address member => uint8 choice))) private _choices;
    mapping(bytes32 subject => bool issued) private _statementIssued;
    /// Bloc subjects of appeal referendums: the council is a party to them and casts no bloc vote
    /// there (audit C1, CAS law 2: the peers who removed a member cannot outvote the holders with
    /// the reserve's power).
    mapping(bytes32 subject => bool barred) private _blocBarred;
    mapping(uint256 proposalId => uint256 issuedAt) private _firstStatementAt;
    uint256 private _removalCount;
    mapping(uint256 removalId => Removal removal) private _removals;
    mapping(uint256 termId => mapping(address member => uint256 removalId)) private _removalIdOf;

    /// @param token_ The base token (bonds are paid in it).
    /// @param transitionalMembers The transitional council of the genesis profile.
    /// @param transitionalTerm Seconds from deployment by which the first election must be final.
    constructor(
        IVotes token_,
        IVotingPower votingPower_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_,
        address[] memory transitionalMembers,
        uint256 transitionalTerm
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        token = token_;
        votingPower = votingPower_;
        _setParameters(parameters_);
        if (transitionalTerm <= uint256(parameters_.nominationPeriod) + parameters_.votingPeriod) {
            revert InvalidParameter("transitionalTerm", transitionalTerm);
        }
        uint256 count = transitionalMembers.length;
        if (count == 0) revert InvalidParameter("transitionalMembers", 0);
        if (count > MAX_SEATS) revert TooManyMembers(count, MAX_SEATS);
        genesisTime = block.timestamp;
        transitionalDeadline = block.timestamp + transitionalTerm;
        for (uint256 i = 0; i < count; ++i) {
            address member = transitionalMembers[i];
            if (member == address(0)) revert InvalidMember(member);
            if (_memberStatus[0][member] != MemberStatus.None) revert DuplicateMember(member);
            _memberStatus[0][member] = MemberStatus.Sitting;
            _members[0].push(member);
            emit TransitionalMember(member, transitionalDeadline);
        }
        _terms[0] = Term({
            start: uint40(block.timestamp),
            end: transitionalDeadline.toUint40(),
            electionId: 0,
            seats: uint32(count)
        });
        bondVaultImplementation = address(new BondVault());
    }

    // ---------------------------------------------------------------- elections

    /// @inheritdoc ICouncil
    function openElection() external returns (uint256 electionId) {
        uint256 latest = _electionCount;
        if (latest != 0 && !_elections[latest].finalized) revert ElectionStillOpen(latest);
        uint256 dueAt = _electionDueAt();
        bool transitionalOpener = _currentTermId == 0 && isSittingMember(msg.sender);
        if (block.timestamp < dueAt && !transitionalOpener) revert NotDue(dueAt, block.timestamp);

        Parameters memory p = _parameters;
        electionId = latest + 1;
        _electionCount = electionId;
        uint256 votingStart = block.timestamp + p.nominationPeriod;
        uint256 votingEnd = votingStart + p.votingPeriod;
        _elections[electionId] = Election({
            openedAt: uint40(block.timestamp),
            votingStart: votingStart.toUint40(),
            votingEnd: votingEnd.toUint40(),
            candidateCount: 0,
            processed: 0,
            finalized: false,
            termId: 0
        });
        emit ElectionOpened(electionId, msg.sender, block.timestamp, votingStart, votingEnd);
        _payBounty(OPEN_KIND, 1);
    }

    /// @inheritdoc ICouncil
    function declareCandidacy(uint256 bond, string calldata profileURI) external {
        uint256 electionId = _electionCount;
        Election storage election = _elections[electionId];
        if (electionId == 0 || election.finalized) revert NoElection();
        if (block.timestamp >= election.votingStart) revert NotInNomination(electionId, election.votingStart);
        Candidate storage record = _candidateOf[electionId][msg.sender];
        if (record.index != 0) revert AlreadyCandidate(electionId, msg.sender);
        uint256 minimum = _parameters.candidateBond;
        if (bond < minimum) revert BondTooSmall(bond, minimum);

        address vault = bondVaultOf(msg.sender);
        uint32 index = ++election.candidateCount;
        record.index = index;
        record.bond = bond.toUint96();
        _candidates[electionId].push(msg.sender);
        emit CandidateDeclared(electionId, msg.sender, index, bond, vault, profileURI);
        if (vault.code.length == 0) _deployVault(msg.sender);
        IERC20(address(token)).safeTransferFrom(msg.sender, vault, bond);
    }

    /// @inheritdoc ICouncil
    function voteCandidates(address[] calldata candidates, uint256[] calldata weights) external {
        uint256 electionId = _electionCount;
        Election memory election = _elections[electionId];
        if (
            electionId == 0 ||
            block.timestamp <= election.votingStart ||
            block.timestamp > election.votingEnd ||
            election.finalized
        ) revert NotInVoting(electionId, election.votingStart, election.votingEnd);
        uint256 count = candidates.length;
        if (count != weights.length) revert LengthMismatch(count, weights.length);

        uint256 power = votingPower.getPastVotes(msg.sender, election.votingStart);
        uint256 total = 0;
        for (uint256 i = 0; i < count; ++i) {
            uint256 weight = weights[i];
            if (weight > power - total) {
                revert WeightsExceedPower(
                    weight > type(uint256).max - total ? type(uint256).max : total + weight,
                    power
                );
            }
            total += weight;
        }

        mapping(address candidate => Candidate record) storage records = _candidateOf[electionId];
        Allocation[] storage allocation = _allocations[electionId][msg.sender];
        for (uint256 i = allocation.length; i > 0; --i) {
            Allocation memory previous = allocation[i - 1];
            records[previous.candidate].votes -= previous.weight;
            allocation.pop();
        }
        for (uint256 i = 0; i < count; ++i) {
            address candidate = candidates[i];
            Candidate storage record = records[candidate];
            if (record.index == 0) revert NotCandidate(electionId, candidate);
            uint96 weight = uint96(weights[i]); // total <= power <= supply < 2^96 (VotingPower)
            if (weight == 0) continue;
            record.votes += weight;
            allocation.push(Allocation({candidate: candidate, weight: weight}));
        }
        emit CandidatesVoted(electionId, msg.sender, candidates, weights, power);
    }

    /// @inheritdoc ICouncil
    function finalizeElection(uint256 batch) external returns (bool done) {
        uint256 electionId = _electionCount;
        if (electionId == 0) revert NoElection();
        Election storage election = _elections[electionId];
        if (election.finalized) revert AlreadyFinalized(electionId);
        if (block.timestamp <= election.votingEnd) revert NotDue(uint256(election.votingEnd) + 1, block.timestamp);
        if (batch == 0) revert InvalidParameter("batch", 0);

        Parameters memory p = _parameters;
        uint256 count = election.candidateCount;
        uint256 from = election.processed;
        uint256 to = from + batch < count ? from + batch : count;
        address[] storage candidates = _candidates[electionId];
        for (uint256 i = from; i < to; ++i) {
            address candidate = candidates[i];
            uint256 votes = _candidateOf[electionId][candidate].votes;
            if (votes == 0) continue;
            if (votes >= p.electionThreshold) _counts[electionId].byThreshold.push(candidate);
            _insertLeader(electionId, candidate, votes, p.minSeats);
        }
        election.processed = uint32(to);

        if (to < count) {
            emit ElectionProgress(electionId, to, count);
        } else {
            election.finalized = true;
            done = true;
            Count storage tally = _counts[electionId];
            address[] memory members = tally.byThreshold.length >= p.minSeats ? tally.byThreshold : tally.leaders;
            if (members.length == 0) {
                _lastElectionFailed = true;
                emit ElectionFailed(electionId);
            } else {
                _seat(electionId, members, p.term);
            }
        }
        // One unit per election finalized, paid to the call that completes the count: candidacies
        // cost nothing (bonds are refunded), so counting them would pay for work anyone can make.
        _payBounty(FINALIZE_KIND, done ? 1 : 0);
    }

    /// @inheritdoc ICouncil
    function withdrawBond(uint256 electionId) external {
        Candidate storage record = _candidateOf[electionId][msg.sender];
        uint256 amount = record.bond;
        if (record.index == 0 || record.bondReleased) revert NothingToRelease(electionId, msg.sender);
        Election memory election = _elections[electionId];
        if (!election.finalized) revert BondLocked(electionId, msg.sender, election.votingEnd);
        if (record.elected) {
            uint256 termId = election.termId;
            Term memory term = _terms[termId];
            // A member removed by peers keeps its bond locked while its appeal is open, as a sitting one.
            if (
                block.timestamp < term.end &&
                (_memberStatus[termId][msg.sender] == MemberStatus.Sitting ||
                    appealOutcome(_removalIdOf[termId][msg.sender]) == AppealOutcome.Open)
            ) {
                revert BondLocked(electionId, msg.sender, term.end);
            }
        }
        record.bondReleased = true;
        emit BondReleased(electionId, msg.sender, amount);
        BondVault(bondVaultOf(msg.sender)).release(IERC20(address(token)), msg.sender, amount);
    }

    // ---------------------------------------------------------------- decisions

    /// @inheritdoc ICouncil
    function memberVote(bytes32 subject, uint8 choice) external {
        (uint256 termId, bool live) = _liveTerm();
        if (!live || _memberStatus[termId][msg.sender] != MemberStatus.Sitting) revert NotSittingMember(msg.sender);
        if (choice > uint8(IChoice.Choice.Abstain)) revert InvalidChoice(choice);
        _choices[termId][subject][msg.sender] = choice;
        emit MemberVoted(termId, subject, msg.sender, choice);
    }

    /// @inheritdoc ICouncil
    function issueStatement(StatementKind kind, uint256 proposalId, address account, string calldata uri) external {
        if ((proposalId == 0) == (account == address(0))) revert InvalidStatementTarget(proposalId, account);
        bytes32 subject = statementSubject(kind, proposalId, account, uri);
        if (_statementIssued[subject]) revert StatementAlreadyIssued(subject);
        if (decision(subject) != uint8(IChoice.Choice.For)) revert NotDecided(subject);
        _statementIssued[subject] = true;
        if (proposalId != 0 && _firstStatementAt[proposalId] == 0) _firstStatementAt[proposalId] = block.timestamp;
        emit StatementIssued(subject, kind, proposalId, account, uri);
    }

    /// @inheritdoc ICouncil
    function removeMember(address member) external onlyTimelock {
        (uint256 termId, bool live) = _liveTerm();
        if (!live || _memberStatus[termId][member] != MemberStatus.Sitting) revert NotSittingMember(member);
        _memberStatus[termId][member] = MemberStatus.Removed;
        --_terms[termId].seats;
        ++_removedByHolders[termId];
        emit MemberRemoved(termId, member);
    }

    /// @inheritdoc ICouncil
    function removeByPeers(address member, string calldata groundsURI) external returns (uint256 removalId) {
        (uint256 termId, bool live) = _liveTerm();
        if (!live || _memberStatus[termId][member] != MemberStatus.Sitting) revert NotSittingMember(member);
        uint256 previous = _removalIdOf[termId][member];
        if (previous != 0) revert AlreadyRemovedByPeers(termId, member, previous);
        bytes32 subject = removalSubject(member, groundsURI);
        uint256 votes = _peerVotes(termId, member, subject);
        uint256 others = _terms[termId].seats - 1;
        uint256 base = _members[termId].length - _removedByHolders[termId];
        uint256 needed = Math.max((others * 2 + 2) / 3, base / 2 + 1);
        if (votes < needed) revert NotEnoughPeerVotes(subject, votes, needed); // needed >= 1 > others at one seat

        _memberStatus[termId][member] = MemberStatus.Removed;
        --_terms[termId].seats;
        removalId = ++_removalCount;
        _removalIdOf[termId][member] = removalId;
        uint256 deadline = block.timestamp + _parameters.appealPeriod;
        _removals[removalId] = Removal({
            member: member,
            termId: uint32(termId),
            removedAt: uint40(block.timestamp),
            appealDeadline: deadline.toUint40(),
            restored: false,
            referendum: address(0),
            proposalId: 0
        });
        emit MemberRemoved(termId, member);
        emit MemberRemovedByPeers(removalId, termId, member, groundsURI, votes, others, deadline);
    }

    /// @inheritdoc ICouncil
    function appeal(
        uint256 removalId,
        address referendum,
        string calldata descriptionURI
    ) external returns (uint256 proposalId) {
        Removal storage removal = _removal(removalId);
        if (msg.sender != removal.member) revert NotRemovedMember(removalId, msg.sender);
        if (removal.referendum != address(0)) revert AlreadyAppealed(removalId, removal.proposalId);
        if (block.timestamp > removal.appealDeadline) revert AppealClosed(removalId, removal.appealDeadline);
        // Audit C5: a restoration is for the rest of the term; once it ended there is none.
        uint256 termEnd = _terms[removal.termId].end;
        if (block.timestamp >= termEnd) revert AppealClosed(removalId, termEnd);
        if (!IAccessControl(timelock).hasRole(_PROPOSER_ROLE, referendum)) revert NotReferendum(referendum);
        removal.referendum = referendum;
        address[] memory targets = new address[](1);
        targets[0] = address(this);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(ICouncil.restoreMember, (msg.sender, removalId));
        proposalId = IReferendum(referendum).openAppeal(
            msg.sender,
            targets,
            new uint256[](1),
            calldatas,
            descriptionURI
        );
        // Slither reentrancy-benign: the referendum is the Timelock's proposer (checked above) and
        // the appeal is already marked taken, so a re-entering call finds AlreadyAppealed.
        // slither-disable-next-line reentrancy-benign
        removal.proposalId = proposalId;
        // Referendum.blocSubject's formula, without a call back.
        // slither-disable-next-line reentrancy-benign
        _blocBarred[keccak256(abi.encode(referendum, "bloc", proposalId))] = true;
        // slither-disable-next-line reentrancy-events
        emit AppealOpened(removalId, msg.sender, referendum, proposalId);
    }

    /// @inheritdoc ICouncil
    function restoreMember(address member, uint256 removalId) external onlyTimelock {
        Removal storage removal = _removal(removalId);
        AppealOutcome outcome = appealOutcome(removalId);
        if (removal.member != member || outcome != AppealOutcome.Open) revert NotRestorable(removalId, outcome);
        uint256 termId = removal.termId;
        // Audit C6: only the appeal's own referendum restores (its state is Executed while the
        // Timelock runs it), not a parallel ordinary proposal; audit C5: only within the term.
        address referendum = removal.referendum;
        if (
            referendum == address(0) ||
            IReferendum(referendum).state(removal.proposalId) != IReferendum.ProposalState.Executed ||
            block.timestamp >= _terms[termId].end
        ) revert NotRestorable(removalId, outcome);
        removal.restored = true;
        _memberStatus[termId][member] = MemberStatus.Sitting;
        ++_terms[termId].seats;
        emit MemberRestored(removalId, termId, member);
    }

    /// @inheritdoc ICouncil
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICouncil
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc ICouncil
    /// @dev Boyer-Moore majority over the sitting members: one pass finds the only possible
    /// majority choice, a second counts it.
    function decision(bytes32 subject) public view returns (uint8 choice) {
        (uint256 termId, bool live) = _liveTerm();
        if (!live || _blocBarred[subject]) return 0;
        address[] storage members = _members[termId];
        mapping(address member => uint8 choice) storage choices = _choices[termId][subject];
        mapping(address member => MemberStatus status) storage status = _memberStatus[termId];
        uint256 count = members.length;
        uint8 leader = 0;
        uint256 lead = 0;
        for (uint256 i = 0; i < count; ++i) {
            address member = members[i];
            if (status[member] != MemberStatus.Sitting) continue;
            uint8 memberChoice = choices[member];
            if (lead == 0) {
                leader = memberChoice;
                lead = 1;
            } else if (memberChoice == leader) {
                ++lead;
            } else {
                --lead;
            }
        }
        if (leader == 0) return 0;
        uint256 votes = 0;
        for (uint256 i = 0; i < count; ++i) {
            address member = members[i];
            if (status[member] == MemberStatus.Sitting && choices[member] == leader) ++votes;
        }
        return votes * 2 > _terms[termId].seats ? leader : 0;
    }

    /// @inheritdoc ICouncil
    function statementSubject(
        StatementKind kind,
        uint256 proposalId,
        address account,
        string calldata uri
    ) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), "statement", kind, proposalId, account, keccak256(bytes(uri))));
    }

    /// @inheritdoc ICouncil
    function removalSubject(address member, string calldata groundsURI) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), "removal", _currentTermId, member, keccak256(bytes(groundsURI))));
    }

    /// @inheritdoc ICouncil
    function removalOf(uint256 removalId) external view returns (Removal memory) {
        return _removals[removalId];
    }

    /// @inheritdoc ICouncil
    function isRemoved(uint256 termId, address member) external view returns (bool) {
        return _memberStatus[termId][member] == MemberStatus.Removed;
    }

    /// @inheritdoc ICouncil
    function removalIdOf(uint256 termId, address member) external view returns (uint256) {
        return _removalIdOf[termId][member];
    }

    /// @inheritdoc ICouncil
    function removalCount() external view returns (uint256) {
        return _removalCount;
    }

    /// @inheritdoc ICouncil
    /// @dev An appeal whose referendum succeeded or is queued is still open: it may yet expire.
    function appealOutcome(uint256 removalId) public view returns (AppealOutcome) {
        Removal storage removal = _removals[removalId];
        if (removal.member == address(0)) return AppealOutcome.None;
        if (removal.restored) return AppealOutcome.Restored;
        address referendum = removal.referendum;
        if (referendum == address(0)) {
            return block.timestamp <= removal.appealDeadline ? AppealOutcome.Open : AppealOutcome.Lost;
        }
        IReferendum.ProposalState state = IReferendum(referendum).state(removal.proposalId);
        return
            state == IReferendum.ProposalState.Defeated ||
            state == IReferendum.ProposalState.Expired ||
            state == IReferendum.ProposalState.Canceled
                ? AppealOutcome.Lost
                : AppealOutcome.Open;
    }

    /// @inheritdoc ICouncil
    function appealingMembers() external view returns (address[] memory list, uint256[] memory removalIds) {
        (uint256 termId, bool live) = _liveTerm();
        if (!live) return (list, removalIds);
        address[] storage members = _members[termId];
        uint256 count = members.length;
        list = new address[](count);
        removalIds = new uint256[](count);
        uint256 next = 0;
        for (uint256 i = 0; i < count; ++i) {
            uint256 removalId = _removalIdOf[termId][members[i]];
            if (removalId != 0 && appealOutcome(removalId) == AppealOutcome.Open) {
                list[next] = members[i];
                removalIds[next++] = removalId;
            }
        }
        assembly ("memory-safe") {
            mstore(list, next)
            mstore(removalIds, next)
        }
    }

    /// @inheritdoc ICouncil
    function firstStatementAt(uint256 proposalId) external view returns (uint256) {
        return _firstStatementAt[proposalId];
    }

    /// @inheritdoc ICouncil
    function currentTerm() external view returns (uint256 termId, Term memory term, bool sitting) {
        termId = _currentTermId;
        term = _terms[termId];
        sitting = block.timestamp < term.end;
    }

    /// @inheritdoc ICouncil
    function sittingMembers() external view returns (address[] memory list) {
        (uint256 termId, bool live) = _liveTerm();
        if (!live) return list;
        list = new address[](_terms[termId].seats);
        address[] storage members = _members[termId];
        uint256 next = 0;
        for (uint256 i = 0; i < members.length; ++i) {
            if (_memberStatus[termId][members[i]] == MemberStatus.Sitting) list[next++] = members[i];
        }
    }

    /// @inheritdoc ICouncil
    function isSittingMember(address account) public view returns (bool) {
        (uint256 termId, bool live) = _liveTerm();
        return live && _memberStatus[termId][account] == MemberStatus.Sitting;
    }

    /// @inheritdoc ICouncil
    function electionDueAt() external view returns (uint256) {
        uint256 latest = _electionCount;
        if (latest != 0 && !_elections[latest].finalized) return type(uint256).max;
        return _electionDueAt();
    }

    /// @inheritdoc ICouncil
    function latestElectionId() external view returns (uint256) {
        return _electionCount;
    }

    /// @inheritdoc ICouncil
    function electionOf(uint256 electionId) external view returns (Election memory) {
        return _elections[electionId];
    }

    /// @inheritdoc ICouncil
    function candidateOf(uint256 electionId, address candidate) external view returns (Candidate memory) {
        return _candidateOf[electionId][candidate];
    }

    /// @inheritdoc ICouncil
    function allocationOf(uint256 electionId, address voter) external view returns (Allocation[] memory) {
        return _allocations[electionId][voter];
    }

    /// @inheritdoc ICouncil
    function bondVaultOf(address candidate) public view returns (address) {
        return Clones.predictDeterministicAddress(bondVaultImplementation, bytes32(uint256(uint160(candidate))));
    }

    // ---------------------------------------------------------------- internals

    /// @dev The other sitting members' For choices on `subject`.
    function _peerVotes(uint256 termId, address member, bytes32 subject) private view returns (uint256 votes) {
        address[] storage members = _members[termId];
        mapping(address member => uint8 choice) storage choices = _choices[termId][subject];
        for (uint256 i = 0; i < members.length; ++i) {
            address peer = members[i];
            if (
                peer != member &&
                _memberStatus[termId][peer] == MemberStatus.Sitting &&
                choices[peer] == uint8(IChoice.Choice.For)
            ) ++votes;
        }
    }

    function _removal(uint256 removalId) private view returns (Removal storage removal) {
        removal = _removals[removalId];
        if (removal.member == address(0)) revert UnknownRemoval(removalId);
    }

    function _liveTerm() private view returns (uint256 termId, bool live) {
        termId = _currentTermId;
        live = block.timestamp < _terms[termId].end;
    }

    /// @dev The first election is due so that it ends by the transitional deadline; later ones so
    /// that they end with the sitting term. After a failed election another is due at once.
    function _electionDueAt() private view returns (uint256) {
        if (_lastElectionFailed) return 0;
        Parameters memory p = _parameters;
        uint256 lead = uint256(p.nominationPeriod) + p.votingPeriod;
        uint256 end = _terms[_currentTermId].end;
        return end > lead ? end - lead : 0;
    }

    function _deployVault(address candidate) private {
        address vault = Clones.cloneDeterministic(bondVaultImplementation, bytes32(uint256(uint160(candidate))));
        BondVault(vault).initialize(token, candidate);
    }

    /// @dev Keeps the `seats` candidates with the most votes, most first; ties keep the earlier
    /// declaration first (candidates arrive in declaration order and only strictly more votes
    /// move ahead).
    function _insertLeader(uint256 electionId, address candidate, uint256 votes, uint256 seats) private {
        address[] storage leaders = _counts[electionId].leaders;
        mapping(address candidate => Candidate record) storage records = _candidateOf[electionId];
        uint256 length = leaders.length;
        if (length == seats) {
            if (votes <= records[leaders[length - 1]].votes) return;
            leaders.pop();
            --length;
        }
        leaders.push(candidate);
        uint256 j = length;
        while (j > 0 && records[leaders[j - 1]].votes < votes) {
            leaders[j] = leaders[j - 1];
            --j;
        }
        leaders[j] = candidate;
    }

    function _seat(uint256 electionId, address[] memory members, uint256 termLength) private {
        uint256 previousId = _currentTermId;
        Term storage previous = _terms[previousId];
        if (block.timestamp < previous.end) {
            previous.end = uint40(block.timestamp);
            emit TermEnded(previousId, block.timestamp);
        }
        uint256 termId = previousId + 1;
        uint256 end = block.timestamp + termLength;
        _terms[termId] = Term({
            start: uint40(block.timestamp),
            end: end.toUint40(),
            electionId: uint32(electionId),
            seats: uint32(members.length)
        });
        _elections[electionId].termId = uint32(termId);
        _currentTermId = termId;
        _lastElectionFailed = false;
        for (uint256 i = 0; i < members.length; ++i) {
            address member = members[i];
            _members[termId].push(member);
            _memberStatus[termId][member] = MemberStatus.Sitting;
            Candidate storage record = _candidateOf[electionId][member];
            record.elected = true;
            emit MemberElected(electionId, termId, member, record.votes);
        }
        emit ElectionFinalized(electionId, termId, members, block.timestamp, end);
    }

    function _setParameters(Parameters memory p) private {
        if (p.candidateBond == 0 || p.candidateBond > type(uint96).max) {
            revert InvalidParameter("candidateBond", p.candidateBond);
        }
        uint256 supply = IERC20(address(token)).totalSupply();
        if (
            p.electionThreshold == 0 ||
            p.electionThreshold > type(uint96).max ||
            p.electionThreshold * MAX_SEATS < supply
        ) {
            revert InvalidParameter("electionThreshold", p.electionThreshold);
        }
        if (p.minSeats == 0 || p.minSeats > MAX_SEATS) revert InvalidParameter("minSeats", p.minSeats);
        if (p.nominationPeriod == 0) revert InvalidParameter("nominationPeriod", p.nominationPeriod);
        if (p.votingPeriod == 0) revert InvalidParameter("votingPeriod", p.votingPeriod);
        if (p.term <= uint256(p.nominationPeriod) + p.votingPeriod) revert InvalidParameter("term", p.term);
        if (p.appealPeriod == 0) revert InvalidParameter("appealPeriod", 0);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
