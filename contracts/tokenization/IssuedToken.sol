// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";
import {CloneArgs} from "../libraries/CloneArgs.sol";

/// @title IssuedToken
/// @notice The implementation behind every issued token's clone (DESIGN §5). What never changes is
/// in the clone's immutable arguments; OpenZeppelin's ERC20 supplies the rest, and its `_update`
/// hook writes each mint and burn into the record of the period it happened in.
/// @dev Arguments, packed: issuer (20 bytes), launchedAt (5), periodLength (4), the lengths of
/// name and symbol (1 each), then name, symbol and metadata URI.
contract IssuedToken is IIssuedToken, ERC20 {
    using SafeCast for uint256;

    uint256 private constant _SCHEDULE = 20;
    uint256 private constant _TEXTS = 31;

    /// @inheritdoc IIssuedToken
    address public immutable factory;

    /// @inheritdoc IIssuedToken
    address public market;
    mapping(uint256 period => PeriodRecord record) private _periods;
    /// @dev Set while the initial supply is minted: the launch is the start, not a change.
    bool private transient _minting;

    constructor() ERC20("", "") {
        factory = msg.sender;
    }

    /// @notice The arguments a clone is created with (for the factory).
    function encodeArgs(
        address issuer_,
        uint256 launchedAt_,
        uint256 periodLength_,
        string calldata name_,
        string calldata symbol_,
        string calldata metadataURI_
    ) external pure returns (bytes memory) {
        if (bytes(name_).length > type(uint8).max) revert TextTooLong("name", bytes(name_).length);
        if (bytes(symbol_).length > type(uint8).max) revert TextTooLong("symbol", bytes(symbol_).length);
        // Slither encode-packed-collision: the lengths of name and symbol precede the texts, so the
        // packing decodes one way only; nothing hashes it.
        // slither-disable-next-line encode-packed-collision
        return
            abi.encodePacked(
                issuer_,
                launchedAt_.toUint40(),
                periodLength_.toUint32(),
                uint8(bytes(name_).length),
                uint8(bytes(symbol_).length),
                name_,
                symbol_,
                metadataURI_
            );
    }

    /// @inheritdoc IIssuedToken
    function initialize(address market_, uint256 initialSupply) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        if (market != address(0)) revert AlreadyInitialized();
        market = market_;
        _minting = true;
        _mint(issuer(), initialSupply);
        _minting = false;
        _periods[0].opened = true;
    }

    /// @inheritdoc IIssuedToken
    function openPeriods(uint256 first, uint256 count) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        for (uint256 period = first; period < first + count; ++period) {
            PeriodRecord storage record = _periods[period];
            if (!record.opened && !record.active) record.opened = true;
        }
    }

    /// @inheritdoc IIssuedToken
    function consume(address from, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert InvalidAmount(amount);
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        uint256 period = currentPeriod();
        _periods[period].consumed += amount.toUint112();
        emit Consumed(from, msg.sender, amount, ref, period, totalSupply());
    }

    /// @inheritdoc IIssuedToken
    /// @dev Not counted in the running period: it makes up for a period already judged.
    function consumeBought(uint256 amount, bytes32 ref) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        _burn(msg.sender, amount);
        emit Consumed(msg.sender, msg.sender, amount, ref, currentPeriod(), totalSupply());
    }

    /// @inheritdoc IIssuedToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != market) revert NotMarket(msg.sender, market);
        _mint(to, amount);
    }

    /// @inheritdoc IIssuedToken
    function burn(address from, uint256 amount) external {
        if (msg.sender != market) revert NotMarket(msg.sender, market);
        _burn(from, amount);
    }

    /// @inheritdoc ERC20
    function name() public view override returns (string memory) {
        return string(CloneArgs.slice(_TEXTS, uint8(CloneArgs.word(_TEXTS - 2)[0])));
    }

    /// @inheritdoc ERC20
    function symbol() public view override returns (string memory) {
        bytes32 lengths = CloneArgs.word(_TEXTS - 2);
        return string(CloneArgs.slice(_TEXTS + uint8(lengths[0]), uint8(lengths[1])));
    }

    /// @inheritdoc IIssuedToken
    function metadataURI() external view returns (string memory) {
        bytes32 lengths = CloneArgs.word(_TEXTS - 2);
        uint256 offset = _TEXTS + uint8(lengths[0]) + uint8(lengths[1]);
        return string(CloneArgs.slice(offset, address(this).code.length - 0x2d - offset));
    }

    /// @inheritdoc IIssuedToken
    function issuer() public view returns (address) {
        return address(bytes20(CloneArgs.word(0)));
    }

    /// @inheritdoc IIssuedToken
    function launchedAt() public view returns (uint64) {
        return uint40(bytes5(CloneArgs.word(_SCHEDULE)));
    }

    /// @inheritdoc IIssuedToken
    function periodLength() public view returns (uint64) {
        return uint32(bytes4(CloneArgs.word(_SCHEDULE + 5)));
    }

    /// @inheritdoc IIssuedToken
    function periodRecord(uint256 period) external view returns (PeriodRecord memory) {
        return _periods[period];
    }

    /// @inheritdoc IIssuedToken
    function currentPeriod() public view returns (uint256) {
        bytes32 schedule = CloneArgs.word(_SCHEDULE);
        return (block.timestamp - uint40(bytes5(schedule))) / uint32(bytes4(schedule << 40));
    }

    /// @inheritdoc IIssuedToken
    function periodStart(uint256 period) external view returns (uint256) {
        return launchedAt() + period * periodLength();
    }

    /// @dev Every change of the supply after the launch lands in the current period's record.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if ((from == address(0) || to == address(0)) && !_minting) {
            uint256 supply = totalSupply();
            if (supply > type(uint112).max) revert SupplyTooLarge(supply);
            PeriodRecord storage record = _periods[currentPeriod()];
            record.endSupply = uint112(supply);
            record.active = true;
        }
    }
}
