// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ICollectionFactory} from "../interfaces/ICollectionFactory.sol";
import {IDutchAuction} from "../interfaces/IDutchAuction.sol";
import {ICharityCampaigns} from "../interfaces/ICharityCampaigns.sol";

/// @title DutchAuction
/// @notice Dutch auctions of ERC721 items for base tokens (DESIGN §5). Items wait in this
/// contract's escrow; payment goes from the buyer straight to the seller.
/// @dev Only items of the CollectionFactory's collections are auctioned: a collection must be a
/// clone of the factory's Collection implementation, whose transfers are OpenZeppelin's ERC721.
/// An arbitrary ERC721 could report a transfer (event, `ownerOf`) without making it and take a
/// buyer's payment for nothing; checking `ownerOf` after the transfer would not stop one that
/// lies there too. The check reads the clone's 45-byte proxy code, whatever its arguments (so a
/// clone of the implementation made outside the factory behaves the same and is accepted), and
/// warms the collection's account for the transfer that follows.
/// Charity sales (DESIGN §13): `createCharityAuction` names a campaign of `charity` (a base-token
/// campaign) as the recipient of the proceeds. The price the buyer pays becomes a donation whose
/// donor is the seller (the seller gives up the proceeds: the receipt and any refund are the
/// seller's, so a failed campaign returns the sale's price to the seller, never to the buyer who
/// keeps the item). If the campaign no longer accepts the donation when the item sells (closed,
/// past its deadline, or a price under its minimum), the price goes to the seller as in a plain
/// sale (`CharityProceedsToSeller`).
contract DutchAuction is IDutchAuction {
    using SafeERC20 for IERC20;

    /// @dev The proxy code of an OpenZeppelin clone, around the implementation's address.
    bytes10 private constant _CLONE_PREFIX = 0x363d3d373d3d3d363d73;
    bytes15 private constant _CLONE_SUFFIX = 0x5af43d82803e903d91602b57fd5bf3;
    uint256 private constant _CLONE_LENGTH = 0x2d;

    /// @notice The base token prices are paid in.
    IERC20 public immutable baseToken;
    /// @notice The factory whose collections this contract auctions.
    ICollectionFactory public immutable collectionFactory;
    /// @dev The hash of the proxy code every collection of the factory starts with.
    bytes32 private immutable _cloneCodeHash;
    /// @notice The CharityCampaigns charity sales donate to (zero: charity sales unavailable).
    ICharityCampaigns public immutable charity;

    uint256 private _auctionCount;
    mapping(uint256 auctionId => Auction auction) private _auctions;
    mapping(uint256 auctionId => uint256 campaignId) private _campaignOf;

    /// @param baseToken_ The base token.
    /// @param collectionFactory_ The CollectionFactory whose collections are auctionable.
    /// @param charity_ The CharityCampaigns of charity sales (zero: none).
    constructor(IERC20 baseToken_, ICollectionFactory collectionFactory_, ICharityCampaigns charity_) {
        baseToken = baseToken_;
        collectionFactory = collectionFactory_;
        charity = charity_;
        _cloneCodeHash = keccak256(
            abi.encodePacked(_CLONE_PREFIX, collectionFactory_.collectionImplementation(), _CLONE_SUFFIX)
        );
    }

    /// @inheritdoc IDutchAuction
    function createAuction(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration
    ) external returns (uint256 auctionId) {
        return _create(collection, tokenId, startPrice, floorPrice, duration, 0);
    }

    /// @inheritdoc IDutchAuction
    function createCharityAuction(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration,
        uint256 campaignId
    ) external returns (uint256 auctionId) {
        if (address(charity) == address(0)) revert NoCharity();
        if (
            charity.campaignOf(campaignId).token != address(baseToken) ||
            !charity.acceptsDonation(campaignId, floorPrice)
        ) revert CampaignNotAccepting(campaignId);
        return _create(collection, tokenId, startPrice, floorPrice, duration, campaignId);
    }

    function _create(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration,
        uint256 campaignId
    ) private returns (uint256 auctionId) {
        if (startPrice < floorPrice || startPrice == 0) revert InvalidPrices(startPrice, floorPrice);
        if (duration == 0) revert InvalidDuration(duration);
        if (!isAuctionable(collection)) revert NotACollection(collection);
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
        if (campaignId != 0) {
            _campaignOf[auctionId] = campaignId;
            emit CharityAuctionCreated(auctionId, campaignId);
        }
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
        uint256 campaignId = _campaignOf[auctionId];
        if (campaignId == 0) {
            baseToken.safeTransferFrom(msg.sender, auction.seller, price);
        } else if (charity.acceptsDonation(campaignId, price)) {
            baseToken.safeTransferFrom(msg.sender, address(this), price);
            baseToken.forceApprove(address(charity), price);
            uint256 donationId = charity.donateFor(campaignId, price, auction.seller);
            emit CharityProceeds(auctionId, campaignId, donationId, price);
        } else {
            emit CharityProceedsToSeller(auctionId, campaignId, price);
            baseToken.safeTransferFrom(msg.sender, auction.seller, price);
        }
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
    function isAuctionable(address collection) public view returns (bool) {
        bytes memory code = new bytes(_CLONE_LENGTH);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(collection, add(code, 0x20), 0, _CLONE_LENGTH)
        }
        return keccak256(code) == _cloneCodeHash;
    }

    /// @inheritdoc IDutchAuction
    function auctionOf(uint256 auctionId) external view returns (Auction memory) {
        return _auctions[auctionId];
    }

    /// @inheritdoc IDutchAuction
    function campaignOf(uint256 auctionId) external view returns (uint256) {
        return _campaignOf[auctionId];
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
