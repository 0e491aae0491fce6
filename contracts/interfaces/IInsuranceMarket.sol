// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIndexOracle} from "./IIndexOracle.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title IInsuranceMarket
/// @notice Parametric insurance (DESIGN §8): products created by anyone, each with its own
/// underwriter pool in base tokens (ERC-4626-style shares with a virtual offset and internal asset
/// accounting), policies that lock their full maximum payout, and permissionless settlement from
/// the IndexOracle's final values that pays holders directly, no claim filed.
/// @dev The skeleton of the interface; the implementation adds its events, errors and views.
interface IInsuranceMarket is IUpkeep {
    enum Comparator {
        AtLeast,
        AtMost
    }

    enum PolicyState {
        None,
        Active,
        Paid,
        Expired,
        Refunded
    }

    /// @notice A payout tier: when the final value reaches `threshold` (by the product's comparator)
    /// the policy pays `payoutBps` of its sum insured. The highest tier reached pays, once.
    struct Tier {
        int64 threshold;
        uint16 payoutBps;
    }

    struct ProductTerms {
        string name;
        bytes32 feedId;
        Comparator comparator;
        Tier[] tiers;
        uint16 premiumBps;
        uint128 maxSumInsured;
        uint128 maxExposurePerSubject;
        uint64 saleStart;
        uint64 saleEnd;
        uint64 minLeadTime;
    }

    /// @notice A product's pool, in base tokens: `assets` held (capital and premiums), `locked` by
    /// active policies (their full maximum payouts), `unearned` premium (earned linearly over each
    /// policy's coverage term, up to its subject's observation time), `lockedMatured` (locked for
    /// subjects past their observation time, counted as lost by withdrawals until settled).
    struct Pool {
        uint256 assets;
        uint256 locked;
        uint256 unearned;
        uint256 lockedMatured;
        uint256 totalShares;
    }

    struct Policy {
        uint256 productId;
        bytes32 subject;
        address holder;
        address payee;
        uint128 sumInsured;
        uint128 premium;
        uint128 maxPayout;
        uint64 boughtAt;
        PolicyState state;
    }

    /// @notice A subject's book under a product: its policies in purchase order, how far
    /// settlement got, and the exposure (Σ maximum payouts) still locked for it.
    struct SubjectBook {
        uint256 policies;
        uint256 settled;
        uint256 exposure;
        uint256 premiums;
    }

    event ProductCreated(
        uint256 indexed productId,
        address indexed creator,
        bytes32 indexed feedId,
        ProductTerms terms
    );
    /// @notice After every change of a pool: the numbers a dashboard plots (share price = what a
    /// withdrawal of one share would pay, see `previewWithdraw`).
    event PoolUpdated(
        uint256 indexed productId,
        uint256 assets,
        uint256 locked,
        uint256 unearned,
        uint256 lockedMatured,
        uint256 totalShares
    );
    event Deposited(uint256 indexed productId, address indexed underwriter, uint256 assets, uint256 shares);
    event Withdrawn(uint256 indexed productId, address indexed underwriter, uint256 assets, uint256 shares);
    event PolicyBought(
        uint256 indexed policyId,
        uint256 indexed productId,
        bytes32 indexed subject,
        address holder,
        uint256 sumInsured,
        uint256 premium,
        uint256 maxPayout
    );
    event PayeeSet(uint256 indexed policyId, address indexed payee);
    /// @notice A triggered policy paid `amount` (tier `tier`), delivered or kept as owed to `payee`.
    event PolicyPaid(uint256 indexed policyId, address indexed payee, uint256 amount, uint256 tier, bool delivered);
    /// @notice An untriggered policy expired and released `released`.
    event PolicyExpired(uint256 indexed policyId, uint256 released);
    /// @notice A policy of a void subject refunded its premium, delivered or kept as owed.
    event PolicyRefunded(uint256 indexed policyId, address indexed payee, uint256 premium, bool delivered);
    /// @notice One settle call on a subject: its outcome, the policies it processed and those left.
    event SubjectSettled(
        uint256 indexed productId,
        bytes32 indexed subject,
        IIndexOracle.RoundState outcome,
        int256 value,
        uint256 processed,
        uint256 remaining,
        address keeper
    );
    event OwedClaimed(address indexed account, uint256 amount);
    /// @notice `holder` paid the non-refundable upkeep fee `fee` for `policyId` (it funds the
    /// settlement bounty of that policy; held by the market until the next `settle` forwards it).
    event UpkeepFeePaid(uint256 indexed policyId, address indexed holder, uint256 fee);
    /// @notice Held upkeep fees (`amount`) forwarded to KeeperRewards.
    event UpkeepFeesForwarded(uint256 amount);
    /// @notice An account claimed what it was owed to `to` (itself or an address it named).
    event OwedClaimedTo(address indexed account, address indexed to, uint256 amount);

