// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {ICommittee} from "../contracts/interfaces/ICommittee.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../contracts/interfaces/IRewardsReserve.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {HonorNodesMock, ReputationMock} from "../contracts/mocks/CommitteeMocks.sol";
import {Committee} from "../contracts/staking-pools/Committee.sol";
import {RewardsReserve} from "../contracts/staking-pools/RewardsReserve.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {HandlerRandomness} from "./utils/HandlerRandomness.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives the Committee through terms: candidacies of 12 nodes (some losing honor status),
/// closes in batches, draws from fulfilled or missed randomness, duties done and missed,
/// impeachment votes, settlements and time. Records what the invariants need.
contract CommitteeHandler is TestBase {
    BaseToken public immutable token;
    KeeperRewards public immutable rewards;
    RewardsReserve public immutable reserve;
    HonorNodesMock public immutable honorPool;
    ReputationMock public immutable reputation;
    HandlerRandomness public immutable randomness;
    Committee public immutable committee;

    address public constant KEEPER = address(0xBEEF);
    address public constant DUTY = address(0xD07);
    uint256 public constant SUPPLY = 5_000_000_000e18;
    uint256 public constant STAKE = 200_000e18;
    address[12] public nodes;

    uint256 public stepsDone;
    /// Calls the Committee accepted and refused (refusals are expected: the handler explores bad input).
    uint256 public accepted;
    uint256 public rejected;
    uint256 public workDone;
    bool public regressed;
    mapping(uint256 term => uint8 progress) public progressOf;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), SUPPLY);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        rewards = new KeeperRewards(token, address(this));
        reserve = new RewardsReserve(
            token,
            address(0x7137),
            1_000_000_000e18,
            365 days,
            IRewardsReserve.Parameters({
                economicYearly: 5_000_000e18,
                committeeYearOne: 40_000_000e18,
                committeeDecayBps: 7_500,
                committeeTermsPerYear: 52
            })
        );
        token.transfer(address(reserve), 1_000_000_000e18);
        reserve.absorbGenesis();
        // The handler's own set-up, in the constructor: nothing it calls can call back.
        // solhint-disable reentrancy
        honorPool = new HonorNodesMock(token, reserve);
        reputation = new ReputationMock();
        randomness = new HandlerRandomness();
        address[] memory sources = new address[](1);
        sources[0] = DUTY;
        committee = new Committee(
            [address(token), address(honorPool), address(reputation), address(reserve), address(randomness)],
            IKeeperRewards(address(rewards)),
            address(0x7137),
            ICommittee.Schedule({
                start: uint64(block.timestamp + 2 days),
                termLength: 7 days,
                candidacyLead: 1 days,
                settleDelay: 1 days
            }),
            ICommittee.Parameters({seats: 7, maxCandidates: 256, missSlashBps: 100, impeachSlashBps: 500}),
            sources
        );
        reserve.bindCommittee(address(committee));
        rewards.registerKind(committee.CLOSE_KIND(), address(committee), 1e18);
        rewards.registerKind(committee.DRAW_KIND(), address(committee), 1e18);
        rewards.registerKind(committee.SETTLE_KIND(), address(committee), 1e18);
        token.transfer(address(rewards), 1_000_000e18);
        token.transfer(address(honorPool), nodes.length * STAKE);
        for (uint256 i = 0; i < nodes.length; ++i) {
            nodes[i] = address(uint160(0xA000 + i));
            honorPool.setNode(nodes[i], true, STAKE);
            reputation.setReputation(nodes[i], uint16(500 * (i + 1)));
        }
    }

    // solhint-enable reentrancy

    // ----- actions -----

    function declare(uint256 nodeSeed) external {
        vm.prank(nodes[nodeSeed % nodes.length]);
        try committee.declareCandidacy() {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function loseHonor(uint256 nodeSeed, bool honor) external {
        address node = nodes[nodeSeed % nodes.length];
        honorPool.setNode(node, honor, honorPool.stakeOf(node));
    }

    function boostReputation(uint256 nodeSeed, uint16 value) external {
        reputation.setReputation(nodes[nodeSeed % nodes.length], uint16(bound(value, 0, 10_000)));
    }

    function close(uint256 termSeed, uint256 batch) external {
        uint256 term = _recentTerm(termSeed);
        uint256 jobs = rewards.jobsOf(KEEPER);
        vm.prank(KEEPER);
        try committee.closeCandidacy(term, bound(batch, 1, 8)) {
            if (committee.termOf(term).closed) ++workDone;
        } catch {
            ++rejected;
        }
        _checkPaid(jobs);
        _observe(term);
    }

    function fulfil(uint256 termSeed, bytes32 value, bool missed) external {
        uint256 id = committee.termOf(_recentTerm(termSeed)).requestId;
        if (id == 0) return;
        if (missed) randomness.miss(id);
        else randomness.fulfil(id, value == bytes32(0) ? bytes32(uint256(1)) : value);
    }

    function draw(uint256 termSeed) external {
        uint256 term = _recentTerm(termSeed);
        uint256 jobs = rewards.jobsOf(KEEPER);
        vm.prank(KEEPER);
        try committee.draw(term) returns (bool drawn) {
            if (drawn) ++workDone;
        } catch {
            ++rejected;
        }
        _checkPaid(jobs);
        _observe(term);
    }

    function duty(uint256 seat, bool done) external {
        uint256 term = committee.termAt(block.timestamp);
        vm.prank(DUTY);
        try committee.recordDuty(term, bound(seat, 0, 6), done) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function impeach(uint256 voterSeat, uint256 targetSeat) external {
        uint256 term = committee.termAt(block.timestamp);
        address[] memory members = committee.membersOf(term);
        if (members.length == 0) return;
        uint256 voter = voterSeat % members.length;
        vm.prank(members[voter]);
        try committee.voteImpeach(voter, targetSeat % members.length) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function settle() external {
        uint256 term = committee.nextTermToSettle();
        uint256 jobs = rewards.jobsOf(KEEPER);
        vm.prank(KEEPER);
        try committee.settleTerm(term) {
            ++workDone;
        } catch {
            ++rejected;
        }
        _checkPaid(jobs);
        _observe(term);
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
        ++stepsDone;
    }

    // ----- helpers -----

    function _recentTerm(uint256 seed) private view returns (uint256) {
        uint256 running = committee.termAt(block.timestamp);
        return running + (seed % 2);
    }

    /// @dev An upkeep call pays at most one bounty (one unit of work).
    function _checkPaid(uint256 jobsBefore) private {
        if (rewards.jobsOf(KEEPER) > jobsBefore + 1) regressed = true;
    }

    /// @dev A term's progress (closed, drawn, settled) only moves forward.
    function _observe(uint256 term) private {
        ICommittee.Term memory record = committee.termOf(term);
        uint8 progress = (record.closed ? 1 : 0) + (record.drawn ? 2 : 0) + (record.settled ? 4 : 0);
        if (progress & progressOf[term] != progressOf[term]) regressed = true;
        progressOf[term] = progress;
    }

    function memberBalance(uint256 i) external view returns (uint256) {
        return token.balanceOf(nodes[i]);
    }
}

/// @notice Invariants of the Committee's accounting and draws.
contract CommitteeInvariantTest is TestBase {
    CommitteeHandler private handler;

    function setUp() public {
        handler = new CommitteeHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantCommitteeAccounting() public view {
        _checkNothingStrandedEverythingAccounted();
        _checkStatesForwardAndBountiesForWork();
        _checkSeatsAreDistinctDrawableCandidates();
        _checkNoSeatWhileSittingOut();
    }

    /// The Committee never keeps tokens: each settlement pays members or deposits the rest back;
    /// every token is with the reserve (accounted), the members, the pool's stakes or KeeperRewards.
    function _checkNothingStrandedEverythingAccounted() internal view {
        IERC20 token = handler.token();
        RewardsReserve reserve = handler.reserve();
        vm.assertEq(token.balanceOf(address(handler.committee())), 0, "tokens left in the committee");
        vm.assertEq(token.balanceOf(address(reserve)), reserve.held(), "reserve holds unaccounted tokens");
        uint256 members = 0;
        for (uint256 i = 0; i < 12; ++i) members += handler.memberBalance(i);
        uint256 total =
            token.balanceOf(address(reserve)) +
                members +
                token.balanceOf(address(handler.honorPool())) +
                token.balanceOf(address(handler.rewards())) +
                token.balanceOf(handler.KEEPER()) +
                token.balanceOf(address(handler));
        vm.assertEq(total, handler.SUPPLY(), "tokens created or lost");
    }

    /// Progress only moves forward, and no upkeep pays more than its one unit of work.
    function _checkStatesForwardAndBountiesForWork() internal view {
        vm.assertTrue(!handler.regressed(), "a term went back, or a call paid more than one unit");
        vm.assertLe(handler.rewards().jobsOf(handler.KEEPER()), handler.workDone(), "bounties above work");
    }

    /// A node holds no seat in a term it sits out, whether the penalty or impeachment came before
    /// or after that term's draw (audit S3, S3b, S3c, I4). A settled term keeps its seats: it is
    /// the penalty's own term, and history.
    function _checkNoSeatWhileSittingOut() internal view {
        Committee committee = handler.committee();
        uint256 last = committee.termAt(block.timestamp) + 1;
        for (uint256 term = committee.nextTermToSettle(); term <= last; ++term) {
            if (!committee.termOf(term).drawn) continue;
            address[] memory members = committee.membersOf(term);
            for (uint256 seat = 0; seat < members.length; ++seat) {
                if (members[seat] == address(0)) continue;
                vm.assertLe(committee.nodeOf(members[seat]).sitOutUntil, term, "seated while sitting out");
            }
        }
    }

    /// A drawn term seats at most 7 distinct candidates, each frozen with a positive weight.
    function _checkSeatsAreDistinctDrawableCandidates() internal view {
        Committee committee = handler.committee();
        uint256 last = committee.termAt(block.timestamp) + 1;
        for (uint256 term = 0; term <= last; ++term) {
            ICommittee.Term memory record = committee.termOf(term);
            if (!record.drawn) continue;
            vm.assertLe(record.seatCount, 7, "too many seats");
            address[] memory candidates = committee.candidatesOf(term);
            for (uint256 a = 0; a < record.seatCount; ++a) {
                uint256 index = (uint256(record.seats) >> (9 * a)) & 0x1ff;
                vm.assertLe(index + 1, candidates.length, "seat beyond the candidates");
                for (uint256 b = 0; b < a; ++b) {
                    vm.assertTrue(((uint256(record.seats) >> (9 * b)) & 0x1ff) != index, "a candidate seated twice");
                }
            }
        }
    }
}
