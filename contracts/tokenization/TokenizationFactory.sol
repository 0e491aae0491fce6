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
import {ITokenizationFactory} from "../interfaces/ITokenizationFactory.sol";
import {Governed} from "../governance/Governed.sol";
import {BancorMarket} from "./BancorMarket.sol";
import {IssuedToken} from "./IssuedToken.sol";

/// @title TokenizationFactory
/// @notice Launches issued tokens with their markets, holds each issuer's commitment and judges
/// every finished period against it (DESIGN §5). The credit record only grows: a default stays on
/// it, cured or not.
/// @dev Periods are judged in order, one per `evaluate`. A relative commitment is measured on the
/// period's time-weighted average supply, which the token accumulates in the period's record
/// (supply × seconds, see IssuedToken): no single moment, and so no trade at a boundary, sets it.
/// A period in which the supply never changed has no supply-seconds of its own: it ran all along
/// with the supply the latest changing period ended with, which the factory carries from record to
/// record. Each evaluation pays one bounty (one period judged) while the token's launch fee lasts:
/// a launch prepays `launchFee / bounty` evaluations, so no one can launch tokens to farm
/// evaluation bounties worth more than the fees they paid.
contract TokenizationFactory is Upkeep, ITokenizationFactory, Governed {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant EVALUATE_KIND = "TokenizationFactory.evaluate";
    uint256 private constant _BPS = 10_000;
    uint256 private constant _PERIODS_OPENED_AHEAD = 2;
    uint256 private constant _PPM = 1_000_000;
    uint32 private constant _DEFAULT_WEIGHT_PPM = 500_000;
    /// @dev The smallest connector weight supported: 1/20 (5%).
    uint256 private constant _MAX_WEIGHT_RECIPROCAL = 20;

    /// @dev Four slots; a launch writes three. `carrySupply` is the supply at the end of the latest
    /// judged period in which the supply changed (the initial supply before any): the supply of
    /// every later period until one changes it. `prepaidEvaluations` is how many more evaluations
    /// pay a bounty.
    struct Issuance {
        address issuer;
        uint32 nextPeriod;
        uint32 periodsEvaluated;
        uint32 compliant;
        uint32 periodLength;
        bool relative;
        uint128 minimum;
        uint32 defaulted;
        uint32 cured;
        uint24 prepaidEvaluations;
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
    function launch(LaunchParams calldata params) external returns (address token, address market) {
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
        issuance.prepaidEvaluations = _prepaidEvaluations();

        _announce(token, market, params, n);
        IIssuedToken(token).initialize(market, params.initialSupply);
        IBancorMarket(market).initialize(params.seedReserve);
        baseToken.safeTransferFrom(msg.sender, market, params.seedReserve);
        uint256 fee = _parameters.launchFee;
        if (fee != 0) baseToken.safeTransferFrom(msg.sender, councilReserve, fee);
    }

    /// @inheritdoc ITokenizationFactory
    function raiseCommitment(address token, uint128 minimum) external {
        Issuance storage issuance = _issuance(token);
        if (msg.sender != issuance.issuer) revert NotIssuer(token, msg.sender);
        Commitment memory current = _commitment(issuance);
        if (minimum < current.minimum) revert CommitmentLowered(current.minimum, minimum);
        if (current.relative && minimum > _BPS) {
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
        if (block.timestamp < dueAt) revert NotDue(token, period, dueAt);
        (IIssuedToken.PeriodRecord memory record, uint256 averageSupply, uint256 required) = _requirement(
            issuance,
            token,
            period
        );
        compliant = record.consumed >= required;

        issuance.nextPeriod = (period + 1).toUint32();
        if (record.active) issuance.carrySupply = record.endSupply.toUint128();
        issuance.totalConsumed += record.consumed.toUint128();
        ++issuance.periodsEvaluated;
        uint256 units = issuance.prepaidEvaluations == 0 ? 0 : 1;
        if (units != 0) --issuance.prepaidEvaluations;
        emit PeriodEvaluated(token, period, required, record.consumed, compliant, averageSupply);
        if (compliant) {
            ++issuance.compliant;
        } else {
            uint128 deficit = (required - record.consumed).toUint128();
            ++issuance.defaulted;
            issuance.deficit += deficit;
            _defaults[token][period] = Default({deficit: deficit, cured: false});
            emit DefaultRecorded(token, period, deficit);
        }
        // The next two periods' records exist before their first consumption: the keeper pays for
        // the new slots, not the issuer's customers.
        IIssuedToken(token).openPeriods(period + 1, _PERIODS_OPENED_AHEAD);
        // One unit: one period judged, while the launch's prepaid evaluations last.
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
        return
            CreditRecord({
                periodsEvaluated: issuance.periodsEvaluated,
                compliant: issuance.compliant,
                defaulted: issuance.defaulted,
                cured: issuance.cured,
                totalConsumed: issuance.totalConsumed,
                deficit: issuance.deficit,
                inDefault: issuance.deficit != 0
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
    function prepaidEvaluations(address token) external view returns (uint256) {
        return _issuance(token).prepaidEvaluations;
    }

    /// @inheritdoc ITokenizationFactory
    function marketOf(address token) external view returns (address) {
        _issuance(token);
        return IIssuedToken(token).market();
    }

    // ---------------------------------------------------------------- internals

    function _announce(address token, address market, LaunchParams calldata params, uint8 n) private {
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
            block.timestamp
        );
        Commitment calldata c = params.commitment;
        emit CommitmentSet(token, c.periodLength, c.relative, c.minimum, 0);
    }

    /// @dev Every launch rule, in the order of LaunchParams; returns the weight's reciprocal.
    function _checkLaunch(LaunchParams calldata params) private view returns (uint8) {
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
        if (weight > _PPM || _PPM % weight != 0 || _PPM / weight > _MAX_WEIGHT_RECIPROCAL) {
            revert InvalidConnectorWeight(params.connectorWeightPpm);
        }
        Commitment calldata c = params.commitment;
        if (
            c.minimum == 0 ||
            (c.relative && c.minimum > _BPS) ||
            c.periodLength < p.minPeriodLength ||
            c.periodLength > type(uint32).max
        ) revert InvalidCommitment(c.periodLength, c.minimum, c.relative);
        return uint8(_PPM / weight);
    }

    /// @dev What period `period` (the next to judge) requires: a relative minimum of its supply-seconds
    /// over its length (rounded up), the carried supply for a period in which nothing changed it.
    /// For a running period the supply now is assumed to last to its end.
    function _requirement(
        Issuance storage issuance,
        address token,
        uint256 period
    ) private view returns (IIssuedToken.PeriodRecord memory record, uint256 averageSupply, uint256 required) {
        record = IIssuedToken(token).periodRecord(period);
        uint256 length = issuance.periodLength;
        uint256 supplySeconds = record.active ? record.supplySeconds : uint256(issuance.carrySupply) * length;
        averageSupply = supplySeconds / length;
        required =
            issuance.relative
                ? Math.mulDiv(supplySeconds, issuance.minimum, _BPS * length, Math.Rounding.Ceil)
                : issuance.minimum;
    }

    /// @dev How many evaluations the launch fee pays for at the evaluation bounty now: the units of
    /// evaluation work a launch creates never earn more than it cost. None while no bounty is set
    /// (a kind not registered yet, or a bounty of zero).
    function _prepaidEvaluations() private view returns (uint24) {
        uint256 bounty = keeperRewards.kindOf(EVALUATE_KIND).bounty;
        if (bounty == 0) return 0;
        uint256 count = _parameters.launchFee / bounty;
        return count > type(uint24).max ? type(uint24).max : uint24(count);
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
        _parameters = p;
        emit ParametersChanged(p);
    }
}
