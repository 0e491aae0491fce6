// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IIndexOracle} from "../contracts/interfaces/IIndexOracle.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {IndexOracle} from "../contracts/insurance/IndexOracle.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {OracleCommitteeMock} from "../contracts/mocks/IndexOracleMocks.sol";
import {Subjects} from "../contracts/libraries/Subjects.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives the IndexOracle over 2 feeds × 3 subjects with a 7-member committee double:
/// requests, reports in and out of range (members, impeached members and outsiders), the deadline
/// path, voids, impeachments, term changes and time. Records regressions of any round's state.
contract IndexOracleHandler is TestBase {
    IndexOracle public immutable oracle;
    OracleCommitteeMock public immutable committee;
    KeeperRewards public immutable rewards;
    address public constant KEEPER = address(0xBEEF);
    uint256 public constant MEMBERS = 7;
    uint256 public constant SUBJECTS = 3;
    bytes32[2] public feeds;
    bytes32[SUBJECTS] public subjects;
    address[MEMBERS] public members;
    bool public regressed;
    /// Calls the oracle accepted and refused (refusals are expected: the handler explores bad input).
    uint256 public accepted;
    uint256 public rejected;
    /// Rounds seen final and void (the runs must reach both ends).
    uint256 public finals;
    uint256 public voids;
    uint256 public paidWork;
    mapping(bytes32 feedId => mapping(bytes32 subject => IIndexOracle.RoundState state)) public seen;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 1_000_000e18);
        BaseToken token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        rewards = new KeeperRewards(token, address(this));
        // The handler's own set-up, in the constructor: nothing it calls can call back.
        // solhint-disable reentrancy
        committee = new OracleCommitteeMock();
        IIndexOracle.FeedSetting[] memory settings = new IIndexOracle.FeedSetting[](2);
        settings[0] = IIndexOracle.FeedSetting("flight-delay-minutes", -120, 2_000, 6 hours, 1 days, 3);
        settings[1] = IIndexOracle.FeedSetting("rain-mm", 0, 1_000, 12 hours, 1 days, 4);
        address[] memory consumers = new address[](1);
        consumers[0] = address(this);
        oracle = new IndexOracle(IKeeperRewards(address(rewards)), address(this), settings, consumers);
        oracle.bindCommittee(address(committee));
        rewards.registerKind(oracle.FINALIZE_KIND(), address(oracle), 1e18);
        rewards.registerKind(oracle.VOID_KIND(), address(oracle), 1e18);
        token.transfer(address(rewards), 1_000_000e18);
        feeds[0] = keccak256("flight-delay-minutes");
        feeds[1] = keccak256("rain-mm");
        address[] memory list = new address[](MEMBERS);
        for (uint256 i = 0; i < MEMBERS; ++i) {
            members[i] = address(uint160(0xA000 + i));
            list[i] = members[i];
        }
        committee.setMembers(0, list);
        committee.setMembers(1, list);
        for (uint256 i = 0; i < SUBJECTS; ++i) {
            subjects[i] = Subjects.encode(uint64(block.timestamp + i * 2 hours), bytes24(bytes32("UA1545:20130101")));
        }
        // solhint-enable reentrancy
    }

    // ----- actions -----

    function request(uint256 feedSeed, uint256 subjectSeed) external {
        try oracle.requestRound(feeds[feedSeed % 2], subjects[subjectSeed % SUBJECTS]) {
            ++accepted;
        } catch {
            ++rejected;
        }
        _observe();
    }

    /// Reports from `count` (1 to 4) callers in a row from `memberSeed` on (one in eight an outsider).
    function report(
        uint256 memberSeed,
        uint256 count,
        uint256 feedSeed,
        uint256 subjectSeed,
        int256 value,
        bool inRange
    ) external {
        bytes32 feedId = feeds[feedSeed % 2];
        IIndexOracle.Feed memory feed = oracle.feedOf(feedId);
        count = bound(count, 1, 4);
        for (uint256 k = 0; k < count; ++k) {
            int256 v = int256(uint256(keccak256(abi.encode(value, k))) >> 1);
            if (inRange || k > 0) {
                uint256 span = uint256(int256(feed.max) - int256(feed.min));
                v = int256(feed.min) + int256(uint256(v) % (span + 1));
            }
            uint256 index = (memberSeed + k) % (MEMBERS + 1);
            vm.prank(index == MEMBERS ? address(0xBAD) : members[index]);
            // Both forms: by seat (an outsider names seat 0) and looked up.
            if ((memberSeed >> 8) & 1 == 0) {
                try oracle.reportBySeat(feedId, subjects[subjectSeed % SUBJECTS], v, index % MEMBERS) {
                    ++accepted;
                } catch {
                    ++rejected;
                }
            } else {
                try oracle.report(feedId, subjects[subjectSeed % SUBJECTS], v) {
                    ++accepted;
                } catch {
                    ++rejected;
                }
            }
        }
        _observe();
    }

    function finalize(uint256 feedSeed, uint256 subjectSeed) external {
        vm.prank(KEEPER);
        try oracle.finalize(feeds[feedSeed % 2], subjects[subjectSeed % SUBJECTS]) {
            ++paidWork;
        } catch {
            ++rejected;
        }
        _observe();
    }

    function voidRound(uint256 feedSeed, uint256 subjectSeed) external {
        vm.prank(KEEPER);
        try oracle.voidRound(feeds[feedSeed % 2], subjects[subjectSeed % SUBJECTS]) {
            ++paidWork;
        } catch {
            ++rejected;
        }
        _observe();
    }

    /// An impeachment: the seat is emptied in both terms (snapshots keep their size).
    function impeach(uint256 seatSeed) external {
        committee.empty(0, seatSeed % MEMBERS);
        committee.empty(1, seatSeed % MEMBERS);
    }

    function nextTerm() external {
        committee.setTerm(1);
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 8 hours));
        _observe();
    }

    /// Records a regression of any round's state (stored or as `valueOf` tells it).
    function _observe() private {
        for (uint256 f = 0; f < 2; ++f) {
            for (uint256 s = 0; s < SUBJECTS; ++s) {
                (IIndexOracle.RoundState state, ) = oracle.valueOf(feeds[f], subjects[s]);
                IIndexOracle.RoundState stored = oracle.roundOf(feeds[f], subjects[s]).state;
                IIndexOracle.RoundState before = seen[feeds[f]][subjects[s]];
                if (state < before || stored < _storedFloor(before)) regressed = true;
                // Final and Void are both ends: neither may turn into the other.
                if (before >= IIndexOracle.RoundState.Final && state != before) regressed = true;
                if (state != before && state == IIndexOracle.RoundState.Final) ++finals;
                if (state != before && state == IIndexOracle.RoundState.Void) ++voids;
                seen[feeds[f]][subjects[s]] = state;
            }
        }
    }

    /// The stored state a round seen in `state` must at least have (Void by time is not stored).
    function _storedFloor(IIndexOracle.RoundState state) private pure returns (IIndexOracle.RoundState) {
        return state == IIndexOracle.RoundState.Void ? IIndexOracle.RoundState.Requested : state;
    }
}

