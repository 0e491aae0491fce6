// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IEconomicPool} from "../contracts/interfaces/IEconomicPool.sol";
import {IRewardsReserve} from "../contracts/interfaces/IRewardsReserve.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {EconomicPool} from "../contracts/staking-pools/EconomicPool.sol";
import {RewardsReserve} from "../contracts/staking-pools/RewardsReserve.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The suite's staking pieces with mainnet numbers, built by the tests themselves.
abstract contract StakingSetup is TestBase {
    uint64 internal constant RAISE = 3 days;
    uint64 internal constant LOCK = 84 days;
    uint64 internal constant SETTLEMENT = 3 days;
    uint256 internal constant ROUND = 90 days;
    uint256 internal constant YEARLY = 5_000_000e18;
    uint96 internal constant MIN_STAKE = 20_000e18;
    address internal constant TIMELOCK = address(0x71);

    BaseToken internal token;
    KeeperRewards internal keeperRewards;
    RewardsReserve internal reserve;
    EconomicPool internal pool;
    uint256 internal start;

    function _deploy(uint256 genesisShare) internal {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        keeperRewards = new KeeperRewards(token, address(this));
        reserve = new RewardsReserve(token, TIMELOCK, genesisShare, 365 days, _reserveParameters());
        start = block.timestamp;
        pool = new EconomicPool(
            token,
            reserve,
            keeperRewards,
            TIMELOCK,
            IEconomicPool.Schedule({start: uint64(start), raise: RAISE, lock: LOCK, settlement: SETTLEMENT}),
            IEconomicPool.Parameters({minStake: MIN_STAKE, minDistribution: 100e18})
        );
        reserve.bindEconomicPool(address(pool));
        keeperRewards.registerKind(pool.SETTLE_KIND(), address(pool), 1e18);
        keeperRewards.registerKind(pool.DISTRIBUTE_KIND(), address(pool), 1e18);
        require(token.transfer(address(keeperRewards), 1_000_000e18), "fund keepers");
        if (genesisShare != 0) {
            require(token.transfer(address(reserve), genesisShare), "genesis");
            reserve.absorbGenesis();
        }
    }

    function _reserveParameters() internal pure returns (IRewardsReserve.Parameters memory) {
        return
            IRewardsReserve.Parameters({
                economicYearly: YEARLY,
                committeeYearOne: 40_000_000e18,
                committeeDecayBps: 7_500,
                committeeTermsPerYear: 52
            });
    }

    function _stake(address staker, uint256 amount) internal {
        require(token.transfer(staker, amount), "fund");
        vm.startPrank(staker);
        token.approve(address(pool), amount);
        pool.deposit(amount);
        vm.stopPrank();
    }

    function _entitled(uint256 rounds) internal pure returns (uint256) {
        return (YEARLY * rounds * ROUND) / 365 days;
    }
}

