// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";

/// @title IssuedToken
/// @notice The implementation behind every issued token's clone (DESIGN §5). Name and symbol live
/// in the clone's storage, set by `initialize`; OpenZeppelin's ERC20 supplies the rest, and its
/// `_update` hook writes each mint and burn into the record of the period it happened in.
contract IssuedToken is IIssuedToken, ERC20 {
    using SafeCast for uint256;

    // One slot: what every mint, burn and consumption reads.
    address public market;
    uint64 public launchedAt;
    uint32 private _periodLength;
    address public factory;
    address public issuer;
    string private _tokenName;
    string private _tokenSymbol;
    string public metadataURI;
    mapping(uint256 period => PeriodRecord record) private _periods;

    constructor() ERC20("", "") {
        // The implementation itself is never used as a token.
        factory = address(1);
    }

    /// @inheritdoc IIssuedToken
    function initialize(
        string calldata name_,
        string calldata symbol_,
        string calldata metadataURI_,
        address market_,
        address issuer_,
        uint256 initialSupply,
        uint64 periodLength_
    ) external {
        if (factory != address(0)) revert AlreadyInitialized();
        factory = msg.sender;
        launchedAt = uint64(block.timestamp);
        _periodLength = uint256(periodLength_).toUint32();
        market = market_;
        issuer = issuer_;
        _tokenName = name_;
        _tokenSymbol = symbol_;
        metadataURI = metadataURI_;
        _mint(issuer_, initialSupply);
    }

    /// @inheritdoc IIssuedToken
    function consume(address from, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert InvalidAmount(amount);
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _consume(from, amount, ref);
    }

    /// @inheritdoc IIssuedToken
    function consumeBought(uint256 amount, bytes32 ref) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        _consume(msg.sender, amount, ref);
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
        return _tokenName;
    }

    /// @inheritdoc ERC20
    function symbol() public view override returns (string memory) {
        return _tokenSymbol;
    }

    /// @inheritdoc IIssuedToken
    function periodRecord(uint256 period) external view returns (PeriodRecord memory) {
        return _periods[period];
    }

    /// @inheritdoc IIssuedToken
    function periodLength() external view returns (uint64) {
        return _periodLength;
    }

    /// @inheritdoc IIssuedToken
    function currentPeriod() public view returns (uint256) {
        return (block.timestamp - launchedAt) / _periodLength;
    }

    /// @inheritdoc IIssuedToken
    function periodStart(uint256 period) external view returns (uint256) {
        return launchedAt + period * _periodLength;
    }

    function _consume(address from, uint256 amount, bytes32 ref) private {
        _burn(from, amount);
        uint256 period = currentPeriod();
        PeriodRecord storage record = _periods[period];
        record.consumed += amount.toUint112();
        emit Consumed(from, msg.sender, amount, ref, period, totalSupply());
    }

    /// @dev Every change of the supply lands in the current period's record, in one slot.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == address(0) || to == address(0)) {
            uint256 supply = totalSupply();
            if (supply > type(uint112).max) revert SupplyTooLarge(supply);
            PeriodRecord storage record = _periods[currentPeriod()];
            record.endSupply = uint112(supply);
            record.active = true;
        }
    }
}
