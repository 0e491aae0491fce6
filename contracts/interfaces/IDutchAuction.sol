// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDutchAuction
/// @notice Dutch auctions of ERC721 items priced in base tokens (DESIGN §5): the price falls
/// linearly from the start price to the floor over the duration; the first buyer at the current
/// price wins; an unsold item goes back to its seller after the end.
/// @dev A buyer names the most it will pay; only the current price is taken, so whatever it
/// offered above that stays with it (the refund needs no transfer back).
interface IDutchAuction {
    enum Status {
        None,
        Open,
        Sold,
        Returned
    }

    struct Auction {
        address seller;
        uint40 startTime;
        uint40 duration;
        Status status;
        address collection;
        uint96 startPrice;
        uint256 tokenId;
        uint96 floorPrice;
    }

    event AuctionCreated(
        uint256 indexed auctionId,
        address indexed seller,
        address indexed collection,
        uint256 tokenId,
        uint256 startPrice,
        uint256 floorPrice,
        uint256 startTime,
        uint256 endTime
    );
    event AuctionSold(uint256 indexed auctionId, address indexed buyer, uint256 price, uint256 maxPrice);
    event AuctionReturned(uint256 indexed auctionId, address indexed seller);
    /// @notice Auction `auctionId` (AuctionCreated) is a charity sale for campaign `campaignId`.
    event CharityAuctionCreated(uint256 indexed auctionId, uint256 indexed campaignId);
    /// @notice The sale's `price` became donation `donationId` of `campaignId` (donor: the seller).
    event CharityProceeds(uint256 indexed auctionId, uint256 indexed campaignId, uint256 donationId, uint256 price);
    /// @notice The campaign no longer accepted the donation when the item sold: `price` went to the seller.
    event CharityProceedsToSeller(uint256 indexed auctionId, uint256 indexed campaignId, uint256 price);

    error InvalidPrices(uint256 startPrice, uint256 floorPrice);
    error InvalidDuration(uint256 duration);
    error UnknownAuction(uint256 auctionId);
    error AuctionClosed(uint256 auctionId, Status status);
    error AuctionEnded(uint256 auctionId, uint256 endTime);
    error PriceAboveMax(uint256 price, uint256 maxPrice);
    error NotEnded(uint256 auctionId, uint256 endTime);
    error NotACollection(address collection);
    error NoCharity();
    /// @notice The campaign is not a base-token campaign accepting a donation of the floor price now.
    error CampaignNotAccepting(uint256 campaignId);

    /// @notice Puts `tokenId` of `collection` up for auction from now; the item moves into escrow
    /// (approve this contract first). Only collections of the CollectionFactory (`isAuctionable`).
    function createAuction(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration
    ) external returns (uint256 auctionId);

    /// @notice As `createAuction`, a charity sale: the price the buyer pays is donated to
    /// `campaignId` of `charity()` for the seller (donor = seller). The campaign must be a
    /// base-token campaign that accepts a donation of the floor price now.
    function createCharityAuction(
        address collection,
        uint256 tokenId,
        uint96 startPrice,
        uint96 floorPrice,
        uint40 duration,
        uint256 campaignId
    ) external returns (uint256 auctionId);

    /// @notice Buys the item at the current price if that is at most `maxPrice`.
    function buy(uint256 auctionId, uint256 maxPrice) external returns (uint256 price);

    /// @notice Sends an unsold item back to its seller once the auction ended. Anyone.
    function returnUnsold(uint256 auctionId) external;

    /// @notice The current price: linear from start to floor, the floor from the end on.
    function priceOf(uint256 auctionId) external view returns (uint256);

    /// @notice Whether `collection` is a collection of the CollectionFactory (a clone of its
    /// Collection implementation), the only kind whose items are auctioned.
    function isAuctionable(address collection) external view returns (bool);

    function auctionOf(uint256 auctionId) external view returns (Auction memory);

    function auctionCount() external view returns (uint256);

    /// @notice The campaign a charity sale donates to (zero: a plain sale).
    function campaignOf(uint256 auctionId) external view returns (uint256);
}
