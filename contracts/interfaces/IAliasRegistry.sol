// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IAliasRegistry
/// @notice Human-friendly names for addresses, each with a messaging public key (DESIGN §13).
interface IAliasRegistry {
    /// @notice The fee rule and the commitment window, set by the Timelock.
    /// @param baseFee Fee in base tokens (wei) of a name of `fullPriceLength` bytes or longer.
    /// @param fullPriceLength From this length on a name costs `baseFee`; each byte shorter doubles
    /// the fee: `fee(len) = baseFee << (fullPriceLength - len)` for `len < fullPriceLength`.
    /// @param minCommitmentAge Seconds a commitment waits before it can be revealed.
    /// @param maxCommitmentAge Seconds after which a commitment can no longer be revealed.
    struct Parameters {
        uint128 baseFee;
        uint8 fullPriceLength;
        uint32 minCommitmentAge;
        uint32 maxCommitmentAge;
    }

    /// @notice A pending commitment: its bond (`baseFee` at commit) and its window, fixed at commit.
    struct Commitment {
        uint96 bond;
        uint40 revealableAt;
        uint40 expiresAt;
    }

    // ------------------------------------------------------------- name rules
    error TooShort(uint256 length, uint256 min);
    error TooLong(uint256 length, uint256 max);
    /// @notice A byte outside a-z, 0-9 and `-` that is ASCII but not an upper-case letter.
    error InvalidCharacter(uint256 position, bytes1 character);
    /// @notice An upper-case ASCII letter: the CLI lower-cases, the chain refuses.
    error UpperCaseCharacter(uint256 position, bytes1 character);
    /// @notice A byte >= 0x80: any non-ASCII character (a look-alike such as Cyrillic "а").
    error NonAsciiCharacter(uint256 position, bytes1 character);
    error LeadingHyphen(string name);
    error TrailingHyphen(string name);
    /// @notice `--` at the 3rd and 4th characters (reserved for punycode's `xn--`, as in ENS).
    error HyphensAtPositions3And4(string name);

    // ------------------------------------------------------------- public key
    error InvalidPublicKeyLength(uint256 length);
    error InvalidPublicKeyPrefix(bytes1 prefix);
    /// @notice The key's x coordinate is not below the field prime p.
    error PublicKeyOutOfField(uint256 x);
    /// @notice x^3 + 7 has no square root mod p: no point of secp256k1 has this x.
    error PublicKeyNotOnCurve(uint256 x);

    // ------------------------------------------------------------- ownership
    error AliasTaken(string name, address owner);
    error AlreadyHasAlias(address account, string name);
    error NotAliasOwner(string name, address caller, address owner);
    error NoAlias(address account);
    error UnknownAlias(string name);
    error InvalidRecipient(address to);
    error NoPendingTransfer(string name);
    error NotPendingOwner(string name, address caller, address pendingOwner);

    // ------------------------------------------------------------- commitments
    error CommitmentExists(bytes32 commitment, uint256 expiresAt);
    error CommitmentNotExpired(bytes32 commitment, uint256 expiresAt);
    /// @notice The commitment can still register `name` (free) or displace its holder: reveal it.
    error CommitmentUsable(bytes32 commitment, string name);
    /// @notice A plain registration cannot be offered while a reveal may still displace it.
    error AliasContestable(string name, uint256 contestableUntil);
    error UnknownCommitment(bytes32 commitment);
    error CommitmentTooNew(bytes32 commitment, uint256 revealableAt);
    error CommitmentExpired(bytes32 commitment, uint256 expiredAt);

    error InvalidParameters(Parameters parameters);
    error ModExpFailed();

    event AliasRegistered(string name, address indexed owner, bytes publicKey, uint256 fee, bool committed);
    /// @notice A plain registration was taken over by an earlier commitment's reveal (sniping
    /// undone); `refund` is the displaced holder's fee, paid back by the revealer.
    event AliasDisplaced(string name, address indexed displaced, address indexed by, uint256 refund);
    event AliasTransferOffered(string name, address indexed from, address indexed to);
    event AliasTransferCancelled(string name, address indexed from, address indexed to);
    /// @notice Ownership moved; the name's public key is cleared (the new owner sets its own).
    event AliasTransferred(string name, address indexed from, address indexed to);
    event AliasReleased(string name, address indexed owner);
    event PublicKeySet(string name, address indexed owner, bytes publicKey);
    event Committed(
        bytes32 indexed commitment,
        address indexed sender,
        uint256 bond,
        uint256 revealableAt,
        uint256 expiresAt
    );
    /// @notice An expired commitment's bond went to the reserve.
    event CommitmentForfeited(bytes32 indexed commitment, uint256 bond);
    /// @notice A live commitment whose name was taken beyond its reach returned its bond to `owner`.
    event CommitmentWithdrawn(bytes32 indexed commitment, address indexed owner, uint256 bond);
    event ParametersChanged(Parameters parameters);