/// @notice Units and fuzz of the budget and index math.
contract EconomicPoolMathTest is StakingSetup {
    function setUp() public {
        _deploy(1_000_000_000e18);
    }

    /// Released in any number of chunks, at any times, the rounds' budgets add up to
    /// floor(Y·n·L/365d) exactly: the cumulative formula loses no wei.
    function testFuzzBudgetIsCumulative(uint256 seed) public {
        uint256 settledBefore;
        for (uint256 i = 0; i < 8; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            vm.warp(block.timestamp + bound(seed, 1, 400 days));
            if (pool.roundsEnded() > settledBefore) {
                pool.settle();
                settledBefore = pool.settledRounds();
            }
        }
        vm.assertEq(pool.budgetReceived(), _entitled(pool.settledRounds()), "budget = cumulative formula");
        vm.assertEq(pool.carried(), pool.budgetReceived(), "nothing staked: everything carried");
    }

    /// Each round's budget is the step of the cumulative formula.
    function testFuzzRoundBudget(uint256 rounds) public pure {
        rounds = bound(rounds, 0, 10_000);
        uint256 step = _entitled(rounds + 1) - _entitled(rounds);
        uint256 exact = (YEARLY * ROUND) / 365 days;
        vm.assertTrue(step == exact || step == exact + 1, "a round's budget is Y*L/365d, rounded");
    }

    /// Pro rata: each staker is owed its share of the round's budget, rounded down, and the pool
    /// never owes more than it received: owed + carried ≤ received ≤ owed + carried + one wei per staker.
    function testFuzzIndexSharesTheBudget(uint256 seed, uint8 count) public {
        uint256 n = bound(count, 1, 6);
        address[] memory stakers = new address[](n);
        uint256[] memory stakes = new uint256[](n);
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            stakers[i] = address(uint160(0x1000 + i));
            stakes[i] = bound(uint256(keccak256(abi.encode(seed, i))), MIN_STAKE, 500_000_000e18);
            _stake(stakers[i], stakes[i]);
            total += stakes[i];
        }
        uint256 rounds = bound(seed, 1, 5);
        vm.warp(start + (rounds - 1) * ROUND + RAISE + LOCK);
        pool.settle();
        uint256 received = pool.budgetReceived();
        vm.assertEq(received, _entitled(rounds), "the reserve paid the rounds due");
        uint256 owed;
        for (uint256 i = 0; i < n; ++i) {
            uint256 earned = pool.earned(stakers[i]);
            vm.assertLe(earned, (received * stakes[i]) / total, "never above the exact share");
            vm.assertLe((received * stakes[i]) / total - earned, 1 + received / total + 1, "close to the share");
            owed += earned;
        }
        vm.assertLe(owed + pool.carried(), received, "never owes more than received");
        vm.assertLe(received - owed - pool.carried(), n, "at most one wei per staker left behind");
    }

    /// The committee schedule: 40M in year one, then 3/4 of the previous year; over 10 years it never
    /// exceeds 40M·Σ(3/4)^y, and half a year pays half the year.
    function testCommitteeSchedule() public {
        RewardsReserve r = new RewardsReserve(token, TIMELOCK, 0, 365 days, _reserveParameters());
        vm.prank(TIMELOCK);
        r.bindCommittee(address(this));
        IRewardsReserve.Beneficiary c = IRewardsReserve.Beneficiary.Committee;
        vm.assertEq(r.entitlement(c, 26), 20_000_000e18, "half of year one");
        vm.assertEq(r.entitlement(c, 52), 40_000_000e18, "year one");
        vm.assertEq(r.entitlement(c, 104), 70_000_000e18, "two years");
        uint256 bound10;
        uint256 year = 40_000_000e18;
        for (uint256 y = 0; y < 10; ++y) {
            bound10 += year;
            year = (year * 3) / 4;
        }
        vm.assertLe(r.entitlement(c, 520), bound10, "10 years within 40M sum (3/4)^y");
        vm.assertLe(r.entitlement(c, 520 * 40), 160_000_000e18, "never more than 40M / (1 - 3/4)");
    }

    /// The committee's payment clock for the reserve's tests: a term is due every 7 days from now.
    function rewardSchedule() external view returns (uint64 firstDue, uint64 period) {
        return (uint64(block.timestamp), 7 days);
    }
}

/// @notice Drives the pool and the reserve with stakers depositing, topping up, withdrawing in part
/// or whole, claiming, being pushed their rewards (with duplicates and strangers in the batch),
/// settlement, donations to the pool, the vaults and the reserve, and time passing.
contract EconomicPoolHandler is StakingSetup {
    address[5] public stakers = [address(0x1001), address(0x1002), address(0x1003), address(0x1004), address(0x1005)];
    address public constant KEEPER = address(0xBEEF);
    uint256 public ghostPaid;
    uint256 public ghostDonatedToPool;
    uint256 public ghostAccruals;
    bool public belowMinimum;
    /// Calls the pool refused (expected: the handler explores bad input and wrong phases too).
    uint256 public rejected;
    uint256 public settles;

    constructor() {
        _deploy(1_000_000_000e18);
        for (uint256 i = 0; i < stakers.length; ++i) {
            require(token.transfer(stakers[i], 10_000_000e18), "fund");
            vm.prank(stakers[i]);
            token.approve(address(pool), type(uint256).max);
        }
    }

    function deposit(uint256 who, uint256 amount) external {
        address staker = stakers[who % stakers.length];
        amount = bound(amount, 1, 2_000_000e18);
        vm.prank(staker);
        try pool.deposit(amount) {
            ++ghostAccruals;
        } catch {
            ++rejected;
        }
        _checkMinimum(staker);
    }

    function withdraw(uint256 who, uint256 amount, bool all) external {
        address staker = stakers[who % stakers.length];
        uint256 principal = pool.principalOf(staker);
        amount = all ? principal : bound(amount, 1, principal + 1);
        vm.prank(staker);
        try pool.withdraw(amount) {
            ++ghostAccruals;
        } catch {
            ++rejected;
        }
        _checkMinimum(staker);
    }

    function claim(uint256 who) external {
        address staker = stakers[who % stakers.length];
        uint256 before = token.balanceOf(staker);
        vm.prank(staker);
        try pool.claim() {
            ++ghostAccruals;
        } catch {
            ++rejected;
        }
        ghostPaid += token.balanceOf(staker) - before;
    }

    function distribute(uint256 a, uint256 b, uint256 c) external {
        address[] memory batch = new address[](4);
        batch[0] = stakers[a % stakers.length];
        batch[1] = stakers[b % stakers.length];
        batch[2] = batch[0];
        batch[3] = address(uint160(c));
        uint256[5] memory before;
        for (uint256 i = 0; i < stakers.length; ++i) before[i] = token.balanceOf(stakers[i]);
        vm.prank(KEEPER);
        try pool.distribute(batch) {
            ghostAccruals += 2;
        } catch {
            ++rejected;
        }
        for (uint256 i = 0; i < stakers.length; ++i) ghostPaid += token.balanceOf(stakers[i]) - before[i];
    }

    function settle() external {
        vm.prank(KEEPER);
        try pool.settle() {
            ++settles;
        } catch {
            ++rejected;
        }
    }

    function donate(uint256 amount, uint256 where) external {
        amount = bound(amount, 0, 1_000e18);
        address to =
            where % 3 == 0
                ? address(pool)
                : where % 3 == 1
                    ? address(reserve)
                    : pool.vaultOf(stakers[0]);
        if (to == address(pool)) ghostDonatedToPool += amount;
        require(token.transfer(to, amount), "donate");
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 40 days));
    }

    function stakerCount() external view returns (uint256) {
        return stakers.length;
    }

    function _checkMinimum(address staker) private {
        uint256 principal = pool.principalOf(staker);
        if (principal != 0 && principal < MIN_STAKE) belowMinimum = true;
    }

    function poolOf() external view returns (EconomicPool) {
        return pool;
    }

    function reserveOf() external view returns (RewardsReserve) {
        return reserve;
    }

    function tokenOf() external view returns (BaseToken) {
        return token;
    }
}

