// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IDataMarket
/// @notice The data market of DESIGN §13 (CPChain PDash): sellers list data kept in a storage
/// lease (§6) or at a URL; proxies stake collateral and hand each buyer the data key re-encrypted
/// to the buyer's public key (AliasRegistry); the price waits in escrow until the buyer confirms,
/// the confirmation window passes in silence (`release`), or the Committee decides a dispute.
interface IDataMarket is IGoverned, IUpkeep {
    /// @notice The market's rules (the Timelock sets them; an order keeps the windows it was placed with).
    /// @param minPrice The least price of a listing (wei of the base token).
    /// @param minCollateral The least collateral of a proxy that takes orders.
    /// @param disputeBond What a buyer deposits to dispute: back on a verdict for the buyer or a
    /// dispute nobody decided, to the seller on a verdict for the seller.
    /// @param minUpkeepFee What each order pays on top of the larger bounty (non-refundable, positive).
    /// @param maxFeeBps The most a proxy may charge, in bps of the price.
    /// @param slashBps What a proxy found lying loses, in bps of its collateral (active and pending).
    /// @param deliveryWindow Seconds a proxy has to deliver after the order; then the buyer is refunded.
    /// @param confirmationWindow Seconds a buyer has to confirm or dispute after the delivery.
    /// @param disputeWindow Seconds the Committee has to decide a dispute; then the buyer is refunded (no slash).
    /// @param withdrawDelay Seconds a proxy's withdrawal waits (still slashable meanwhile).
    struct Parameters {
        uint96 minPrice;
        uint96 minCollateral;
        uint96 disputeBond;
        uint96 minUpkeepFee;
        uint16 maxFeeBps;
        uint16 slashBps;
        uint32 deliveryWindow;
        uint32 confirmationWindow;
        uint32 disputeWindow;
        uint32 withdrawDelay;
    }

    enum OrderState {
        None,
        /// @dev Paid into escrow, waiting for the proxy's delivery (until `deadline`).
        Paid,
        /// @dev Key delivered; the buyer may confirm or dispute until `deadline`.
        Delivered,
        /// @dev Disputed; the Committee may decide until `deadline`.
        Disputed,
        /// @dev The seller (and the proxy) were paid.
        Completed,
        /// @dev The buyer was refunded.
        Refunded
    }

    struct Listing {
        address seller;
        uint96 price;
        bytes32 contentHash;
        /// @dev The StorageMarket lease holding the encrypted data (0: the data is at a URL).
        uint64 leaseId;
        bool active;
    }

    struct Proxy {
        /// @dev Collateral that backs orders (slashable).
        uint96 collateral;
        /// @dev Collateral requested out, paid at `payableAt` (slashable until then).
        uint96 pending;
        uint40 payableAt;
        uint16 feeBps;
        bool registered;
        /// @dev Orders naming this proxy that are not finished yet.
        uint32 openOrders;
    }

    struct Order {
        uint64 listingId;
        address buyer;
        uint96 price;
        address proxy;
        uint16 feeBps;
        uint40 deadline;
        OrderState state;
    }

    /// @notice A dispute: the Committee term sitting when it opened and the seats that may vote
    /// (members of that term that are not party to the order), the seats that voted each way,
    /// the votes that decide and the bond deposited.
    struct Dispute {
        uint32 term;
        uint8 eligibleSeats;
        uint8 forBuyer;
        uint8 forSeller;
        uint8 needed;
        uint96 bond;
    }

