// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title ICouncilReserve
/// @notice The council's reserve of base tokens (CAS "reserve coins", DESIGN §4): capped at a share
/// of the supply, excess handed out pro rata, spending for two purposes only.
interface ICouncilReserve is IGoverned, IUpkeep {
    /// @notice Why a payment left the reserve. Nothing else is ever paid.
    enum Purpose {
        Infrastructure,
        IssuerLiquidity
    }

    struct Parameters {
        /// @dev The reserve's cap as a share of the total supply, in basis points (2000 = 1/5).
        uint16 capBps;
        /// @dev What a member majority may grant one issuer per window, in bps of the reserve.
        uint16 liquidityBps;
        uint64 liquidityWindow;
        uint64 claimPeriod;
        /// @dev Council pay per elected term, in two installments half a term apart.
        uint256 councilPay;
        /// @dev Receives the unclaimed rest of each distribution, through its `deposit` (an
        /// IRewardsReserve: the suite's RewardsReserve).
        address rewardsReserve;
    }

    /// @notice An excess distribution: pro rata to the other holders' balances at a snapshot.
    struct Distribution {
        uint256 snapshotId;
        uint256 amount;
        uint256 eligibleSupply;
        uint256 claimed;
        uint40 claimDeadline;
        bool swept;
    }

    /// @notice What one issuer received from member-majority grants in its current window.
    struct LiquidityWindow {
        uint40 start;
        uint256 granted;
    }

    event ParametersChanged(Parameters parameters);
    event BudgetApproved(uint256 amount, uint256 budget);
    event Payment(Purpose indexed purpose, address indexed to, uint256 amount, bytes32 indexed ref, bool byReferendum);
    event CouncilInstallmentPaid(uint256 indexed termId, uint256 installment, uint256 members, uint256 perMember);
    event ExcessDistributed(
        uint256 indexed distributionId,
        uint256 snapshotId,
        uint256 amount,
        uint256 eligibleSupply,
        uint256 claimDeadline
    );
    event DistributionClaimed(uint256 indexed distributionId, address indexed holder, uint256 amount);
    /// @notice `holder` allowed (or no longer allows) `claimer` to claim its shares, paid to `holder`.
    event ClaimerSet(address indexed holder, address indexed claimer, bool allowed);
    /// @notice A member removed by peers with its appeal open: its share of an installment is set
    /// aside (in the claims vault) until the appeal is decided.
    event PayWithheld(
        uint256 indexed removalId,
        address indexed member,
        uint256 indexed termId,
        uint256 installment,
        uint256 amount
    );
    /// @notice A withheld share settled: paid to the restored member, or back to the reserve.
    event WithheldSettled(uint256 indexed removalId, address indexed to, uint256 amount, bool restored);
    event DistributionSwept(uint256 indexed distributionId, address indexed rewardsReserve, uint256 amount);

    error InvalidParameter(string name, uint256 value);
    error UnknownPurpose(uint8 purpose);
    error NotApproved(bytes32 subject);
    error AlreadySpent(bytes32 subject);
    error InvalidRecipient(address to);
    /// @notice The reserve never pays a sitting council member (DESIGN §4: the council never profits).
    error PaysCouncilMember(address to);
    error InvalidAmount(uint256 amount);
    error BudgetExceeded(uint256 amount, uint256 budget);
    error LiquidityLimitExceeded(address issuer, uint256 amount, uint256 granted, uint256 limit);
    error InsufficientReserve(uint256 amount, uint256 available);
    error NoExcess(uint256 available, uint256 cap);
    error UnknownDistribution(uint256 distributionId);
    error ClaimClosed(uint256 distributionId, uint256 claimDeadline);
    error AlreadyClaimed(uint256 distributionId, address holder);
    error NothingToClaim(uint256 distributionId, address holder);
    error NoCouncil();
    error NoSittingMembers(uint256 termId);
    error NotClaimer(address holder, address caller);
    error NothingWithheld(uint256 removalId);
    error AppealOpen(uint256 removalId);