    /// @notice Registers `name` for the caller with its messaging `publicKey`, paying `fee(alias)`.
    /// Contestable until `contestableUntil(name)` by a reveal of an earlier commitment.
    function register(string calldata name, bytes calldata publicKey) external returns (uint256 paid);

    /// @notice Records a commitment `makeCommitment(alias, owner, publicKey, secret)` to reveal later,
    /// pulling a bond of `baseFee` from the caller (returned to `owner` at the reveal). An expired
    /// commitment of the same hash is forfeited first.
    function commit(bytes32 commitment) external;

    /// @notice Sends an expired, unrevealed commitment's bond to the reserve. Anyone may call it.
    function forfeitCommitment(bytes32 commitment) external;

    /// @notice Returns the bond of the caller's live commitment to `name` once the name is held in
    /// a way the commitment cannot displace (taken by reveal, or plainly before it matured).
    function withdrawCommitment(
        string calldata name,
        bytes calldata publicKey,
        bytes32 secret
    ) external returns (uint256 bond);

    /// @notice Registers `name` for the caller from a commitment made at least `minCommitmentAge` ago,
    /// returning its bond. A plain registration made after the commitment became revealable, still
    /// contestable, is displaced: the caller pays the displaced holder back its fee instead of
    /// paying the reserve.
    function reveal(string calldata name, bytes calldata publicKey, bytes32 secret) external returns (uint256 paid);

    /// @notice Offers `name` to `to`; it stays the caller's until `to` accepts. Refused while the
    /// name is contestable.
    function transfer(string calldata name, address to) external;

    /// @notice Withdraws the pending offer of `name`.
    function cancelTransfer(string calldata name) external;

    /// @notice Takes `name` offered to the caller.
    function acceptTransfer(string calldata name) external;

    /// @notice Frees `name` (and cancels its pending offer).
    function release(string calldata name) external;

    /// @notice Replaces the public key of the caller's alias.
    function setPublicKey(bytes calldata publicKey) external;

    /// @notice Sets the fee rule and the commitment window (every fee must fit in 96 bits). Timelock
    /// only. Windows already started keep the bounds they started with.
    function setParameters(Parameters calldata parameters_) external;

    /// @notice The owner of `name`, or the zero address.
    function resolve(string calldata name) external view returns (address);

    /// @notice The alias of `account`, or the empty string.
    function aliasOf(address account) external view returns (string memory);

    /// @notice The public key of `name` (empty when unknown or cleared by a transfer).
    function publicKeyOf(string calldata name) external view returns (bytes memory);

    /// @notice The public key of `account`'s alias (empty when it has none).
    function publicKeyOf(address account) external view returns (bytes memory);

    /// @notice The account `name` is offered to, or the zero address.
    function pendingOwnerOf(string calldata name) external view returns (address);

    /// @notice Until when a plain registration of `name` can be displaced by an earlier commitment
    /// (fixed at registration; zero when not contestable).
    function contestableUntil(string calldata name) external view returns (uint256);

    /// @notice The fee of a name of `length` bytes.
    function feeForLength(uint256 length) external view returns (uint256);

    /// @notice The fee of `name` (validated).
    function fee(string calldata name) external view returns (uint256);

    /// @notice Reverts with the rule `name` breaks, if any.
    function validateAlias(string calldata name) external pure;

    /// @notice Reverts with the reason `publicKey` is not a compressed secp256k1 point, if any.
    function validatePublicKey(bytes calldata publicKey) external view;

    /// @notice The commitment hash of a reveal.
    function makeCommitment(
        string calldata name,
        address owner,
        bytes calldata publicKey,
        bytes32 secret
    ) external pure returns (bytes32);

    /// @notice A pending commitment (all zero if never made, revealed or forfeited).
    function commitmentOf(bytes32 commitment) external view returns (Commitment memory);

    /// @notice The bonds of pending commitments: what this registry holds.
    function bondsHeld() external view returns (uint256);

    function parameters() external view returns (Parameters memory);
}
