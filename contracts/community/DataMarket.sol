// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Governed} from "../governance/Governed.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {IAliasRegistry} from "../interfaces/IAliasRegistry.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {IDataMarket} from "../interfaces/IDataMarket.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";

/// @title DataMarket
/// @notice Listings, escrowed orders, proxies with collateral and Committee-decided disputes
/// (DESIGN §13, CPChain PDash). Encryption is off chain: the seller encrypts the data with a
/// random AES key, stores it (a StorageMarket lease or a URL) and hands the key to each proxy it
/// trusts encrypted to that proxy's public key (`shareKey`); the buyer names one of them; the
/// proxy re-encrypts the key to the buyer's AliasRegistry public key (`deliver`).
/// @dev Choices the design leaves open (DEVELOPERS.md, "Community: DataMarket"):
/// - Proxies are any address with an AliasRegistry public key that stakes `minCollateral` base
///   tokens here (an honor node stakes here too: its HonorPool stake is slashable only by the
///   Committee's own rules, and a lie to a buyer must cost collateral this market can take).
///   Withdrawals wait `withdrawDelay`, slashable meanwhile; withdrawing everything waits for the
///   proxy's open orders to finish, so no order is left without collateral behind it.
/// - The buyer names the proxy (one the seller shared the key with, and may unshare); the proxy's
///   fee is capped at what it was when the seller shared the key (audit F6); it is fixed
///   in the order when it is placed.
/// - Every order pays a non-refundable upkeep fee (minUpkeepFee + the larger of the release and
///   refund bounties, minUpkeepFee > 0) forwarded to KeeperRewards: an order earns at most one
///   bounty (released or refunded), so a self-made order always costs more than it can earn.
/// - A dispute is decided by the Committee term sitting when it opens: its seats, minus any seat
///   held by the buyer, the seller or the proxy (and a member's second seat), are snapshotted;
///   each votes once; ceil(2/3) of them decides. A member impeached afterwards loses its vote (the count needed stays).
/// - For the buyer: refund, bond back, and `slashBps` of the proxy's collateral (active and
///   pending) to the RewardsReserve (not to the buyer: a buyer colluding with its proxy would
///   otherwise get the data and the slash back). For the seller: paid as on confirmation, and the
///   bond goes to the seller (a false dispute delayed its payment).
/// - A dispute nobody decides by its deadline: the buyer is refunded with its bond, nobody is
///   slashed (no one was found lying). An undelivered order is refunded without slash.
/// - Windows are half-open: a step allowed "within" a window is refused at its deadline, and the
///   upkeep that ends it is due from the deadline on (a silent buyer's payment is released at
///   deliveredAt + confirmationWindow, not a second before).
contract DataMarket is IDataMarket, Governed, Upkeep, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The upkeep kind of `release`, one unit per order paid out.
    bytes32 public constant RELEASE_KIND = "DataMarket.release";
    /// @notice The upkeep kind of `refund`, one unit per order refunded.
    bytes32 public constant REFUND_KIND = "DataMarket.refund";
    /// @notice The reason of the RewardsReserve deposit a slash makes.
    bytes32 public constant SLASH_REASON = "DataMarket.slash";
    /// @notice The most a parameter may ask in bps, and the longest window (a year).
    uint256 public constant MAX_WINDOW = 365 days;
    uint256 private constant _BPS = 10_000;

    /// @notice The base token prices, collateral, bonds and fees are in.
    IERC20 public immutable token;
    IAliasRegistry public immutable aliases;
    ICommittee public immutable committee;
    IRewardsReserve public immutable reserve;
    IStorageMarket public immutable storageMarket;

    Parameters private _parameters;
    uint256 private _listingCount;
    uint256 private _orderCount;
    uint256 private _escrowed;
    uint256 private _totalCollateral;
    uint256 private _bonds;
    uint256 private _heldFees;

    mapping(uint256 listingId => Listing listing) private _listings;
    /// @dev The proxy's fee when the key was shared, plus one (zero: not shared): audit F6.
    mapping(uint256 listingId => mapping(address proxy => uint256 feeBpsPlusOne)) private _sharedFee;
    mapping(address proxy => Proxy record) private _proxies;
    mapping(uint256 orderId => Order order) private _orders;
    mapping(uint256 orderId => Dispute record) private _disputes;

    /// @param token_ The base token.
    /// @param aliases_ The AliasRegistry public keys come from.
    /// @param committee_ The Committee that decides disputes.
    /// @param reserve_ The RewardsReserve slashed collateral goes to.
    /// @param storageMarket_ The StorageMarket whose leases may hold listed data.
    /// @param keeperRewards_ Where the release and refund bounties are paid from.
    /// @param timelock_ The Timelock that sets the parameters.
    /// @param parameters_ The initial parameters.
    constructor(
        IERC20 token_,
        IAliasRegistry aliases_,
        ICommittee committee_,
        IRewardsReserve reserve_,
        IStorageMarket storageMarket_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        token = token_;
        aliases = aliases_;
        committee = committee_;
        reserve = reserve_;
        storageMarket = storageMarket_;
        _setParameters(parameters_);
        // The reserve pulls each slash (its deposit); the market approves it once.
        token_.forceApprove(address(reserve_), type(uint256).max);
    }

    // ---------------------------------------------------------------- listings

    /// @inheritdoc IDataMarket
    function list(
        string calldata title,
        string calldata tags,
        string calldata descriptionURI,
        uint256 price,
        bytes32 contentHash,
        uint256 leaseId,
        string calldata url
    ) external returns (uint256 listingId) {
        uint256 minPrice = _parameters.minPrice;
        if (price < minPrice || price > type(uint96).max) revert InvalidPrice(price, minPrice);
        if (contentHash == bytes32(0)) revert InvalidContentHash();
        if ((leaseId == 0) == (bytes(url).length == 0) || leaseId > type(uint64).max)
            revert InvalidLocation(leaseId, url);
        if (leaseId != 0 && storageMarket.leaseOf(leaseId).tenant == address(0)) revert UnknownLease(leaseId);
        listingId = ++_listingCount;
        _listings[listingId] = Listing({
            seller: msg.sender,
            price: uint96(price),
            contentHash: contentHash,
            leaseId: uint64(leaseId),
            active: true
        });
        emit Listed(listingId, msg.sender, title, tags, descriptionURI, price, contentHash, leaseId, url);
    }

    /// @inheritdoc IDataMarket
    function delist(uint256 listingId) external {
        Listing storage listing = _sellerListing(listingId);
        if (!listing.active) revert ListingInactive(listingId);
        listing.active = false;
        emit Delisted(listingId, msg.sender);
    }

    /// @inheritdoc IDataMarket
    function shareKey(uint256 listingId, address proxy, bytes calldata encryptedKey) external {
        Listing storage listing = _sellerListing(listingId);
        if (!listing.active) revert ListingInactive(listingId);
        if (!_proxies[proxy].registered) revert NotProxy(proxy);
        if (encryptedKey.length == 0) revert InvalidEncryptedKey();
        uint256 feeBps = _proxies[proxy].feeBps;
        _sharedFee[listingId][proxy] = feeBps + 1;
        emit KeyShared(listingId, proxy, encryptedKey, feeBps);
    }

    /// @inheritdoc IDataMarket
    function unshareKey(uint256 listingId, address proxy) external {
        _sellerListing(listingId);
        if (_sharedFee[listingId][proxy] == 0) revert KeyNotShared(listingId, proxy);
        delete _sharedFee[listingId][proxy];
        emit KeyUnshared(listingId, proxy);
    }

    // ---------------------------------------------------------------- proxies

    /// @inheritdoc IDataMarket
    function registerProxy(uint256 collateral, uint256 feeBps) external nonReentrant {
        Proxy storage proxy = _proxies[msg.sender];
        if (proxy.registered) revert AlreadyRegistered(msg.sender);
        if (aliases.publicKeyOf(msg.sender).length == 0) revert NoPublicKey(msg.sender);
        Parameters memory p = _parameters;
        if (feeBps > p.maxFeeBps) revert FeeTooHigh(feeBps, p.maxFeeBps);
        if (collateral < p.minCollateral || collateral > type(uint96).max)
            revert InsufficientCollateral(msg.sender, collateral, p.minCollateral);
        proxy.registered = true;
        proxy.feeBps = uint16(feeBps);
        proxy.collateral = uint96(collateral);
        _totalCollateral += collateral;
        emit ProxyRegistered(msg.sender, collateral, feeBps);
        token.safeTransferFrom(msg.sender, address(this), collateral);
    }

    /// @inheritdoc IDataMarket
    function setProxyFee(uint256 feeBps) external {
        Proxy storage proxy = _registered(msg.sender);
        uint256 maxFeeBps = _parameters.maxFeeBps;
        if (feeBps > maxFeeBps) revert FeeTooHigh(feeBps, maxFeeBps);
        proxy.feeBps = uint16(feeBps);
        emit ProxyFeeChanged(msg.sender, feeBps);
    }

    /// @inheritdoc IDataMarket
    function addCollateral(uint256 amount) external nonReentrant {
        Proxy storage proxy = _registered(msg.sender);
        uint256 collateral = uint256(proxy.collateral) + amount;
        if (amount == 0 || collateral > type(uint96).max) revert InvalidAmount(amount);
        proxy.collateral = uint96(collateral);
        _totalCollateral += amount;
        emit CollateralAdded(msg.sender, amount, collateral);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IDataMarket
    function requestWithdraw(uint256 amount) external {
        Proxy storage proxy = _registered(msg.sender);
        uint256 collateral = proxy.collateral;
        if (amount == 0 || amount > collateral) revert InvalidAmount(amount);
        collateral -= amount;
        uint256 minCollateral = _parameters.minCollateral;
        if (collateral != 0 && collateral < minCollateral)
            revert InsufficientCollateral(msg.sender, collateral, minCollateral);
        uint256 pending = uint256(proxy.pending) + amount;
        uint256 payableAt = block.timestamp + _parameters.withdrawDelay;
        proxy.collateral = uint96(collateral);
        proxy.pending = uint96(pending);
        proxy.payableAt = uint40(payableAt);
        emit WithdrawRequested(msg.sender, amount, collateral, pending, payableAt);
    }

    /// @inheritdoc IDataMarket
    function completeWithdraw(address proxyAddress) external nonReentrant {
        Proxy storage proxy = _proxies[proxyAddress];
        uint256 amount = proxy.pending;
        if (amount == 0) revert NothingPending(proxyAddress);
        uint256 payableAt = proxy.payableAt;
        if (block.timestamp < payableAt) revert NotDue(payableAt, block.timestamp);
        if (proxy.collateral == 0 && proxy.openOrders != 0) revert ProxyBusy(proxyAddress, proxy.openOrders);
        proxy.pending = 0;
        proxy.payableAt = 0;
        _totalCollateral -= amount;
        emit WithdrawCompleted(proxyAddress, amount);
        token.safeTransfer(proxyAddress, amount);
    }

    // ---------------------------------------------------------------- orders

    /// @inheritdoc IDataMarket
    function buy(uint256 listingId, address proxyAddress) external nonReentrant returns (uint256 orderId) {
        Listing memory listing = _listing(listingId);
        if (!listing.active) revert ListingInactive(listingId);
        uint256 sharedFee = _sharedFee[listingId][proxyAddress];
        if (sharedFee == 0) revert KeyNotShared(listingId, proxyAddress);
        Proxy storage proxy = _proxies[proxyAddress];
        Parameters memory p = _parameters;
        if (proxy.collateral < p.minCollateral)
            revert InsufficientCollateral(proxyAddress, proxy.collateral, p.minCollateral);
        bytes memory buyerKey = aliases.publicKeyOf(msg.sender);
        if (buyerKey.length == 0) revert NoPublicKey(msg.sender);
        uint256 fee = upkeepFee();
        uint256 deliverBy = block.timestamp + p.deliveryWindow;
        // Audit F6: never above the fee the seller accepted when it shared the key.
        uint256 feeBps = Math.min(proxy.feeBps, sharedFee - 1);
        orderId = ++_orderCount;
        _orders[orderId] = Order({
            listingId: uint64(listingId),
            buyer: msg.sender,
            price: listing.price,
            proxy: proxyAddress,
            feeBps: uint16(feeBps),
            deadline: uint40(deliverBy),
            state: OrderState.Paid
        });
        ++proxy.openOrders;
        _escrowed += listing.price;
        _heldFees += fee;
        emit OrderPlaced(
            orderId,
            listingId,
            msg.sender,
            listing.seller,
            proxyAddress,
            listing.price,
            feeBps,
            fee,
            buyerKey,
            deliverBy
        );
        token.safeTransferFrom(msg.sender, address(this), uint256(listing.price) + fee);
    }

    /// @inheritdoc IDataMarket
    function deliver(uint256 orderId, bytes calldata encryptedKey, bytes32 witness) external {
        Order storage order = _order(orderId);
        if (msg.sender != order.proxy) revert NotOrderProxy(orderId, msg.sender, order.proxy);
        _expect(orderId, order.state, OrderState.Paid);
        _within(orderId, order.deadline);
        if (encryptedKey.length == 0) revert InvalidEncryptedKey();
        uint256 confirmBy = block.timestamp + _parameters.confirmationWindow;
        order.state = OrderState.Delivered;
        order.deadline = uint40(confirmBy);
        emit Delivered(orderId, msg.sender, encryptedKey, witness, confirmBy);
    }

    /// @inheritdoc IDataMarket
    function confirm(uint256 orderId) external nonReentrant {
        Order storage order = _buyerOrder(orderId);
        _expect(orderId, order.state, OrderState.Delivered);
        _complete(orderId, order);
    }

    /// @inheritdoc IDataMarket
    function dispute(uint256 orderId, string calldata evidenceURI) external nonReentrant {
        Order storage order = _buyerOrder(orderId);
        _expect(orderId, order.state, OrderState.Delivered);
        _within(orderId, order.deadline);
        uint256 term = committee.termAt(block.timestamp);
        (uint256 eligible, uint256 needed) = _eligibleSeats(term, order);
        uint256 bond = _parameters.disputeBond;
        uint256 decideBy = block.timestamp + _parameters.disputeWindow;
        order.state = OrderState.Disputed;
        order.deadline = uint40(decideBy);
        _disputes[orderId] = Dispute({
            term: uint32(term),
            eligibleSeats: uint8(eligible),
            forBuyer: 0,
            forSeller: 0,
            needed: uint8(needed),
            bond: uint96(bond)
        });
        _bonds += bond;
        emit DisputeOpened(orderId, msg.sender, term, eligible, needed, bond, decideBy, evidenceURI);
        if (bond != 0) token.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IDataMarket
    function testify(uint256 orderId, string calldata testimonyURI) external {
        Order storage order = _order(orderId);
        if (msg.sender != order.proxy) revert NotOrderProxy(orderId, msg.sender, order.proxy);
        _expect(orderId, order.state, OrderState.Disputed);
        _within(orderId, order.deadline);
        emit Testified(orderId, msg.sender, testimonyURI);
    }

    /// @inheritdoc IDataMarket
    function vote(uint256 orderId, uint256 seat, bool forBuyer) external nonReentrant {
        Order storage order = _order(orderId);
        _expect(orderId, order.state, OrderState.Disputed);
        _within(orderId, order.deadline);
        Dispute storage d = _disputes[orderId];
        Dispute memory current = d;
        if (seat >= 8 || (uint256(current.eligibleSeats) >> seat) & 1 == 0)
            revert NotEligible(orderId, seat, msg.sender);
        // Slither unused-return: the count of active seats is not needed (the snapshot fixed `needed`).
        // slither-disable-next-line unused-return
        (address member, ) = committee.memberAt(current.term, seat);
        if (member != msg.sender) revert NotEligible(orderId, seat, msg.sender);
        uint256 bit = 1 << seat;
        if ((uint256(current.forBuyer) | current.forSeller) & bit != 0) revert AlreadyVoted(orderId, seat);
        uint256 votes = 0;
        if (forBuyer) {
            current.forBuyer |= uint8(bit);
            d.forBuyer = current.forBuyer;
            votes = _popcount(current.forBuyer);
        } else {
            current.forSeller |= uint8(bit);
            d.forSeller = current.forSeller;
            votes = _popcount(current.forSeller);
        }
        emit DisputeVoted(orderId, seat, msg.sender, forBuyer, votes);
        if (votes < current.needed) return;
        if (forBuyer) _refundForBuyer(orderId, order, current.bond, true);
        else {
            _bonds -= current.bond;
            address seller = _listings[order.listingId].seller;
            emit DisputeResolved(orderId, false, true, 0, seller);
            _complete(orderId, order);
            if (current.bond != 0) token.safeTransfer(seller, current.bond);
        }
    }

    /// @inheritdoc IDataMarket
    function release(uint256[] calldata orderIds) external nonReentrant returns (uint256 released) {
        uint256 firstDue = 0;
        for (uint256 i = 0; i < orderIds.length; ++i) {
            Order storage order = _orders[orderIds[i]];
            if (order.state != OrderState.Delivered) continue;
            if (block.timestamp < order.deadline) {
                if (firstDue == 0) firstDue = order.deadline;
                continue;
            }
            _complete(orderIds[i], order);
            ++released;
        }
        if (released == 0) revert NotDue(firstDue, block.timestamp);
        _forwardFees();
        _payBounty(RELEASE_KIND, released);
    }

    /// @inheritdoc IDataMarket
    function refund(uint256[] calldata orderIds) external nonReentrant returns (uint256 refunded) {
        uint256 firstDue = 0;
        for (uint256 i = 0; i < orderIds.length; ++i) {
            uint256 orderId = orderIds[i];
            Order storage order = _orders[orderId];
            OrderState state = order.state;
            if (state != OrderState.Paid && state != OrderState.Disputed) continue;
            if (block.timestamp < order.deadline) {
                if (firstDue == 0) firstDue = order.deadline;
                continue;
            }
            // Slither reentrancy-no-eth (cross-order): a disputed order's refund deposits its slash
            // into the suite's RewardsReserve (no callbacks), and refund is nonReentrant; each order's
            // state is written before its own transfers, so a later order never reads a stale one.
            // slither-disable-next-line reentrancy-no-eth
            if (state == OrderState.Paid) _refund(orderId, order, 0);
            else _refundForBuyer(orderId, order, _disputes[orderId].bond, false);
            ++refunded;
        }
        if (refunded == 0) revert NotDue(firstDue, block.timestamp);
        _forwardFees();
        _payBounty(REFUND_KIND, refunded);
    }

    /// @inheritdoc IDataMarket
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDataMarket
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IDataMarket
    function listingOf(uint256 listingId) external view returns (Listing memory) {
        return _listings[listingId];
    }

    /// @inheritdoc IDataMarket
    function proxyOf(address proxy) external view returns (Proxy memory) {
        return _proxies[proxy];
    }

    /// @inheritdoc IDataMarket
    function orderOf(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IDataMarket
    function disputeOf(uint256 orderId) external view returns (Dispute memory) {
        return _disputes[orderId];
    }

    /// @inheritdoc IDataMarket
    function keyShared(uint256 listingId, address proxy) external view returns (bool) {
        return _sharedFee[listingId][proxy] != 0;
    }

    /// @inheritdoc IDataMarket
    function feeBpsOf(uint256 listingId, address proxy) external view returns (uint256) {
        uint256 sharedFee = _sharedFee[listingId][proxy];
        if (sharedFee == 0) revert KeyNotShared(listingId, proxy);
        return Math.min(_proxies[proxy].feeBps, sharedFee - 1);
    }

    /// @inheritdoc IDataMarket
    function listingCount() external view returns (uint256) {
        return _listingCount;
    }

    /// @inheritdoc IDataMarket
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IDataMarket
    function upkeepFee() public view returns (uint256) {
        uint256 bounty = Math.max(keeperRewards.kindOf(RELEASE_KIND).bounty, keeperRewards.kindOf(REFUND_KIND).bounty);
        return _parameters.minUpkeepFee + bounty;
    }

    /// @inheritdoc IDataMarket
    function escrowed() external view returns (uint256) {
        return _escrowed;
    }

    /// @inheritdoc IDataMarket
    function totalCollateral() external view returns (uint256) {
        return _totalCollateral;
    }

    /// @inheritdoc IDataMarket
    function bonds() external view returns (uint256) {
        return _bonds;
    }

    /// @inheritdoc IDataMarket
    function heldFees() external view returns (uint256) {
        return _heldFees;
    }

    /// @inheritdoc IDataMarket
    function dueOf(uint256 orderId) external view returns (bool releasable, bool refundable) {
        Order memory order = _orders[orderId];
        bool past = block.timestamp >= order.deadline;
        releasable = past && order.state == OrderState.Delivered;
        refundable = past && (order.state == OrderState.Paid || order.state == OrderState.Disputed);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Pays the seller the price minus the proxy's fee and the proxy its fee.
    function _complete(uint256 orderId, Order storage order) private {
        uint256 price = order.price;
        address proxy = order.proxy;
        address seller = _listings[order.listingId].seller;
        uint256 proxyFee = (price * order.feeBps) / _BPS;
        order.state = OrderState.Completed;
        _escrowed -= price;
        --_proxies[proxy].openOrders;
        emit OrderCompleted(orderId, seller, proxy, price - proxyFee, proxyFee, msg.sender);
        token.safeTransfer(seller, price - proxyFee);
        if (proxyFee != 0) token.safeTransfer(proxy, proxyFee);
    }

    /// @dev Ends a dispute for the buyer: by verdict (`decided`: the proxy is slashed) or by default.
    function _refundForBuyer(uint256 orderId, Order storage order, uint256 bond, bool decided) private {
        _bonds -= bond;
        uint256 slashed = decided ? _slash(order.proxy, orderId) : 0;
        emit DisputeResolved(orderId, true, decided, slashed, order.buyer);
        _refund(orderId, order, bond);
        if (slashed != 0) reserve.deposit(slashed, SLASH_REASON);
    }

    /// @dev Returns the price (and `extra`, a dispute bond) to the buyer.
    function _refund(uint256 orderId, Order storage order, uint256 extra) private {
        uint256 price = order.price;
        address buyer = order.buyer;
        order.state = OrderState.Refunded;
        _escrowed -= price;
        --_proxies[order.proxy].openOrders;
        emit OrderRefunded(orderId, buyer, price, msg.sender);
        token.safeTransfer(buyer, price + extra);
    }

    /// @dev Takes `slashBps` of the proxy's collateral and of its pending withdrawal (each rounded
    /// down); the caller deposits it into the RewardsReserve.
    function _slash(address proxyAddress, uint256 orderId) private returns (uint256 amount) {
        Proxy storage proxy = _proxies[proxyAddress];
        uint256 bps = _parameters.slashBps;
        uint256 fromCollateral = (uint256(proxy.collateral) * bps) / _BPS;
        uint256 fromPending = (uint256(proxy.pending) * bps) / _BPS;
        amount = fromCollateral + fromPending;
        proxy.collateral -= uint96(fromCollateral);
        proxy.pending -= uint96(fromPending);
        _totalCollateral -= amount;
        emit ProxySlashed(proxyAddress, orderId, amount, proxy.collateral, proxy.pending);
    }

    /// @dev The seats of `term` that may vote on `order` (filled, not emptied, not a party, and each
    /// member once: its first seat) and the votes that decide: ceil(2/3) of them.
    function _eligibleSeats(uint256 term, Order storage order) private view returns (uint256 eligible, uint256 needed) {
        address[] memory members = committee.membersOf(term);
        address seller = _listings[order.listingId].seller;
        address buyer = order.buyer;
        address proxy = order.proxy;
        uint256 count = 0;
        for (uint256 seat = 0; seat < members.length; ++seat) {
            address member = members[seat];
            if (member == address(0) || member == buyer || member == seller || member == proxy) continue;
            if (_seatedBefore(members, seat)) continue;
            eligible |= 1 << seat;
            ++count;
        }
        needed = Math.ceilDiv(2 * count, 3);
    }

    /// @dev Whether `members[seat]` holds an earlier seat too (at most MAX_SEATS, so O(1) bounded).
    function _seatedBefore(address[] memory members, uint256 seat) private pure returns (bool) {
        for (uint256 i = 0; i < seat; ++i) if (members[i] == members[seat]) return true;
        return false;
    }

    function _forwardFees() private {
        uint256 fees = _heldFees;
        if (fees == 0) return;
        _heldFees = 0;
        token.safeTransfer(address(keeperRewards), fees);
    }

    function _setParameters(Parameters memory p) private {
        if (
            p.minPrice == 0 ||
            p.minCollateral == 0 ||
            p.minUpkeepFee == 0 ||
            p.maxFeeBps > _BPS ||
            p.slashBps == 0 ||
            p.slashBps > _BPS ||
            p.deliveryWindow == 0 ||
            p.deliveryWindow > MAX_WINDOW ||
            p.confirmationWindow == 0 ||
            p.confirmationWindow > MAX_WINDOW ||
            p.disputeWindow == 0 ||
            p.disputeWindow > MAX_WINDOW ||
            p.withdrawDelay == 0 ||
            p.withdrawDelay > MAX_WINDOW
        ) revert InvalidParameters(p);
        _parameters = p;
        emit ParametersChanged(p);
    }

    function _listing(uint256 listingId) private view returns (Listing storage listing) {
        listing = _listings[listingId];
        if (listing.seller == address(0)) revert UnknownListing(listingId);
    }

    function _sellerListing(uint256 listingId) private view returns (Listing storage listing) {
        listing = _listing(listingId);
        if (msg.sender != listing.seller) revert NotSeller(listingId, msg.sender, listing.seller);
    }

    function _registered(address account) private view returns (Proxy storage proxy) {
        proxy = _proxies[account];
        if (!proxy.registered) revert NotProxy(account);
    }

    function _order(uint256 orderId) private view returns (Order storage order) {
        order = _orders[orderId];
        if (order.state == OrderState.None) revert UnknownOrder(orderId);
    }

    function _buyerOrder(uint256 orderId) private view returns (Order storage order) {
        order = _order(orderId);
        if (msg.sender != order.buyer) revert NotBuyer(orderId, msg.sender, order.buyer);
    }

    function _expect(uint256 orderId, OrderState state, OrderState expected) private pure {
        if (state != expected) revert WrongState(orderId, state);
    }

    function _within(uint256 orderId, uint256 deadline) private view {
        if (block.timestamp >= deadline) revert WindowClosed(orderId, deadline, block.timestamp);
    }

    function _popcount(uint256 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }
}