    event ParametersChanged(Parameters parameters);
    event Listed(
        uint256 indexed listingId,
        address indexed seller,
        string title,
        string tags,
        string descriptionURI,
        uint256 price,
        bytes32 contentHash,
        uint256 leaseId,
        string url
    );
    event Delisted(uint256 indexed listingId, address indexed seller);
    /// @notice The seller gave `proxy` the data key of `listingId`, encrypted to the proxy's public
    /// key, accepting its fee then (`feeBps`: orders through it never pay more).
    event KeyShared(uint256 indexed listingId, address indexed proxy, bytes encryptedKey, uint256 feeBps);
    /// @notice The seller took `proxy` off `listingId`: buyers can no longer name it.
    event KeyUnshared(uint256 indexed listingId, address indexed proxy);
    event ProxyRegistered(address indexed proxy, uint256 collateral, uint256 feeBps);
    event ProxyFeeChanged(address indexed proxy, uint256 feeBps);
    event CollateralAdded(address indexed proxy, uint256 amount, uint256 collateral);
    event WithdrawRequested(
        address indexed proxy,
        uint256 amount,
        uint256 collateral,
        uint256 pending,
        uint256 payableAt
    );
    event WithdrawCompleted(address indexed proxy, uint256 amount);
    /// @notice `buyer` paid `price` (and the non-refundable `upkeepFee`) into escrow; `proxy` must
    /// deliver the key re-encrypted to `buyerPublicKey` by `deliverBy`.
    event OrderPlaced(
        uint256 indexed orderId,
        uint256 indexed listingId,
        address indexed buyer,
        address seller,
        address proxy,
        uint256 price,
        uint256 feeBps,
        uint256 upkeepFee,
        bytes buyerPublicKey,
        uint256 deliverBy
    );
    /// @notice The proxy handed over the key (`encryptedKey`, ECIES to the buyer's key) and
    /// witnessed the data it served (`witness`: the hash of the plaintext it checked).
    event Delivered(
        uint256 indexed orderId,
        address indexed proxy,
        bytes encryptedKey,
        bytes32 witness,
        uint256 confirmBy
    );
    /// @notice The order was paid out: `sellerAmount` to the seller, `proxyFee` to the proxy, by
    /// the buyer's confirmation, the window's silence (`release`) or a verdict for the seller.
    event OrderCompleted(
        uint256 indexed orderId,
        address indexed seller,
        address indexed proxy,
        uint256 sellerAmount,
        uint256 proxyFee,
        address by
    );
    /// @notice The buyer got `amount` back: undelivered, a verdict for the buyer, or a dispute nobody decided.
    event OrderRefunded(uint256 indexed orderId, address indexed buyer, uint256 amount, address by);
    event DisputeOpened(
        uint256 indexed orderId,
        address indexed buyer,
        uint256 term,
        uint256 eligibleSeats,
        uint256 needed,
        uint256 bond,
        uint256 decideBy,
        string evidenceURI
    );
    event Testified(uint256 indexed orderId, address indexed proxy, string testimonyURI);
    event DisputeVoted(uint256 indexed orderId, uint256 seat, address indexed member, bool forBuyer, uint256 votes);
    /// @notice A verdict (`decided`) or the default after the deadline (`decided` false: for the
    /// buyer, no slash). `slashed` went from the proxy to the RewardsReserve; `bondTo` got the bond.
    event DisputeResolved(uint256 indexed orderId, bool forBuyer, bool decided, uint256 slashed, address bondTo);
    event ProxySlashed(
        address indexed proxy,
        uint256 indexed orderId,
        uint256 amount,
        uint256 collateral,
        uint256 pending
    );

    error InvalidParameters(Parameters parameters);
    error InvalidPrice(uint256 price, uint256 minPrice);
    /// @notice A listing names exactly one location: a lease (non-zero id) or a URL.
    error InvalidLocation(uint256 leaseId, string url);
    error UnknownLease(uint256 leaseId);
    error InvalidContentHash();
    error UnknownListing(uint256 listingId);
    error NotSeller(uint256 listingId, address caller, address seller);
    error ListingInactive(uint256 listingId);
    error NoPublicKey(address account);
    error AlreadyRegistered(address proxy);
    error NotProxy(address account);
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    error InsufficientCollateral(address proxy, uint256 collateral, uint256 minCollateral);
    error InvalidAmount(uint256 amount);
    error NothingPending(address proxy);
    /// @notice A proxy that withdraws all its collateral must first see its open orders finished.
    error ProxyBusy(address proxy, uint256 openOrders);
    error KeyNotShared(uint256 listingId, address proxy);
    error UnknownOrder(uint256 orderId);
    error WrongState(uint256 orderId, OrderState state);
    error NotBuyer(uint256 orderId, address caller, address buyer);
    error NotOrderProxy(uint256 orderId, address caller, address proxy);
    /// @notice The window for this step closed at `deadline`.
    error WindowClosed(uint256 orderId, uint256 deadline, uint256 nowAt);
    error InvalidEncryptedKey();
    error NotEligible(uint256 orderId, uint256 seat, address caller);
    error AlreadyVoted(uint256 orderId, uint256 seat);

    // ---------------------------------------------------------------- listings

    /// @notice Lists data: exactly one of `leaseId` (a StorageMarket lease) or `url` says where
    /// its encrypted bytes are; `contentHash` is keccak256 of the plaintext. Returns the id (from 1).
    function list(
        string calldata title,
        string calldata tags,
        string calldata descriptionURI,
        uint256 price,
        bytes32 contentHash,
        uint256 leaseId,
        string calldata url
    ) external returns (uint256 listingId);

    /// @notice The seller withdraws its listing (orders already placed run to their end).
    function delist(uint256 listingId) external;

    /// @notice The seller hands `proxy` the listing's data key encrypted to the proxy's public
    /// key; buyers may then name that proxy. A second call replaces the key.
    function shareKey(uint256 listingId, address proxy, bytes calldata encryptedKey) external;

    /// @notice The seller takes `proxy` off `listingId` (orders already placed run to their end).
    function unshareKey(uint256 listingId, address proxy) external;

