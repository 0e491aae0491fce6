// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IIssuedToken
/// @notice A token launched by an issuer (DESIGN §5): an ERC20 clone whose supply only its
/// BancorMarket mints and burns, and whose holders consume it for the issuer's business. Every
/// supply change is recorded in the period it happened in, so the TokenizationFactory can judge
/// each finished period against the issuer's commitment.
interface IIssuedToken is IERC20 {
    /// @notice What happened to the supply in one period (DESIGN §5). `active` is false for a period in
    /// which the supply never changed: then nothing was consumed and the supply stayed all along what
    /// it was at the period's start. `supplySeconds` is the integral of the supply over the period
    /// (supply × seconds, each supply counted for as long as it lasted, the last one to the period's
    /// end): divided by the period's length it is the time-weighted average supply that a relative
    /// commitment is measured on. `endSupply` is the supply after the period's last change (for a
    /// running period, the supply now). Both are zero when `active` is false. `opened` marks a record
    /// that exists (written ahead of its period, at launch or by the evaluation of an earlier period,
    /// so that the period's first consumption updates a slot instead of creating it, or written by a
    /// change).
    struct PeriodRecord {
        uint256 consumed;
        uint256 supplySeconds;
        uint256 endSupply;
        bool active;
        bool opened;
    }

    /// @notice Tokens burned for the issuer's business; `ref` names the order or service. `cure`
    /// marks the factory's burn of a buyback that cures a default: it counts in no period (its
    /// `period` is only the one it happened in) and makes up for the judged period named by `ref`.
    event Consumed(
        address indexed from,
        address indexed operator,
        uint256 amount,
        bytes32 indexed ref,
        uint256 period,
        uint256 totalSupply,
        bool cure
    );

    error AlreadyInitialized();
    error TextTooLong(string field, uint256 length);
    error NotMarket(address caller, address market);
    error NotFactory(address caller, address factory);
    error InvalidAmount(uint256 amount);
    error SupplyTooLarge(uint256 supply);

    /// @notice Binds a fresh clone to its market and mints the initial supply to the issuer. The
    /// factory only, once. Name, symbol, metadata URI, issuer and the period schedule are the
    /// clone's immutable arguments.
    function initialize(address market_, uint256 initialSupply) external;

    /// @notice Burns `amount` from the caller, or from `from` within the caller's allowance, as
    /// consumption for the issuer's business. Consumed tokens never come back.
    function consume(address from, uint256 amount, bytes32 ref) external;

    /// @notice Mints `amount` to `to`. The market only (a purchase along the curve).
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` held by `from`. The market only (a sale along the curve).
    function burn(address from, uint256 amount) external;

    /// @notice Burns `amount` held by the factory as consumption (a buyback that cures a default).
    function consumeBought(uint256 amount, bytes32 ref) external;

    /// @notice Opens the records of periods `first` to `first + count - 1` ahead of their time, and the
    /// slots of the end supplies of periods `first - 1` to `first + count - 2`, which their first
    /// changes write (the factory only, when it judges a period): a period's first consumption then
    /// costs no new slot.
    function openPeriods(uint256 first, uint256 count) external;

    /// @notice The record of period `period` (0 is the period the token launched in).
    function periodRecord(uint256 period) external view returns (PeriodRecord memory);

    /// @notice The period running now.
    function currentPeriod() external view returns (uint256);

    /// @notice When period `period` starts; it ends when period `period + 1` starts.
    function periodStart(uint256 period) external view returns (uint256);

    function metadataURI() external view returns (string memory);

    function market() external view returns (address);

    function factory() external view returns (address);

    function issuer() external view returns (address);

    function launchedAt() external view returns (uint64);

    function periodLength() external view returns (uint64);
}
