// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IBancorMarket
/// @notice The market of one issued token (DESIGN §5): a continuous Bancor curve against a reserve
/// of base tokens with connector weight 1/n. Buying mints along the curve, selling burns and pays
/// from the reserve. Consumption burns tokens but leaves the reserve, so the price of what
/// circulates rises.
interface IBancorMarket {
    /// @notice Every trade carries the reserve and supply after it: the price series.
    event Bought(
        address indexed buyer,
        address indexed recipient,
        uint256 baseIn,
        uint256 amountOut,
        uint256 reserve,
        uint256 supply
    );
    event Sold(
        address indexed seller,
        address indexed recipient,
        uint256 amountIn,
        uint256 baseOut,
        uint256 reserve,
        uint256 supply
    );

    error AlreadyInitialized();
    error NotFactory(address caller, address factory);
    error InvalidAmount(uint256 amount);
    error InvalidRecipient(address recipient);
    error SlippageExceeded(uint256 amount, uint256 bound);

    /// @notice Records the seed reserve of a fresh clone (the factory moves the tokens). The factory
    /// only, once. The token and the weight are the clone's immutable arguments.
    function initialize(uint256 seedReserve) external;

    /// @notice Pays `baseIn` base tokens for at least `minOut` issued tokens.
    function buy(uint256 baseIn, uint256 minOut) external returns (uint256 amountOut);

    /// @notice Sells `amountIn` issued tokens for at least `minBaseOut` base tokens.
    function sell(uint256 amountIn, uint256 minBaseOut) external returns (uint256 baseOut);

    /// @notice Buys exactly `amountOut` tokens for `recipient`, paid by `payer`, for at most
    /// `maxBaseIn`. The factory only (an issuer's buyback).
    function buyExact(
        address payer,
        address recipient,
        uint256 amountOut,
        uint256 maxBaseIn
    ) external returns (uint256 baseIn);

    function quoteBuy(uint256 baseIn) external view returns (uint256 amountOut);

    function quoteSell(uint256 amountIn) external view returns (uint256 baseOut);

    /// @notice Base tokens that buy exactly `amountOut` tokens now (rounded up).
    function quoteBuyExact(uint256 amountOut) external view returns (uint256 baseIn);

    /// @notice The spot price n·reserve / supply, in base-token wei per whole token (1e18 units).
    function price() external view returns (uint256);

    function reserve() external view returns (uint256);

    function token() external view returns (address);

    function weightReciprocal() external view returns (uint8);
}
