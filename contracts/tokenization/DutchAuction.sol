// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IDutchAuction} from "../interfaces/IDutchAuction.sol";

/// @title DutchAuction
/// @notice Dutch auctions of ERC721 items for base tokens (DESIGN §5). Items wait in this
/// contract's escrow; payment goes from the buyer straight to the seller.
contract DutchAuction is IDutchAuction {
    using SafeERC20 for IERC20;

    IERC20 public immutable baseToken;

    uint256 private _auctionCount;
    mapping(uint256 auctionId => Auction auction) private _auctions;

    constructor(IERC20 baseToken_) {
        baseToken = baseToken_;
    }

    /// @inheritdoc IDutchAuction
    function createAuction(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration
    ) external returns (uint256 auctionId) {
        if (startPrice < floorPrice || startPrice == 0) revert InvalidPrices(startPrice, floorPrice);
        if (duration == 0) revert InvalidDuration(duration);
        auctionId = ++_auctionCount;
        _auctions[auctionId] = Auction({
            seller: msg.sender,
            startTime: uint40(block.timestamp),
            duration: duration,
            status: Status.Open,
            collection: collection,
            startPrice: startPrice,
            tokenId: tokenId,
            floorPrice: floorPrice
        });
        emit AuctionCreated(
            auctionId,
            msg.sender,
            collection,
            tokenId,
            startPrice,
            floorPrice,
            block.timestamp,
            block.timestamp + duration
        );
        IERC721(collection).transferFrom(msg.sender, address(this), tokenId);
    }

    /// @inheritdoc IDutchAuction
    function buy(uint256 auctionId, uint256 maxPrice) external returns (uint256 price) {
        Auction storage auction = _open(auctionId);
        uint256 endTime = uint256(auction.startTime) + auction.duration;
        if (block.timestamp >= endTime) revert AuctionEnded(auctionId, endTime);
        price = _price(auction);
        if (price > maxPrice) revert PriceAboveMax(price, maxPrice);
        auction.status = Status.Sold;
        emit AuctionSold(auctionId, msg.sender, price, maxPrice);
        baseToken.safeTransferFrom(msg.sender, auction.seller, price);
        IERC721(auction.collection).transferFrom(address(this), msg.sender, auction.tokenId);
    }

    /// @inheritdoc IDutchAuction
    function returnUnsold(uint256 auctionId) external {
        Auction storage auction = _open(auctionId);
        uint256 endTime = uint256(auction.startTime) + auction.duration;
        if (block.timestamp < endTime) revert NotEnded(auctionId, endTime);
        auction.status = Status.Returned;
        emit AuctionReturned(auctionId, auction.seller);
        IERC721(auction.collection).transferFrom(address(this), auction.seller, auction.tokenId);
    }

    /// @inheritdoc IDutchAuction
    function priceOf(uint256 auctionId) external view returns (uint256) {
        Auction storage auction = _auctions[auctionId];
        if (auction.status == Status.None) revert UnknownAuction(auctionId);
        return _price(auction);
    }

    /// @inheritdoc IDutchAuction
    function auctionOf(uint256 auctionId) external view returns (Auction memory) {
        return _auctions[auctionId];
    }

    /// @inheritdoc IDutchAuction
    function auctionCount() external view returns (uint256) {
        return _auctionCount;
    }

    function _open(uint256 auctionId) private view returns (Auction storage auction) {
        auction = _auctions[auctionId];
        if (auction.status != Status.Open) {
            if (auction.status == Status.None) revert UnknownAuction(auctionId);
            revert AuctionClosed(auctionId, auction.status);
        }
    }

    /// @dev start − (start − floor)·elapsed / duration, rounded up (towards the seller), the floor
    /// from the end on.
    function _price(Auction storage auction) private view returns (uint256) {
        uint256 elapsed = block.timestamp - auction.startTime;
        uint256 duration = auction.duration;
        if (elapsed >= duration) return auction.floorPrice;
        uint256 drop = uint256(auction.startPrice) - auction.floorPrice;
        return auction.startPrice - (drop * elapsed) / duration;
    }
}
