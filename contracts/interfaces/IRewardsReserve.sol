// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";

/// @title IRewardsSchedule
/// @notice What a pool paid by the RewardsReserve tells it about its payment clock: period `n`
/// (from 0) becomes payable at `firstDue + n * period`. Read once, when the pool is bound.
interface IRewardsSchedule {
    /// @notice The time the first period becomes payable and the length of a period, in seconds.
    function rewardSchedule() external view returns (uint64 firstDue, uint64 period);
}

/// @title IRewardsReserve
/// @notice The staking rewards reserve (DESIGN §7): holds the RewardsReserve genesis share and the
/// leftovers and slashes deposited to it, and pays only on schedule and only to its pools (the
/// EconomicPool's round budgets, later the Committee's term rewards). Its accounting is internal:
/// tokens sent to it without `deposit` change nothing.
interface IRewardsReserve is IGoverned {
    /// @notice The pools the reserve pays. Nothing else is ever paid.
    enum Beneficiary {
        EconomicPool,
        Committee
    }

    struct Parameters {
        /// @dev The EconomicPool's budget per 365 days (5,000,000 tokens on mainnet).
        uint256 economicYearly;
        /// @dev The Committee's rewards in its first year (40,000,000 tokens on mainnet).
        uint256 committeeYearOne;
        /// @dev Each committee year pays this share of the previous year's, in bps (7,500).
        uint16 committeeDecayBps;
        /// @dev Committee terms per year (52).
        uint16 committeeTermsPerYear;
    }

    /// @notice A pool's payment stream: its clock (copied from the pool when bound), the point at
    /// which the parameters in force took over (`anchorPeriods`, with `anchorAmount` owed for the
    /// periods before it), and what the reserve has paid it.
    struct Stream {
        address pool;
        uint64 firstDue;
        uint64 period;
        uint64 anchorPeriods;
        uint256 anchorAmount;
        uint256 paid;
    }

    event ParametersChanged(Parameters parameters);
    /// @notice A pool was bound to its stream (once per beneficiary), with the clock it reported.
    event PoolBound(Beneficiary indexed beneficiary, address indexed pool, uint256 firstDue, uint256 period);
    /// @notice `amount` was added to the reserve's accounted holdings.
    event Deposited(address indexed from, uint256 amount, bytes32 indexed reason, uint256 held);
    /// @notice Tokens sent to the reserve without `deposit` were accounted (genesis share, or by the Timelock).
    event Absorbed(uint256 amount, bytes32 indexed reason, uint256 held);
    /// @notice A pool was paid for its periods up to `periods`: `entitled` in total by then, `paid` in
    /// total after this payment (less than `entitled` only while the reserve runs short).
    event Released(
        Beneficiary indexed beneficiary,
        address indexed pool,
        uint256 periods,
        uint256 amount,
        uint256 entitled,
        uint256 paid,
        uint256 held
    );
    /// @notice A parameter change re-anchored a stream: `amount` is owed for its first `periods`.
    event StreamAnchored(Beneficiary indexed beneficiary, uint256 periods, uint256 amount);

    error InvalidParameter(string name, uint256 value);
    error InvalidAmount(uint256 amount);
    error InvalidPool(address pool);
    error NotBinder(address caller);
    error AlreadyBound(Beneficiary beneficiary, address pool);
    error NotBeneficiary(Beneficiary beneficiary, address caller, address pool);
    error PeriodsNotDue(uint256 periods, uint256 due);
    error NothingToAbsorb(uint256 balance, uint256 held);
    error GenesisAlreadyAbsorbed();

    /// @notice Adds `amount` (pulled from the caller, who approved it) to the reserve's holdings,
    /// recording `reason` (CouncilReserve leftovers, slashed stake, unearned committee rewards).
    function deposit(uint256 amount, bytes32 reason) external;

    /// @notice Accounts the genesis share paid in by the GenesisEscrow: at most `genesisShare` of the
    /// tokens held beyond the accounted holdings. Anyone, once.
    function absorbGenesis() external;

    /// @notice Accounts every token held beyond the accounted holdings. Timelock only: a plain
    /// transfer (a donation, a leftover swept by transfer) changes nothing until governance says so.
    function absorb() external;

    /// @notice Binds the EconomicPool, once, by the deployer, reading its clock. The deployer's
    /// right to bind ends once both streams are bound.
    function bindEconomicPool(address pool) external;

    /// @notice Binds the Committee, once, by the deployer (genesis) or the Timelock (a deployment
    /// that adds it later).
    function bindCommittee(address committee) external;

    /// @notice Pays the EconomicPool what its schedule owes for its first `periods` rounds (at most
    /// the rounds due by now), up to what the reserve holds. Only the bound EconomicPool.
    /// @return amount What was paid now.
    function releaseEconomic(uint256 periods) external returns (uint256 amount);

    /// @notice Pays the Committee what its schedule owes for its first `periods` terms (at most the
    /// terms due by now), up to what the reserve holds. Only the bound Committee.
    function releaseCommittee(uint256 periods) external returns (uint256 amount);

    /// @notice Changes the schedules' amounts from the current period on. Timelock only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The schedules' amounts.
    function parameters() external view returns (Parameters memory);

    /// @notice A beneficiary's stream.
    function streamOf(Beneficiary beneficiary) external view returns (Stream memory);

    /// @notice What a beneficiary's schedule owes for its first `periods` periods in total.
    function entitlement(Beneficiary beneficiary, uint256 periods) external view returns (uint256);

    /// @notice How many of a beneficiary's periods are payable now.
    function periodsDue(Beneficiary beneficiary) external view returns (uint256);

    /// @notice What a release for every due period would pay now.
    function releasable(Beneficiary beneficiary) external view returns (uint256);

    /// @notice The accounted holdings: deposits and absorbed tokens less every payment.
    function held() external view returns (uint256);

    /// @notice The most `absorbGenesis` accounts.
    function genesisShare() external view returns (uint256);

    /// @notice Seconds in the year the yearly amounts are paid over (365 days on mainnet).
    function year() external view returns (uint256);
}
