// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IVestingVault} from "../contracts/interfaces/IVestingVault.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {VestingMath} from "../contracts/libraries/VestingMath.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {VestingVault} from "../contracts/tokenization/VestingVault.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives the vault with random schedules, time jumps, releases, revocations and funding.
contract VestingVaultHandler is TestBase {
    BaseToken public immutable token;
    VestingVault public immutable vault;
    address[3] private _beneficiaries = [address(0xB1), address(0xB2), address(0xB3)];

    /// Totals as created, before any revocation.
    mapping(uint256 scheduleId => uint256 total) public scheduledTotal;
    mapping(uint256 scheduleId => bool revoked) public seenRevoked;
    uint256 public ghostReleased;
    uint256 public ghostPaidToBeneficiaries;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        KeeperRewards rewards = new KeeperRewards(token, address(this));
        vault = new VestingVault(token, rewards, address(this));
        rewards.registerKind(vault.RELEASE_KIND(), address(vault), 10e18);
        require(token.transfer(address(rewards), 100e18), "fund rewards");
        vault.grantRole(vault.SCHEDULE_MANAGER_ROLE(), address(this));
        require(token.transfer(address(vault), 1_000_000_000e18), "fund");
    }

    function createSchedule(
        uint256 beneficiarySeed,
        uint256 total,
        uint256 startDelay,
        uint256 interval,
        uint256 count,
        uint256 cliffSeed,
        uint256 bps,
        bool revocable
    ) external {
        uint256 available = vault.unallocated();
        if (available == 0) return;
        VestingMath.Schedule memory terms;
        terms.total = bound(total, 1, available);
        terms.start = uint64(block.timestamp + bound(startDelay, 0, 30 days));
        terms.trancheInterval = uint64(bound(interval, 1, 365 days));
        terms.trancheCount = uint32(bound(count, 1, 48));
        terms.cliff = uint64(bound(cliffSeed, 0, uint256(terms.trancheInterval) * terms.trancheCount));
        terms.unlockedAtStartBps = uint16(bound(bps, 0, 10_000));
        uint256 id = vault.createSchedule(_beneficiaries[beneficiarySeed % 3], terms, revocable);
        scheduledTotal[id] = terms.total;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 400 days));
    }

    function release(uint256 idSeed) external {
        uint256 count = vault.scheduleCount();
        if (count == 0) return;
        uint256 id = idSeed % count;
        if (vault.releasable(id) == 0) return;
        address beneficiary = vault.getSchedule(id).beneficiary;
        uint256 before = token.balanceOf(beneficiary);
        uint256 amount = vault.release(id);
        ghostReleased += amount;
        ghostPaidToBeneficiaries += token.balanceOf(beneficiary) - before;
    }

    function revoke(uint256 idSeed) external {
        uint256 count = vault.scheduleCount();
        if (count == 0) return;
        uint256 id = idSeed % count;
        IVestingVault.ScheduleInfo memory info = vault.getSchedule(id);
        if (!info.revocable || info.revoked) return;
        vault.revoke(id);
        seenRevoked[id] = true;
    }

    function fund(uint256 amount) external {
        amount = bound(amount, 0, token.balanceOf(address(this)) / 100);
        require(token.transfer(address(vault), amount), "fund");
    }
}

/// @notice Invariants of the VestingVault's accounting.
contract VestingVaultInvariantTest is TestBase {
    VestingVaultHandler private handler;

    function setUp() public {
        handler = new VestingVaultHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantVestingAccounting() public view {
        _checkReleasedNeverExceedsScheduled();
        _checkBalanceCoversObligations();
        _checkReleasesReachBeneficiaries();
        _checkRevocationIsFinal();
    }

    /// Released never exceeds what was scheduled, schedule by schedule.
    function _checkReleasedNeverExceedsScheduled() internal view {
        VestingVault vault = handler.vault();
        uint256 count = vault.scheduleCount();
        for (uint256 id = 0; id < count; ++id) {
            IVestingVault.ScheduleInfo memory info = vault.getSchedule(id);
            vm.assertLe(info.released, info.terms.total, "released above the schedule's total");
            vm.assertLe(info.terms.total, handler.scheduledTotal(id), "total grew after creation");
        }
    }

    /// The vault's balance covers every unreleased amount, and the obligations are their sum.
    function _checkBalanceCoversObligations() internal view {
        VestingVault vault = handler.vault();
        uint256 count = vault.scheduleCount();
        uint256 unreleased = 0;
        for (uint256 id = 0; id < count; ++id) {
            IVestingVault.ScheduleInfo memory info = vault.getSchedule(id);
            unreleased += info.terms.total - info.released;
        }
        vm.assertEq(vault.totalObligations(), unreleased, "obligations differ from the sum of schedules");
        vm.assertGe(handler.token().balanceOf(address(vault)), unreleased, "balance below obligations");
    }

    /// Every token released reached a beneficiary.
    function _checkReleasesReachBeneficiaries() internal view {
        vm.assertEq(handler.ghostPaidToBeneficiaries(), handler.ghostReleased(), "released != received");
    }

    /// A revoked schedule stays revoked.
    function _checkRevocationIsFinal() internal view {
        VestingVault vault = handler.vault();
        uint256 count = vault.scheduleCount();
        for (uint256 id = 0; id < count; ++id) {
            if (handler.seenRevoked(id)) vm.assertTrue(vault.getSchedule(id).revoked, "revocation undone");
        }
    }
}
