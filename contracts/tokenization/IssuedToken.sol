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
///
/// The supply a relative commitment is measured on is each period's time-weighted average, never
/// the supply of one moment (attack 13: a sale in a period's last second bought back in the next
/// one's first used to cut the next requirement tenfold). Each period's record keeps its
/// supply-seconds projected to the period's end: the supply at the period's start times the
/// period's length when the supply first changes in it, then, for every change from `s` to `s'`
/// with `r` seconds of the period left, `+ (s' − s)·r`. When the period is over the projection is
/// the exact integral, at the cost of one multiplication per mint or burn in the slot that already
/// held the period's consumption: a round trip within one second weighs nothing, a supply held
/// for one second of a week weighs one second. The supply at the end of a period in which it
/// changed is written when it next changes in a later period (and is the supply now until then),
/// so that the factory can carry it through the periods in which nothing changed.
contract IssuedToken is IIssuedToken, ERC20 {
    using SafeCast for uint256;

    uint256 private constant _SCHEDULE = 20;
    uint256 private constant _TEXTS = 31;

    /// @inheritdoc IIssuedToken
    address public immutable factory;

    /// @dev A period's record is one word: the tokens consumed in it in the low 112 bits, its weight
    /// in the high 144. The weight is 0 for a record never written, 1 for a record opened ahead of
    /// its period, and 2 + the period's supply-seconds (projected to its end) once the supply
    /// changed in it: at most (2^112 − 1)·(2^32 − 1) + 2 < 2^144. Packed by hand so that a change
    /// reads and writes the word once.
    uint256 private constant _CONSUMED_BITS = 112;
    uint256 private constant _CONSUMED_MASK = (1 << _CONSUMED_BITS) - 1;

    /// @inheritdoc IIssuedToken
    address public market;
    /// @dev The period of the latest change of the supply after the launch (packed with `market`).
    uint64 private _lastChanged;
    mapping(uint256 period => uint256 record) private _periods;
    /// @dev The supply at the end of a period in which it changed: 0 never written, 1 opened ahead,
    /// 2 + the supply once a later period's first change closed the period.
    mapping(uint256 period => uint256 encoded) private _endSupplies;
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
        _periods[0] = 1 << _CONSUMED_BITS;
    }

    /// @inheritdoc IIssuedToken
    function openPeriods(uint256 first, uint256 count) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        for (uint256 period = first; period < first + count; ++period) {
            if (_periods[period] == 0) _periods[period] = 1 << _CONSUMED_BITS;
            // The end supply of the period before: the first change after it writes it.
            if (period != 0 && _endSupplies[period - 1] == 0) _endSupplies[period - 1] = 1;
        }
    }

    /// @inheritdoc IIssuedToken
    function consume(address from, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert InvalidAmount(amount);
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        uint256 period = currentPeriod();
        uint256 record = _periods[period];
        // The burn just recorded set the record's weight; the consumption must stay in its 112 bits.
        uint112 consumed = ((record & _CONSUMED_MASK) + amount).toUint112();
        _periods[period] = (record & ~_CONSUMED_MASK) | consumed;
        emit Consumed(from, msg.sender, amount, ref, period, totalSupply(), false);
    }

    /// @inheritdoc IIssuedToken
    /// @dev Not counted in the running period: it makes up for a period already judged.
    function consumeBought(uint256 amount, bytes32 ref) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        _burn(msg.sender, amount);
        emit Consumed(msg.sender, msg.sender, amount, ref, currentPeriod(), totalSupply(), true);
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
    function periodRecord(uint256 period) external view returns (PeriodRecord memory record) {
        uint256 stored = _periods[period];
        uint256 weight = stored >> _CONSUMED_BITS;
        record.consumed = stored & _CONSUMED_MASK;
        record.opened = weight != 0;
        if (weight > 1) {
            record.active = true;
            record.supplySeconds = weight - 2;
            // Nothing changed the supply after the latest period that changed it.
            record.endSupply = period == _lastChanged ? totalSupply() : _endSupplies[period] - 2;
        }
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
            // The supply before this mint or burn: exact, it was the supply a moment ago.
            unchecked {
                _recordChange(from == address(0) ? supply - value : supply + value, supply);
            }
        }
    }

    /// @dev Moves the running period's supply-seconds from `before` to `supply` for the seconds
    /// of the period still to come. The first change of a period starts its projection at the
    /// supply it started with (`before`: nothing changed it since the period began) and closes the
    /// latest period that changed, whose end supply that same `before` is.
    function _recordChange(uint256 before, uint256 supply) private {
        bytes32 schedule = CloneArgs.word(_SCHEDULE);
        uint256 length = uint32(bytes4(schedule << 40));
        // Both supplies are below 2^112 and the length below 2^32 (a period has begun: the clock is
        // past the launch); the projection still counts `before` for the remaining seconds, so the
        // subtraction never underflows and the result fits 144 bits.
        unchecked {
            uint256 elapsed = block.timestamp - uint40(bytes5(schedule));
            uint256 period = elapsed / length;
            // Slither weak-prng: the remainder is the time into the period, not a random draw.
            // slither-disable-next-line weak-prng
            uint256 remaining = length - (elapsed % length);
            uint256 record = _periods[period];
            uint256 weight = record >> _CONSUMED_BITS;
            if (weight < 2) {
                // In period 0 nothing changed before: no period to close, no slot to read.
                if (period != 0) {
                    uint256 last = _lastChanged;
                    if (last != period) {
                        _endSupplies[last] = before + 2;
                        _lastChanged = uint64(period);
                    }
                }
                weight = 2 + before * length;
            }
            weight = supply > before ? weight + (supply - before) * remaining : weight - (before - supply) * remaining;
            _periods[period] = (weight << _CONSUMED_BITS) | (record & _CONSUMED_MASK);
        }
    }
}