    /// @notice Pays `amount` to `to` for `purpose` (0 infrastructure, 1 issuer liquidity) once a
    /// majority of sitting members approved `spendSubject(...)`. Infrastructure draws on the
    /// referendum-approved budget; liquidity is limited per issuer per window. Any other purpose
    /// is refused, and so is a payment to a sitting member (`PaysCouncilMember`).
    function spend(uint8 purpose, address to, uint256 amount, bytes32 ref) external;

    /// @notice Adds `amount` to the infrastructure budget. Timelock only (a passed referendum).
    function approveBudget(uint256 amount) external;

    /// @notice Grants issuer liquidity beyond the member-majority limit. Timelock only. Never to a
    /// sitting council member (`PaysCouncilMember`): the council is paid only through `payCouncil`.
    function grantLiquidity(address issuer, uint256 amount, bytes32 ref) external;

    /// @notice Pays the council installment that is due, split equally among sitting members.
    function payCouncil() external;

    /// @notice Sets the excess over the cap aside for the other holders (moved to the claims vault),
    /// pro rata to their balances before this block (BaseToken snapshot). Anyone, once excess
    /// exists; pays one bounty when the excess is at least MIN_EXCESS_BOUNTIES bounties.
    function distributeExcess() external returns (uint256 distributionId);

    /// @notice Pays `holder` its share of a distribution. Only `holder` or a claimer it named.
    function claim(uint256 distributionId, address holder) external returns (uint256 amount);

    /// @notice Allows (or stops) `claimer` to claim the caller's shares; they are paid to the caller.
    function setClaimer(address claimer, bool allowed) external;

    /// @notice Whether `claimer` may claim `holder`'s shares.
    function isClaimer(address holder, address claimer) external view returns (bool);

    /// @notice Sends a distribution's unclaimed rest to the RewardsReserve after the claim period
    /// (`deposit`ed there with the reason "CouncilReserve.sweep", so it counts at once).
    function sweep(uint256 distributionId) external;

    /// @notice Settles what was withheld from a member removed by peers once its appeal is decided:
    /// paid to the member if restored, released to the reserve if the appeal was lost. Anyone may
    /// call it (keeper bounty, one unit per removal settled).
    function releaseWithheld(uint256 removalId) external;

    /// @notice What is withheld now for a removal's member (0: nothing or settled).
    function withheldOf(uint256 removalId) external view returns (uint256);

    /// @notice Changes the reserve's rules. Timelock only (constitutional).
    function setParameters(Parameters calldata parameters) external;

    /// @notice The reserve's rules.
    function parameters() external view returns (Parameters memory);

    /// @notice The council subject whose approval lets `spend` pay.
    function spendSubject(uint8 purpose, address to, uint256 amount, bytes32 ref) external view returns (bytes32);

    /// @notice Whether the council-approved spend `subject` (spendSubject) was paid.
    function isSpent(bytes32 subject) external view returns (bool);

    /// @notice The reserve's balance (what distributions owe is in the claims vault).
    function available() external view returns (uint256);

    /// @notice The cap: `capBps` of the total supply.
    function cap() external view returns (uint256);

    /// @notice What `distributeExcess` would set aside now.
    function excess() external view returns (uint256);

    /// @notice The infrastructure budget left.
    function budget() external view returns (uint256);

    /// @notice Tokens set aside for unclaimed distributions (held by the claims vault).
    function lockedForClaims() external view returns (uint256);

    /// @notice The number of distributions so far (ids run from 1).
    function distributionCount() external view returns (uint256);

    /// @notice A distribution's record.
    function distributionOf(uint256 distributionId) external view returns (Distribution memory);

    /// @notice `holder`'s share of a distribution (0 once claimed).
    function claimable(uint256 distributionId, address holder) external view returns (uint256);

    /// @notice The next council installment: its term, index (0 or 1) and due time.
    function nextInstallment() external view returns (uint256 termId, uint256 installment, uint256 dueAt);

    /// @notice `issuer`'s member-majority liquidity window.
    function liquidityOf(address issuer) external view returns (LiquidityWindow memory);
}
