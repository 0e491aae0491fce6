// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title ITokenizationFactory
/// @notice Burn-enforced issuance (DESIGN §5, CAS token consumption): an issuer launches a token
/// with a market and a consumption commitment; each finished period is evaluated against it, and
/// the credit record keeps every default, cured or not.
interface ITokenizationFactory is IGoverned, IUpkeep {
    /// @notice A consumption commitment: at least `minimum` burned per period of `periodLength`,
    /// as an amount of tokens, or (`relative`) basis points of the period's time-weighted average
    /// supply (DESIGN §5).
    struct Commitment {
        uint64 periodLength;
        bool relative;
        uint128 minimum;
    }

    struct LaunchRequest {
        string name;
        string symbol;
        string metadataURI;
        uint256 initialSupply;
        uint256 seedReserve;
        /// @dev Parts per million; 0 means the default 50%. Must be 1/n of a whole (1,000,000,
        /// 500,000, 250,000, 200,000 ...): the curve is computed exactly for such weights.
        uint32 connectorWeightPpm;
        Commitment commitment;
    }

    /// @notice The factory's rules; every number comes from the genesis profile.
    struct Parameters {
        uint256 minSeedReserve;
        uint256 launchFee;
        uint64 minPeriodLength;
    }

    /// @notice An issuer's standing. `deficit` is what the uncured defaults still lack.
    /// `periodsPending` counts the ended periods not judged yet: a record is current only while it
    /// is 0 (a clean record over unjudged periods says nothing about them, audit A6).
    struct CreditRecord {
        uint32 periodsEvaluated;
        uint32 compliant;
        uint32 defaulted;
        uint32 cured;
        uint256 totalConsumed;
        uint256 deficit;
        bool inDefault;
        uint256 periodsPending;
    }

    /// @notice A default of one period: what it lacked and whether it was cured (never erased).
    struct Default {
        uint128 deficit;
        bool cured;
    }

    event ParametersChanged(Parameters parameters);
    event TokenLaunched(
        address indexed token,
        address indexed market,
        address indexed issuer,
        string name,
        string symbol,
        string metadataURI,
        uint256 initialSupply,
        uint256 seedReserve,
        uint256 weightReciprocal,
        uint256 launchedAt,
        uint256 prepaidBounty
    );
    event CommitmentSet(
        address indexed token,
        uint256 periodLength,
        bool relative,
        uint256 minimum,
        uint256 fromPeriod
    );
    /// @notice A finished period judged: `required` from the commitment, `consumed` in the period,
    /// `averageSupply` the period's time-weighted average supply (rounded down; a relative
    /// `required` is the commitment's share of the lower of this period's and the previous one's
    /// exact supply-seconds, rounded up), `prepaidBounty` what is left of the token's prepaid
    /// evaluation bounty after this evaluation.
    event PeriodEvaluated(
        address indexed token,
        uint256 indexed period,
        uint256 required,
        uint256 consumed,
        bool compliant,
        uint256 averageSupply,
        uint256 prepaidBounty
    );
    event DefaultRecorded(address indexed token, uint256 indexed period, uint256 deficit);
    event DefaultCured(address indexed token, uint256 indexed period, uint256 deficit, uint256 baseSpent);

    error InvalidParameter(string name, uint256 value);
    error MissingField(string name);
    error SeedReserveTooSmall(uint256 seedReserve, uint256 minimum);
    error InvalidConnectorWeight(uint256 connectorWeightPpm);
    error InvalidCommitment(uint256 periodLength, uint256 minimum, bool relative);
    error CommitmentLowered(uint256 current, uint256 proposed);
    error EvaluationPending(address token, uint256 nextPeriod, uint256 currentPeriod);
    error UnknownToken(address token);
    error NotIssuer(address token, address caller);
    error NoDefault(address token, uint256 period);
    error AlreadyCured(address token, uint256 period);

    /// @notice Launches a token: clones the token and its market (their fixed data as immutable
    /// clone arguments; keepers and indexers find tokens by TokenLaunched), mints the initial supply to the
    /// caller, moves the seed reserve into the market, half the launch fee (rounded down) to
    /// KeeperRewards as the token's prepaid evaluation bounty and the rest to the CouncilReserve.
    function launch(LaunchRequest calldata params) external returns (address token, address market);

    /// @notice Raises the issuer's minimum burn per period, from the current period on. Never lowers.
    function raiseCommitment(address token, uint128 minimum) external;

    /// @notice Judges the token's oldest finished period that was not judged yet. Anyone, once due.
    /// Pays its caller one bounty (one period judged) while the token's prepaid amount covers the
    /// evaluation bounty in force, and spends that bounty of it.
    function evaluate(address token) external returns (bool compliant);

    /// @notice Cures the default of `period`: buys its deficit through the market with the
    /// issuer's base tokens (at most `maxBaseIn`) and burns it as consumption. Issuer only.
    function buybackAndBurn(address token, uint256 period, uint256 maxBaseIn) external returns (uint256 baseIn);

    function setParameters(Parameters calldata parameters) external;

    function parameters() external view returns (Parameters memory);

    /// @notice The issuer's standing, with the ended periods still to judge (`periodsPending`).
    function creditRecord(address token) external view returns (CreditRecord memory);

    function commitmentOf(address token) external view returns (Commitment memory);

    function defaultOf(address token, uint256 period) external view returns (Default memory);

    /// @notice The next period `evaluate` judges and when it becomes due (its end).
    function nextEvaluation(address token) external view returns (uint256 period, uint256 dueAt);

    /// @notice What `evaluate` requires of the next period to judge, as things stand: for a running
    /// period, as if the supply stayed as it is until the period's end. `averageSupply` is the
    /// time-weighted average supply a relative commitment is measured on.
    function requirement(
        address token
    ) external view returns (uint256 period, uint256 required, uint256 consumed, uint256 averageSupply);

    /// @notice What is left of `token`'s prepaid evaluation bounty, in base tokens: half its launch
    /// fee, less every bounty paid for its evaluations.
    function prepaidBounty(address token) external view returns (uint256);

    function marketOf(address token) external view returns (address);
}
