// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICouncil} from "../contracts/interfaces/ICouncil.sol";
import {ICouncilReserve} from "../contracts/interfaces/ICouncilReserve.sol";
import {IEconomicPool} from "../contracts/interfaces/IEconomicPool.sol";
import {IProcurementVote} from "../contracts/interfaces/IProcurementVote.sol";
import {ProcurementVote} from "../contracts/community/ProcurementVote.sol";
import {StakingSetup} from "./EconomicPool.t.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The staking setup of EconomicPool.t.sol with a ProcurementVote on its pool (rounds
/// sponsored by an account: the council and reserve paths are in test/ProcurementVote.test.ts).
abstract contract ProcurementSetup is StakingSetup {
    uint128 internal constant OPEN_FEE = 30e18;
    uint128 internal constant MIN_POOL = 100e18;
    uint32 internal constant MIN_PERIOD = 1 hours;
    address internal constant SPONSOR = address(0x5001);

    ProcurementVote internal procurement;

    function _deployProcurement() internal {
        _deploy(1_000_000_000e18);
        procurement = new ProcurementVote(
            IERC20(address(token)),
            IEconomicPool(address(pool)),
            ICouncil(address(0xC0)),
            ICouncilReserve(address(0xC1)),
            keeperRewards,
            TIMELOCK,
            IProcurementVote.Parameters({openFee: OPEN_FEE, minRewardPool: MIN_POOL, minPeriod: MIN_PERIOD})
        );
        keeperRewards.registerKind(procurement.CLOSE_KIND(), address(procurement), 10e18);
        keeperRewards.registerKind(procurement.EXPIRE_KIND(), address(procurement), 10e18);
        _fund(SPONSOR, 100_000_000e18);
    }

    function _fund(address account, uint256 amount) internal {
        require(token.transfer(account, amount), "fund");
        vm.startPrank(account);
        token.approve(address(procurement), type(uint256).max);
        token.approve(address(pool), type(uint256).max);
        vm.stopPrank();
    }

    function _terms(
        uint256 budget,
        uint256 rewardPool,
        uint256 bond
    ) internal pure returns (IProcurementVote.Terms memory) {
        return
            IProcurementVote.Terms({
                budget: uint128(budget),
                rewardPool: uint128(rewardPool),
                bond: uint128(bond),
                applicationPeriod: MIN_PERIOD,
                votingPeriod: MIN_PERIOD,
                deliveryPeriod: MIN_PERIOD,
                salt: bytes32(0),
                uri: "ipfs://item"
            });
    }

    function _open(uint256 budget, uint256 rewardPool, uint256 bond) internal returns (uint256 roundId) {
        vm.prank(SPONSOR);
        roundId = procurement.open(_terms(budget, rewardPool, bond));
    }
}

