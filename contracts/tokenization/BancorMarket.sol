// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IBancorMarket} from "../interfaces/IBancorMarket.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";
import {BancorMath} from "../libraries/BancorMath.sol";
import {CloneArgs} from "../libraries/CloneArgs.sol";

/// @title BancorMarket
/// @notice The implementation behind every issued token's market clone (DESIGN §5). The reserve is
/// an internal balance, not the contract's token balance, so a donation cannot move the price.
/// @dev The supply on the curve is the token's whole supply, the issuer's initial tokens included:
/// selling every token pays out exactly the reserve, so the reserve always covers the supply. The
/// token (20 bytes) and the weight's reciprocal (1) are the clone's immutable arguments.
contract BancorMarket is IBancorMarket {
    using SafeERC20 for IERC20;

    uint256 private constant _PRICE_SCALE = 1e18;

    IERC20 public immutable baseToken;
    address public immutable factory;

    /// @inheritdoc IBancorMarket
    uint256 public reserve;

    constructor(IERC20 baseToken_) {
        baseToken = baseToken_;
        factory = msg.sender;
    }

    /// @inheritdoc IBancorMarket
    function initialize(uint256 seedReserve) external {
        if (msg.sender != factory) revert NotFactory(msg.sender, factory);
        if (reserve != 0) revert AlreadyInitialized();
        if (seedReserve == 0) revert InvalidAmount(seedReserve);
        reserve = seedReserve;
    }

    /// @inheritdoc IBancorMarket
    function token() public view returns (address) {
        return address(bytes20(CloneArgs.word(0)));
    }

    /// @inheritdoc IBancorMarket
    function weightReciprocal() public view returns (uint8) {
        return uint8(CloneArgs.word(20)[0]);
    }

    /// @inheritdoc IBancorMarket
    function buy(uint256 baseIn, uint256 minOut) external returns (uint256 amountOut) {
        if (baseIn == 0) revert InvalidAmount(baseIn);
        (address token_, uint256 n) = _curve();
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
        (address token_, uint256 n) = _curve();
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
        (address token_, uint256 n) = _curve();
        uint256 supply = IERC20(token_).totalSupply();
        uint256 reserveBefore = reserve;
        baseIn = BancorMath.purchaseCostExact(supply, reserveBefore, amountOut, n);
        if (baseIn > maxBaseIn) revert SlippageExceeded(baseIn, maxBaseIn);
        reserve = reserveBefore + baseIn;
        emit Bought(payer, recipient, baseIn, amountOut, reserveBefore + baseIn, supply + amountOut);
        // Slither arbitrary-send-erc20: only the factory calls this, and it passes the issuer that
        // called buybackAndBurn as the payer; the payer approved this market for the buyback.
        // slither-disable-next-line arbitrary-send-erc20
        baseToken.safeTransferFrom(payer, address(this), baseIn);
        IIssuedToken(token_).mint(recipient, amountOut);
    }

    /// @inheritdoc IBancorMarket
    function quoteBuy(uint256 baseIn) external view returns (uint256) {
        (address token_, uint256 n) = _curve();
        return BancorMath.purchaseReturn(IERC20(token_).totalSupply(), reserve, baseIn, n);
    }

    /// @inheritdoc IBancorMarket
    function quoteSell(uint256 amountIn) external view returns (uint256) {
        (address token_, uint256 n) = _curve();
        return BancorMath.saleReturn(IERC20(token_).totalSupply(), reserve, amountIn, n);
    }

    /// @inheritdoc IBancorMarket
    function quoteBuyExact(uint256 amountOut) external view returns (uint256) {
        (address token_, uint256 n) = _curve();
        return BancorMath.purchaseCostExact(IERC20(token_).totalSupply(), reserve, amountOut, n);
    }

    /// @inheritdoc IBancorMarket
    function price() external view returns (uint256) {
        (address token_, uint256 n) = _curve();
        return BancorMath.tokenPrice(IERC20(token_).totalSupply(), reserve, n, _PRICE_SCALE);
    }

    /// @dev The token and the weight's reciprocal, from one read of the arguments.
    function _curve() private view returns (address token_, uint256 n) {
        bytes32 args = CloneArgs.word(0);
        return (address(bytes20(args)), uint8(args[20]));
    }
}
