// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives KeeperRewards with two modules reporting jobs for a few keepers, bounty
/// changes and top-ups, while the budget runs out and is refilled.
contract KeeperRewardsHandler is TestBase {
    bytes32 public constant KIND_A = "module-a.job";
    bytes32 public constant KIND_B = "module-b.job";
    uint256 public constant MAX_BOUNTY = 50e18;

    BaseToken public immutable token;
    KeeperRewards public immutable rewards;
    address public constant MODULE_A = address(0xA1);
    address public constant MODULE_B = address(0xA2);
    address[3] public keepers = [address(0xC1), address(0xC2), address(0xC3)];

    uint256 public ghostFunded;
    uint256 public ghostReceivedByKeepers;
    mapping(address keeper => uint256 jobs) public ghostJobs;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 1_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        rewards = new KeeperRewards(token, address(this));
        rewards.registerKind(KIND_A, MODULE_A, 10e18);
        rewards.registerKind(KIND_B, MODULE_B, 3e18);
        fund(100e18);
    }

    function reward(uint256 keeperSeed, bool kindB, uint256 units) external {
        address keeper = keepers[keeperSeed % keepers.length];
        units = bound(units, 1, 20);
        uint256 before = token.balanceOf(keeper);
        vm.prank(kindB ? MODULE_B : MODULE_A);
        rewards.reward(keeper, kindB ? KIND_B : KIND_A, units);
        ghostReceivedByKeepers += token.balanceOf(keeper) - before;
        ghostJobs[keeper] += units;
    }

    function setBounty(uint256 bounty, bool kindB) external {
        rewards.setBounty(kindB ? KIND_B : KIND_A, bound(bounty, 0, MAX_BOUNTY));
    }

    function fund(uint256 amount) public {
        amount = bound(amount, 0, 100e18);
        ghostFunded += amount;
        require(token.transfer(address(rewards), amount), "fund");
    }

    function keeperCount() external view returns (uint256) {
        return keepers.length;
    }
}

/// @notice Invariants of KeeperRewards' accounting: the budget and the payments add up to the
/// funding, recorded earnings add up to what keepers received, every job is counted, and nobody
/// is paid more than its jobs could earn.
contract KeeperRewardsInvariantTest is TestBase {
    KeeperRewardsHandler private handler;

    function setUp() public {
        handler = new KeeperRewardsHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantKeeperRewardsAccounting() public view {
        _checkBudgetPlusPaidEqualsFunding();
        _checkEarningsAndJobsAddUp();
    }

    function _checkBudgetPlusPaidEqualsFunding() internal view {
        KeeperRewards rewards = handler.rewards();
        vm.assertEq(
            rewards.budget() + handler.ghostReceivedByKeepers(),
            handler.ghostFunded(),
            "budget + paid != funded"
        );
    }

    function _checkEarningsAndJobsAddUp() internal view {
        KeeperRewards rewards = handler.rewards();
        uint256 earned;
        for (uint256 i = 0; i < handler.keeperCount(); ++i) {
            address keeper = handler.keepers(i);
            uint256 jobs = rewards.jobsOf(keeper);
            earned += rewards.earnedBy(keeper);
            vm.assertEq(jobs, handler.ghostJobs(keeper), "jobs lost or invented");
            vm.assertLe(rewards.earnedBy(keeper), jobs * handler.MAX_BOUNTY(), "paid above the bounty per job");
            vm.assertEq(handler.token().balanceOf(keeper), rewards.earnedBy(keeper), "earned != balance");
        }
        vm.assertEq(earned, handler.ghostReceivedByKeepers(), "earnings do not add up to what keepers received");
    }
}

/// @notice Unit and fuzz tests of the bounty rule: all or nothing against the budget.
contract KeeperRewardsTest is TestBase {
    bytes32 private constant KIND = "kind";
    address private constant MODULE = address(0xA1);
    address private constant KEEPER = address(0xC1);
    BaseToken private token;
    KeeperRewards private rewards;

    function setUp() public {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 1_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        rewards = new KeeperRewards(token, address(this));
    }

    function testFuzzPaysTheBountyOnlyWhenTheBudgetCoversIt(uint96 bounty, uint96 budget) public {
        budget = uint96(bound(budget, 0, 1_000_000e18));
        rewards.registerKind(KIND, MODULE, bounty);
        require(token.transfer(address(rewards), budget), "fund");

        vm.prank(MODULE);
        uint256 paid = rewards.reward(KEEPER, KIND, 1);

        uint256 expected = bounty <= budget ? bounty : 0;
        vm.assertEq(paid, expected, "paid");
        vm.assertEq(token.balanceOf(KEEPER), expected, "keeper balance");
        vm.assertEq(rewards.budget(), budget - expected, "budget left");
        vm.assertEq(rewards.jobsOf(KEEPER), 1, "job counted");
    }

    /// @notice Work split into batches pays what the same work pays in one batch (DESIGN §2).
    function testFuzzPaysPerUnitWhateverTheBatching(uint96 bounty, uint8 units, uint8 split) public {
        bounty = uint96(bound(bounty, 0, 1_000e18));
        units = uint8(bound(units, 1, 100));
        split = uint8(bound(split, 1, units));
        rewards.registerKind(KIND, MODULE, bounty);
        require(token.transfer(address(rewards), 500_000e18), "fund");

        vm.startPrank(MODULE);
        uint256 batched = rewards.reward(KEEPER, KIND, units);
        uint256 piecewise = rewards.reward(address(0xC2), KIND, split);
        if (units > split) piecewise += rewards.reward(address(0xC2), KIND, units - split);
        vm.stopPrank();

        vm.assertEq(batched, uint256(bounty) * units, "one batch pays bounty x units");
        vm.assertEq(piecewise, batched, "batches pay the same total");
        vm.assertEq(rewards.jobsOf(KEEPER), units, "units counted");
        vm.assertEq(rewards.jobsOf(address(0xC2)), units, "units counted across batches");
    }

    /// @notice An upkeep that did no work is never reported, let alone paid.
    function testRevertsWithoutWork() public {
        rewards.registerKind(KIND, MODULE, 1e18);
        vm.prank(MODULE);
        vm.expectRevert(abi.encodeWithSignature("NoWork(bytes32)", KIND));
        rewards.reward(KEEPER, KIND, 0);
    }
}