/// @notice Invariants of the pools' accounting.
contract EconomicPoolInvariantTest is TestBase {
    EconomicPoolHandler private handler;

    function setUp() public {
        handler = new EconomicPoolHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantEconomicPoolAccounting() public view {
        _checkPoolCoversPrincipalAndRewards();
        _checkEveryWeiOfBudgetAccounted();
        _checkReserveHoldsWhatItAccounts();
        _checkStakesAreZeroOrAboveMinimum();
    }

    /// The pool's balance covers every reward owed (principal is in the vaults, each covering its own).
    function _checkPoolCoversPrincipalAndRewards() internal view {
        EconomicPool pool = handler.poolOf();
        IERC20 token = handler.tokenOf();
        uint256 owed;
        uint256 principal;
        for (uint256 i = 0; i < handler.stakerCount(); ++i) {
            address staker = handler.stakers(i);
            owed += pool.earned(staker);
            uint256 p = pool.principalOf(staker);
            principal += p;
            vm.assertGe(token.balanceOf(pool.vaultOf(staker)), p, "a vault holds its principal");
        }
        vm.assertGe(token.balanceOf(address(pool)), owed, "pool balance >= rewards owed");
        vm.assertEq(principal, pool.totalStaked(), "principal counted apart");
        vm.assertEq(
            pool.budgetReceived() - pool.rewardsPaid() + handler.ghostDonatedToPool(),
            token.balanceOf(address(pool)),
            "balance = received - paid + donations"
        );
    }

    /// Σ paid + owed + carried = Σ funded, to a wei per account per accrual.
    function _checkEveryWeiOfBudgetAccounted() internal view {
        EconomicPool pool = handler.poolOf();
        uint256 owed;
        for (uint256 i = 0; i < handler.stakerCount(); ++i) owed += pool.earned(handler.stakers(i));
        uint256 accounted = handler.ghostPaid() + owed + pool.carried();
        uint256 funded = pool.budgetReceived();
        vm.assertEq(handler.ghostPaid(), pool.rewardsPaid(), "paid as counted");
        vm.assertLe(accounted, funded, "never more than funded");
        vm.assertLe(
            funded - accounted,
            (handler.ghostAccruals() + pool.settledRounds() + 1) * handler.stakerCount(),
            "at most a wei per account per round"
        );
    }

    /// The reserve never pays or promises more than it holds, and donations change nothing.
    function _checkReserveHoldsWhatItAccounts() internal view {
        RewardsReserve reserve = handler.reserveOf();
        EconomicPool pool = handler.poolOf();
        IERC20 token = handler.tokenOf();
        vm.assertGe(token.balanceOf(address(reserve)), reserve.held(), "balance >= held");
        vm.assertEq(reserve.held() + pool.budgetReceived(), 1_000_000_000e18, "held + released = genesis");
        vm.assertLe(reserve.releasable(IRewardsReserve.Beneficiary.EconomicPool), reserve.held(), "promise <= held");
        vm.assertLe(
            pool.budgetReceived(),
            reserve.entitlement(
                IRewardsReserve.Beneficiary.EconomicPool,
                reserve.periodsDue(IRewardsReserve.Beneficiary.EconomicPool)
            ),
            "only on schedule"
        );
    }

    function _checkStakesAreZeroOrAboveMinimum() internal view {
        vm.assertTrue(!handler.belowMinimum(), "0 or >= minStake after every change");
    }
}