    error UnknownProduct(uint256 productId);
    error UnknownFeed(bytes32 feedId);
    error InvalidTierCount(uint256 count, uint256 max);
    error ThresholdsNotSorted(uint256 tier, int256 previous, int256 threshold, Comparator comparator);
    error PayoutsNotIncreasing(uint256 tier, uint256 previousBps, uint256 payoutBps);
    error PayoutAboveMax(uint256 tier, uint256 payoutBps, uint256 maxBps);
    /// @notice The premium rate must be positive and below the top tier's payout.
    error InvalidPremiumRate(uint256 premiumBps, uint256 topPayoutBps);
    error InvalidSaleWindow(uint256 saleStart, uint256 saleEnd, uint256 nowAt);
    error InvalidLeadTime(uint256 minLeadTime);
    error InvalidMaxSumInsured(uint256 maxSumInsured, uint256 limit);
    /// @notice The exposure cap must hold at least one policy of the maximum sum insured.
    error InvalidExposureCap(uint256 maxExposurePerSubject, uint256 largestMaxPayout);
    error SaleClosed(uint256 productId, uint256 saleStart, uint256 saleEnd, uint256 nowAt);
    /// @notice No sale after `lastSaleAt` (the subject's observation time minus the lead time).
    error WithinLeadTime(bytes32 subject, uint256 lastSaleAt, uint256 nowAt);
    /// @notice The subject is observed later than `latest` (now + MAX_HORIZON, audit I5).
    error ObservationTooFar(bytes32 subject, uint256 observesAt, uint256 latest);
    error InvalidSumInsured(uint256 sumInsured, uint256 maxSumInsured);
    /// @notice A sum insured so small that its maximum payout rounds to zero.
    error PayoutRoundsToZero(uint256 sumInsured, uint256 topPayoutBps);
    error PremiumAboveMax(uint256 premium, uint256 maxPremium);
    /// @notice A sum so small that its premium (rounded up) exceeds its maximum payout (rounded down).
    error PremiumAbovePayout(uint256 sumInsured, uint256 premium, uint256 maxPayout);
    error ExposureCapExceeded(uint256 productId, bytes32 subject, uint256 exposure, uint256 cap);
    error InsufficientFreeCapital(uint256 productId, uint256 needed, uint256 free);
    error ZeroAmount();
    error SharesBelowMin(uint256 shares, uint256 minShares);
    error AssetsBelowMin(uint256 assets, uint256 minAssets);
    error InsufficientShares(uint256 shares, uint256 balance);
    error UnknownPolicy(uint256 policyId);
    error NotHolder(uint256 policyId, address caller, address holder);
    error PolicyNotActive(uint256 policyId, PolicyState state);
    error InvalidPayee(address payee);
    error UnknownSubject(uint256 productId, bytes32 subject);
    error InvalidBatch(uint256 maxPolicies);
    error NothingOwed(address account);
    error InvalidUpkeepFee(uint256 upkeepFee);

    /// @notice Creates a product with its own, empty capital pool. Anyone may.
    function createProduct(ProductTerms calldata terms) external returns (uint256 productId);

    /// @notice Deposits `assets` base tokens into `productId`'s pool for at least `minShares` shares.
    function deposit(uint256 productId, uint256 assets, uint256 minShares) external returns (uint256 shares);

    /// @notice Redeems `shares` of `productId`'s pool for at least `minAssets` base tokens, out of
    /// free capital only.
    function withdraw(uint256 productId, uint256 shares, uint256 minAssets) external returns (uint256 assets);

    /// @notice Buys cover of `sumInsured` on `subject` (see `Subjects`) for at most `maxPremium`.
    function buyPolicy(
        uint256 productId,
        bytes32 subject,
        uint256 sumInsured,
        uint256 maxPremium
    ) external returns (uint256 policyId);

    /// @notice The holder names the address its payout goes to (zero: the holder itself).
    function setPayee(uint256 policyId, address payee) external;

    /// @notice Settles up to `maxPolicies` policies of `subject` under `productId` once the oracle's
    /// value is final (pay the tier reached, or expire) or void (refund the premium). Permissionless,
    /// resumes where the last call stopped, pays a bounty per policy processed.
    function settle(
        uint256 productId,
        bytes32 subject,
        uint256 maxPolicies
    ) external returns (uint256 processed, uint256 remaining);

    /// @notice Pays the caller what a settlement could not deliver to it.
    function claimOwed() external returns (uint256 amount);

    /// @notice Pays the caller's owed amount to `to` (for an account that cannot receive itself).
    function claimOwedTo(address to) external returns (uint256 amount);

    function oracle() external view returns (IIndexOracle);

    /// @notice The fee a policy pays at `buyPolicy` (not refunded): the larger of the constructor's
    /// minimum and twice the settle bounty now, so that each policy pays at least the bounties it
    /// creates: its own settlement, and its subject's one oracle transition (`finalize` or
    /// `voidRound`, audit I1), whose bounty is the same governance-set amount.
    function upkeepFee() external view returns (uint256);

    /// @notice Settlement payments and refunds not delivered, owed to their payees, in total.
    function totalOwed() external view returns (uint256);

    /// @notice For keepers: whether `subject` under `productId` can be settled now, with the oracle's
    /// state (or the outcome already recorded) and the policies left to process.
    function settleableOf(
        uint256 productId,
        bytes32 subject
    ) external view returns (bool due, IIndexOracle.RoundState state, uint256 remaining);

    function productCount() external view returns (uint256);

    function productOf(uint256 productId) external view returns (ProductTerms memory);

    function poolOf(uint256 productId) external view returns (Pool memory);

    function sharesOf(uint256 productId, address account) external view returns (uint256);

    function policyOf(uint256 policyId) external view returns (Policy memory);

    function subjectOf(uint256 productId, bytes32 subject) external view returns (SubjectBook memory);

    /// @notice What settlements could not deliver to `account` and it may claim.
    function owedOf(address account) external view returns (uint256);

    /// @notice The premium (rounded up) for `sumInsured` under `productId`.
    function quotePremium(uint256 productId, uint256 sumInsured) external view returns (uint256);

    /// @notice Shares `assets` would buy now, and assets `shares` would redeem now.
    function previewDeposit(uint256 productId, uint256 assets) external view returns (uint256 shares);

    function previewWithdraw(uint256 productId, uint256 shares) external view returns (uint256 assets);
}
