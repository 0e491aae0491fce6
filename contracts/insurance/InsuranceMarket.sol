// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IIndexOracle} from "../interfaces/IIndexOracle.sol";
import {IInsuranceMarket} from "../interfaces/IInsuranceMarket.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {PremiumStream} from "../libraries/PremiumStream.sol";
import {Subjects} from "../libraries/Subjects.sol";

/// @title InsuranceMarket
/// @notice Parametric insurance (DESIGN §8): products created by anyone, each with its own
/// underwriter pool, policies that lock their full maximum payout, and permissionless settlement
/// from the IndexOracle's final values that pays holders directly.
/// @dev Choices the design leaves open (DEVELOPERS.md, "Insurance: InsuranceMarket"):
/// - Shares: shares = assets × (totalShares + 10^6) / (value + 1) (OpenZeppelin's virtual offset,
///   k = 6). The deposit value is assets − unearned premium (locked capital counts as an asset);
///   the withdrawal value is that minus `lockedMatured` (capital locked for subjects whose
///   observation bucket has started counts as lost until settled). Only free capital (assets −
///   locked − unearned) leaves. Assets are internal: a donation moves nothing.
/// - Premium is earned linearly from purchase to the end of the hour bucket of the subject's
///   observation time; capital counts as matured from the start of that bucket (PremiumStream).
/// - Policy ids: productId << 96 | subject's sequence in the product << 32 | index in the subject's
///   book (from 1), so settlement finds the book's i-th policy without a list. A policy's state
///   after settlement comes from the book's cursor and recorded outcome, not from a write per policy.
/// - The upkeep fee (≥ the settle bounty) is held by the market and forwarded to KeeperRewards by
///   the next `settle`, before its bounty: one transfer per settle instead of one per purchase.
/// - A void subject is settled (premiums refunded) once its earning term has ended too.
contract InsuranceMarket is Upkeep, IInsuranceMarket, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using PremiumStream for PremiumStream.Stream;

    /// @notice The upkeep kind of `settle`, one unit per policy processed.
    bytes32 public constant SETTLE_KIND = "InsuranceMarket.settle";
    /// @notice At most this many payout tiers per product.
    uint256 public constant MAX_TIERS = 8;
    /// @notice How far ahead a policy's subject may be observed (audit I5: a subject observed a
    /// century ahead would lock its capital for a century, whatever the sale window).
    uint256 public constant MAX_HORIZON = 366 days;
    /// @notice Virtual shares of every pool (10^6): the inflation attack's cost.
    uint256 public constant SHARE_OFFSET = 1e6;
    uint256 private constant _BPS = 10_000;

    /// @notice The token premiums, capital and payouts are in (the base token).
    IERC20 public immutable token;
    /// @inheritdoc IInsuranceMarket
    IIndexOracle public immutable oracle;
    /// @notice The least upkeep fee a policy pays, whatever the settle bounty.
    uint256 public immutable minUpkeepFee;

    /// @dev A product's terms as buyPolicy and settle read them: one slot each.
    struct Config {
        uint16 premiumBps;
        uint16 topBps;
        uint8 tierCount;
        Comparator comparator;
        uint64 saleStart;
        uint64 saleEnd;
        uint64 minLeadTime;
    }

    struct Limits {
        uint96 maxSumInsured;
        uint128 maxExposure;
        uint32 subjects;
    }

    struct Product {
        bytes32 feedId;
        Config config;
        Limits limits;
    }

    /// @dev A subject's book. `outcome` and `tier` (the tier reached, 1-based, 0 none) are recorded
    /// by the first settle call, `value` with them.
    struct Book {
        uint32 seq;
        uint32 policies;
        uint32 settled;
        uint128 exposure;
        IIndexOracle.RoundState outcome;
        uint8 tier;
        uint128 premiums;
        int64 value;
    }

    struct PolicyRecord {
        address holder;
        uint64 boughtAt;
    }

    /// @dev The payee (zero: the holder) and the sum insured, in one slot.
    struct Cover {
        address payee;
        uint96 sumInsured;
    }

    /// @dev A payment a settle call owes, made after its effects.
    struct Payment {
        uint256 policyId;
        address payee;
        uint256 amount;
    }

    /// @dev What a settle call's policies release and pay.
    struct Batch {
        uint256 released;
        uint256 outflow;
        uint256 count;
        Payment[] payments;
    }

    uint256 public productCount;
    uint256 public totalOwed;
    /// @notice Upkeep fees taken and not yet forwarded to KeeperRewards.
    uint256 public heldFees;

    mapping(uint256 productId => Product product) private _products;
    // Slither uninitialized-state: written field by field through a storage pointer in
    // createProduct (its tests read every field back through productOf); Slither misses the writes.
    // slither-disable-next-line uninitialized-state
    mapping(uint256 productId => ProductTerms terms) private _terms;
    mapping(uint256 productId => PremiumStream.Stream pool) private _pools;
    mapping(uint256 productId => mapping(address account => uint256 shares)) private _shares;
    mapping(uint256 productId => mapping(bytes32 subject => Book book)) private _books;
    mapping(uint256 productId => mapping(uint256 seq => bytes32 subject)) private _subjectAt;
    mapping(uint256 policyId => PolicyRecord record) private _policies;
    mapping(uint256 policyId => Cover cover) private _covers;
    mapping(address account => uint256 amount) private _owed;

    /// @param token_ The base token.
    /// @param oracle_ The IndexOracle (this market must be one of its consumers).
    /// @param keeperRewards_ Where the settle bounty is paid from (SETTLE_KIND registered there).
    /// @param minUpkeepFee_ The least non-refundable fee per policy; must be positive.
    constructor(
        IERC20 token_,
        IIndexOracle oracle_,
        IKeeperRewards keeperRewards_,
        uint256 minUpkeepFee_
    ) Upkeep(keeperRewards_) {
        if (minUpkeepFee_ == 0) revert InvalidUpkeepFee(minUpkeepFee_);
        token = token_;
        oracle = oracle_;
        minUpkeepFee = minUpkeepFee_;
    }

    // ----- products -----

    /// @inheritdoc IInsuranceMarket
    function createProduct(ProductTerms calldata terms) external returns (uint256 productId) {
        uint256 topBps = _checkTiers(terms.tiers, terms.comparator);
        if (terms.premiumBps == 0 || terms.premiumBps >= topBps) revert InvalidPremiumRate(terms.premiumBps, topBps);
        if (terms.saleStart >= terms.saleEnd || terms.saleEnd <= block.timestamp) {
            revert InvalidSaleWindow(terms.saleStart, terms.saleEnd, block.timestamp);
        }
        if (terms.minLeadTime == 0) revert InvalidLeadTime(0);
        if (terms.maxSumInsured == 0 || terms.maxSumInsured > type(uint96).max) {
            revert InvalidMaxSumInsured(terms.maxSumInsured, type(uint96).max);
        }
        uint256 largest = (uint256(terms.maxSumInsured) * topBps) / _BPS;
        if (terms.maxExposurePerSubject < largest) revert InvalidExposureCap(terms.maxExposurePerSubject, largest);
        if (!oracle.feedOf(terms.feedId).exists) revert UnknownFeed(terms.feedId);

        productId = ++productCount;
        _products[productId] = Product({
            feedId: terms.feedId,
            config: Config({
                premiumBps: terms.premiumBps,
                topBps: uint16(topBps),
                tierCount: uint8(terms.tiers.length),
                comparator: terms.comparator,
                saleStart: terms.saleStart,
                saleEnd: terms.saleEnd,
                minLeadTime: terms.minLeadTime
            }),
            limits: Limits({
                maxSumInsured: uint96(terms.maxSumInsured),
                maxExposure: terms.maxExposurePerSubject,
                subjects: 0
            })
        });
        ProductTerms storage stored = _terms[productId];
        stored.name = terms.name;
        stored.feedId = terms.feedId;
        stored.comparator = terms.comparator;
        for (uint256 i = 0; i < terms.tiers.length; ++i) stored.tiers.push(terms.tiers[i]);
        stored.premiumBps = terms.premiumBps;
        stored.maxSumInsured = terms.maxSumInsured;
        stored.maxExposurePerSubject = terms.maxExposurePerSubject;
        stored.saleStart = terms.saleStart;
        stored.saleEnd = terms.saleEnd;
        stored.minLeadTime = terms.minLeadTime;
        _pools[productId].start(block.timestamp);
        emit ProductCreated(productId, msg.sender, terms.feedId, terms);
        _emitPool(productId);
    }

    // ----- underwriters -----

    /// @inheritdoc IInsuranceMarket
    /// @dev Priced at assets − unearned premium: locked capital counts as an asset, so a depositor
    /// never buys cheap shares that later gain the capital settlement releases.
    function deposit(
        uint256 productId,
        uint256 assets,
        uint256 minShares
    ) external nonReentrant returns (uint256 shares) {
        _product(productId);
        if (assets == 0) revert ZeroAmount();
        PremiumStream.Stream storage pool = _pools[productId];
        PremiumStream.Totals memory totals = pool.walk(block.timestamp);
        uint256 value = pool.assets - PremiumStream.unearned(totals);
        shares = Math.mulDiv(assets, uint256(pool.totalShares) + SHARE_OFFSET, value + 1);
        if (shares == 0 || shares < minShares) revert SharesBelowMin(shares, minShares);
        pool.assets = (pool.assets + assets).toUint96();
        pool.totalShares = (pool.totalShares + shares).toUint160();
        _shares[productId][msg.sender] += shares;
        emit Deposited(productId, msg.sender, assets, shares);
        _emitPool(productId, totals);
        token.safeTransferFrom(msg.sender, address(this), assets);
    }

    /// @inheritdoc IInsuranceMarket
    /// @dev Priced at assets − unearned − lockedMatured (no underwriter exits ahead of a loss), paid
    /// out of free capital (assets − locked − unearned) only.
    function withdraw(
        uint256 productId,
        uint256 shares,
        uint256 minAssets
    ) external nonReentrant returns (uint256 assets) {
        // An unknown product has no shares: InsufficientShares.
        uint256 balance = _shares[productId][msg.sender];
        if (shares == 0 || shares > balance) revert InsufficientShares(shares, balance);
        PremiumStream.Stream storage pool = _pools[productId];
        PremiumStream.Totals memory totals = pool.walk(block.timestamp);
        uint256 unearned = PremiumStream.unearned(totals);
        uint256 value = pool.assets - unearned - totals.lockedMatured;
        assets = Math.mulDiv(shares, value + 1, uint256(pool.totalShares) + SHARE_OFFSET);
        uint256 free = pool.assets - pool.locked - unearned;
        if (assets > free) revert InsufficientFreeCapital(productId, assets, free);
        if (assets == 0 || assets < minAssets) revert AssetsBelowMin(assets, minAssets);
        _shares[productId][msg.sender] = balance - shares;
        pool.totalShares -= uint160(shares);
        pool.assets -= uint96(assets);
        emit Withdrawn(productId, msg.sender, assets, shares);
        _emitPool(productId, totals);
        token.safeTransfer(msg.sender, assets);
    }

    // ----- policies -----

    /// @inheritdoc IInsuranceMarket
    /// @dev The premium is ceil(sum × premiumBps / 10,000), never zero; the maximum payout
    /// (sum × top tier / 10,000) is locked and must fit in free capital and in the subject's
    /// exposure cap. The subject's first policy asks the oracle for its round. Pays the premium and
    /// the non-refundable upkeep fee (`upkeepFee`).
    function buyPolicy(
        uint256 productId,
        bytes32 subject,
        uint256 sumInsured,
        uint256 maxPremium
    ) external nonReentrant returns (uint256 policyId) {
        Product storage product = _product(productId);
        (uint256 observesAt, uint256 premium, uint256 maxPayout) = _quote(
            product,
            productId,
            subject,
            sumInsured,
            maxPremium
        );
        bool first;
        (policyId, first) = _open(product, productId, subject, observesAt, premium, maxPayout);
        _covers[policyId] = Cover({payee: address(0), sumInsured: uint96(sumInsured)});
        uint256 fee = upkeepFee();
        heldFees += fee;

        emit PolicyBought(policyId, productId, subject, msg.sender, sumInsured, premium, maxPayout);
        emit UpkeepFeePaid(policyId, msg.sender, fee);
        _emitPool(productId);
        if (first) oracle.requestRound(product.feedId, subject);
        token.safeTransferFrom(msg.sender, address(this), premium + fee);
    }

    /// @inheritdoc IInsuranceMarket
    /// @dev Holder only, while the policy is active; the market itself is refused (it would
    /// receive a payment it cannot spend).
    function setPayee(uint256 policyId, address payee) external {
        PolicyRecord memory record = _policies[policyId];
        if (record.holder == address(0)) revert UnknownPolicy(policyId);
        if (msg.sender != record.holder) revert NotHolder(policyId, msg.sender, record.holder);
        PolicyState state = _stateOf(policyId);
        if (state != PolicyState.Active) revert PolicyNotActive(policyId, state);
        if (payee == address(this)) revert InvalidPayee(payee);
        _covers[policyId].payee = payee;
        emit PayeeSet(policyId, payee == address(0) ? record.holder : payee);
    }

    // ----- settlement -----

    /// @inheritdoc IInsuranceMarket
    /// @dev Due once the oracle's value is Final (and the observation time has passed) or Void
    /// (and the subject's earning term has ended). The first call records the outcome; later calls
    /// resume from the book's cursor with it. A call after the last policy reverts NotDue(0, now).
    /// Payments are made after the effects, each through a call whose failure keeps the amount as
    /// owed to the payee (`claimOwed`), so a payee that cannot receive never blocks the batch.
    function settle(
        uint256 productId,
        bytes32 subject,
        uint256 maxPolicies
    ) external nonReentrant returns (uint256 processed, uint256 remaining) {
        Product storage product = _product(productId);
        Book storage book = _books[productId][subject];
        Book memory current = book;
        if (current.policies == 0) revert UnknownSubject(productId, subject);
        if (current.settled == current.policies) revert NotDue(0, block.timestamp);
        if (maxPolicies == 0) revert InvalidBatch(maxPolicies);
        uint256 observesAt = Subjects.observesAt(subject);
        if (current.outcome == IIndexOracle.RoundState.None) {
            (current.outcome, current.value, current.tier) = _outcome(productId, product.feedId, subject, observesAt);
            book.outcome = current.outcome;
            book.value = current.value;
            book.tier = current.tier;
        }

        uint256 end = Math.min(uint256(current.settled) + maxPolicies, current.policies);
        processed = end - current.settled;
        remaining = current.policies - end;
        Batch memory batch = _collect(productId, current, end);

        book.settled = uint32(end);
        book.exposure = current.exposure - uint128(batch.released);
        PremiumStream.Stream storage pool = _pools[productId];
        pool.advance(block.timestamp);
        pool.release(_riskStart(observesAt, product.config.minLeadTime), batch.released, batch.outflow);
        emit SubjectSettled(productId, subject, current.outcome, current.value, processed, remaining, msg.sender);
        _emitPool(productId);

        uint256 fees = heldFees;
        if (fees != 0) {
            heldFees = 0;
            emit UpkeepFeesForwarded(fees);
        }
        _pay(batch, current.outcome == IIndexOracle.RoundState.Void, current.tier);
        if (fees != 0) token.safeTransfer(address(keeperRewards), fees);
        _payBounty(SETTLE_KIND, processed);
    }

    /// @inheritdoc IInsuranceMarket
    function claimOwed() external nonReentrant returns (uint256 amount) {
        amount = _takeOwed();
        emit OwedClaimed(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IInsuranceMarket
    function claimOwedTo(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert InvalidPayee(to);
        amount = _takeOwed();
        emit OwedClaimed(msg.sender, amount);
        emit OwedClaimedTo(msg.sender, to, amount);
        token.safeTransfer(to, amount);
    }

    // ----- views -----

    /// @inheritdoc IInsuranceMarket
    function upkeepFee() public view returns (uint256) {
        return Math.max(minUpkeepFee, 2 * uint256(keeperRewards.kindOf(SETTLE_KIND).bounty));
    }

    /// @inheritdoc IInsuranceMarket
    function productOf(uint256 productId) external view returns (ProductTerms memory) {
        _product(productId);
        return _terms[productId];
    }

    /// @inheritdoc IInsuranceMarket
    /// @dev As of now: earned premium and matured capital brought to the block's time.
    function poolOf(uint256 productId) public view returns (Pool memory pool) {
        PremiumStream.Stream storage stream = _pools[productId];
        PremiumStream.Totals memory totals = stream.walk(block.timestamp);
        pool = Pool({
            assets: stream.assets,
            locked: stream.locked,
            unearned: PremiumStream.unearned(totals),
            lockedMatured: totals.lockedMatured,
            totalShares: stream.totalShares
        });
    }

    /// @inheritdoc IInsuranceMarket
    function sharesOf(uint256 productId, address account) external view returns (uint256) {
        return _shares[productId][account];
    }

    /// @inheritdoc IInsuranceMarket
    /// @dev `payee` is where a payment goes (the holder unless it named another address); the
    /// premium and maximum payout are recomputed from the product's rates.
    function policyOf(uint256 policyId) external view returns (Policy memory policy) {
        PolicyRecord memory record = _policies[policyId];
        if (record.holder == address(0)) revert UnknownPolicy(policyId);
        Cover memory cover = _covers[policyId];
        uint256 productId = policyId >> 96;
        Config memory config = _products[productId].config;
        policy = Policy({
            productId: productId,
            subject: _subjectAt[productId][uint64(policyId >> 32)],
            holder: record.holder,
            payee: cover.payee == address(0) ? record.holder : cover.payee,
            sumInsured: cover.sumInsured,
            premium: uint128(_premium(cover.sumInsured, config.premiumBps)),
            maxPayout: uint128((uint256(cover.sumInsured) * config.topBps) / _BPS),
            boughtAt: record.boughtAt,
            state: _stateOf(policyId)
        });
    }

    /// @inheritdoc IInsuranceMarket
    function subjectOf(uint256 productId, bytes32 subject) external view returns (SubjectBook memory) {
        Book memory book = _books[productId][subject];
        return
            SubjectBook({
                policies: book.policies,
                settled: book.settled,
                exposure: book.exposure,
                premiums: book.premiums
            });
    }

    /// @inheritdoc IInsuranceMarket
    function settleableOf(
        uint256 productId,
        bytes32 subject
    ) external view returns (bool due, IIndexOracle.RoundState state, uint256 remaining) {
        Book memory book = _books[productId][subject];
        remaining = book.policies - book.settled;
        if (book.policies == 0) return (false, IIndexOracle.RoundState.None, 0);
        state = book.outcome;
        if (state == IIndexOracle.RoundState.None) {
            // Slither unused-return: whether it is due depends on the state only.
            // slither-disable-next-line unused-return
            (state, ) = oracle.valueOf(_products[productId].feedId, subject);
            uint256 observesAt = Subjects.observesAt(subject);
            due =
                (state == IIndexOracle.RoundState.Final && block.timestamp >= observesAt) ||
                (state == IIndexOracle.RoundState.Void && block.timestamp >= PremiumStream.earningEnd(observesAt));
        } else {
            due = true;
        }
        due = due && remaining != 0;
    }

    /// @inheritdoc IInsuranceMarket
    function owedOf(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc IInsuranceMarket
    function quotePremium(uint256 productId, uint256 sumInsured) external view returns (uint256) {
        return _premium(sumInsured, _product(productId).config.premiumBps);
    }

    /// @inheritdoc IInsuranceMarket
    function previewDeposit(uint256 productId, uint256 assets) external view returns (uint256 shares) {
        Pool memory pool = poolOf(productId);
        return Math.mulDiv(assets, pool.totalShares + SHARE_OFFSET, pool.assets - pool.unearned + 1);
    }

    /// @inheritdoc IInsuranceMarket
    /// @dev What `withdraw` would pay if free capital allows it (it refuses more than free capital).
    function previewWithdraw(uint256 productId, uint256 shares) external view returns (uint256 assets) {
        Pool memory pool = poolOf(productId);
        return
            Math.mulDiv(shares, pool.assets - pool.unearned - pool.lockedMatured + 1, pool.totalShares + SHARE_OFFSET);
    }

    /// @notice Free capital of `productId`'s pool now: what withdrawals and new policies may use.
    function freeCapitalOf(uint256 productId) external view returns (uint256) {
        Pool memory pool = poolOf(productId);
        return pool.assets - pool.locked - pool.unearned;
    }

    // ----- internals -----

    function _product(uint256 productId) private view returns (Product storage product) {
        if (productId == 0 || productId > productCount) revert UnknownProduct(productId);
        return _products[productId];
    }

    /// @dev Checks a sale's window, lead time and sum; returns its observation time, premium and
    /// maximum payout.
    function _quote(
        Product storage product,
        uint256 productId,
        bytes32 subject,
        uint256 sumInsured,
        uint256 maxPremium
    ) private view returns (uint256 observesAt, uint256 premium, uint256 maxPayout) {
        Config memory config = product.config;
        if (block.timestamp < config.saleStart || block.timestamp >= config.saleEnd) {
            revert SaleClosed(productId, config.saleStart, config.saleEnd, block.timestamp);
        }
        Subjects.check(subject);
        observesAt = Subjects.observesAt(subject);
        if (block.timestamp + config.minLeadTime > observesAt) {
            revert WithinLeadTime(subject, _lastSaleAt(observesAt, config.minLeadTime), block.timestamp);
        }
        if (observesAt > block.timestamp + MAX_HORIZON) {
            revert ObservationTooFar(subject, observesAt, block.timestamp + MAX_HORIZON);
        }
        uint256 maxSum = product.limits.maxSumInsured;
        if (sumInsured == 0 || sumInsured > maxSum) revert InvalidSumInsured(sumInsured, maxSum);
        premium = _premium(sumInsured, config.premiumBps);
        if (premium > maxPremium) revert PremiumAboveMax(premium, maxPremium);
        maxPayout = (sumInsured * config.topBps) / _BPS;
        if (maxPayout == 0) revert PayoutRoundsToZero(sumInsured, config.topBps);
        // Rounding (premium up, payout down) can put a tiny policy's premium above its payout; a
        // void refund would then take more from the pool than the policy released.
        if (premium > maxPayout) revert PremiumAbovePayout(sumInsured, premium, maxPayout);
    }

    /// @dev Books a policy: the subject's exposure cap, the pool's free capital, the book, the
    /// holder's record and the pool's streams. Returns its id and whether it is the subject's first.
    function _open(
        Product storage product,
        uint256 productId,
        bytes32 subject,
        uint256 observesAt,
        uint256 premium,
        uint256 maxPayout
    ) private returns (uint256 policyId, bool first) {
        Book memory current = _books[productId][subject];
        uint256 exposure = current.exposure + maxPayout;
        uint256 cap = product.limits.maxExposure;
        if (exposure > cap) revert ExposureCapExceeded(productId, subject, exposure, cap);

        PremiumStream.Stream storage pool = _pools[productId];
        pool.advance(block.timestamp);
        uint256 free = pool.assets - pool.locked - (pool.unearnedScaled >> 32);
        if (maxPayout > free) revert InsufficientFreeCapital(productId, maxPayout, free);

        first = current.policies == 0;
        if (first) {
            current.seq = ++product.limits.subjects;
            _subjectAt[productId][current.seq] = subject;
        }
        ++current.policies;
        current.exposure = uint128(exposure);
        current.premiums += uint128(premium);
        _books[productId][subject] = current;
        policyId = _policyId(productId, current.seq, current.policies);
        _policies[policyId] = PolicyRecord({holder: msg.sender, boughtAt: uint64(block.timestamp)});
        pool.add(_riskStart(observesAt, product.config.minLeadTime), premium, maxPayout, block.timestamp);
    }

    /// @dev Validates sorted, increasing, bounded tiers; returns the top payout.
    function _checkTiers(Tier[] calldata tiers, Comparator comparator) private pure returns (uint256 topBps) {
        if (tiers.length == 0 || tiers.length > MAX_TIERS) revert InvalidTierCount(tiers.length, MAX_TIERS);
        for (uint256 i = 0; i < tiers.length; ++i) {
            Tier calldata tier = tiers[i];
            if (tier.payoutBps > _BPS) revert PayoutAboveMax(i, tier.payoutBps, _BPS);
            if (tier.payoutBps <= topBps) revert PayoutsNotIncreasing(i, topBps, tier.payoutBps);
            if (i > 0) {
                int64 previous = tiers[i - 1].threshold;
                bool sorted = comparator == Comparator.AtLeast ? tier.threshold > previous : tier.threshold < previous;
                if (!sorted) revert ThresholdsNotSorted(i, previous, tier.threshold, comparator);
            }
            topBps = tier.payoutBps;
        }
    }

    /// @dev The oracle's outcome for a book's first settle call, with the tier reached.
    function _outcome(
        uint256 productId,
        bytes32 feedId,
        bytes32 subject,
        uint256 observesAt
    ) private view returns (IIndexOracle.RoundState state, int64 value, uint8 tier) {
        int256 reported;
        (state, reported) = oracle.valueOf(feedId, subject);
        if (state == IIndexOracle.RoundState.Final) {
            if (block.timestamp < observesAt) revert NotDue(observesAt, block.timestamp);
            value = int64(reported);
            tier = _tierReached(productId, reported);
        } else if (state == IIndexOracle.RoundState.Void) {
            uint256 earningEnd = PremiumStream.earningEnd(observesAt);
            if (block.timestamp < earningEnd) revert NotDue(earningEnd, block.timestamp);
        } else {
            IIndexOracle.Feed memory feed = oracle.feedOf(feedId);
            revert NotDue(observesAt + feed.reportDeadline + feed.grace, block.timestamp);
        }
    }

    /// @dev The highest tier (1-based) `value` reaches, 0 if none; a value exactly at a threshold
    /// reaches it for both comparators.
    function _tierReached(uint256 productId, int256 value) private view returns (uint8) {
        ProductTerms storage terms = _terms[productId];
        bool atLeast = terms.comparator == Comparator.AtLeast;
        for (uint256 i = terms.tiers.length; i > 0; --i) {
            int256 threshold = terms.tiers[i - 1].threshold;
            if (atLeast ? value >= threshold : value <= threshold) return uint8(i);
        }
        return 0;
    }

    /// @dev Walks the book's policies (settled, end]: expired ones are reported here, payments and
    /// refunds are collected for after the effects.
    function _collect(uint256 productId, Book memory current, uint256 end) private returns (Batch memory batch) {
        Config memory config = _products[productId].config;
        bool void = current.outcome == IIndexOracle.RoundState.Void;
        uint256 payBps = current.tier == 0 ? 0 : _terms[productId].tiers[current.tier - 1].payoutBps;
        batch.payments = new Payment[](end - current.settled);
        for (uint256 i = current.settled + 1; i <= end; ++i) {
            uint256 policyId = _policyId(productId, current.seq, i);
            Cover memory cover = _covers[policyId];
            uint256 maxPayout = (uint256(cover.sumInsured) * config.topBps) / _BPS;
            batch.released += maxPayout;
            uint256 amount;
            if (void) {
                amount = _premium(cover.sumInsured, config.premiumBps);
            } else if (payBps != 0) {
                amount = (uint256(cover.sumInsured) * payBps) / _BPS;
            } else {
                emit PolicyExpired(policyId, maxPayout);
                continue;
            }
            batch.outflow += amount;
            address payee = cover.payee == address(0) ? _policies[policyId].holder : cover.payee;
            batch.payments[batch.count++] = Payment(policyId, payee, amount);
        }
    }

    /// @dev Delivers a settle call's payments; one that fails is kept as owed to its payee.
    function _pay(Batch memory batch, bool refund, uint256 tier) private {
        uint256 undelivered = 0;
        for (uint256 k = 0; k < batch.count; ++k) {
            Payment memory payment = batch.payments[k];
            bool delivered = _tryTransfer(payment.payee, payment.amount);
            if (!delivered) {
                // Slither reentrancy-no-eth: settle is nonReentrant and the token is the base token;
                // the amount is owed because the transfer just failed.
                // slither-disable-next-line reentrancy-no-eth
                _owed[payment.payee] += payment.amount;
                undelivered += payment.amount;
            }
            if (refund) emit PolicyRefunded(payment.policyId, payment.payee, payment.amount, delivered);
            else emit PolicyPaid(payment.policyId, payment.payee, payment.amount, tier, delivered);
        }
        if (undelivered != 0) totalOwed += undelivered;
    }

    /// @dev A transfer that reports failure instead of reverting (a payee the token refuses).
    function _tryTransfer(address to, uint256 amount) private returns (bool) {
        if (amount == 0) return true;
        try token.transfer(to, amount) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }

    function _takeOwed() private returns (uint256 amount) {
        amount = _owed[msg.sender];
        if (amount == 0) revert NothingOwed(msg.sender);
        _owed[msg.sender] = 0;
        totalOwed -= amount;
    }

    function _stateOf(uint256 policyId) private view returns (PolicyState) {
        uint256 productId = policyId >> 96;
        Book storage book = _books[productId][_subjectAt[productId][uint64(policyId >> 32)]];
        if (uint32(policyId) > book.settled) return PolicyState.Active;
        if (book.outcome == IIndexOracle.RoundState.Void) return PolicyState.Refunded;
        return book.tier == 0 ? PolicyState.Expired : PolicyState.Paid;
    }

    /// @dev The pool as of now (after a deposit or withdrawal, which only walk, `totals` is the walk's;
    /// after an advance it is the stored state).
    function _emitPool(uint256 productId, PremiumStream.Totals memory totals) private {
        PremiumStream.Stream storage pool = _pools[productId];
        emit PoolUpdated(
            productId,
            pool.assets,
            pool.locked,
            PremiumStream.unearned(totals),
            totals.lockedMatured,
            pool.totalShares
        );
    }

    function _emitPool(uint256 productId) private {
        PremiumStream.Stream storage pool = _pools[productId];
        emit PoolUpdated(
            productId,
            pool.assets,
            pool.locked,
            pool.unearnedScaled >> 32,
            pool.lockedMatured,
            pool.totalShares
        );
    }

    function _premium(uint256 sumInsured, uint256 premiumBps) private pure returns (uint256) {
        return Math.mulDiv(sumInsured, premiumBps, _BPS, Math.Rounding.Ceil);
    }

    function _policyId(uint256 productId, uint256 seq, uint256 index) private pure returns (uint256) {
        return (productId << 96) | (seq << 32) | index;
    }

    /// @dev Where a policy's coverage term ends for the pool (audit I8, I4): at the start of the
    /// product's lead time before the observation, from which no one may buy because the outcome
    /// may be forming (rain since morning on a day observed at its end). Premium is earned up to
    /// it and the subject's locked capital counts as lost for withdrawals from it, so an informed
    /// underwriter cannot leave at full price while the outcome forms. Products set their lead time
    /// to cover the index period (a rain day: at least a day).
    function _riskStart(uint256 observesAt, uint256 minLeadTime) private pure returns (uint256) {
        return observesAt - minLeadTime;
    }

    function _lastSaleAt(uint256 observesAt, uint256 minLeadTime) private pure returns (uint256) {
        return observesAt > minLeadTime ? observesAt - minLeadTime : 0;
    }
}
