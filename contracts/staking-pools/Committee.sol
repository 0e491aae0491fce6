// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ICommittee, IHonorNodes, IReputationSource} from "../interfaces/ICommittee.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IRandomness} from "../interfaces/IRandomness.sol";
import {IRewardsReserve, IRewardsSchedule} from "../interfaces/IRewardsReserve.sol";
import {ICommitteeDuties, ICommitteeDutyBook, ICommitteeLock} from "../interfaces/IStakingHooks.sol";
import {Governed} from "../governance/Governed.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {BPS} from "../libraries/Constants.sol";
import {WeightedSample} from "../libraries/WeightedSample.sol";

/// @title Committee
/// @notice The elected committee of honor nodes (DESIGN §7).
/// @dev Decisions where the design is silent:
/// - Clock fixed at deployment (`Schedule`): term n runs [start + n·L, start + (n+1)·L); candidacy
///   for it is open until `candidacyLead` before it starts and is always for the next term whose
///   candidacy is open. A term without candidates has no committee (its rewards go back).
/// - Reputation is frozen at the close of candidacy, read at the last second before it (nothing a
///   node does after the close, or in the closing block, counts). A candidate that is no longer an
///   honor node, or is sitting out, is frozen at 0 and never drawn; any other weighs at least 1,
///   so a node of reputation 0 can still fill a seat nobody else wants.
/// - The draw uses a request made when the last candidate is frozen, so its randomness comes from
///   a later block; the result depends only on that value and the frozen weights, so whoever calls
///   `draw` in whichever block gets the same seats. A missed block is re-seeded (DESIGN §2).
/// - Weights pack 16 to a slot, with each slot's sum kept beside them (8 sums a slot), and a
///   term's seats, impeachment votes and progress fit one slot: a draw reads n/128 sum slots and
///   the weight slots it picks from and writes one; an impeachment vote rewrites that one slot.
/// - Bounties: one per term closed, drawn and settled (units that cannot be made up).
/// - Duties: duty sources (StorageProofs, the IndexOracle) ask `dutyOf` whom a duty belongs to
///   and report it done or missed; members take duties in turn over the drawn seats. A
///   member that missed more than a third of its duties in a term is slashed `missSlashBps` and
///   sits out the next term; an impeached one sits out the next term whose candidacy is open.
/// - Sitting out: a node holds no seat in a term below its `sitOutUntil`, from the moment that is
///   set: it is frozen at 0 if that term has not closed, drawn into no seat if it closed but is
///   not drawn, and its seat is vacated if it is drawn. So, once a term is closed, its seats do
///   not depend on whether its draw or the penalty came first (audit S3, S3b, S3c, I4). A close
///   so late that the previous term's settlement is due with it still gives whoever calls first a
///   choice (settled first, the node is frozen at 0 and its seat goes to another candidate; closed
///   first, the node's seat is drawn and emptied); keepers close when due, candidacyLead +
///   settleDelay before that settlement is.
/// - Duties go by key modulo the drawn seats; an emptied seat's are nobody's, so a seat emptied
///   mid-term moves no duty already due.
/// - Rewards: the RewardsReserve's committee stream for the term, split by duties done over the
///   duties assigned in the term; an impeached member forfeits its share; the rest goes back.
/// - Locks: a candidate's stake is locked from the close of candidacy until the draw; a member's
///   until the end of the term after its own (ICommitteeLock, asked by the HonorPool).
contract Committee is ICommittee, Governed, Upkeep, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    bytes32 public constant CLOSE_KIND = "Committee.closeCandidacy";
    bytes32 public constant DRAW_KIND = "Committee.draw";
    bytes32 public constant SETTLE_KIND = "Committee.settleTerm";
    /// @notice The seats a term can have: a term's seats pack into its slot.
    uint256 public constant MAX_SEATS = 7;
    /// @notice The candidates a term can have: a candidate's index takes 9 bits of a seat.
    uint256 public constant MAX_CANDIDATES = 511;

    /// @dev `lockOf`'s `until` for a lock released by an event (a draw, a settlement), not a time.
    uint256 private constant _UNTIL_RELEASED = type(uint48).max;
    bytes32 private constant _MISSED = "Committee.missed";
    bytes32 private constant _IMPEACHED = "Committee.impeached";
    bytes32 private constant _UNEARNED = "Committee.unearned";

    IERC20 public immutable token;
    IHonorNodes public immutable honorPool;
    IReputationSource public immutable reputation;
    IRewardsReserve public immutable reserve;
    IRandomness public immutable randomness;

    uint64 private immutable _start;
    uint64 private immutable _termLength;
    uint64 private immutable _candidacyLead;
    uint64 private immutable _settleDelay;

    Parameters private _parameters;
    uint256 private _nextSettle;
    mapping(uint256 term => Term record) private _terms;
    // Slither uninitialized-state: filled by `declareCandidacy` (push through a storage pointer);
    // `_memberAt` reads it in assembly, which Slither does not follow.
    // slither-disable-next-line uninitialized-state
    mapping(uint256 term => address[] nodes) private _candidates;
    mapping(uint256 term => mapping(uint256 word => uint256 weights)) private _weights;
    /// @dev The sum of each word of `_weights` (a bucket of 16 candidates), 32 bits each, 8 a word.
    mapping(uint256 term => mapping(uint256 word => uint256 sums)) private _bucketSums;
    /// @dev Per seat, 16 bits of duties assigned then 16 bits of duties done.
    mapping(uint256 term => uint256 duties) private _duties;
    mapping(address node => Node record) private _nodes;
    mapping(address source => bool allowed) public isDutySource;

    /// @param contracts_ The base token, the HonorPool, the reputation lens, the RewardsReserve
    /// and the randomness helper, in that order.
    /// @param keeperRewards_ Pays the close, draw and settle bounties.
    /// @param timelock_ Changes the parameters and the duty sources.
    /// @param schedule_ The term clock (fixed).
    /// @param parameters_ Seats, candidates and slashes.
    /// @param dutySources_ Contracts that record duties from the start (StorageProofs).
    constructor(
        address[5] memory contracts_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Schedule memory schedule_,
        Parameters memory parameters_,
        address[] memory dutySources_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        if (schedule_.termLength == 0) revert InvalidParameter("termLength", 0);
        if (schedule_.candidacyLead == 0 || schedule_.candidacyLead >= schedule_.termLength)
            revert InvalidParameter("candidacyLead", schedule_.candidacyLead);
        if (schedule_.start < schedule_.candidacyLead) revert InvalidParameter("start", schedule_.start);
        if (schedule_.settleDelay >= schedule_.termLength)
            revert InvalidParameter("settleDelay", schedule_.settleDelay);
        token = IERC20(contracts_[0]);
        honorPool = IHonorNodes(contracts_[1]);
        reputation = IReputationSource(contracts_[2]);
        reserve = IRewardsReserve(contracts_[3]);
        randomness = IRandomness(contracts_[4]);
        _start = schedule_.start;
        _termLength = schedule_.termLength;
        _candidacyLead = schedule_.candidacyLead;
        _settleDelay = schedule_.settleDelay;
        _setParameters(parameters_);
        for (uint256 i = 0; i < dutySources_.length; ++i) _setDutySource(dutySources_[i], true);
    }

    // ---------------------------------------------------------------- candidacy and draw

    /// @inheritdoc ICommittee
    function declareCandidacy() external nonReentrant returns (uint256 term) {
        if (!honorPool.isHonorNode(msg.sender)) revert NotHonorNode(msg.sender);
        term = _nextTerm(block.timestamp);
        Node memory node = _nodes[msg.sender];
        if (term < node.sitOutUntil) revert SittingOut(msg.sender, node.sitOutUntil);
        if (node.candidateTerm != 0) {
            uint256 previous = node.candidateTerm - 1;
            if (previous == term) revert AlreadyCandidate(msg.sender, term);
            Term memory record = _terms[previous];
            if (!record.drawn) revert DrawPending(msg.sender, previous);
            if (_holdsSeat(record, node.candidateIndex)) {
                node.lockedUntil = uint48(Math.max(node.lockedUntil, termStart(previous + 2)));
                if (!record.settled) node.seatTerm = uint32(previous + 1);
            }
        }
        // Audit S1: only the stake is checkpointed, so the weight frozen at the close never
        // exceeds the reputation read (at a past second) when the node declared.
        node.declaredReputation = reputation.reputationAt(msg.sender, block.timestamp - 1);
        address[] storage list = _candidates[term];
        uint256 index = list.length;
        if (index >= _parameters.maxCandidates) revert TooManyCandidates(term, _parameters.maxCandidates);
        node.candidateTerm = uint32(term + 1);
        node.candidateIndex = uint16(index);
        _nodes[msg.sender] = node;
        list.push(msg.sender);
        emit CandidacyDeclared(term, msg.sender, index);
    }

    /// @inheritdoc ICommittee
    function closeCandidacy(uint256 term, uint256 maxCount) external nonReentrant returns (uint256 frozen) {
        uint256 closesAt = candidacyCloseOf(term);
        if (block.timestamp < closesAt) revert NotDue(closesAt, block.timestamp);
        Term memory record = _terms[term];
        if (record.closed) revert WrongTermState(term);
        address[] storage list = _candidates[term];
        uint256 count = list.length;
        uint256 from = record.frozen;
        uint256 to = Math.min(count, from + maxCount);
        for (uint256 i = from; i < to; ++i) _freeze(term, i, list[i], closesAt - 1);
        frozen = to - from;
        record.frozen = uint32(to);
        if (to == count) {
            record.closed = true;
            uint256 requestId = 0;
            if (count == 0) {
                record.drawn = true;
            } else {
                // Slither reentrancy-no-eth: the randomness helper is the suite's own (no callback);
                // the record is written right after, and every entry point is nonReentrant.
                // slither-disable-next-line reentrancy-no-eth
                requestId = randomness.request();
                record.requestId = uint40(requestId);
            }
            _terms[term] = record;
            emit CandidacyClosed(term, count, requestId, requestId == 0 ? 0 : _drawableAt(requestId));
            // Audit S8: a term nobody stood for is no work to pay for.
            if (count != 0) _payBounty(CLOSE_KIND, 1);
        } else {
            _terms[term] = record;
        }
    }

    /// @inheritdoc ICommittee
    function draw(uint256 term) external nonReentrant returns (bool drawn) {
        Term memory record = _terms[term];
        if (!record.closed || record.drawn) revert WrongTermState(term);
        uint256 requestId = record.requestId;
        bytes32 value = randomness.randomnessOf(requestId);
        if (value == bytes32(0)) {
            uint256 seedBlock = randomness.requestOf(requestId).seedBlock;
            if (block.number <= seedBlock) revert NotDue(seedBlock + 1, block.number);
            // Slither unused-return: zero here (re-seeded); DrawReseeded names the new block.
            // slither-disable-next-line unused-return
            randomness.record(requestId);
            emit DrawReseeded(term, requestId, _drawableAt(requestId));
            return false;
        }
        (uint256 seats, address[] memory members, uint256[] memory reputations) = _pick(term, value);
        record.seats = uint64(seats);
        record.seatCount = uint8(members.length);
        record.drawn = true;
        // A member set to sit out after its weight was frozen (penalized or impeached between the
        // close and the draw) is drawn into no seat: the same seats as when the draw came first
        // and the penalty vacated it, whoever calls which first.
        uint256 vacated = 0;
        for (uint256 seat = 0; seat < members.length; ++seat) {
            if (term < _nodes[members[seat]].sitOutUntil) vacated |= 1 << seat;
        }
        record.emptied = uint8(vacated);
        _terms[term] = record;
        emit CommitteeDrawn(term, members, reputations);
        for (uint256 seat = 0; seat < members.length; ++seat) {
            if (vacated & (1 << seat) != 0) emit SeatVacated(term, members[seat], seat);
        }
        _payBounty(DRAW_KIND, 1);
        return true;
    }

    // ---------------------------------------------------------------- duties, impeachment, settlement

    /// @inheritdoc ICommitteeDutyBook
    function recordDuty(uint256 term, uint256 seat, bool done) external nonReentrant {
        if (!isDutySource[msg.sender]) revert NotDutySource(msg.sender);
        if (seat >= _terms[term].seatCount) revert UnknownSeat(term, seat);
        _recordDuties(term, done ? 1 << seat : 0, done ? 0 : 1 << seat);
    }

    /// @inheritdoc ICommittee
    function recordDuties(uint256 term, uint256 doneSeats, uint256 missedSeats) external nonReentrant {
        if (!isDutySource[msg.sender]) revert NotDutySource(msg.sender);
        uint256 seats = doneSeats | missedSeats;
        if (seats >> _terms[term].seatCount != 0 || doneSeats & missedSeats != 0) revert UnknownSeat(term, seats);
        _recordDuties(term, doneSeats, missedSeats);
    }

    /// @dev Records a duty of each seat in `doneSeats` (done) and `missedSeats` (missed), one
    /// read and one write of the term's counters for the batch.
    function _recordDuties(uint256 term, uint256 doneSeats, uint256 missedSeats) private {
        Term memory record = _terms[term];
        // Audit S4: a settled term or an emptied seat takes no more duties (ignored, never a
        // revert, so that a late storage settlement is never blocked by it).
        if (record.settled) return;
        uint256 duties = _duties[term];
        for (uint256 seat = 0; seat < record.seatCount; ++seat) {
            uint256 bit = 1 << seat;
            if ((doneSeats | missedSeats) & bit == 0 || record.emptied & bit != 0) continue;
            uint256 shift = 32 * seat;
            uint256 assigned = (duties >> shift) & 0xffff;
            // The 16-bit counters saturate (65,535 duties of one seat in one term).
            if (assigned == 0xffff) continue;
            bool done = doneSeats & bit != 0;
            uint256 doneCount = ((duties >> (shift + 16)) & 0xffff) + (done ? 1 : 0);
            duties &= ~(uint256(0xffffffff) << shift);
            duties |= ((assigned + 1) << shift) | (doneCount << (shift + 16));
            address member = _memberAt(term, record, seat);
            if (done) ++_nodes[member].dutiesDone;
            emit DutyRecorded(term, seat, member, msg.sender, done);
        }
        _duties[term] = duties;
    }

    /// @inheritdoc ICommittee
    function voteImpeach(uint256 voterSeat, uint256 targetSeat) external nonReentrant {
        uint256 term = termAt(block.timestamp);
        if (block.timestamp < termStart(term)) revert TermNotStarted(term, termStart(term));
        Term memory record = _terms[term];
        if (!_active(record, voterSeat)) revert UnknownSeat(term, voterSeat);
        if (!_active(record, targetSeat) || targetSeat == voterSeat) revert UnknownSeat(term, targetSeat);
        if (_memberAt(term, record, voterSeat) != msg.sender) revert NotMember(msg.sender, term, voterSeat);
        uint256 shift = 8 * targetSeat;
        uint256 bits = (uint256(record.votes) >> shift) & 0xff;
        if (bits & (1 << voterSeat) != 0) revert AlreadyVoted(term, voterSeat, targetSeat);
        bits |= 1 << voterSeat;
        record.votes = uint56(uint256(record.votes) | (bits << shift));
        uint256 others = _activeCount(record) - 1;
        uint256 votes = _popcount(bits & ~uint256(record.emptied));
        // Audit S2: never one member alone (in a committee of two, nobody can be impeached).
        uint256 needed = Math.max(Math.ceilDiv(others * 2, 3), 2);
        emit ImpeachmentVoted(term, voterSeat, targetSeat, votes, needed);
        if (votes < needed) {
            _terms[term] = record;
            return;
        }
        record.emptied |= uint8(1 << targetSeat);
        _terms[term] = record;
        address target = _memberAt(term, record, targetSeat);
        Node storage node = _nodes[target];
        uint256 sitOutUntil = _nextTerm(block.timestamp) + 1;
        if (node.sitOutUntil < sitOutUntil) node.sitOutUntil = uint32(sitOutUntil);
        // Audit I4: it sits out the next term (sitOutUntil > term + 1): a seat drawn there goes.
        _vacate(term + 1, target);
        uint256 slashed = honorPool.slash(target, _parameters.impeachSlashBps, _IMPEACHED);
        emit MemberImpeached(term, target, slashed);
    }

    /// @inheritdoc ICommittee
    function settleTerm(uint256 term) external nonReentrant {
        if (term != _nextSettle) revert OutOfOrder(term, _nextSettle);
        uint256 dueAt = termStart(term + 1) + _settleDelay;
        if (block.timestamp < dueAt) revert NotDue(dueAt, block.timestamp);
        _nextSettle = term + 1;
        Term memory record = _terms[term];
        record.settled = true;
        _terms[term] = record;
        // Slither reentrancy: the RewardsReserve is the suite's own, paying in the base token
        // (no callbacks); every entry point is nonReentrant.
        // slither-disable-next-line reentrancy-no-eth,reentrancy-benign,reentrancy-events
        uint256 received = reserve.releaseCommittee(term + 1);
        uint256 duties = _duties[term];
        uint256 totalAssigned = 0;
        for (uint256 seat = 0; seat < record.seatCount; ++seat) totalAssigned += (duties >> (32 * seat)) & 0xffff;
        uint256 paid = 0;
        for (uint256 seat = 0; seat < record.seatCount; ++seat) {
            paid += _settleSeat(term, record, seat, duties, totalAssigned, received);
        }
        uint256 returned = received - paid;
        emit TermSettled(term, received, paid, returned);
        if (returned != 0) {
            token.forceApprove(address(reserve), returned);
            reserve.deposit(returned, _UNEARNED);
        }
        // Audit S8: settling a term without a committee only returns its reward; it pays no bounty.
        if (record.seatCount != 0) _payBounty(SETTLE_KIND, 1);
    }

    /// @inheritdoc ICommittee
    function setDutySource(address source, bool allowed) external onlyTimelock {
        _setDutySource(source, allowed);
    }

    /// @inheritdoc ICommittee
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICommitteeDutyBook
    /// @dev The filled seats not emptied take duties in turn by key (a storage epoch).
    function dutyOf(uint256 key, uint256 timepoint) external view returns (uint256 term, uint256 seat, address member) {
        term = termAt(timepoint);
        Term memory record = _terms[term];
        if (!record.drawn || record.seatCount == 0) return (term, 0, address(0));
        // Over every drawn seat, not only the active ones (audit F1 of the sit-out review): a seat
        // emptied mid-term must not move the duties already due to other seats, or a missed duty
        // recorded late would be charged to whoever holds its key now. An emptied seat's duties
        // are nobody's (anyone may do them).
        seat = key % record.seatCount;
        if (_active(record, seat)) member = _memberAt(term, record, seat);
    }

    /// @inheritdoc ICommitteeLock
    function lockOf(address node) external view returns (bool locked, uint256 until) {
        Node memory record = _nodes[node];
        until = record.lockedUntil;
        // Audit S5: a seat's lock also lasts until its term is settled (its penalty taken).
        if (record.seatTerm != 0 && !_terms[record.seatTerm - 1].settled) until = _UNTIL_RELEASED;
        if (record.candidateTerm != 0) {
            uint256 term = record.candidateTerm - 1;
            Term memory t = _terms[term];
            if (!t.drawn) {
                // Audit S6: from the declaration on (not only from the close), so that no stake
                // can hold a candidacy and leave to hold another.
                until = _UNTIL_RELEASED;
            } else if (_holdsSeat(t, record.candidateIndex)) {
                until = Math.max(until, t.settled ? termStart(term + 2) : _UNTIL_RELEASED);
            }
        }
        locked = block.timestamp < until;
    }

    /// @inheritdoc ICommitteeDuties
    function dutiesDoneOf(address node) external view returns (uint256) {
        return _nodes[node].dutiesDone;
    }

    /// @inheritdoc IRewardsSchedule
    function rewardSchedule() external view returns (uint64 firstDue, uint64 period) {
        return (uint64(termStart(1)), _termLength);
    }

    /// @inheritdoc ICommittee
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc ICommittee
    function schedule() external view returns (Schedule memory) {
        return Schedule(_start, _termLength, _candidacyLead, _settleDelay);
    }

    /// @inheritdoc ICommittee
    function termAt(uint256 timestamp) public view returns (uint256) {
        return timestamp < _start ? 0 : (timestamp - _start) / _termLength;
    }

    /// @inheritdoc ICommittee
    function termStart(uint256 term) public view returns (uint256) {
        return uint256(_start) + term * _termLength;
    }

    /// @inheritdoc ICommittee
    function candidacyCloseOf(uint256 term) public view returns (uint256) {
        return termStart(term) - _candidacyLead;
    }

    /// @inheritdoc ICommittee
    function termOf(uint256 term) external view returns (Term memory) {
        return _terms[term];
    }

    /// @inheritdoc ICommittee
    function candidatesOf(uint256 term) external view returns (address[] memory) {
        return _candidates[term];
    }

    /// @inheritdoc ICommittee
    function membersOf(uint256 term) external view returns (address[] memory members) {
        Term memory record = _terms[term];
        members = new address[](record.seatCount);
        for (uint256 seat = 0; seat < record.seatCount; ++seat) {
            if (record.emptied & (1 << seat) == 0) members[seat] = _memberAt(term, record, seat);
        }
    }

    /// @inheritdoc ICommittee
    function memberAt(uint256 term, uint256 seat) external view returns (address member, uint256 active) {
        Term memory record = _terms[term];
        if (!record.drawn) return (address(0), 0);
        if (_active(record, seat)) member = _memberAt(term, record, seat);
        active = _activeCount(record);
    }

    /// @inheritdoc ICommittee
    function dutiesOf(uint256 term) external view returns (uint256[] memory assigned, uint256[] memory done) {
        uint256 seats = _terms[term].seatCount;
        uint256 duties = _duties[term];
        assigned = new uint256[](seats);
        done = new uint256[](seats);
        for (uint256 seat = 0; seat < seats; ++seat) {
            assigned[seat] = (duties >> (32 * seat)) & 0xffff;
            done[seat] = (duties >> (32 * seat + 16)) & 0xffff;
        }
    }

    /// @inheritdoc ICommittee
    function nodeOf(address node) external view returns (Node memory) {
        return _nodes[node];
    }

    /// @inheritdoc ICommittee
    function nextTermToSettle() external view returns (uint256) {
        return _nextSettle;
    }

    // ---------------------------------------------------------------- internals

    /// @dev The seats drawn from `term`'s frozen weights with `value`: packed candidate indices,
    /// the members and their frozen weights, seat by seat.
    function _pick(
        uint256 term,
        bytes32 value
    ) private view returns (uint256 seats, address[] memory members, uint256[] memory reputations) {
        address[] storage list = _candidates[term];
        uint256 count = list.length;
        uint256[] memory bucketSums = new uint256[]((count + 15) >> 4);
        mapping(uint256 word => uint256 sums) storage sums = _bucketSums[term];
        uint256 word = 0;
        for (uint256 b = 0; b < bucketSums.length; ++b) {
            if (b & 7 == 0) word = sums[b >> 3];
            bucketSums[b] = (word >> ((b & 7) << 5)) & 0xffffffff;
        }
        mapping(uint256 word => uint256 weights) storage weights = _weights[term];
        uint256[] memory picked = WeightedSample.sample(weights, bucketSums, _parameters.seats, value);
        members = new address[](picked.length);
        reputations = new uint256[](picked.length);
        for (uint256 k = 0; k < picked.length; ++k) {
            seats |= picked[k] << (9 * k);
            members[k] = list[picked[k]];
            reputations[k] = WeightedSample.weightOf(weights, picked[k]);
        }
    }

    function _freeze(uint256 term, uint256 index, address node, uint256 timepoint) private {
        uint256 weight = 0;
        Node memory record = _nodes[node];
        if (honorPool.isHonorNode(node) && term >= record.sitOutUntil) {
            uint256 atClose = reputation.reputationAt(node, timepoint);
            weight = Math.max(Math.min(atClose, record.declaredReputation), 1);
        }
        if (weight != 0) {
            _weights[term][index >> 4] |= weight << ((index & 15) << 4);
            _bucketSums[term][index >> 7] += weight << (((index >> 4) & 7) << 5);
        }
        emit CandidateFrozen(term, node, index, weight);
    }

    /// @dev Pays one seat's share of `received` and penalizes a member that missed > 1/3; returns
    /// what it paid.
    function _settleSeat(
        uint256 term,
        Term memory record,
        uint256 seat,
        uint256 duties,
        uint256 totalAssigned,
        uint256 received
    ) private returns (uint256 share) {
        address member = _memberAt(term, record, seat);
        if (record.emptied & (1 << seat) != 0) return 0;
        uint256 assigned = (duties >> (32 * seat)) & 0xffff;
        uint256 done = (duties >> (32 * seat + 16)) & 0xffff;
        if (assigned != 0 && (assigned - done) * 3 > assigned) _penalize(term, member, assigned, done);
        if (totalAssigned != 0) share = (received * done) / totalAssigned;
        if (share != 0) {
            emit RewardPaid(term, member, share, done);
            token.safeTransfer(member, share);
        }
    }

    /// @dev Slashes a member that missed more than a third of `term`'s duties; it sits out the
    /// next term (audit S3: a seat it already holds in it is vacated; S3b: a draw after this
    /// seats it in none) and may stand again after.
    function _penalize(uint256 term, address member, uint256 assigned, uint256 done) private {
        Node storage node = _nodes[member];
        uint256 sitOutUntil = term + 2;
        if (node.sitOutUntil < sitOutUntil) node.sitOutUntil = uint32(sitOutUntil);
        _vacate(term + 1, member);
        uint256 slashed = honorPool.slash(member, _parameters.missSlashBps, _MISSED);
        emit MemberPenalized(term, member, assigned, assigned - done, slashed, sitOutUntil);
    }

    /// @dev Empties `member`'s seat in `term` if that term is drawn and seats it. Found by address
    /// (at most MAX_SEATS reads), not by the node's candidacy: audit S3c, a member that already
    /// stands for the term after keeps no record of this term's index.
    function _vacate(uint256 term, address member) private {
        Term memory record = _terms[term];
        if (!record.drawn) return;
        for (uint256 seat = 0; seat < record.seatCount; ++seat) {
            if (_active(record, seat) && _memberAt(term, record, seat) == member) {
                _terms[term].emptied = record.emptied | uint8(1 << seat);
                emit SeatVacated(term, member, seat);
                return;
            }
        }
    }

    /// @dev The next term whose candidacy is still open at `timestamp`.
    function _nextTerm(uint256 timestamp) private view returns (uint256) {
        uint256 firstClose = uint256(_start) - _candidacyLead;
        if (timestamp < firstClose) return 0;
        return (timestamp - firstClose) / _termLength + 1;
    }

    function _drawableAt(uint256 requestId) private view returns (uint256) {
        return uint256(randomness.requestOf(requestId).seedBlock) + 1;
    }

    /// @dev The candidate in `seat`. Its index comes from the drawn seats, always below the
    /// candidates' length, so the element is read without the length check (one slot, not two).
    function _memberAt(uint256 term, Term memory record, uint256 seat) private view returns (address member) {
        address[] storage list = _candidates[term];
        uint256 index = (uint256(record.seats) >> (9 * seat)) & 0x1ff;
        assembly ("memory-safe") {
            mstore(0x00, list.slot)
            member := sload(add(keccak256(0x00, 0x20), index))
        }
    }

    /// @dev The seat of candidate `index` in a drawn term, or MAX_SEATS when it has none.
    function _seatOf(Term memory record, uint256 index) private pure returns (uint256) {
        for (uint256 seat = 0; seat < record.seatCount; ++seat) {
            if ((uint256(record.seats) >> (9 * seat)) & 0x1ff == index) return seat;
        }
        return MAX_SEATS;
    }

    /// @dev Whether candidate `index` holds a seat of a drawn term that was not emptied: a seat
    /// vacated (at the draw, or after) locks nothing (audit F3 of the sit-out review).
    function _holdsSeat(Term memory record, uint256 index) private pure returns (bool) {
        uint256 seat = _seatOf(record, index);
        return seat < MAX_SEATS && record.emptied & (1 << seat) == 0;
    }

    function _active(Term memory record, uint256 seat) private pure returns (bool) {
        return record.drawn && seat < record.seatCount && record.emptied & (1 << seat) == 0;
    }

    function _activeCount(Term memory record) private pure returns (uint256) {
        return record.seatCount - _popcount(record.emptied);
    }

    function _popcount(uint256 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }

    function _setDutySource(address source, bool allowed) private {
        if (source == address(0)) revert InvalidParameter("dutySource", 0);
        isDutySource[source] = allowed;
        emit DutySourceSet(source, allowed);
    }

    function _setParameters(Parameters memory p) private {
        if (p.seats == 0 || p.seats > MAX_SEATS) revert InvalidParameter("seats", p.seats);
        if (p.maxCandidates == 0 || p.maxCandidates > MAX_CANDIDATES)
            revert InvalidParameter("maxCandidates", p.maxCandidates);
        if (p.missSlashBps > BPS) revert InvalidParameter("missSlashBps", p.missSlashBps);
        if (p.impeachSlashBps > BPS) revert InvalidParameter("impeachSlashBps", p.impeachSlashBps);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