/// @notice The oracle's invariants: states only move forward; reports never exceed the snapshot's
/// committee and match its bitmap; a final value is within the feed's range and is the lower
/// median of the stored reports; bounties only for due work.
contract IndexOracleInvariantTest is TestBase {
    IndexOracleHandler private handler;

    function setUp() public {
        handler = new IndexOracleHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantOracleAccounting() public view {
        _checkStatesOnlyMoveForward();
        _checkReportsWithinCommitteeAndFinalIsLowerMedian();
        _checkBountiesOnlyForWork();
    }

    function _checkStatesOnlyMoveForward() internal view {
        vm.assertTrue(!handler.regressed(), "a round's state went back");
    }

    function _checkReportsWithinCommitteeAndFinalIsLowerMedian() internal view {
        IndexOracle oracle = handler.oracle();
        for (uint256 f = 0; f < 2; ++f) {
            bytes32 feedId = handler.feeds(f);
            IIndexOracle.Feed memory feed = oracle.feedOf(feedId);
            for (uint256 s = 0; s < handler.SUBJECTS(); ++s) {
                bytes32 subject = handler.subjects(s);
                IIndexOracle.Round memory round = oracle.roundOf(feedId, subject);
                vm.assertLe(round.reports, round.committeeSize, "more reports than the snapshot");
                vm.assertLe(round.committeeSize, handler.MEMBERS(), "snapshot above the committee");
                vm.assertEq(_popcount(round.reportedSeats), round.reports, "bitmap and count disagree");
                int256[] memory values = oracle.reportsOf(feedId, subject);
                vm.assertEq(values.length, round.reports, "stored reports");
                for (uint256 i = 0; i < values.length; ++i) {
                    vm.assertTrue(values[i] >= feed.min && values[i] <= feed.max, "report out of range");
                }
                if (round.state != IIndexOracle.RoundState.Final) {
                    vm.assertTrue(round.value == 0, "a value before finality");
                    continue;
                }
                vm.assertTrue(round.value >= feed.min && round.value <= feed.max, "final out of range");
                vm.assertTrue(int256(round.value) == _lowerMedian(values), "final is not the lower median");
                (IIndexOracle.RoundState state, int256 value) = oracle.valueOf(feedId, subject);
                vm.assertTrue(state == IIndexOracle.RoundState.Final && value == round.value, "valueOf disagrees");
            }
        }
    }

    function _checkBountiesOnlyForWork() internal view {
        vm.assertEq(handler.rewards().jobsOf(handler.KEEPER()), handler.paidWork(), "bounties and work differ");
    }

    /// Reference: the value with at most (n-1)/2 strictly below and at least (n-1)/2 + 1 at or below.
    function _lowerMedian(int256[] memory values) private pure returns (int256) {
        uint256 half = (values.length - 1) / 2;
        for (uint256 i = 0; i < values.length; ++i) {
            uint256 below = 0;
            uint256 atOrBelow = 0;
            for (uint256 j = 0; j < values.length; ++j) {
                if (values[j] < values[i]) ++below;
                if (values[j] <= values[i]) ++atOrBelow;
            }
            if (below <= half && atOrBelow > half) return values[i];
        }
        return type(int256).min;
    }

    function _popcount(uint256 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }
}
