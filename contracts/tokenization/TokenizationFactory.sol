// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IBancorMarket} from "../interfaces/IBancorMarket.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {BancorMath} from "../libraries/BancorMath.sol";
import {BPS} from "../libraries/Constants.sol";
import {ITokenizationFactory} from "../interfaces/ITokenizationFactory.sol";
import {Governed} from "../governance/Governed.sol";
import {BancorMarket} from "./BancorMarket.sol";
import {IssuedToken} from "./IssuedToken.sol";

/// @title TokenizationFactory
/// @notice Launches issued tokens with their markets, holds each issuer's commitment and judges
/// every finished period against it (DESIGN §5). The credit record only grows: a default stays on
/// it, cured or not.
/// @dev Periods are judged in order, one per `evaluate`. A relative commitment is measured on
/// time-weighted average supplies, which the token accumulates in each period's record (supply ×
/// seconds, see IssuedToken): no single moment, and so no trade at a boundary, sets it (attack 13).
/// Period p requires the commitment's share of the LOWER of its own average and period p−1's
/// (period 0: its own): a position held for a whole period cannot raise the requirement above what
/// the issuer could read when the period began, so an outsider must hold capital for two whole
/// periods to inflate it (audit A1). A period in which the supply never changed has no
/// supply-seconds of its own: it ran all along with the supply the latest changing period ended
/// with, which the factory carries from record to record.
/// Half of each launch fee goes to KeeperRewards as the token's prepaid evaluation bounty, an
/// AMOUNT of base tokens (the other half to the CouncilReserve): an evaluation reports one unit of
/// work while what is left covers the evaluation bounty in force, and spends that bounty of it; the
/// rest are judged without a unit. Evaluations of a token so never earn more than half its fee,
/// whatever the bounty does after the launch (audit A2), and every job farmed through a throwaway
/// launch costs its creator at least one bounty (audit A3, DESIGN §2).
contract TokenizationFactory is Upkeep, ITokenizationFactory, Governed {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant EVALUATE_KIND = "TokenizationFactory.evaluate";
    uint256 private constant _PERIODS_OPENED_AHEAD = 2;
    uint256 private constant _PPM = 1_000_000;
    uint32 private constant _DEFAULT_WEIGHT_PPM = 500_000;

    /// @dev Four slots; a launch writes three. Periods are judged in order from 0, so `nextPeriod`
    /// is also the number of periods judged, and the compliant ones are those not defaulted.
    /// `carrySupply` is the supply at the end of the latest judged period in which the supply
    /// changed (the initial supply before any): the supply of every later period until one changes
    /// it. `prepaidBounty` is what is left of the launch's prepaid evaluation bounty, in base
    /// tokens (88 bits: 3e26, a fee of 600 million base tokens; `setParameters` refuses more).
    struct Issuance {
        address issuer;
        uint32 nextPeriod;
        uint32 defaulted;
        uint32 cured;
        uint32 periodLength;
        bool relative;
        uint128 minimum;
        uint88 prepaidBounty;
        uint128 carrySupply;
        uint128 totalConsumed;
        uint128 deficit;
    }

    IERC20 public immutable baseToken;
    address public immutable councilReserve;
    address public immutable tokenImplementation;
    address public immutable marketImplementation;

    Parameters private _parameters;
    mapping(address token => Issuance issuance) private _issuances;
    mapping(address token => mapping(uint256 period => Default recorded)) private _defaults;

    constructor(
        IERC20 baseToken_,
        address councilReserve_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        baseToken = baseToken_;
        councilReserve = councilReserve_;
        _setParameters(parameters_);
        tokenImplementation = address(new IssuedToken());
        marketImplementation = address(new BancorMarket(baseToken_));
    }

    // ---------------------------------------------------------------- launch

    /// @inheritdoc ITokenizationFactory
    function launch(LaunchRequest calldata params) external returns (address token, address market) {
        uint8 n = _checkLaunch(params);
        Commitment calldata commitment = params.commitment;

        token = Clones.cloneWithImmutableArgs(
            tokenImplementation,
            IssuedToken(tokenImplementation).encodeArgs(
                msg.sender,
                block.timestamp,
                commitment.periodLength,
                params.name,
                params.symbol,
                params.metadataURI
            )
        );
        market = Clones.cloneWithImmutableArgs(marketImplementation, abi.encodePacked(token, n));
        Issuance storage issuance = _issuances[token];
        issuance.issuer = msg.sender;
        issuance.periodLength = uint32(commitment.periodLength);
        issuance.relative = commitment.relative;
        issuance.minimum = commitment.minimum;
        issuance.carrySupply = uint128(params.initialSupply);
        uint256 fee = _parameters.launchFee;
        // At most 2^88 − 1: _setParameters refuses a larger fee.
        uint88 prepaid = uint88(fee / 2);
        issuance.prepaidBounty = prepaid;

        _announce(token, market, params, n, prepaid);
        IIssuedToken(token).initialize(market, params.initialSupply);
        IBancorMarket(market).initialize(params.seedReserve);
        baseToken.safeTransferFrom(msg.sender, market, params.seedReserve);
        if (prepaid != 0) baseToken.safeTransferFrom(msg.sender, address(keeperRewards), prepaid);
        if (fee != prepaid) baseToken.safeTransferFrom(msg.sender, councilReserve, fee - prepaid);
    }

    /// @inheritdoc ITokenizationFactory
    function raiseCommitment(address token, uint128 minimum) external {
        Issuance storage issuance = _issuance(token);
        if (msg.sender != issuance.issuer) revert NotIssuer(token, msg.sender);
        Commitment memory current = _commitment(issuance);
        if (minimum < current.minimum) revert CommitmentLowered(current.minimum, minimum);
        if (current.relative && minimum > BPS) {
            revert InvalidCommitment(current.periodLength, minimum, current.relative);
        }
        // The new minimum applies from the running period on; the finished ones must be judged
        // first, under the commitment they ran with.
        uint256 running = IIssuedToken(token).currentPeriod();
        if (issuance.nextPeriod != running) revert EvaluationPending(token, issuance.nextPeriod, running);
        issuance.minimum = minimum;
        emit CommitmentSet(token, current.periodLength, current.relative, minimum, running);
    }

    // ---------------------------------------------------------------- evaluation

    /// @inheritdoc ITokenizationFactory
    function evaluate(address token) external returns (bool compliant) {
        Issuance storage issuance = _issuance(token);
        uint256 period = issuance.nextPeriod;
        uint256 dueAt = IIssuedToken(token).periodStart(period + 1);
        if (block.timestamp < dueAt) revert NotDue(dueAt, block.timestamp);
        (IIssuedToken.PeriodRecord memory record, uint256 averageSupply, uint256 required) = _requirement(
            issuance,
            token,
            period
        );
        compliant = record.consumed >= required;

        issuance.nextPeriod = (period + 1).toUint32();
        if (record.active) issuance.carrySupply = record.endSupply.toUint128();
        issuance.totalConsumed += record.consumed.toUint128();
        // One unit while the prepaid amount covers the bounty in force; none under a zero bounty
        // (no pay, no job counted for nothing paid in).
        uint256 bounty = keeperRewards.kindOf(EVALUATE_KIND).bounty;
        uint88 prepaid = issuance.prepaidBounty;
        uint256 units = bounty != 0 && prepaid >= bounty ? 1 : 0;
        if (units != 0) {
            // bounty <= prepaid < 2^88
            prepaid -= uint88(bounty);
            issuance.prepaidBounty = prepaid;
        }
        emit PeriodEvaluated(token, period, required, record.consumed, compliant, averageSupply, prepaid);
        if (!compliant) {
            uint128 deficit = (required - record.consumed).toUint128();
            ++issuance.defaulted;
            issuance.deficit += deficit;
            _defaults[token][period] = Default({deficit: deficit, cured: false});
            emit DefaultRecorded(token, period, deficit);
        }
        // The next two periods' records exist before their first consumption: the keeper pays for
        // the new slots, not the issuer's customers.
        IIssuedToken(token).openPeriods(period + 1, _PERIODS_OPENED_AHEAD);
        // One unit: one period judged, while the launch's prepaid amount covers its bounty.
        _payBounty(EVALUATE_KIND, units);
    }

    /// @inheritdoc ITokenizationFactory
    function buybackAndBurn(address token, uint256 period, uint256 maxBaseIn) external returns (uint256 baseIn) {
        Issuance storage issuance = _issuance(token);
        if (msg.sender != issuance.issuer) revert NotIssuer(token, msg.sender);
        Default storage recorded = _defaults[token][period];
        uint128 deficit = recorded.deficit;
        if (deficit == 0) revert NoDefault(token, period);
        if (recorded.cured) revert AlreadyCured(token, period);
        recorded.cured = true;
        ++issuance.cured;
        issuance.deficit -= deficit;
        issuance.totalConsumed += deficit;
        baseIn = IBancorMarket(IIssuedToken(token).market()).buyExact(msg.sender, address(this), deficit, maxBaseIn);
        emit DefaultCured(token, period, deficit, baseIn);
        IIssuedToken(token).consumeBought(deficit, keccak256(abi.encode("cure", period)));
    }

    /// @inheritdoc ITokenizationFactory
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITokenizationFactory
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc ITokenizationFactory
    function creditRecord(address token) external view returns (CreditRecord memory) {
        Issuance storage issuance = _issuance(token);
        uint256 running = IIssuedToken(token).currentPeriod();
        return
            CreditRecord({
                periodsEvaluated: issuance.nextPeriod,
                compliant: issuance.nextPeriod - issuance.defaulted,
                defaulted: issuance.defaulted,
                cured: issuance.cured,
                totalConsumed: issuance.totalConsumed,
                deficit: issuance.deficit,
                inDefault: issuance.deficit != 0,
                periodsPending: running - issuance.nextPeriod
            });
    }

    /// @inheritdoc ITokenizationFactory
    function commitmentOf(address token) external view returns (Commitment memory) {
        return _commitment(_issuance(token));
    }

    /// @inheritdoc ITokenizationFactory
    function defaultOf(address token, uint256 period) external view returns (Default memory) {
        return _defaults[token][period];
    }

    /// @inheritdoc ITokenizationFactory
    function nextEvaluation(address token) external view returns (uint256 period, uint256 dueAt) {
        period = _issuance(token).nextPeriod;
        dueAt = IIssuedToken(token).periodStart(period + 1);
    }

    /// @inheritdoc ITokenizationFactory
    function requirement(
        address token
    ) external view returns (uint256 period, uint256 required, uint256 consumed, uint256 averageSupply) {
        Issuance storage issuance = _issuance(token);
        period = issuance.nextPeriod;
        IIssuedToken.PeriodRecord memory record;
        (record, averageSupply, required) = _requirement(issuance, token, period);
        consumed = record.consumed;
    }

    /// @inheritdoc ITokenizationFactory
    function prepaidBounty(address token) external view returns (uint256) {
        return _issuance(token).prepaidBounty;
    }

    /// @inheritdoc ITokenizationFactory
    function marketOf(address token) external view returns (address) {
        _issuance(token);
        return IIssuedToken(token).market();
    }

    // ---------------------------------------------------------------- internals

    function _announce(address token, address market, LaunchRequest calldata params, uint8 n, uint256 prepaid) private {
        emit TokenLaunched(
            token,
            market,
            msg.sender,
            params.name,
            params.symbol,
            params.metadataURI,
            params.initialSupply,
            params.seedReserve,
            n,
            block.timestamp,
            prepaid
        );
        Commitment calldata c = params.commitment;
        emit CommitmentSet(token, c.periodLength, c.relative, c.minimum, 0);
    }

    /// @dev Every launch rule, in the order of LaunchRequest; returns the weight's reciprocal.
    function _checkLaunch(LaunchRequest calldata params) private view returns (uint8) {
        if (bytes(params.name).length == 0) revert MissingField("name");
        if (bytes(params.symbol).length == 0) revert MissingField("symbol");
        if (bytes(params.metadataURI).length == 0) revert MissingField("metadataURI");
        if (params.initialSupply == 0) revert MissingField("initialSupply");
        if (params.initialSupply > type(uint112).max) {
            revert InvalidParameter("initialSupply", params.initialSupply);
        }
        Parameters memory p = _parameters;
        if (params.seedReserve < p.minSeedReserve) revert SeedReserveTooSmall(params.seedReserve, p.minSeedReserve);
        uint256 weight = params.connectorWeightPpm == 0 ? _DEFAULT_WEIGHT_PPM : params.connectorWeightPpm;
        if (weight > _PPM || _PPM % weight != 0 || _PPM / weight > BancorMath.MAX_WEIGHT_RECIPROCAL) {
            revert InvalidConnectorWeight(params.connectorWeightPpm);
        }
        Commitment calldata c = params.commitment;
        if (
            c.minimum == 0 ||
            (c.relative && c.minimum > BPS) ||
            c.periodLength < p.minPeriodLength ||
            c.periodLength > type(uint32).max
        ) revert InvalidCommitment(c.periodLength, c.minimum, c.relative);
        return uint8(_PPM / weight);
    }

    /// @dev What period `period` (the next to judge) requires: a relative minimum of the lower of its
    /// supply-seconds and period `period − 1`'s (period 0: its own) over the length, rounded up.
    /// `averageSupply` is the period's own average. A period in which nothing changed the supply
    /// ran with the carried supply; for a running period the supply now is assumed to last to its
    /// end. Periods are judged in order, so when `period` is judged `carrySupply` was last set by a
    /// period before `period − 1`'s end: it is `period − 1`'s supply all along if that one was quiet.
    function _requirement(
        Issuance storage issuance,
        address token,
        uint256 period
    ) private view returns (IIssuedToken.PeriodRecord memory record, uint256 averageSupply, uint256 required) {
        record = IIssuedToken(token).periodRecord(period);
        uint256 length = issuance.periodLength;
        uint256 carried = uint256(issuance.carrySupply) * length;
        uint256 supplySeconds = record.active ? record.supplySeconds : carried;
        averageSupply = supplySeconds / length;
        if (!issuance.relative) return (record, averageSupply, issuance.minimum);
        uint256 basis = supplySeconds;
        if (period != 0) {
            IIssuedToken.PeriodRecord memory previous = IIssuedToken(token).periodRecord(period - 1);
            basis = Math.min(basis, previous.active ? previous.supplySeconds : carried);
        }
        required = Math.mulDiv(basis, issuance.minimum, BPS * length, Math.Rounding.Ceil);
    }

    function _issuance(address token) private view returns (Issuance storage issuance) {
        issuance = _issuances[token];
        if (issuance.issuer == address(0)) revert UnknownToken(token);
    }

    function _commitment(Issuance storage issuance) private view returns (Commitment memory) {
        return
            Commitment({periodLength: issuance.periodLength, relative: issuance.relative, minimum: issuance.minimum});
    }

    function _setParameters(Parameters memory p) private {
        if (p.minSeedReserve == 0) revert InvalidParameter("minSeedReserve", 0);
        if (p.minPeriodLength == 0) revert InvalidParameter("minPeriodLength", 0);
        // The prepaid half is kept in 88 bits (Issuance).
        if (p.launchFee / 2 > type(uint88).max) revert InvalidParameter("launchFee", p.launchFee);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
