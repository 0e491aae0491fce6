// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {RecoverableWallet} from "../contracts/accounts/RecoverableWallet.sol";
import {WalletFactory} from "../contracts/accounts/WalletFactory.sol";
import {IRecoverableWallet} from "../contracts/interfaces/IRecoverableWallet.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Units and fuzz of the RecoverableWallet and its factory.
contract RecoverableWalletTest is TestBase {
    uint256 internal constant DELAY = 7 days;
    uint256 internal constant MIN_DELAY = 1 days;
    address internal constant OWNER = address(0xA11CE);
    address internal constant HEIR = address(0xB0B);

    WalletFactory internal factory;
    RecoverableWallet internal wallet;
    address[] internal guardians;

    function setUp() public {
        vm.warp(1_000_000);
        factory = new WalletFactory(DELAY, MIN_DELAY);
        guardians.push(address(0x6001));
        guardians.push(address(0x6002));
        guardians.push(address(0x6003));
        wallet = RecoverableWallet(payable(factory.createWallet(OWNER, guardians, 2, 0, bytes32(0))));
    }

    function _list(uint256 n, uint256 base) internal pure returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i = 0; i < n; ++i) list[i] = address(uint160(base + i));
    }

    function testImplementationCannotBeInitialized() public {
        RecoverableWallet implementation = RecoverableWallet(payable(factory.implementation()));
        vm.expectRevert(abi.encodeWithSelector(Initializable.InvalidInitialization.selector));
        implementation.initialize(address(this), guardians, 2, DELAY);
        vm.assertEq(implementation.owner(), address(0), "implementation owned");
        vm.assertEq(implementation.minDelay(), MIN_DELAY, "implementation min delay");
    }

    function testCloneCannotBeReinitialized() public {
        vm.expectRevert(abi.encodeWithSelector(Initializable.InvalidInitialization.selector));
        wallet.initialize(address(this), guardians, 2, DELAY);
        vm.assertEq(wallet.owner(), OWNER, "owner");
        vm.assertEq(wallet.delay(), DELAY, "default delay");
        vm.assertEq(wallet.minDelay(), MIN_DELAY, "clone reads the implementation's min delay");
    }

    function testPredictMatchesCreate() public {
        address predicted = factory.predictWallet(OWNER, guardians, 3, 2 days, bytes32(uint256(1)));
        address created = factory.createWallet(OWNER, guardians, 3, 2 days, bytes32(uint256(1)));
        vm.assertEq(created, predicted, "predicted address");
        vm.assertEq(RecoverableWallet(payable(created)).threshold(), 3, "threshold");
    }

    /// Fuzz: a configuration is accepted exactly when 2 <= M <= N <= 16 and minDelay <= delay <= 365 days.
    function testFuzzConfigRules(uint256 n, uint256 m, uint256 delay) public {
        n = bound(n, 0, 20);
        m = bound(m, 0, 22);
        delay = bound(delay, 1, 400 days);
        address[] memory list = _list(n, 0x7000);
        bool valid = n <= 16 && m >= 2 && m <= n && delay >= MIN_DELAY && delay <= 365 days;
        if (!valid) {
            if (n > 16) {
                vm.expectRevert(abi.encodeWithSelector(IRecoverableWallet.TooManyGuardians.selector, n, 16));
            } else if (m < 2 || m > n) {
                vm.expectRevert(abi.encodeWithSelector(IRecoverableWallet.InvalidThreshold.selector, m, n));
            } else {
                vm.expectRevert(
                    abi.encodeWithSelector(IRecoverableWallet.InvalidDelay.selector, delay, MIN_DELAY, 365 days)
                );
            }
        }
        address created = factory.createWallet(OWNER, list, m, delay, bytes32(0));
        if (valid) {
            RecoverableWallet w = RecoverableWallet(payable(created));
            vm.assertEq(w.threshold(), m, "threshold");
            vm.assertEq(w.guardians().length, n, "guardians");
            vm.assertEq(w.delay(), delay, "delay");
        }
    }

    /// Fuzz: with M approvals reached at t, execution fails at every time before t + delay and
    /// succeeds at t + delay or later; the owner's cancel before execution always wins.
    function testFuzzRecoveryTiming(uint256 delay, uint256 wait, uint256 early, bool cancel) public {
        delay = bound(delay, MIN_DELAY, 365 days);
        address created = factory.createWallet(OWNER, guardians, 2, delay, bytes32(uint256(7)));
        RecoverableWallet w = RecoverableWallet(payable(created));
        vm.prank(guardians[0]);
        uint256 id = w.proposeRecovery(HEIR);
        vm.warp(block.timestamp + bound(wait, 0, 30 days));
        vm.prank(guardians[1]);
        w.approveRecovery(id);
        uint256 readyAt = block.timestamp + delay;
        vm.assertEq(w.getRecovery(id).readyAt, readyAt, "readyAt = M-th approval + delay");
        uint256 before = bound(early, 1, delay);
        vm.warp(readyAt - before);
        vm.expectRevert(
            abi.encodeWithSelector(IRecoverableWallet.RecoveryNotReady.selector, id, readyAt, readyAt - before)
        );
        w.executeRecovery(id);
        if (cancel) {
            vm.prank(OWNER);
            w.cancelRecovery(id);
        }
        vm.warp(readyAt + (early % 3 days));
        if (cancel) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IRecoverableWallet.RecoveryNotPending.selector,
                    id,
                    IRecoverableWallet.RecoveryStatus.Cancelled
                )
            );
            w.executeRecovery(id);
            vm.assertEq(w.owner(), OWNER, "cancelled: owner kept");
        } else {
            w.executeRecovery(id);
            vm.assertEq(w.owner(), HEIR, "recovered");
        }
    }

    /// Fuzz: a guardian change waits max(current delay, new delay).
    function testFuzzChangeWaitsTheLongerDelay(uint256 newDelay) public {
        newDelay = bound(newDelay, MIN_DELAY, 365 days);
        vm.prank(OWNER);
        wallet.proposeGuardianChange(guardians, 3, newDelay);
        uint256 wait = newDelay > DELAY ? newDelay : DELAY;
        uint256 readyAt = block.timestamp + wait;
        vm.assertEq(wallet.pendingGuardianChange().readyAt, readyAt, "readyAt");
        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IRecoverableWallet.ChangeNotReady.selector, 1, readyAt, readyAt - 1));
        wallet.applyGuardianChange();
        vm.warp(readyAt);
        wallet.applyGuardianChange();
        vm.assertEq(wallet.delay(), newDelay, "delay applied");
        vm.assertEq(wallet.threshold(), 3, "threshold applied");
    }

    /// Fuzz ERC-1271: only the owner's key over this wallet's digest is valid.
    function testFuzzSignature(uint256 ownerKey, uint256 otherKey, bytes32 hash) public {
        ownerKey = bound(ownerKey, 1, 2 ** 128);
        otherKey = bound(otherKey, 1, 2 ** 128);
        vm.assume(ownerKey != otherKey);
        address signer = vm.addr(ownerKey);
        RecoverableWallet a = RecoverableWallet(payable(factory.createWallet(signer, guardians, 2, 0, bytes32(0))));
        RecoverableWallet b = RecoverableWallet(
            payable(factory.createWallet(signer, guardians, 2, 0, bytes32(uint256(1))))
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ownerKey, a.messageHash(hash));
        bytes memory signature = abi.encodePacked(r, s, v);
        vm.assertTrue(a.isValidSignature(hash, signature) == bytes4(0x1626ba7e), "owner's signature");
        vm.assertTrue(b.isValidSignature(hash, signature) == bytes4(0xffffffff), "replayed on another wallet");
        (v, r, s) = vm.sign(otherKey, a.messageHash(hash));
        vm.assertTrue(a.isValidSignature(hash, abi.encodePacked(r, s, v)) == bytes4(0xffffffff), "other key");
    }

    function testKeptGuardianKeepsItsApproval() public {
        vm.prank(guardians[0]);
        uint256 id = wallet.proposeRecovery(HEIR);
        address[] memory next = new address[](3);
        next[0] = address(0x6004);
        next[1] = guardians[0];
        next[2] = guardians[2];
        vm.prank(OWNER);
        wallet.proposeGuardianChange(next, 2, DELAY);
        vm.warp(block.timestamp + DELAY);
        wallet.applyGuardianChange();
        vm.assertTrue(wallet.hasApproved(id, guardians[0]), "kept guardian's approval");
        vm.assertTrue(!wallet.isGuardian(guardians[1]), "removed");
        vm.assertEq(wallet.getRecovery(id).approvals, 1, "one approval");
        vm.prank(address(0x6004));
        wallet.approveRecovery(id);
        vm.assertEq(wallet.getRecovery(id).readyAt, block.timestamp + DELAY, "delay starts at M");
    }
}

