// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRewardsReserve, IRewardsSchedule} from "../interfaces/IRewardsReserve.sol";
import {Governed} from "../governance/Governed.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title RewardsReserve
/// @notice The staking rewards reserve (DESIGN §7).
/// @dev Decisions:
/// - Internal accounting: `held` counts what came in through `deposit`, the genesis share
///   (`absorbGenesis`, once, at most `genesisShare`) and `absorb` (Timelock), less every payment. A
///   plain transfer to the reserve changes nothing: it is not paid out until governance absorbs it.
/// - On schedule only: each pool is paid by its own stream, whose clock (first due time, period) is
///   copied from the pool when it is bound, so the reserve decides by itself how many periods are
///   due. The EconomicPool's entitlement for its first n rounds is floor(Y·n·L/year) (DESIGN §7,
///   cumulative: no wei lost to rounding); the Committee's is 40M in year one, 3/4 of the previous
///   year after that, split evenly over the year's terms (cumulatively within a year).
/// - It never promises more than it holds: a release pays min(entitled − paid, held) at once and
///   records nothing else; a shortfall is simply paid by a later release once deposits cover it.
/// - A parameter change applies from the periods due when it is made: the stream is re-anchored at
///   what the old parameters owed for them (StreamAnchored), so no period is repriced.
contract RewardsReserve is IRewardsReserve, Governed, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Years of committee decay after which the schedule pays nothing more (3/4^200 ≈ 1e-25).
    uint256 private constant _MAX_COMMITTEE_YEARS = 200;

    IERC20 public immutable token;
    /// @inheritdoc IRewardsReserve
    uint256 public immutable genesisShare;
    /// @inheritdoc IRewardsReserve
    uint256 public immutable year;

    Parameters private _parameters;
    uint256 private _held;
    bool private _genesisAbsorbed;
    address private _binder;
    mapping(Beneficiary beneficiary => Stream stream) private _streams;

    /// @param token_ The base token.
    /// @param timelock_ The Timelock that executes passed referenda.
    /// @param genesisShare_ The genesis share the GenesisEscrow pays in (1,000,000,000 tokens).
    /// @param year_ The length of the year the yearly amounts are paid over: 365 days (a local
    /// profile divides it with every other duration, so a local year's budget is paid in hours).
    /// @param parameters_ The schedules' amounts (DESIGN §7).
    constructor(
        IERC20 token_,
        address timelock_,
        uint256 genesisShare_,
        uint256 year_,
        Parameters memory parameters_
    ) Governed(timelock_) {
        if (address(token_) == address(0)) revert InvalidPool(address(token_));
        if (year_ == 0) revert InvalidParameter("year", 0);
        token = token_;
        genesisShare = genesisShare_;
        year = year_;
        _binder = msg.sender;
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- funding

    /// @inheritdoc IRewardsReserve
    function deposit(uint256 amount, bytes32 reason) external nonReentrant {
        if (amount == 0) revert InvalidAmount(amount);
        uint256 held_ = _held + amount;
        _held = held_;
        emit Deposited(msg.sender, amount, reason, held_);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IRewardsReserve
    function absorbGenesis() external {
        if (_genesisAbsorbed) revert GenesisAlreadyAbsorbed();
        uint256 surplus = _surplus();
        uint256 amount = surplus < genesisShare ? surplus : genesisShare;
        if (amount == 0) revert NothingToAbsorb(token.balanceOf(address(this)), _held);
        _genesisAbsorbed = true;
        _absorb(amount, "genesis");
    }

    /// @inheritdoc IRewardsReserve
    function absorb() external onlyTimelock {
        uint256 amount = _surplus();
        if (amount == 0) revert NothingToAbsorb(token.balanceOf(address(this)), _held);
        _absorb(amount, "timelock");
    }

    // ---------------------------------------------------------------- pools

    /// @inheritdoc IRewardsReserve
    function bindEconomicPool(address pool) external {
        if (msg.sender != _binder) revert NotBinder(msg.sender);
        _bind(Beneficiary.EconomicPool, pool);
        _releaseBinder();
    }

    /// @inheritdoc IRewardsReserve
    function bindCommittee(address committee) external {
        if (msg.sender != _binder && msg.sender != timelock) revert NotBinder(msg.sender);
        _bind(Beneficiary.Committee, committee);
        _releaseBinder();
    }

    /// @inheritdoc IRewardsReserve
    function releaseEconomic(uint256 periods) external nonReentrant returns (uint256 amount) {
        return _release(Beneficiary.EconomicPool, periods);
    }

    /// @inheritdoc IRewardsReserve
    function releaseCommittee(uint256 periods) external nonReentrant returns (uint256 amount) {
        return _release(Beneficiary.Committee, periods);
    }

    /// @inheritdoc IRewardsReserve
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _anchor(Beneficiary.EconomicPool);
        _anchor(Beneficiary.Committee);
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRewardsReserve
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IRewardsReserve
    function streamOf(Beneficiary beneficiary) external view returns (Stream memory) {
        return _streams[beneficiary];
    }

    /// @inheritdoc IRewardsReserve
    function entitlement(Beneficiary beneficiary, uint256 periods) public view returns (uint256) {
        Stream storage stream = _streams[beneficiary];
        uint256 anchorPeriods = stream.anchorPeriods;
        if (periods <= anchorPeriods) return stream.anchorAmount;
        uint256 count = periods - anchorPeriods;
        Parameters memory p = _parameters;
        if (beneficiary == Beneficiary.EconomicPool) {
            return stream.anchorAmount + (p.economicYearly * count * stream.period) / year;
        }
        return stream.anchorAmount + _decaying(p, count);
    }

    /// @inheritdoc IRewardsReserve
    function periodsDue(Beneficiary beneficiary) public view returns (uint256) {
        Stream storage stream = _streams[beneficiary];
        uint256 firstDue = stream.firstDue;
        if (stream.pool == address(0) || block.timestamp < firstDue) return 0;
        return (block.timestamp - firstDue) / stream.period + 1;
    }

    /// @inheritdoc IRewardsReserve
    function releasable(Beneficiary beneficiary) external view returns (uint256) {
        uint256 owed = entitlement(beneficiary, periodsDue(beneficiary)) - _streams[beneficiary].paid;
        return owed < _held ? owed : _held;
    }

    /// @inheritdoc IRewardsReserve
    function held() external view returns (uint256) {
        return _held;
    }

    // ---------------------------------------------------------------- internals

    function _release(Beneficiary beneficiary, uint256 periods) private returns (uint256 amount) {
        Stream storage stream = _streams[beneficiary];
        address pool = stream.pool;
        if (msg.sender != pool || pool == address(0)) revert NotBeneficiary(beneficiary, msg.sender, pool);
        uint256 due = periodsDue(beneficiary);
        if (periods > due) revert PeriodsNotDue(periods, due);
        uint256 entitled = entitlement(beneficiary, periods);
        uint256 paid = stream.paid;
        if (entitled <= paid) return 0;
        amount = entitled - paid;
        uint256 held_ = _held;
        if (amount > held_) amount = held_;
        if (amount == 0) return 0;
        paid += amount;
        stream.paid = paid;
        held_ -= amount;
        _held = held_;
        emit Released(beneficiary, pool, periods, amount, entitled, paid, held_);
        token.safeTransfer(pool, amount);
    }

    /// @dev The deploying binder keeps its one-time right until both streams are bound.
    function _releaseBinder() private {
        if (
            _streams[Beneficiary.EconomicPool].pool != address(0) && _streams[Beneficiary.Committee].pool != address(0)
        ) {
            _binder = address(0);
        }
    }

    function _bind(Beneficiary beneficiary, address pool) private {
        Stream storage stream = _streams[beneficiary];
        if (stream.pool != address(0)) revert AlreadyBound(beneficiary, stream.pool);
        if (pool.code.length == 0) revert InvalidPool(pool);
        (uint64 firstDue, uint64 period) = IRewardsSchedule(pool).rewardSchedule();
        if (period == 0) revert InvalidParameter("period", period);
        stream.pool = pool;
        stream.firstDue = firstDue;
        stream.period = period;
        emit PoolBound(beneficiary, pool, firstDue, period);
    }

    /// @dev Fixes what the parameters in force owe for the periods due now, before they change.
    function _anchor(Beneficiary beneficiary) private {
        Stream storage stream = _streams[beneficiary];
        if (stream.pool == address(0)) return;
        uint256 due = periodsDue(beneficiary);
        if (due <= stream.anchorPeriods) return;
        uint256 amount = entitlement(beneficiary, due);
        stream.anchorPeriods = uint64(due);
        stream.anchorAmount = amount;
        emit StreamAnchored(beneficiary, due, amount);
    }

    /// @dev The committee schedule for `count` terms from its anchor: year y pays
    /// yearOne·(decay)^y, spread over the year's terms cumulatively (floor of terms·amount/terms per year).
    function _decaying(Parameters memory p, uint256 count) private pure returns (uint256 total) {
        uint256 perYear = p.committeeTermsPerYear;
        uint256 yearAmount = p.committeeYearOne;
        uint256 years_ = count / perYear;
        if (years_ > _MAX_COMMITTEE_YEARS) years_ = _MAX_COMMITTEE_YEARS;
        for (uint256 y = 0; y < years_; ++y) {
            total += yearAmount;
            yearAmount = (yearAmount * p.committeeDecayBps) / BPS;
        }
        // Slither weak-prng: the terms into the current year, not randomness.
        // slither-disable-next-line weak-prng
        if (years_ < _MAX_COMMITTEE_YEARS) total += (yearAmount * (count % perYear)) / perYear;
    }

    function _absorb(uint256 amount, bytes32 reason) private {
        uint256 held_ = _held + amount;
        _held = held_;
        emit Absorbed(amount, reason, held_);
    }

    function _surplus() private view returns (uint256) {
        uint256 balance = token.balanceOf(address(this));
        return balance > _held ? balance - _held : 0;
    }

    function _setParameters(Parameters memory p) private {
        if (p.economicYearly == 0) revert InvalidParameter("economicYearly", 0);
        if (p.committeeDecayBps > BPS) revert InvalidParameter("committeeDecayBps", p.committeeDecayBps);
        if (p.committeeTermsPerYear == 0) revert InvalidParameter("committeeTermsPerYear", 0);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
