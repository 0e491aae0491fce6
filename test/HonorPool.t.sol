// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IHonorPool} from "../contracts/interfaces/IHonorPool.sol";
import {IRewardsReserve} from "../contracts/interfaces/IRewardsReserve.sol";
import {MockCommittee} from "../contracts/mocks/StakingHookMocks.sol";
import {HonorPool} from "../contracts/staking-pools/HonorPool.sol";
import {RewardsReserve} from "../contracts/staking-pools/RewardsReserve.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice The honor pool with mainnet numbers, built by the tests themselves.
abstract contract HonorSetup is TestBase {
    uint96 internal constant MIN_STAKE = 200_000e18;
    uint64 internal constant DELAY = 100 minutes;
    address internal constant TIMELOCK = address(0x71);

    BaseToken internal token;
    RewardsReserve internal reserve;
    HonorPool internal pool;
    MockCommittee internal committee;

    function _deploy() internal {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        reserve = new RewardsReserve(
            token,
            TIMELOCK,
            0,
            365 days,
            IRewardsReserve.Parameters({
                economicYearly: 5_000_000e18,
                committeeYearOne: 40_000_000e18,
                committeeDecayBps: 7_500,
                committeeTermsPerYear: 52
            })
        );
        pool = new HonorPool(
            token,
            reserve,
            TIMELOCK,
            IHonorPool.Parameters({minStake: MIN_STAKE, withdrawDelay: DELAY})
        );
        committee = new MockCommittee();
        pool.bindCommittee(address(committee));
    }
}

/// @notice Units of the slash arithmetic.
contract HonorPoolSlashTest is HonorSetup {
    address private constant NODE = address(0x2001);

    function setUp() public {
        _deploy();
        require(token.transfer(NODE, 10_000_000e18), "fund");
        vm.prank(NODE);
        token.approve(address(pool), type(uint256).max);
    }

    /// A slash takes bps of the active stake and bps of the pending request, each rounded down,
    /// and exactly that reaches the reserve; the vault keeps the rest.
    function testFuzzSlashTakesFromStakeAndPending(uint256 stake, uint256 requested, uint256 bps) public {
        stake = bound(stake, MIN_STAKE, 5_000_000e18);
        requested = bound(requested, 0, stake);
        if (stake - requested != 0 && stake - requested < MIN_STAKE) requested = stake - MIN_STAKE;
        bps = bound(bps, 1, 10_000);
        vm.startPrank(NODE);
        pool.deposit(stake);
        if (requested != 0) pool.requestWithdraw(requested);
        vm.stopPrank();
        uint256 amount = committee.slash(pool, NODE, bps, "test");
        uint256 fromStake = ((stake - requested) * bps) / 10_000;
        uint256 fromPending = (requested * bps) / 10_000;
        vm.assertEq(amount, fromStake + fromPending, "bps of each, rounded down");
        vm.assertEq(reserve.held(), amount, "all of it deposited into the reserve");
        vm.assertEq(token.balanceOf(address(reserve)), amount, "and nothing else");
        IHonorPool.Node memory n = pool.nodeOf(NODE);
        vm.assertEq(n.stake, stake - requested - fromStake, "active left");
        vm.assertEq(n.pending, requested - fromPending, "pending left");
        vm.assertEq(token.balanceOf(pool.vaultOf(NODE)), uint256(n.stake) + n.pending, "vault holds the rest");
        vm.assertEq(token.balanceOf(address(pool)), 0, "the pool keeps nothing");
    }
}

