// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIndexOracle} from "./IIndexOracle.sol";

/// @title IInsuranceMarket
/// @notice Parametric insurance (DESIGN §8): products created by anyone, each with its own
/// underwriter pool in base tokens (ERC-4626-style shares with a virtual offset and internal asset
/// accounting), policies that lock their full maximum payout, and permissionless settlement from
/// the IndexOracle's final values that pays holders directly, no claim filed.
/// @dev The skeleton of the interface; the implementation adds its events, errors and views.
interface IInsuranceMarket {
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

    function oracle() external view returns (IIndexOracle);
}
