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
    error CommitmentExists(bytes32 commitment, uint256 committedAt);
    error UnknownCommitment(bytes32 commitment);
    error CommitmentTooNew(bytes32 commitment, uint256 revealableAt);
    error CommitmentExpired(bytes32 commitment, uint256 expiredAt);

    error InvalidParameters(Parameters parameters);
    error ModExpFailed();

    event AliasRegistered(string name, address indexed owner, bytes publicKey, uint256 fee, bool committed);
    /// @notice A plain registration was taken over by an earlier commitment's reveal (sniping undone).
    event AliasDisplaced(string name, address indexed displaced, address indexed by);
    event AliasTransferOffered(string name, address indexed from, address indexed to);
    event AliasTransferCancelled(string name, address indexed from, address indexed to);
    /// @notice Ownership moved; the name's public key is cleared (the new owner sets its own).
    event AliasTransferred(string name, address indexed from, address indexed to);
    event AliasReleased(string name, address indexed owner);
    event PublicKeySet(string name, address indexed owner, bytes publicKey);
    event Committed(bytes32 indexed commitment, address indexed sender);
    event ParametersChanged(Parameters parameters);

    /// @notice Registers `name` for the caller with its messaging `publicKey`, paying `fee(alias)`.
    function register(string calldata name, bytes calldata publicKey) external returns (uint256 paid);

    /// @notice Records a commitment `makeCommitment(alias, owner, publicKey, secret)` to reveal later.
    function commit(bytes32 commitment) external;

    /// @notice Registers `name` for the caller from a commitment made at least `minCommitmentAge` ago.
    function reveal(string calldata name, bytes calldata publicKey, bytes32 secret) external returns (uint256 paid);

    /// @notice Offers `name` to `to`; it stays the caller's until `to` accepts.
    function transfer(string calldata name, address to) external;

    /// @notice Withdraws the pending offer of `name`.
    function cancelTransfer(string calldata name) external;

    /// @notice Takes `name` offered to the caller.
    function acceptTransfer(string calldata name) external;

    /// @notice Frees `name` (and cancels its pending offer).
    function release(string calldata name) external;

    /// @notice Replaces the public key of the caller's alias.
    function setPublicKey(bytes calldata publicKey) external;

    /// @notice Sets the fee rule and the commitment window. Timelock only.
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

    /// @notice Until when a plain registration of `name` can be displaced by an earlier commitment.
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

    /// @notice When `commitment` was made (zero if never or revealed).
    function commitmentTime(bytes32 commitment) external view returns (uint256);

    function parameters() external view returns (Parameters memory);
}