/// @notice Drives one wallet with every action of its owner, guardians and strangers, keeping its
/// own model of approvals (guardians in force, removed ones dropped) and of when each recovery's
/// delay started, to check every owner change against it.
contract RecoverableWalletHandler is TestBase {
    uint256 internal constant MIN_DELAY = 1 days;
    RecoverableWallet public immutable wallet;
    address[6] internal _pool = [
        address(0x6001),
        address(0x6002),
        address(0x6003),
        address(0x6004),
        address(0x6005),
        address(0x6006)
    ];
    address[3] internal _heirs = [address(0x9001), address(0x9002), address(0x9003)];

    address public ghostOwner;
    uint256 public ownerChanges;
    /// Owner changes no rule explains (must stay zero).
    uint256 public unexplained;
    uint256 public recoveriesExecuted;
    /// Calls the wallet accepted or refused that no other counter records (run statistics).
    uint256 public accepted;
    uint256 public refused;
    mapping(uint256 id => mapping(address guardian => bool)) internal _approved;
    mapping(uint256 id => uint256 readyAt) public ghostReadyAt;

    constructor() {
        WalletFactory factory = new WalletFactory(7 days, MIN_DELAY);
        address[] memory list = new address[](3);
        list[0] = _pool[0];
        list[1] = _pool[1];
        list[2] = _pool[2];
        ghostOwner = address(0xA11CE);
        wallet = RecoverableWallet(payable(factory.createWallet(ghostOwner, list, 2, 2 days, bytes32(0))));
    }

    function _count(uint256 id) internal view returns (uint256 approvals) {
        address[] memory list = wallet.guardians();
        for (uint256 i = 0; i < list.length; ++i) if (_approved[id][list[i]]) ++approvals;
    }

    function _afterApproval(uint256 id) internal {
        if (ghostReadyAt[id] == 0 && _count(id) >= wallet.threshold()) {
            ghostReadyAt[id] = block.timestamp + wallet.delay();
        }
    }

    /// Any owner change seen outside the two explained paths is counted as unexplained.
    function _noSilentChange() internal {
        if (wallet.owner() != ghostOwner) {
            ++unexplained;
            ghostOwner = wallet.owner();
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
    }

    /// Two guardians in force propose and approve a recovery (the usual path, so that runs reach
    /// executions often); each call is still checked against the model.
    function proposeAndApprove(uint256 heirSeed) external {
        address[] memory list = wallet.guardians();
        vm.prank(list[0]);
        try wallet.proposeRecovery(_heirs[heirSeed % 3]) returns (uint256 id) {
            _approved[id][list[0]] = true;
            _afterApproval(id);
            vm.prank(list[1 + (heirSeed % (list.length - 1))]);
            wallet.approveRecovery(id);
            _approved[id][list[1 + (heirSeed % (list.length - 1))]] = true;
            _afterApproval(id);
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function propose(uint256 guardianSeed, uint256 heirSeed) external {
        address guardian = _pool[guardianSeed % 6];
        vm.prank(guardian);
        try wallet.proposeRecovery(_heirs[heirSeed % 3]) returns (uint256 id) {
            _approved[id][guardian] = true;
            _afterApproval(id);
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function approve(uint256 guardianSeed, uint256 idSeed) external {
        uint256 count = wallet.recoveryCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        address guardian = _pool[guardianSeed % 6];
        vm.prank(guardian);
        try wallet.approveRecovery(id) {
            _approved[id][guardian] = true;
            _afterApproval(id);
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function revoke(uint256 guardianSeed, uint256 idSeed) external {
        uint256 count = wallet.recoveryCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        address guardian = _pool[guardianSeed % 6];
        vm.prank(guardian);
        try wallet.revokeApproval(id) {
            _approved[id][guardian] = false;
            if (_count(id) < wallet.threshold()) ghostReadyAt[id] = 0;
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function cancel(uint256 idSeed) external {
        uint256 count = wallet.recoveryCount();
        if (count == 0) return;
        vm.prank(ghostOwner);
        try wallet.cancelRecovery(1 + (idSeed % count)) {
            ++accepted;
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function execute(uint256 idSeed) external {
        uint256 count = wallet.recoveryCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        bool allowed =
            ghostReadyAt[id] != 0 &&
                block.timestamp >= ghostReadyAt[id] &&
                _count(id) >= wallet.threshold() &&
                wallet.threshold() >= 2;
        address newOwner = wallet.getRecovery(id).newOwner;
        try wallet.executeRecovery(id) {
            ++ownerChanges;
            ++recoveriesExecuted;
            if (!allowed || wallet.owner() != newOwner) ++unexplained;
            ghostOwner = wallet.owner();
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function proposeChange(uint256 mask, uint256 thresholdSeed, uint256 delaySeed) external {
        uint256 n;
        address[] memory list = new address[](6);
        for (uint256 i = 0; i < 6; ++i) if ((mask >> i) & 1 == 1) list[n++] = _pool[i];
        address[] memory set = new address[](n);
        for (uint256 i = 0; i < n; ++i) set[i] = list[i];
        vm.prank(ghostOwner);
        try wallet.proposeGuardianChange(set, bound(thresholdSeed, 2, 6), bound(delaySeed, MIN_DELAY, 5 days)) {
            ++accepted;
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function applyChange() external {
        address[] memory old = wallet.guardians();
        try wallet.applyGuardianChange() {
            // Removed guardians' approvals stop counting, even if they come back later.
            uint256 count = wallet.recoveryCount();
            for (uint256 i = 0; i < old.length; ++i) {
                if (wallet.isGuardian(old[i])) continue;
                for (uint256 id = 1; id <= count; ++id) _approved[id][old[i]] = false;
            }
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function transfer(uint256 heirSeed) external {
        address next = _heirs[heirSeed % 3];
        vm.prank(ghostOwner);
        try wallet.transferOwnership(next) {
            ++ownerChanges;
            ghostOwner = next; // the owner's own call
        } catch {
            ++refused;
        }
        _noSilentChange();
    }

    function strangerTakes(uint256 heirSeed) external {
        address next = _heirs[heirSeed % 3];
        vm.prank(address(0xBAD));
        try wallet.transferOwnership(next) {
            ++accepted;
        } catch {
            ++refused;
        }
        vm.prank(_pool[heirSeed % 6]);
        try wallet.transferOwnership(next) {
            ++accepted;
        } catch {
            ++refused;
        }
        _noSilentChange();
    }
}

/// @notice Invariant: the owner changes only by its own call or by a recovery that waited the
/// delay with M approvals of guardians in force; the configuration rules always hold.
contract RecoverableWalletInvariantTest is TestBase {
    RecoverableWalletHandler private handler;

    function setUp() public {
        vm.warp(1_000_000);
        handler = new RecoverableWalletHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function _checkOwnerChangesOnlyByItsOwnCallOrAWaitedRecovery() internal view {
        vm.assertEq(handler.unexplained(), 0, "an owner change no rule explains");
        vm.assertEq(handler.wallet().owner(), handler.ghostOwner(), "owner differs from the model");
    }

    function _checkConfigurationRules() internal view {
        RecoverableWallet wallet = handler.wallet();
        address[] memory list = wallet.guardians();
        uint256 m = wallet.threshold();
        vm.assertGe(m, 2, "M >= 2");
        vm.assertLe(m, list.length, "M <= N");
        vm.assertGe(wallet.delay(), wallet.minDelay(), "delay >= min");
        for (uint256 i = 0; i < list.length; ++i) {
            vm.assertTrue(list[i] != wallet.owner(), "owner is a guardian");
        }
    }

    /// One campaign checks every property after each call.
    function invariantWalletAccounting() public view {
        _checkOwnerChangesOnlyByItsOwnCallOrAWaitedRecovery();
        _checkConfigurationRules();
    }
}