    // ---------------------------------------------------------------- proxies

    /// @notice Registers the caller as a proxy with `collateral` (at least `minCollateral`) and its fee.
    function registerProxy(uint256 collateral, uint256 feeBps) external;

    /// @notice Sets the caller's fee for orders placed from now on.
    function setProxyFee(uint256 feeBps) external;

    /// @notice Adds `amount` to the caller's collateral.
    function addCollateral(uint256 amount) external;

    /// @notice Moves `amount` of the caller's collateral to pending; paid `withdrawDelay` later,
    /// slashable until then. What stays must be zero or at least `minCollateral`.
    function requestWithdraw(uint256 amount) external;

    /// @notice Pays `proxy` its pending collateral once due (anyone may push it).
    function completeWithdraw(address proxy) external;

    // ---------------------------------------------------------------- orders

    /// @notice Buys `listingId` through `proxy` (one the seller shared the key with): pays the
    /// price into escrow and the non-refundable `upkeepFee()`. The buyer's public key is read
    /// from the AliasRegistry now. Returns the order id (from 1).
    function buy(uint256 listingId, address proxy) external returns (uint256 orderId);

    /// @notice The order's proxy hands over the key re-encrypted to the buyer's public key, and
    /// its witness of the content, before the delivery deadline.
    function deliver(uint256 orderId, bytes calldata encryptedKey, bytes32 witness) external;

    /// @notice The buyer confirms a delivered order: the seller is paid minus the proxy's fee.
    function confirm(uint256 orderId) external;

    /// @notice The buyer disputes a delivered order within the confirmation window, depositing
    /// the dispute bond; the Committee's sitting members (not party to the order) decide.
    function dispute(uint256 orderId, string calldata evidenceURI) external;

    /// @notice The order's proxy adds its testimony to an open dispute.
    function testify(uint256 orderId, string calldata testimonyURI) external;

    /// @notice A member (seat `seat` of the dispute's term) votes once; 2/3 of the eligible seats decides.
    function vote(uint256 orderId, uint256 seat, bool forBuyer) external;

    /// @notice Pays the seller of each delivered order whose confirmation window has passed
    /// (upkeep, a bounty per order paid; others are skipped; none due reverts NotDue).
    function release(uint256[] calldata orderIds) external returns (uint256 released);

    /// @notice Refunds the buyer of each order undelivered after its delivery deadline, or
    /// disputed and undecided after its dispute deadline (upkeep, a bounty per order refunded).
    function refund(uint256[] calldata orderIds) external returns (uint256 refunded);

    /// @notice Sets the market's rules (the Timelock only); open orders keep their deadlines.
    function setParameters(Parameters calldata parameters) external;

    // ---------------------------------------------------------------- views

    /// @notice The market's rules now.
    function parameters() external view returns (Parameters memory);

    /// @notice A listing (seller zero: unknown).
    function listingOf(uint256 listingId) external view returns (Listing memory);

    /// @notice A proxy's collateral, pending withdrawal, fee and open orders.
    function proxyOf(address proxy) external view returns (Proxy memory);

    /// @notice An order (state None: unknown); `deadline` is the current step's.
    function orderOf(uint256 orderId) external view returns (Order memory);

    /// @notice The dispute of an order (zero when never disputed).
    function disputeOf(uint256 orderId) external view returns (Dispute memory);

    /// @notice Whether the seller of `listingId` shared its key with `proxy`.
    function keyShared(uint256 listingId, address proxy) external view returns (bool);

    /// @notice The fee an order of `listingId` through `proxy` pays now: the proxy's fee, at most
    /// the one the seller accepted when it shared the key.
    function feeBpsOf(uint256 listingId, address proxy) external view returns (uint256);

    /// @notice Listings so far (ids run from 1).
    function listingCount() external view returns (uint256);

    /// @notice Orders so far (ids run from 1).
    function orderCount() external view returns (uint256);

    /// @notice The non-refundable fee an order pays now: minUpkeepFee + the larger bounty (release,
    /// refund): strictly more than the one bounty an order can earn.
    function upkeepFee() external view returns (uint256);

    /// @notice Prices of open orders (Paid, Delivered, Disputed).
    function escrowed() external view returns (uint256);

    /// @notice Collateral of every proxy, active and pending.
    function totalCollateral() external view returns (uint256);

    /// @notice Dispute bonds of open disputes.
    function bonds() external view returns (uint256);

    /// @notice Upkeep fees taken and not yet forwarded to KeeperRewards.
    function heldFees() external view returns (uint256);

    /// @notice Whether `release` (true) or `refund` would act on `orderId` now.
    function dueOf(uint256 orderId) external view returns (bool releasable, bool refundable);
}