/// @notice Units and fuzz of the snapshot and the reward split.
contract ProcurementVoteTest is ProcurementSetup {
    function setUp() public {
        _deployProcurement();
    }

    /// A vote weighs the stake at the last second of the raise before the latest lock (audit F3):
    /// stake added in a later raise, even in the blocks just before the opening, never counts.
    function testVoteAtSnapshotIgnoresLaterStake() public {
        address early = address(0x2001);
        address late = address(0x2002);
        _fund(early, 1_000_000e18);
        _fund(late, 1_000_000e18);
        vm.warp(start + 1);
        vm.prank(early);
        pool.deposit(MIN_STAKE);
        // The next raise: both stake, then a round opens in the same raise.
        uint256 raise = start + RAISE + LOCK + SETTLEMENT;
        vm.warp(raise + 1);
        vm.prank(late);
        pool.deposit(MIN_STAKE);
        vm.prank(early);
        pool.deposit(500_000e18);
        vm.warp(raise + 2);
        uint256 roundId = _open(1_000e18, MIN_POOL, 1e18);
        vm.assertEq(procurement.snapshotOf(roundId), start + RAISE - 1, "the raise before the latest lock");
        address supplier = address(0x3001);
        _fund(supplier, 10e18);
        vm.prank(supplier);
        procurement.submitApplication(roundId, 1e18, "ipfs://a");
        vm.warp(raise + 2 + MIN_PERIOD);
        vm.prank(early);
        procurement.vote(roundId, 1);
        vm.assertEq(procurement.ballotOf(roundId, early).weight, MIN_STAKE, "weight at the snapshot");
        vm.expectRevert(abi.encodeWithSelector(IProcurementVote.NotEconomicNode.selector, late, start + RAISE - 1));
        vm.prank(late);
        procurement.vote(roundId, 1);
    }

    /// No round opens before the pool's first lock (audit F3); at its first second one opens, its
    /// snapshot the raise's last second.
    function testNoRoundBeforeTheFirstLock() public {
        vm.warp(start + RAISE - 1);
        IProcurementVote.Terms memory terms = _terms(1_000e18, MIN_POOL, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IProcurementVote.NoLockedStake.selector, start + RAISE - 1, start + RAISE)
        );
        vm.prank(SPONSOR);
        procurement.open(terms);
        vm.warp(start + RAISE);
        uint256 roundId = _open(1_000e18, MIN_POOL, 1e18);
        vm.assertEq(procurement.snapshotOf(roundId), start + RAISE - 1, "the raise's last second");
    }

    /// stakeAt reads the last change at or before the timepoint, and only the past.
    function testFuzzStakeAtReadsThePast(uint256 a, uint256 b, uint256 gap) public {
        address staker = address(0x2003);
        _fund(staker, 10_000_000e18);
        a = bound(a, MIN_STAKE, 1_000_000e18);
        b = bound(b, 1, 1_000_000e18);
        gap = bound(gap, 1, 1 days);
        vm.warp(start + 10);
        vm.prank(staker);
        pool.deposit(a);
        vm.warp(start + 10 + gap);
        vm.prank(staker);
        pool.deposit(b);
        vm.warp(start + 11 + gap);
        vm.assertEq(pool.stakeAt(staker, start + 9), 0, "before the first deposit");
        vm.assertEq(pool.stakeAt(staker, start + 9 + gap), a, "between the deposits");
        vm.assertEq(pool.stakeAt(staker, start + 10 + gap), a + b, "at the second");
        vm.expectRevert(
            abi.encodeWithSelector(IEconomicPool.FutureLookup.selector, start + 11 + gap, start + 11 + gap)
        );
        pool.stakeAt(staker, start + 11 + gap);
    }

    /// Voter rewards sum to the pool: each share rounded down, the last claim's dust carried on.
    function testFuzzRewardsSumToPool(uint96[5] memory stakes, uint256 rewardPool) public {
        rewardPool = bound(rewardPool, MIN_POOL, 10_000_000e18);
        address[5] memory voters;
        vm.warp(start + 1);
        for (uint256 i = 0; i < 5; ++i) {
            voters[i] = address(uint160(0x4000 + i));
            uint256 amount = bound(stakes[i], MIN_STAKE, 2_000_000e18);
            stakes[i] = uint96(amount);
            _fund(voters[i], amount);
            vm.prank(voters[i]);
            pool.deposit(amount);
        }
        uint256 opened = start + RAISE;
        vm.warp(opened);
        uint256 roundId = _open(1_000e18, rewardPool, 1e18);
        address supplier = address(0x3001);
        _fund(supplier, 10e18);
        vm.prank(supplier);
        procurement.submitApplication(roundId, 1e18, "ipfs://a");
        vm.warp(opened + MIN_PERIOD);
        uint256 total = 0;
        for (uint256 i = 0; i < 5; ++i) {
            vm.prank(voters[i]);
            procurement.vote(roundId, 1);
            total += stakes[i];
        }
        vm.warp(opened + 2 * uint256(MIN_PERIOD));
        procurement.close(roundId);
        uint256 paid = 0;
        for (uint256 i = 0; i < 5; ++i) {
            uint256 before = token.balanceOf(voters[i]);
            vm.prank(voters[i]);
            uint256 amount = procurement.claimReward(roundId);
            vm.assertEq(amount, (uint256(stakes[i]) * rewardPool) / total, "pro rata, rounded down");
            vm.assertEq(token.balanceOf(voters[i]) - before, amount, "paid to the voter");
            paid += amount;
        }
        vm.assertLe(paid, rewardPool, "never more than the pool");
        vm.assertLe(rewardPool - paid, 5, "dust below one wei per voter");
        vm.assertEq(paid + procurement.carried(), rewardPool, "the dust is carried to the next round");
    }
}

