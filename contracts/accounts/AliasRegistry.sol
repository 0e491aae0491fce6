// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAliasRegistry} from "../interfaces/IAliasRegistry.sol";
import {Governed} from "../governance/Governed.sol";

/// @title AliasRegistry
/// @notice Binds a unique, human-friendly name and a messaging public key to an address
/// (DESIGN §13, Contattract 2.3.2), resolved both ways.
/// @dev Decisions where the design is silent:
/// - Names: 3 to 32 bytes of `a-z`, `0-9` and `-`; no leading or trailing hyphen; no `--` at the
///   3rd and 4th characters (ENS's rule: reserved for punycode `xn--`). Anything else is refused
///   with one error per rule, carrying the offending values. Upper case and every non-ASCII byte
///   (look-alikes such as Cyrillic "а") are refused on chain, never folded: the CLI normalises
///   (trim, NFKC, lower case) before sending and checks the same rules (keepers/src/accounts/names.ts,
///   tested against this contract with test/vectors/alias-names.json).
/// - Fee: one payment in the base token at registration, no expiry and no renewal (the design has
///   none). `fee(len) = baseFee` from `fullPriceLength` bytes on, and doubles for each byte
///   shorter: `baseFee << (fullPriceLength - len)` (exact, no rounding). It is pulled from the
///   payer straight to the CouncilReserve with `transferFrom`: the reserve counts its balance
///   (`available()` is its token balance), it has no deposit function to call.
/// - One alias per address (the reverse record `aliasOf`): registering or accepting a transfer
///   while holding an alias is refused (`AlreadyHasAlias`); release the old one first. Only the
///   account itself ever writes its reverse record (register, reveal, acceptTransfer), so nobody
///   can point `aliasOf(victim)` at a name.
/// - Transfers are two-step: `transfer` offers, the recipient `acceptTransfer`s. The name stays
///   the owner's while the offer is pending (nobody can register it); the owner can cancel, offer
///   again (replacing the offer) or `release` (which cancels the offer). A contract that cannot
///   call `acceptTransfer` never receives a name. On acceptance the public key is cleared: the
///   previous owner's key must not receive messages meant for the new owner.
/// - Front-running: `register(alias, publicKey)` stays as DESIGN names it (first come, first
///   served). Next to it, ENS-style commit-reveal: `commit(makeCommitment(alias, owner, key,
///   secret))`, then after `minCommitmentAge` and before `maxCommitmentAge`, `reveal`. A sniper who
///   copies a pending reveal into a plain `register` gains nothing: a reveal takes over a name
///   whose plain registration happened at or after the commitment became revealable
///   (`AliasDisplaced`). So a plain registration is contestable for `maxCommitmentAge -
///   minCommitmentAge` (`contestableUntil`, fixed at registration); a registration by reveal is
///   never contestable. The CLI registers by commit-reveal.
/// - Displacement is made costly and fair (audit A1): a commitment holds a bond of `baseFee` (the
///   fee of the cheapest name), returned to the commitment's owner at its reveal, or by
///   `withdrawCommitment` while live once the name is taken in a way it cannot undo (audit R3: an
///   earlier commitment revealed first, a plain registration before it matured), and forfeited
///   to the reserve once it expires unrevealed (`forfeitCommitment`, anyone). A name still free
///   never returns the bond without registering it. A standing commitment
///   on a name costs a `baseFee` per window (a full-price name's fee; a shorter name's fee is up to
///   2^5 of it at `fullPriceLength` 8).
///   The displacing reveal pays the displaced holder back the fee it paid (the reserve keeps the
///   one fee it got for the name), so the displaced loses the name, never its fee.
/// - While a registration is contestable its owner cannot offer it (`AliasContestable`, audit
///   A1b): a name sold during its window could be taken back by the seller's own commitment.
/// - Windows are fixed when they start (audit A2): a commitment stores when it becomes revealable
///   and when it expires, a registration until when it is contestable; later parameter changes
///   never revive an expired commitment or reopen a closed registration.
/// - No max-fee argument (audit A3): fees change only by a referendum behind the Timelock's
///   delay, and the CLI approves exactly the quoted fee, so a raised fee fails its pull.
contract AliasRegistry is IAliasRegistry, Governed, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 public constant MIN_LENGTH = 3;
    uint256 public constant MAX_LENGTH = 32;
    uint256 public constant PUBLIC_KEY_LENGTH = 33;
    /// @dev The secp256k1 field prime.
    uint256 private constant _P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;

    struct Record {
        address owner;
        uint40 registeredAt;
        /// A plain `register`'s window: until then a reveal committed before may take it over
        /// (zero: registered by reveal, never contestable).
        uint40 contestableUntil;
        /// 0x02 or 0x03; zero when the key was cleared.
        bytes1 keyPrefix;
        address pendingOwner;
        /// The fee paid at registration: what a displacing reveal pays back.
        uint96 paid;
        bytes32 keyX;
    }

    IERC20 public immutable token;
    address public immutable reserve;

    Parameters private _parameters;
    mapping(bytes32 aliasHash => Record record) private _records;
    mapping(address account => string name) private _aliasOf;
    mapping(bytes32 commitment => Commitment record) private _commitments;
    /// @dev The bonds of commitments neither revealed nor forfeited: exactly this registry's balance.
    uint256 private _bonds;

    constructor(IERC20 token_, address reserve_, address timelock_, Parameters memory parameters_) Governed(timelock_) {
        token = token_;
        reserve = reserve_;
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IAliasRegistry
    function register(string calldata name, bytes calldata publicKey) external nonReentrant returns (uint256 paid) {
        Record storage record = _records[_hash(name)];
        if (record.owner != address(0)) revert AliasTaken(name, record.owner);
        Parameters memory p = _parameters;
        uint256 contestEnd = block.timestamp + p.maxCommitmentAge - p.minCommitmentAge;
        paid = feeForLength(bytes(name).length);
        _register(record, name, publicKey, contestEnd, paid);
        token.safeTransferFrom(msg.sender, reserve, paid);
    }

    /// @inheritdoc IAliasRegistry
    function commit(bytes32 commitment) external nonReentrant {
        Commitment storage existing = _commitments[commitment];
        if (existing.expiresAt != 0) {
            if (block.timestamp <= existing.expiresAt) revert CommitmentExists(commitment, existing.expiresAt);
            _forfeit(commitment, existing);
        }
        Parameters memory p = _parameters;
        uint96 bond = uint96(p.baseFee); // fits: _setParameters bounds every fee by uint96
        uint40 revealableAt = uint40(block.timestamp + p.minCommitmentAge);
        uint40 expiresAt = uint40(block.timestamp + p.maxCommitmentAge);
        _commitments[commitment] = Commitment({bond: bond, revealableAt: revealableAt, expiresAt: expiresAt});
        _bonds += bond;
        emit Committed(commitment, msg.sender, bond, revealableAt, expiresAt);
        token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IAliasRegistry
    function forfeitCommitment(bytes32 commitment) external nonReentrant {
        Commitment storage existing = _commitments[commitment];
        if (existing.expiresAt == 0) revert UnknownCommitment(commitment);
        if (block.timestamp <= existing.expiresAt) revert CommitmentNotExpired(commitment, existing.expiresAt);
        _forfeit(commitment, existing);
    }

    /// @inheritdoc IAliasRegistry
    function withdrawCommitment(
        string calldata name,
        bytes calldata publicKey,
        bytes32 secret
    ) external nonReentrant returns (uint256 bond) {
        (bytes32 commitment, Commitment memory c) = _takeLiveCommitment(name, publicKey, secret);
        Record storage record = _records[_hash(name)];
        if (record.owner == address(0) || _displaceable(record, c)) revert CommitmentUsable(commitment, name);
        bond = c.bond;
        emit CommitmentWithdrawn(commitment, msg.sender, bond);
        token.safeTransfer(msg.sender, bond);
    }

    /// @inheritdoc IAliasRegistry
    function reveal(
        string calldata name,
        bytes calldata publicKey,
        bytes32 secret
    ) external nonReentrant returns (uint256 paid) {
        (bytes32 commitment, Commitment memory c) = _takeLiveCommitment(name, publicKey, secret);
        if (block.timestamp < c.revealableAt) revert CommitmentTooNew(commitment, c.revealableAt);
        Record storage record = _records[_hash(name)];
        address holder = record.owner;
        address payee = reserve;
        if (holder != address(0)) {
            // Taken after this commitment could be revealed, by a plain register: a snipe, undone.
            if (!_displaceable(record, c)) revert AliasTaken(name, holder);
            // No offer to cancel: a contestable name cannot be offered (`transfer`).
            payee = holder;
            paid = record.paid;
            delete _aliasOf[holder];
            delete _records[_hash(name)];
            emit AliasDisplaced(name, holder, msg.sender, paid);
        } else {
            paid = feeForLength(bytes(name).length);
        }
        _register(record, name, publicKey, 0, paid);
        // State first, then the tokens: the bond back to the commitment's owner, the fee to the
        // reserve (or, displacing, back to the displaced holder).
        token.safeTransfer(msg.sender, c.bond);
        token.safeTransferFrom(msg.sender, payee, paid);
    }

    // ---------------------------------------------------------------- transfer and release

    /// @inheritdoc IAliasRegistry
    function transfer(string calldata name, address to) external {
        Record storage record = _owned(name);
        if (to == address(0) || to == msg.sender) revert InvalidRecipient(to);
        if (block.timestamp <= record.contestableUntil) revert AliasContestable(name, record.contestableUntil);
        address previous = record.pendingOwner;
        if (previous != address(0)) emit AliasTransferCancelled(name, msg.sender, previous);
        record.pendingOwner = to;
        emit AliasTransferOffered(name, msg.sender, to);
    }

    /// @inheritdoc IAliasRegistry
    function cancelTransfer(string calldata name) external {
        Record storage record = _owned(name);
        address pending = record.pendingOwner;
        if (pending == address(0)) revert NoPendingTransfer(name);
        record.pendingOwner = address(0);
        emit AliasTransferCancelled(name, msg.sender, pending);
    }

    /// @inheritdoc IAliasRegistry
    function acceptTransfer(string calldata name) external {
        Record storage record = _records[_hash(name)];
        address pending = record.pendingOwner;
        if (pending == address(0)) revert NoPendingTransfer(name);
        if (msg.sender != pending) revert NotPendingOwner(name, msg.sender, pending);
        _checkNoAlias(msg.sender);
        address from = record.owner;
        delete _aliasOf[from];
        _aliasOf[msg.sender] = name;
        record.owner = msg.sender;
        record.pendingOwner = address(0);
        record.keyPrefix = 0;
        record.keyX = 0;
        emit AliasTransferred(name, from, msg.sender);
    }

    /// @inheritdoc IAliasRegistry
    function release(string calldata name) external {
        Record storage record = _owned(name);
        address pending = record.pendingOwner;
        if (pending != address(0)) emit AliasTransferCancelled(name, msg.sender, pending);
        delete _records[_hash(name)];
        delete _aliasOf[msg.sender];
        emit AliasReleased(name, msg.sender);
    }

    /// @inheritdoc IAliasRegistry
    function setPublicKey(bytes calldata publicKey) external {
        string memory name = _aliasOf[msg.sender];
        if (bytes(name).length == 0) revert NoAlias(msg.sender);
        (bytes1 prefix, bytes32 x) = _parseKey(publicKey);
        Record storage record = _records[keccak256(bytes(name))];
        record.keyPrefix = prefix;
        record.keyX = x;
        emit PublicKeySet(name, msg.sender, publicKey);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IAliasRegistry
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAliasRegistry
    function resolve(string calldata name) external view returns (address) {
        return _records[_hash(name)].owner;
    }

    /// @inheritdoc IAliasRegistry
    function aliasOf(address account) external view returns (string memory) {
        return _aliasOf[account];
    }

    /// @inheritdoc IAliasRegistry
    function publicKeyOf(string calldata name) external view returns (bytes memory) {
        return _key(_records[_hash(name)]);
    }

    /// @inheritdoc IAliasRegistry
    function publicKeyOf(address account) external view returns (bytes memory) {
        string memory name = _aliasOf[account];
        if (bytes(name).length == 0) return "";
        return _key(_records[keccak256(bytes(name))]);
    }

    /// @inheritdoc IAliasRegistry
    function pendingOwnerOf(string calldata name) external view returns (address) {
        return _records[_hash(name)].pendingOwner;
    }

    /// @inheritdoc IAliasRegistry
    function contestableUntil(string calldata name) external view returns (uint256) {
        return _records[_hash(name)].contestableUntil;
    }

    /// @inheritdoc IAliasRegistry
    function feeForLength(uint256 length) public view returns (uint256) {
        Parameters memory p = _parameters;
        if (length < MIN_LENGTH) revert TooShort(length, MIN_LENGTH);
        if (length > MAX_LENGTH) revert TooLong(length, MAX_LENGTH);
        if (length >= p.fullPriceLength) return p.baseFee;
        return uint256(p.baseFee) << (p.fullPriceLength - length);
    }

    /// @inheritdoc IAliasRegistry
    function fee(string calldata name) external view returns (uint256) {
        _validateAlias(name);
        return feeForLength(bytes(name).length);
    }

    /// @inheritdoc IAliasRegistry
    function validateAlias(string calldata name) external pure {
        _validateAlias(name);
    }

    /// @inheritdoc IAliasRegistry
    function validatePublicKey(bytes calldata publicKey) external view {
        _parseKey(publicKey);
    }

    /// @inheritdoc IAliasRegistry
    function makeCommitment(
        string calldata name,
        address owner,
        bytes calldata publicKey,
        bytes32 secret
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(name, owner, publicKey, secret));
    }

    /// @inheritdoc IAliasRegistry
    function commitmentOf(bytes32 commitment) external view returns (Commitment memory) {
        return _commitments[commitment];
    }

    /// @inheritdoc IAliasRegistry
    function bondsHeld() external view returns (uint256) {
        return _bonds;
    }

    /// @inheritdoc IAliasRegistry
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Validates and writes the record; the caller pulls `paid` after (state first).
    function _register(
        Record storage record,
        string calldata name,
        bytes calldata publicKey,
        uint256 contestEnd,
        uint256 paid
    ) private {
        _validateAlias(name);
        (bytes1 prefix, bytes32 x) = _parseKey(publicKey);
        _checkNoAlias(msg.sender);
        record.owner = msg.sender;
        record.registeredAt = uint40(block.timestamp);
        record.contestableUntil = uint40(contestEnd);
        record.keyPrefix = prefix;
        record.paid = uint96(paid); // fits: _setParameters bounds every fee by uint96
        record.keyX = x;
        _aliasOf[msg.sender] = name;
        emit AliasRegistered(name, msg.sender, publicKey, paid, contestEnd == 0);
    }

    /// @dev Looks up the caller's commitment to (name, publicKey, secret), refuses an unknown or
    /// expired one, and removes it with its bond from the books (a revert restores both).
    function _takeLiveCommitment(
        string calldata name,
        bytes calldata publicKey,
        bytes32 secret
    ) private returns (bytes32 commitment, Commitment memory c) {
        commitment = makeCommitment(name, msg.sender, publicKey, secret);
        c = _commitments[commitment];
        if (c.expiresAt == 0) revert UnknownCommitment(commitment);
        if (block.timestamp > c.expiresAt) revert CommitmentExpired(commitment, c.expiresAt);
        delete _commitments[commitment];
        _bonds -= c.bond;
    }

    /// @dev A plain registration made once `c` was revealable, still in its contest window: a snipe
    /// the commitment undoes (a registration by reveal has no window).
    function _displaceable(Record storage record, Commitment memory c) private view returns (bool) {
        return record.registeredAt >= c.revealableAt && block.timestamp <= record.contestableUntil;
    }

    function _forfeit(bytes32 commitment, Commitment storage existing) private {
        uint256 bond = existing.bond;
        delete _commitments[commitment];
        _bonds -= bond;
        emit CommitmentForfeited(commitment, bond);
        token.safeTransfer(reserve, bond);
    }

    function _owned(string calldata name) private view returns (Record storage record) {
        record = _records[_hash(name)];
        address owner = record.owner;
        if (owner == address(0)) revert UnknownAlias(name);
        if (owner != msg.sender) revert NotAliasOwner(name, msg.sender, owner);
    }

    function _checkNoAlias(address account) private view {
        string memory held = _aliasOf[account];
        if (bytes(held).length != 0) revert AlreadyHasAlias(account, held);
    }

    function _hash(string calldata name) private pure returns (bytes32) {
        return keccak256(bytes(name));
    }

    function _key(Record storage record) private view returns (bytes memory) {
        bytes1 prefix = record.keyPrefix;
        if (prefix == 0) return "";
        return abi.encodePacked(prefix, record.keyX);
    }

    /// @dev One check per rule, in this order: length, each byte (non-ASCII, upper case, other),
    /// leading hyphen, trailing hyphen, `--` at the 3rd and 4th characters.
    function _validateAlias(string calldata name) private pure {
        bytes calldata b = bytes(name);
        uint256 length = b.length;
        if (length < MIN_LENGTH) revert TooShort(length, MIN_LENGTH);
        if (length > MAX_LENGTH) revert TooLong(length, MAX_LENGTH);
        for (uint256 i = 0; i < length; ++i) {
            bytes1 c = b[i];
            if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-") continue;
            if (uint8(c) >= 0x80) revert NonAsciiCharacter(i, c);
            if (c >= "A" && c <= "Z") revert UpperCaseCharacter(i, c);
            revert InvalidCharacter(i, c);
        }
        if (b[0] == "-") revert LeadingHyphen(name);
        if (b[length - 1] == "-") revert TrailingHyphen(name);
        if (b[2] == "-" && b[3] == "-") revert HyphensAtPositions3And4(name);
    }

    /// @dev A 33-byte compressed secp256k1 key: prefix 0x02 or 0x03, x < p, and x^3 + 7 a quadratic
    /// residue mod p (Euler's criterion, `(x^3+7)^((p-1)/2) == 1`, through the modexp precompile).
    /// x^3 + 7 is never 0 mod p (the curve has prime order, so no point of order 2).
    function _parseKey(bytes calldata publicKey) private view returns (bytes1 prefix, bytes32 x) {
        if (publicKey.length != PUBLIC_KEY_LENGTH) revert InvalidPublicKeyLength(publicKey.length);
        prefix = publicKey[0];
        if (prefix != 0x02 && prefix != 0x03) revert InvalidPublicKeyPrefix(prefix);
        x = bytes32(publicKey[1:]);
        uint256 xv = uint256(x);
        if (xv >= _P) revert PublicKeyOutOfField(xv);
        uint256 rhs = addmod(mulmod(mulmod(xv, xv, _P), xv, _P), 7, _P);
        if (_modExp(rhs, (_P - 1) / 2, _P) != 1) revert PublicKeyNotOnCurve(xv);
    }

    function _modExp(uint256 base, uint256 exponent, uint256 modulus) private view returns (uint256 result) {
        // The modexp precompile (0x05) has no Solidity binding; its input is fixed-size.
        // slither-disable-next-line low-level-calls
        (bool ok, bytes memory out) = address(0x05).staticcall(
            abi.encode(uint256(32), uint256(32), uint256(32), base, exponent, modulus)
        );
        if (!ok || out.length != 32) revert ModExpFailed();
        result = abi.decode(out, (uint256));
    }

    function _setParameters(Parameters memory p) private {
        if (
            p.baseFee == 0 ||
            p.fullPriceLength < MIN_LENGTH ||
            p.fullPriceLength > MAX_LENGTH ||
            p.minCommitmentAge == 0 ||
            p.maxCommitmentAge <= p.minCommitmentAge ||
            uint256(p.baseFee) << (p.fullPriceLength - MIN_LENGTH) > type(uint96).max
        ) revert InvalidParameters(p);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
