// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IBancorMarket} from "../interfaces/IBancorMarket.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";
import {BancorMath} from "../libraries/BancorMath.sol";

/// @title BancorMarket
/// @notice The implementation behind every issued token's market clone (DESIGN §5). The reserve is
/// an internal balance, not the contract's token balance, so a donation cannot move the price.
/// @dev The supply on the curve is the token's whole supply, the issuer's initial tokens included:
/// selling every token pays out exactly the reserve, so the reserve always covers the supply.
contract BancorMarket is IBancorMarket {
    using SafeERC20 for IERC20;

    uint256 private constant _PRICE_SCALE = 1e18;

    IERC20 public immutable baseToken;

    // One slot: token and weight; the reserve in the next.
    address public token;
    uint8 public weightReciprocal;
    address public factory;
    uint256 public reserve;

    constructor(IERC20 baseToken_) {
        baseToken = baseToken_;
        // The implementation itself is never used as a market.
        factory = address(1);
    }

    /// @inheritdoc IBancorMarket
    function initialize(address token_, uint256 seedReserve, uint8 weightReciprocal_) external {
        if (factory != address(0)) revert AlreadyInitialized();
        factory = msg.sender;
        token = token_;
        weightReciprocal = weightReciprocal_;
        reserve = seedReserve;
    }

    /// @inheritdoc IBancorMarket
    function buy(uint256 baseIn, uint256 minOut) external returns (uint256 amountOut) {
        if (baseIn == 0) revert InvalidAmount(baseIn);
        (address token_, uint256 n) = (token, weightReciprocal);
        uint256 supply = IERC20(token_).totalSupply();
        uint256 reserveBefore = reserve;
        amountOut = BancorMath.purchaseReturn(supply, reserveBefore, baseIn, n);
        if (amountOut < minOut || amountOut == 0) revert SlippageExceeded(amountOut, minOut);
        reserve = reserveBefore + baseIn;
        emit Bought(msg.sender, msg.sender, baseIn, amountOut, reserveBefore + baseIn, supply + amountOut);
        baseToken.safeTransferFrom(msg.sender, address(this), baseIn);
        IIssuedToken(token_).mint(msg.sender, amountOut);
    }

    /// @inheritdoc IBancorMarket
    function sell(uint256 amountIn, uint256 minBaseOut) external returns (uint256 baseOut) {
        if (amountIn == 0) revert InvalidAmount(amountIn);
        (address token_, uint256 n) = (token, weightReciprocal);
        uint256 supply = IERC20(token_).totalSupply();
        uint256 reserveBefore = reserve;
        baseOut = BancorMath.saleReturn(supply, reserveBefore, amountIn, n);
        if (baseOut < minBaseOut) revert SlippageExceeded(baseOut, minBaseOut);
        reserve = reserveBefore - baseOut;
        emit Sold(msg.sender, msg.sender, amountIn, baseOut, reserveBefore - baseOut, supply - amountIn);
        IIssuedToken(token_).burn(msg.sender, amountIn);
        baseToken.safeTransfer(msg.sender, baseOut);
    }

    /// @inheritdoc IBancorMarket
    function buyExact(
        address payer,
        address recipient,
        uint256 amountOut,
        uint256 maxBaseIn
    ) external returns (uint256 baseIn) {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        if (amountOut == 0) revert InvalidAmount(amountOut);
        address token_ = token;
        uint256 supply = IERC20(token_).totalSupply();
        uint256 reserveBefore = reserve;
        baseIn = BancorMath.purchaseCostExact(supply, reserveBefore, amountOut, weightReciprocal);
        if (baseIn > maxBaseIn) revert SlippageExceeded(baseIn, maxBaseIn);
        reserve = reserveBefore + baseIn;
        emit Bought(payer, recipient, baseIn, amountOut, reserveBefore + baseIn, supply + amountOut);
        baseToken.safeTransferFrom(payer, address(this), baseIn);
        IIssuedToken(token_).mint(recipient, amountOut);
    }

    /// @inheritdoc IBancorMarket
    function quoteBuy(uint256 baseIn) external view returns (uint256) {
        return BancorMath.purchaseReturn(IERC20(token).totalSupply(), reserve, baseIn, weightReciprocal);
    }

    /// @inheritdoc IBancorMarket
    function quoteSell(uint256 amountIn) external view returns (uint256) {
        return BancorMath.saleReturn(IERC20(token).totalSupply(), reserve, amountIn, weightReciprocal);
    }

    /// @inheritdoc IBancorMarket
    function quoteBuyExact(uint256 amountOut) external view returns (uint256) {
        return BancorMath.purchaseCostExact(IERC20(token).totalSupply(), reserve, amountOut, weightReciprocal);
    }

    /// @inheritdoc IBancorMarket
    function price() external view returns (uint256) {
        return BancorMath.tokenPrice(IERC20(token).totalSupply(), reserve, weightReciprocal, _PRICE_SCALE);
    }
}