/// @notice Random rounds, applications, votes, closes, deliveries and claims by a few accounts.
contract ProcurementVoteHandler is ProcurementSetup {
    address[3] public suppliers = [address(0x3001), address(0x3002), address(0x3003)];
    address[4] public voters = [address(0x4001), address(0x4002), address(0x4003), address(0x4004)];
    uint256 public constant MAX_ROUNDS = 8;
    uint256 public ghostDonated;
    uint256 public ghostRewardsPaid;
    uint256 public rejected;
    /// Calls the contract took (the campaign must do real work, not only refusals).
    uint256 public accepted;

    constructor() {
        _deployProcurement();
        for (uint256 i = 0; i < suppliers.length; ++i) _fund(suppliers[i], 10_000_000e18);
        vm.warp(start + 1);
        for (uint256 i = 0; i < voters.length; ++i) {
            _fund(voters[i], 10_000_000e18);
            vm.prank(voters[i]);
            pool.deposit(MIN_STAKE * (i + 1) + i);
        }
        // Into the pool's first lock: rounds open on stake that stays locked (audit F3).
        vm.warp(start + RAISE);
    }

    function open(uint256 budget, uint256 rewardPool, uint256 bond) external {
        if (procurement.roundCount() >= MAX_ROUNDS) return;
        _open(bound(budget, 1, 1_000_000e18), bound(rewardPool, MIN_POOL, 100_000e18), bound(bond, 1, 10_000e18));
    }

    function apply_(uint256 r, uint256 who, uint256 bid) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        vm.prank(suppliers[who % suppliers.length]);
        try procurement.submitApplication(roundId, bound(bid, 0, 1_000_000e18), "ipfs://doc") {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function withdraw(uint256 r, uint256 who, uint256 app) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        vm.prank(suppliers[who % suppliers.length]);
        try procurement.withdrawApplication(roundId, (app % 3) + 1) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function vote(uint256 r, uint256 who, uint256 app) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        vm.prank(voters[who % voters.length]);
        try procurement.vote(roundId, (app % 3) + 1) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function close(uint256 r) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        try procurement.close(roundId) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function decide(uint256 r, bool delivered) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        vm.prank(SPONSOR);
        if (delivered) {
            try procurement.confirmDelivery(roundId) {
                ++accepted;
            } catch {
                ++rejected;
            }
        } else {
            try procurement.declareFailure(roundId) {
                ++accepted;
            } catch {
                ++rejected;
            }
        }
    }

    function expire(uint256 r) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        try procurement.expireDelivery(roundId) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function claimReward(uint256 r, uint256 who) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        address voter = voters[who % voters.length];
        uint256 before = token.balanceOf(voter);
        vm.prank(voter);
        try procurement.claimReward(roundId) returns (uint256 amount) {
            require(token.balanceOf(voter) - before == amount, "paid to the claimer");
            ghostRewardsPaid += amount;
        } catch {
            ++rejected;
        }
    }

    function claimBond(uint256 r, uint256 who, uint256 app) external {
        (uint256 roundId, bool ok) = _roundId(r);
        if (!ok) return;
        vm.prank(suppliers[who % suppliers.length]);
        try procurement.claimBond(roundId, (app % 3) + 1) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    /// Tokens sent to the contract outside any function: never counted as owed.
    function donate(uint256 amount) external {
        amount = bound(amount, 1, 1_000e18);
        ghostDonated += amount;
        require(token.transfer(address(procurement), amount), "donate");
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 hours));
    }

    function _roundId(uint256 r) private view returns (uint256, bool) {
        uint256 count = procurement.roundCount();
        if (count == 0) return (0, false);
        return ((r % count) + 1, true);
    }

    function procurementOf() external view returns (ProcurementVote) {
        return procurement;
    }

    function tokenOf() external view returns (IERC20) {
        return IERC20(address(token));
    }
}

contract ProcurementVoteInvariantTest is TestBase {
    ProcurementVoteHandler private handler;

    function setUp() public {
        handler = new ProcurementVoteHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, after every call of every run (one campaign for them all).
    function invariantProcurementAccounting() public view {
        _checkBalanceCoversEveryRound();
        _checkNoPoolPaysMoreThanItHolds();
    }

    /// The balance is exactly what is owed (every round's budget + pool + bonds, and the carried
    /// pool) plus donations; `held` is that sum, recomputed here from the rounds' records.
    function _checkBalanceCoversEveryRound() internal view {
        ProcurementVote procurement = handler.procurementOf();
        uint256 owed = procurement.carried();
        uint256 count = procurement.roundCount();
        for (uint256 id = 1; id <= count; ++id) owed += _owedBy(procurement, id);
        vm.assertEq(procurement.held(), owed, "held is the sum of what every round owes");
        vm.assertEq(
            handler.tokenOf().balanceOf(address(procurement)),
            owed + handler.ghostDonated(),
            "the balance covers every round's budget, pool and bonds"
        );
    }

    function _owedBy(ProcurementVote procurement, uint256 id) private view returns (uint256 owed) {
        IProcurementVote.Round memory round = procurement.roundOf(id);
        IProcurementVote.Status status = round.status;
        if (status == IProcurementVote.Status.Open || status == IProcurementVote.Status.Awarded) owed += round.budget;
        if (status == IProcurementVote.Status.Open) owed += round.rewardPool;
        else if (status != IProcurementVote.Status.Failed && round.claimedCount < round.voterCount) {
            owed += round.rewardPool - round.rewardsPaid;
        }
        for (uint256 a = 1; a <= round.applicationCount; ++a) {
            IProcurementVote.Application memory application = procurement.applicationOf(id, a);
            if (application.withdrawn || application.bondReturned) continue;
            if (a == round.leader && status == IProcurementVote.Status.DeliveryFailed) continue;
            owed += round.bond;
        }
    }

    /// No reward pool pays out more than it holds; the rewards paid are what voters received.
    function _checkNoPoolPaysMoreThanItHolds() internal view {
        ProcurementVote procurement = handler.procurementOf();
        uint256 count = procurement.roundCount();
        uint256 paid = 0;
        for (uint256 id = 1; id <= count; ++id) {
            IProcurementVote.Round memory round = procurement.roundOf(id);
            vm.assertLe(round.rewardsPaid, round.rewardPool, "a pool pays at most what it holds");
            vm.assertLe(round.claimedCount, round.voterCount, "one claim per voter");
            paid += round.rewardsPaid;
        }
        vm.assertEq(paid, handler.ghostRewardsPaid(), "rewards paid reached the voters");
    }
}
