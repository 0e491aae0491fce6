// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ERC721Holder} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Holder.sol";
import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IRecoverableWallet} from "../interfaces/IRecoverableWallet.sol";

/// @title RecoverableWallet
/// @notice A small smart account (DESIGN §13), deployed as one EIP-1167 clone per user by the
/// WalletFactory. The owner executes calls and batches and signs for the wallet (ERC-1271); the
/// wallet holds ETH, ERC-20, ERC-721 and ERC-1155 tokens and any position of the suite, since
/// every position is held by the wallet's address, not by its owner's.
///
/// Guardians and recovery (choices where DESIGN is silent, also in DEVELOPERS.md "Accounts"):
/// - N guardians (at most MAX_GUARDIANS, distinct, not zero, not the owner, not the wallet) and a
///   threshold M with 2 <= M <= N: no guardian alone can take the wallet, whatever N is.
/// - The delay is at least `minDelay` (the factory's, from the profile: 1 day on mainnet) and at
///   most MAX_DELAY.
/// - A guardian proposes a new owner (its own approval counts); other guardians approve the same
///   recovery id. Approvals belong to a recovery id, so a cancelled recovery's approvals never count
///   for another one. The approval that brings the count to M starts the delay: readyAt = time of
///   the M-th approval + the delay in force then, so the owner always has the full delay from the
///   moment the recovery can succeed. A revocation that takes the count below M stops the clock
///   (readyAt back to zero); the M-th approval after it starts a full delay again.
/// - Only guardians in force count, at every approval and at execution: the approval of a removed
///   guardian stops counting, and a guardian removed and added again starts with no approvals (an
///   approval is tied to the guardian's term). A recovery that waited the delay still needs M
///   approvals of the guardians in force when it executes.
/// - The owner cancels a pending recovery at any time before it is executed: a cancel in the last
///   second of the delay wins. Executing a recovery supersedes every other pending recovery and
///   cancels the pending guardian change (the old key's last proposal must not reach the new owner).
/// - Guardian changes (the whole new set, threshold and delay) are proposed by the owner and applied
///   by anyone after the longer of the current and the new delay: a change never shortens itself,
///   and an applied change stops every pending recovery's clock (audit W2: it may have taken the
///   approvals below M): an approval at M under the new set restarts it, never earlier than it
///   stood, so no change shortens a recovery and none lets one skip its delay. The
///   owner may call the management functions through `execute` (the wallet calling itself): that
///   path only proposes too, so it waits for the same delay.
/// - The owner may hand the wallet to another owner at once (`transferOwnership`): it already
///   controls everything the wallet holds. The hand-over supersedes pending recoveries and ends a
///   pending guardian change (audit W1: nothing the old owner's side prepared reaches the new owner
///   without a delay of its own). Ownership changes only by that call or by a recovery.
/// - A stolen (rather than lost) key can cancel every recovery: the guardians protect against a
///   lost key; against a thief the owner's delay is the same race Argent and Safe's recovery have.
///
/// ERC-1271: `isValidSignature(hash, sig)` accepts the owner's ECDSA signature of
/// `messageHash(hash)`, the EIP-712 digest of `RecoverableWalletMessage(bytes32 hash)` in this
/// wallet's domain (name "RecoverableWallet", version "1", chain id, the wallet's address), as Safe
/// and Solady do: a signature for one wallet is not valid for another wallet of the same owner, nor
/// on another chain.
///
/// ERC-4337 is not supported: the suite deploys no EntryPoint and its stack runs no bundler, so an
/// entry point would be an untested second privileged caller; validateUserOp, its nonce and deposit
/// handling would double the wallet's surface. A later implementation (a new factory) can add it;
/// the owner moves positions with `execute` meanwhile.
contract RecoverableWallet is IRecoverableWallet, IERC1271, Initializable, EIP712, ERC721Holder, ERC1155Holder {
    /// @notice Most guardians a wallet may have (every count loops over them).
    uint256 public constant MAX_GUARDIANS = 16;
    /// @notice Longest delay a wallet may have.
    uint256 public constant MAX_DELAY = 365 days;
    /// @notice The EIP-712 type the owner signs for ERC-1271.
    bytes32 public constant MESSAGE_TYPEHASH = keccak256("RecoverableWalletMessage(bytes32 hash)");

    /// @inheritdoc IRecoverableWallet
    uint256 public immutable minDelay;

    struct Recovery {
        address newOwner;
        uint64 readyAt;
        uint32 epoch;
        RecoveryStatus status;
        address proposer;
        /// The guardian set (`_guardianSet`) under which `readyAt` was fixed (audit W2).
        uint32 clockSet;
    }

    struct PendingChange {
        uint64 readyAt;
        uint64 delay;
        uint8 threshold;
        address[] guardians;
    }

    /// @inheritdoc IRecoverableWallet
    address public owner;
    uint8 private _threshold;
    uint64 private _delay;
    /// Bumped by every executed recovery: pending recoveries of an older epoch are superseded.
    uint32 private _epoch;
    /// Bumped by every applied guardian set: a recovery's clock fixed under an older set has
    /// stopped, and the next approval at M restarts it (never earlier than it stood: audit W2).
    uint32 private _guardianSet;
    address[] private _guardians;
    /// A guardian's term (zero: not a guardian); every addition starts a new term.
    mapping(address guardian => uint64 term) private _termOf;
    uint64 private _termCount;
    /// @inheritdoc IRecoverableWallet
    uint256 public recoveryCount;
    mapping(uint256 recoveryId => Recovery recovery) private _recoveries;
    /// The term in which the guardian approved (zero: no approval).
    mapping(uint256 recoveryId => mapping(address guardian => uint64 term)) private _approvals;
    uint256 private _changeId;
    uint256 private _changeCount;
    PendingChange private _change;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// The owner, or the wallet itself through `execute`.
    modifier onlyOwnerOrSelf() {
        if (msg.sender != owner && msg.sender != address(this)) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyGuardian() {
        if (_termOf[msg.sender] == 0) revert NotGuardian(msg.sender);
        _;
    }

    /// @param minDelay_ The least delay of every clone of this implementation.
    constructor(uint256 minDelay_) EIP712("RecoverableWallet", "1") {
        minDelay = minDelay_;
        // The implementation itself can never be initialized (and so never owned).
        _disableInitializers();
    }

    /// @notice Receives ETH.
    receive() external payable {}

    /// @inheritdoc IRecoverableWallet
    function initialize(
        address owner_,
        address[] calldata guardians_,
        uint256 threshold_,
        uint256 delay_
    ) external initializer {
        _checkOwner(owner_);
        _checkConfig(owner_, guardians_, threshold_, delay_);
        owner = owner_;
        _setGuardians(guardians_, threshold_, delay_);
        emit OwnerChanged(address(0), owner_);
    }

    // ---------------------------------------------------------------- calls

    /// @inheritdoc IRecoverableWallet
    function execute(
        address target,
        uint256 value,
        bytes calldata data
    ) external payable onlyOwner returns (bytes memory) {
        return _call(target, value, data);
    }

    /// @inheritdoc IRecoverableWallet
    function executeBatch(Call[] calldata calls) external payable onlyOwner returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            results[i] = _call(calls[i].target, calls[i].value, calls[i].data);
        }
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IRecoverableWallet
    function transferOwnership(address newOwner) external onlyOwnerOrSelf {
        _checkOwner(newOwner);
        address oldOwner = owner;
        owner = newOwner;
        // Audit W1: what the old owner's guardians or the old owner prepared must not reach the new
        // owner without a delay of its own: pending recoveries are superseded, a pending change ends.
        ++_epoch;
        _cancelChange();
        emit OwnerChanged(oldOwner, newOwner);
    }

    /// @inheritdoc IRecoverableWallet
    function proposeGuardianChange(
        address[] calldata guardians_,
        uint256 threshold_,
        uint256 delay_
    ) external onlyOwnerOrSelf {
        _checkConfig(owner, guardians_, threshold_, delay_);
        _cancelChange();
        uint256 id = ++_changeCount;
        // The longer of the current and the new delay: lowering the delay waits the old one.
        uint256 wait = delay_ > _delay ? delay_ : _delay;
        uint64 readyAt = uint64(block.timestamp + wait);
        _changeId = id;
        // Checked above: threshold <= MAX_GUARDIANS and delay <= MAX_DELAY fit.
        _change = PendingChange({
            readyAt: readyAt,
            delay: uint64(delay_),
            threshold: uint8(threshold_),
            guardians: guardians_
        });
        emit GuardiansChangeProposed(id, guardians_, threshold_, delay_, readyAt);
    }

    /// @inheritdoc IRecoverableWallet
    function applyGuardianChange() external {
        uint256 id = _changeId;
        if (id == 0) revert NoChangePending();
        PendingChange memory change = _change;
        if (block.timestamp < change.readyAt) revert ChangeNotReady(id, change.readyAt, block.timestamp);
        // The owner may have changed since the proposal (to one of the proposed guardians).
        _checkConfig(owner, change.guardians, change.threshold, change.delay);
        _changeId = 0;
        delete _change;
        _setGuardians(change.guardians, change.threshold, change.delay);
        ++_guardianSet;
        emit GuardiansChangeApplied(id, change.guardians, change.threshold, change.delay);
    }

    /// @inheritdoc IRecoverableWallet
    function cancelGuardianChange() external onlyOwnerOrSelf {
        if (_changeId == 0) revert NoChangePending();
        _cancelChange();
    }

    /// @inheritdoc IRecoverableWallet
    function cancelRecovery(uint256 recoveryId) external onlyOwnerOrSelf {
        Recovery storage recovery = _pendingRecovery(recoveryId);
        recovery.status = RecoveryStatus.Cancelled;
        emit RecoveryCancelled(recoveryId);
    }

    // ---------------------------------------------------------------- guardians

    /// @inheritdoc IRecoverableWallet
    function proposeRecovery(address newOwner) external onlyGuardian returns (uint256 recoveryId) {
        _checkOwner(newOwner);
        recoveryId = ++recoveryCount;
        _recoveries[recoveryId] = Recovery({
            newOwner: newOwner,
            readyAt: 0,
            epoch: _epoch,
            status: RecoveryStatus.Pending,
            proposer: msg.sender,
            clockSet: _guardianSet
        });
        emit RecoveryProposed(recoveryId, newOwner, msg.sender);
        _approve(recoveryId, _recoveries[recoveryId]);
    }

    /// @inheritdoc IRecoverableWallet
    function approveRecovery(uint256 recoveryId) external onlyGuardian {
        Recovery storage recovery = _pendingRecovery(recoveryId);
        // An approval given again restarts a clock that a guardian change stopped (audit W2).
        bool clockStopped = recovery.readyAt != 0 && recovery.clockSet != _guardianSet;
        if (_approvals[recoveryId][msg.sender] == _termOf[msg.sender] && !clockStopped)
            revert AlreadyApproved(recoveryId, msg.sender);
        _approve(recoveryId, recovery);
    }

    /// @inheritdoc IRecoverableWallet
    function revokeApproval(uint256 recoveryId) external onlyGuardian {
        Recovery storage recovery = _pendingRecovery(recoveryId);
        if (_approvals[recoveryId][msg.sender] != _termOf[msg.sender]) revert NotApproved(recoveryId, msg.sender);
        delete _approvals[recoveryId][msg.sender];
        uint256 approvals = _countApprovals(recoveryId);
        if (approvals < _threshold) recovery.readyAt = 0;
        emit RecoveryRevoked(recoveryId, msg.sender, approvals, _readyAt(recovery));
    }

    /// @inheritdoc IRecoverableWallet
    function executeRecovery(uint256 recoveryId) external {
        Recovery storage recovery = _pendingRecovery(recoveryId);
        // Never at M: not ready. Otherwise the approvals and the new owner are checked before the
        // clock, which a guardian change may have stopped.
        if (recovery.readyAt == 0) revert RecoveryNotReady(recoveryId, 0, block.timestamp);
        uint256 approvals = _countApprovals(recoveryId);
        if (approvals < _threshold) revert NotEnoughApprovals(recoveryId, approvals, _threshold);
        address newOwner = recovery.newOwner;
        // A guardian change applied since the proposal may have made the new owner a guardian.
        _checkOwner(newOwner);
        uint64 readyAt = _readyAt(recovery);
        if (readyAt == 0 || block.timestamp < readyAt) revert RecoveryNotReady(recoveryId, readyAt, block.timestamp);
        address oldOwner = owner;
        recovery.status = RecoveryStatus.Executed;
        ++_epoch;
        owner = newOwner;
        // The old key's pending guardian change must not reach the recovered wallet.
        _cancelChange();
        emit OwnerChanged(oldOwner, newOwner);
        emit RecoveryExecuted(recoveryId, oldOwner, newOwner);
    }

    // ---------------------------------------------------------------- ERC-1271, ERC-165

    /// @notice ERC-1271: the owner's ECDSA signature of `messageHash(hash)`.
    /// @return magicValue 0x1626ba7e when valid, 0xffffffff otherwise.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        // The third value only details the error, which this check already treats as invalid.
        // slither-disable-next-line unused-return
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(messageHash(hash), signature);
        if (error == ECDSA.RecoverError.NoError && signer == owner) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }

    /// @inheritdoc IRecoverableWallet
    function messageHash(bytes32 hash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(MESSAGE_TYPEHASH, hash)));
    }

    /// @notice ERC-165: ERC-1155 and ERC-721 receivers, ERC-1271 and ERC-165 itself.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return
            interfaceId == type(IERC721Receiver).interfaceId ||
            interfaceId == type(IERC1271).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRecoverableWallet
    function guardians() external view returns (address[] memory) {
        return _guardians;
    }

    /// @inheritdoc IRecoverableWallet
    function threshold() external view returns (uint256) {
        return _threshold;
    }

    /// @inheritdoc IRecoverableWallet
    function delay() external view returns (uint256) {
        return _delay;
    }

    /// @inheritdoc IRecoverableWallet
    function isGuardian(address account) external view returns (bool) {
        return _termOf[account] != 0;
    }

    /// @inheritdoc IRecoverableWallet
    function getRecovery(uint256 recoveryId) external view returns (RecoveryInfo memory info) {
        Recovery storage recovery = _recoveries[recoveryId];
        info.newOwner = recovery.newOwner;
        info.proposer = recovery.proposer;
        info.readyAt = _readyAt(recovery);
        info.approvals = _countApprovals(recoveryId);
        info.status = _statusOf(recovery);
    }

    /// @inheritdoc IRecoverableWallet
    function hasApproved(uint256 recoveryId, address guardian) external view returns (bool) {
        uint64 term = _termOf[guardian];
        return term != 0 && _approvals[recoveryId][guardian] == term;
    }

    /// @inheritdoc IRecoverableWallet
    function pendingGuardianChange() external view returns (GuardianChange memory change) {
        if (_changeId == 0) return change;
        change = GuardianChange({
            id: _changeId,
            guardians: _change.guardians,
            threshold: _change.threshold,
            delay: _change.delay,
            readyAt: _change.readyAt
        });
    }

    // ---------------------------------------------------------------- internal

    function _call(address target, uint256 value, bytes calldata data) private returns (bytes memory result) {
        if (address(this).balance < value) revert InsufficientBalance(address(this).balance, value);
        bool success;
        // Slither arbitrary-send-eth / low-level-calls: the owner's own call is the wallet's purpose.
        // slither-disable-next-line arbitrary-send-eth,low-level-calls
        (success, result) = target.call{value: value}(data);
        if (!success) {
            // Bubble the inner revert unchanged.
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        emit Executed(target, value, bytes4(data.length >= 4 ? data[:4] : data));
    }

    /// Approval of msg.sender in its current term; the approval reaching M starts the delay.
    function _approve(uint256 recoveryId, Recovery storage recovery) private {
        _approvals[recoveryId][msg.sender] = _termOf[msg.sender];
        uint256 approvals = _countApprovals(recoveryId);
        if (_readyAt(recovery) == 0 && approvals >= _threshold) {
            // A restarted clock never stands earlier than it did (a lower delay does not shorten it).
            uint64 restarted = uint64(block.timestamp + _delay);
            if (recovery.readyAt < restarted) recovery.readyAt = restarted;
            recovery.clockSet = _guardianSet;
        }
        emit RecoveryApproved(recoveryId, msg.sender, approvals, _readyAt(recovery));
    }

    /// The recovery's ready time, zero while its clock is not running: not yet M approvals, or the
    /// guardian set changed since the clock started (audit W2: a change may have dropped approvals
    /// below M, so the next approval at M starts the delay again).
    function _readyAt(Recovery storage recovery) private view returns (uint64) {
        return recovery.clockSet == _guardianSet ? recovery.readyAt : 0;
    }

    /// Approvals of the guardians in force, each in its current term (at most MAX_GUARDIANS reads).
    function _countApprovals(uint256 recoveryId) private view returns (uint256 approvals) {
        uint256 count = _guardians.length;
        for (uint256 i = 0; i < count; ++i) {
            address guardian = _guardians[i];
            if (_approvals[recoveryId][guardian] == _termOf[guardian]) ++approvals;
        }
    }

    function _pendingRecovery(uint256 recoveryId) private view returns (Recovery storage recovery) {
        recovery = _recoveries[recoveryId];
        RecoveryStatus status = _statusOf(recovery);
        if (status == RecoveryStatus.None) revert UnknownRecovery(recoveryId);
        if (status != RecoveryStatus.Pending) revert RecoveryNotPending(recoveryId, status);
    }

    function _statusOf(Recovery storage recovery) private view returns (RecoveryStatus) {
        RecoveryStatus status = recovery.status;
        if (status == RecoveryStatus.Pending && recovery.epoch != _epoch) return RecoveryStatus.Superseded;
        return status;
    }

    function _cancelChange() private {
        uint256 id = _changeId;
        if (id == 0) return;
        _changeId = 0;
        delete _change;
        emit GuardiansChangeCancelled(id);
    }

    /// Replaces the guardian set: removed guardians end their term, added ones start a new one, a
    /// guardian kept from the old set keeps its term (and so its approvals).
    function _setGuardians(address[] memory guardians_, uint256 threshold_, uint256 delay_) private {
        uint256 count = guardians_.length;
        uint64[] memory terms = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) terms[i] = _termOf[guardians_[i]];
        uint256 oldCount = _guardians.length;
        for (uint256 i = 0; i < oldCount; ++i) delete _termOf[_guardians[i]];
        uint64 termCount = _termCount;
        for (uint256 i = 0; i < count; ++i) {
            _termOf[guardians_[i]] = terms[i] != 0 ? terms[i] : ++termCount;
        }
        _termCount = termCount;
        _guardians = guardians_;
        // Checked by _checkConfig: threshold <= MAX_GUARDIANS and delay <= MAX_DELAY fit.
        _threshold = uint8(threshold_);
        _delay = uint64(delay_);
    }

    function _checkOwner(address owner_) private view {
        if (owner_ == address(0) || owner_ == address(this) || _termOf[owner_] != 0) revert InvalidOwner(owner_);
    }

    function _checkConfig(
        address owner_,
        address[] memory guardians_,
        uint256 threshold_,
        uint256 delay_
    ) private view {
        uint256 count = guardians_.length;
        if (count > MAX_GUARDIANS) revert TooManyGuardians(count, MAX_GUARDIANS);
        if (threshold_ < 2 || threshold_ > count) revert InvalidThreshold(threshold_, count);
        if (delay_ < minDelay || delay_ > MAX_DELAY) revert InvalidDelay(delay_, minDelay, MAX_DELAY);
        for (uint256 i = 0; i < count; ++i) {
            address guardian = guardians_[i];
            if (guardian == address(0) || guardian == owner_ || guardian == address(this)) {
                revert InvalidGuardian(guardian);
            }
            for (uint256 j = 0; j < i; ++j) {
                if (guardians_[j] == guardian) revert DuplicateGuardian(guardian);
            }
        }
    }
}