/// @notice Drives the pool with nodes depositing, requesting in part or whole, completing (by
/// anyone), being slashed (during requests too), locked and unlocked, donations, and time passing.
contract HonorPoolHandler is HonorSetup {
    address[4] public nodes = [address(0x2001), address(0x2002), address(0x2003), address(0x2004)];
    address public constant STRANGER = address(0xBEEF);

    uint256 public ghostSlashed;
    uint256 public ghostPaid;
    uint256 public ghostDonatedToVaults;
    uint256 public ghostDonatedToPool;
    uint256 public ghostFunded;
    bool public belowMinimum;
    bool public wentBackward;
    bool public paidElsewhere;
    uint256 public rejected;
    mapping(address node => uint256 payableAt) public lastPayableAt;

    constructor() {
        _deploy();
        ghostFunded = nodes.length * 10_000_000e18;
        for (uint256 i = 0; i < nodes.length; ++i) {
            require(token.transfer(nodes[i], 10_000_000e18), "fund");
            vm.prank(nodes[i]);
            token.approve(address(pool), type(uint256).max);
        }
    }

    function deposit(uint256 who, uint256 amount) external {
        address node = nodes[who % nodes.length];
        amount = bound(amount, 1, 1_000_000e18);
        vm.prank(node);
        try pool.deposit(amount) {
            _checkMinimum(node);
        } catch {
            ++rejected;
        }
        _checkForward(node);
    }

    function requestWithdraw(uint256 who, uint256 amount, bool all) external {
        address node = nodes[who % nodes.length];
        uint256 stake = pool.stakeOf(node);
        amount = all ? stake : bound(amount, 1, stake + 1);
        vm.prank(node);
        try pool.requestWithdraw(amount) {
            _checkMinimum(node);
        } catch {
            ++rejected;
        }
        _checkForward(node);
    }

    function completeWithdraw(uint256 who, bool byStranger) external {
        address node = nodes[who % nodes.length];
        uint256[4] memory before;
        for (uint256 i = 0; i < nodes.length; ++i) before[i] = token.balanceOf(nodes[i]);
        uint256 strangerBefore = token.balanceOf(STRANGER);
        uint256 pending = pool.nodeOf(node).pending;
        uint256 paid;
        vm.prank(byStranger ? STRANGER : node);
        try pool.completeWithdraw(node) {
            paid = pending;
            ghostPaid += pending;
            lastPayableAt[node] = 0;
        } catch {
            ++rejected;
        }
        for (uint256 i = 0; i < nodes.length; ++i) {
            uint256 gained = token.balanceOf(nodes[i]) - before[i];
            if (gained != (nodes[i] == node ? paid : 0)) paidElsewhere = true;
        }
        if (token.balanceOf(STRANGER) != strangerBefore) paidElsewhere = true;
        _checkForward(node);
    }

    function slash(uint256 who, uint256 bps) external {
        address node = nodes[who % nodes.length];
        bps = bound(bps, 1, 10_000);
        uint256 reserveBefore = token.balanceOf(address(reserve));
        try committee.slash(pool, node, bps, "handler") returns (uint256 amount) {
            ghostSlashed += amount;
            if (token.balanceOf(address(reserve)) != reserveBefore + amount) paidElsewhere = true;
        } catch {
            ++rejected;
        }
        _checkForward(node);
    }

    function lock(uint256 who, bool locked) external {
        committee.setLock(nodes[who % nodes.length], locked, block.timestamp + 1 days);
    }

    function donate(uint256 amount, uint256 where) external {
        amount = bound(amount, 0, 1_000e18);
        address to = where % 2 == 0 ? address(pool) : pool.vaultOf(nodes[where % nodes.length]);
        if (to == address(pool)) ghostDonatedToPool += amount;
        else ghostDonatedToVaults += amount;
        require(token.transfer(to, amount), "donate");
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 hours));
    }

    function nodeCount() external view returns (uint256) {
        return nodes.length;
    }

    function poolOf() external view returns (HonorPool) {
        return pool;
    }

    function reserveOf() external view returns (RewardsReserve) {
        return reserve;
    }

    function tokenOf() external view returns (BaseToken) {
        return token;
    }

    /// After a deposit or request that went through (a slash may leave a stake below the minimum;
    /// the node then can only top up to the minimum or request all).
    function _checkMinimum(address node) private {
        uint256 stake = pool.stakeOf(node);
        if (stake != 0 && stake < MIN_STAKE) belowMinimum = true;
    }

    /// A pending request only gets later (a second request restarts it), never earlier; it ends
    /// only by being paid.
    function _checkForward(address node) private {
        IHonorPool.Node memory n = pool.nodeOf(node);
        if (n.pending != 0) {
            if (n.payableAt < lastPayableAt[node]) wentBackward = true;
            lastPayableAt[node] = n.payableAt;
        } else {
            // Cleared only by completion or a slash of all of it.
            lastPayableAt[node] = 0;
        }
    }
}

/// @notice Invariants of the honor pool's custody.
contract HonorPoolInvariantTest is TestBase {
    HonorPoolHandler private handler;

    function setUp() public {
        handler = new HonorPoolHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantHonorPoolAccounting() public view {
        _checkVaultsHoldActivePlusPending();
        _checkSlashedOnlyToReserve();
        _checkTransitions();
    }

    /// The vaults hold exactly Σ active + Σ pending (plus donations to them); the pool holds nothing
    /// of the stakes.
    function _checkVaultsHoldActivePlusPending() internal view {
        HonorPool pool = handler.poolOf();
        BaseToken token = handler.tokenOf();
        uint256 held;
        uint256 active;
        uint256 pending;
        for (uint256 i = 0; i < handler.nodeCount(); ++i) {
            address node = handler.nodes(i);
            IHonorPool.Node memory n = pool.nodeOf(node);
            uint256 balance = token.balanceOf(pool.vaultOf(node));
            vm.assertGe(balance, uint256(n.stake) + n.pending, "a vault holds its node's stake and request");
            held += balance;
            active += n.stake;
            pending += n.pending;
        }
        vm.assertEq(active, pool.totalStaked(), "total active counted");
        vm.assertEq(pending, pool.totalPending(), "total pending counted");
        vm.assertEq(held, active + pending + handler.ghostDonatedToVaults(), "vaults = active + pending");
        vm.assertEq(token.balanceOf(address(pool)), handler.ghostDonatedToPool(), "the pool keeps nothing");
    }

    /// Slashed amounts only leave to the reserve; withdrawals only to their nodes; nothing is lost.
    function _checkSlashedOnlyToReserve() internal view {
        HonorPool pool = handler.poolOf();
        BaseToken token = handler.tokenOf();
        RewardsReserve reserve = handler.reserveOf();
        vm.assertEq(reserve.held(), handler.ghostSlashed(), "the reserve received every slash");
        vm.assertEq(token.balanceOf(address(reserve)), handler.ghostSlashed(), "and only slashes");
        vm.assertTrue(!handler.paidElsewhere(), "no one but the node or the reserve is paid");
        uint256 nodesHold;
        for (uint256 i = 0; i < handler.nodeCount(); ++i) nodesHold += token.balanceOf(handler.nodes(i));
        vm.assertEq(
            nodesHold + pool.totalStaked() + pool.totalPending() + handler.ghostSlashed(),
            handler.ghostFunded(),
            "every token of the nodes is held, staked, pending or slashed"
        );
    }

    /// 0 or ≥ min after deposits and requests; requests only move forward.
    function _checkTransitions() internal view {
        vm.assertTrue(!handler.belowMinimum(), "0 or >= minStake after every deposit and request");
        vm.assertTrue(!handler.wentBackward(), "a request's time never moves earlier");
    }
}
