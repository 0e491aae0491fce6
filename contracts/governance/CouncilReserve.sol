// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IBaseToken} from "../interfaces/IBaseToken.sol";
import {IChoice} from "../interfaces/IChoice.sol";
import {ICouncil} from "../interfaces/ICouncil.sol";
import {ICouncilReserve} from "../interfaces/ICouncilReserve.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {Upkeep} from "../keeper/Upkeep.sol";
import {BPS} from "../libraries/Constants.sol";
import {BondVault} from "./BondVault.sol";
import {Governed} from "./Governed.sol";

/// @title CouncilReserve
/// @notice The council's reserve of base tokens (CAS "reserve coins", DESIGN §4).
/// @dev The reserve delegates its votes to itself; they are cast only by the Referendum's bloc
/// vote. Its balance above `capBps` of the supply (from forfeited deposits, returned grants,
/// donations) is set aside by `distributeExcess` for the other holders, pro rata to their
/// balances at a snapshot of the balances before the trigger's block (BaseToken); anyone may
/// trigger it as soon as excess exists, so the 90 days of the design bound the keepers' delay,
/// not the contract.
/// Decisions:
/// - What is owed to open distributions leaves the reserve at once for `claimsVault`, a vault that
///   delegates to nobody: it never votes in the bloc and is never part of `available()`.
/// - Claims pay their owner (DESIGN §2): only the holder itself, or a claimer it named with
///   `setClaimer`, claims its share, which is always paid to the holder. That is how eligibility
///   is known on chain: a share is paid only to an account that asks for it. A contract wallet
///   (Safe, ERC-4337 account) asks like any account; the suite's contracts (GenesisEscrow,
///   VestingVault, KeeperRewards, markets, pools, Referendum, Council, bond vaults) have no code
///   that asks, so their shares are never paid and go to the RewardsReserve with the leftovers.
///   They stay in the pro-rata base (a holder's share never depends on who else claims).
/// - Bounties count real units: one distribution made or swept, one member paid. A distribution
///   counts only if its amount is at least `MIN_EXCESS_BOUNTIES` bounties, so making excess
///   (donating to the reserve) to earn the bounties costs more than they pay.
/// - A member removed by peers whose appeal is open (window running or referendum undecided) keeps
///   its place in the split: its share is withheld in the claims vault, paid to it if restored
///   (as if never removed), back to the reserve if the appeal is lost (`releaseWithheld`). The other
///   members get what they would have had without the removal.
/// Payments have two purposes only, each approved by a majority of sitting members on
/// `spendSubject` (or by referendum through the Timelock), plus the council's pay.
contract CouncilReserve is Upkeep, ICouncilReserve, Governed, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant PAY_KIND = "CouncilReserve.payCouncil";
    bytes32 public constant DISTRIBUTE_KIND = "CouncilReserve.distribute";
    bytes32 public constant SWEEP_KIND = "CouncilReserve.sweep";
    bytes32 public constant RELEASE_KIND = "CouncilReserve.releaseWithheld";
    uint256 private constant _INSTALLMENTS = 2;
    /// @notice A distribution pays its keepers only if it hands out at least this many bounties.
    uint256 public constant MIN_EXCESS_BOUNTIES = 100;

    IBaseToken public immutable token;
    ICouncil public immutable council;
    /// @notice Holds what open distributions owe holders; delegates to nobody (never votes).
    BondVault public immutable claimsVault;

    Parameters private _parameters;
    uint256 private _budget;
    uint256 private _lockedForClaims;
    uint256 private _distributionCount;
    mapping(uint256 distributionId => Distribution record) private _distributions;
    mapping(uint256 distributionId => mapping(address holder => bool claimed)) private _claimed;
    mapping(bytes32 subject => bool spent) private _spent;
    mapping(address issuer => LiquidityWindow window) private _liquidity;
    mapping(uint256 termId => uint256 paid) private _installmentsPaid;
    mapping(address holder => mapping(address claimer => bool allowed)) private _claimers;
    mapping(uint256 removalId => uint256 amount) private _withheld;

    constructor(
        IBaseToken token_,
        ICouncil council_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        Parameters memory parameters_
    ) Governed(timelock_) Upkeep(keeperRewards_) {
        token = token_;
        council = council_;
        _setParameters(parameters_);
        IVotes(address(token_)).delegate(address(this));
        BondVault vault = new BondVault();
        vault.initialize(IVotes(address(token_)), address(0));
        claimsVault = vault;
    }

    // ---------------------------------------------------------------- spending

    /// @inheritdoc ICouncilReserve
    function spend(uint8 purpose, address to, uint256 amount, bytes32 ref) external nonReentrant {
        if (purpose > uint8(Purpose.IssuerLiquidity)) revert UnknownPurpose(purpose);
        bytes32 subject = spendSubject(purpose, to, amount, ref);
        if (_spent[subject]) revert AlreadySpent(subject);
        if (council.decision(subject) != uint8(IChoice.Choice.For)) revert NotApproved(subject);
        _checkPayment(to, amount);
        _spent[subject] = true;
        if (Purpose(purpose) == Purpose.Infrastructure) {
            uint256 left = _budget;
            if (amount > left) revert BudgetExceeded(amount, left);
            _budget = left - amount;
        } else {
            _useLiquidityLimit(to, amount);
        }
        emit Payment(Purpose(purpose), to, amount, ref, false);
        IERC20(address(token)).safeTransfer(to, amount);
    }

    /// @inheritdoc ICouncilReserve
    function approveBudget(uint256 amount) external onlyTimelock {
        if (amount == 0) revert InvalidAmount(amount);
        uint256 budget_ = _budget + amount;
        _budget = budget_;
        emit BudgetApproved(amount, budget_);
    }

    /// @inheritdoc ICouncilReserve
    function grantLiquidity(address issuer, uint256 amount, bytes32 ref) external onlyTimelock nonReentrant {
        _checkPayment(issuer, amount);
        emit Payment(Purpose.IssuerLiquidity, issuer, amount, ref, true);
        IERC20(address(token)).safeTransfer(issuer, amount);
    }

    /// @inheritdoc ICouncilReserve
    function payCouncil() external nonReentrant {
        (uint256 termId, uint256 installment, uint256 dueAt) = nextInstallment();
        if (dueAt == type(uint256).max) revert NoCouncil();
        if (block.timestamp < dueAt) revert NotDue(dueAt, block.timestamp);
        address[] memory members = council.sittingMembers();
        if (members.length == 0) revert NoSittingMembers(termId);
        (address[] memory appealing, uint256[] memory removalIds) = council.appealingMembers();
        uint256 shares = members.length + appealing.length;
        uint256 installmentPay = _parameters.councilPay / _INSTALLMENTS;
        uint256 perMember = installmentPay / shares;
        _checkPayment(address(this), installmentPay);
        _installmentsPaid[termId] = installment + 1;
        emit CouncilInstallmentPaid(termId, installment, members.length, perMember);
        uint256 withheldTotal = 0;
        for (uint256 i = 0; i < appealing.length; ++i) {
            _withheld[removalIds[i]] += perMember;
            withheldTotal += perMember;
            emit PayWithheld(removalIds[i], appealing[i], termId, installment, perMember);
        }
        bytes32 ref = keccak256(abi.encode("council-pay", termId, installment));
        for (uint256 i = 0; i < members.length; ++i) {
            emit Payment(Purpose.Infrastructure, members[i], perMember, ref, false);
            IERC20(address(token)).safeTransfer(members[i], perMember);
        }
        if (withheldTotal != 0) IERC20(address(token)).safeTransfer(address(claimsVault), withheldTotal);
        _payBounty(PAY_KIND, shares);
    }

    /// @inheritdoc ICouncilReserve
    function releaseWithheld(uint256 removalId) external nonReentrant {
        uint256 amount = _withheld[removalId];
        if (amount == 0) revert NothingWithheld(removalId);
        ICouncil.AppealOutcome outcome = council.appealOutcome(removalId);
        if (outcome == ICouncil.AppealOutcome.Open) revert AppealOpen(removalId);
        bool restored = outcome == ICouncil.AppealOutcome.Restored;
        address to = restored ? council.removalOf(removalId).member : address(this);
        _withheld[removalId] = 0;
        emit WithheldSettled(removalId, to, amount, restored);
        if (restored) {
            bytes32 ref = keccak256(abi.encode("council-pay-withheld", removalId));
            emit Payment(Purpose.Infrastructure, to, amount, ref, false);
        }
        claimsVault.release(IERC20(address(token)), to, amount);
        _payBounty(RELEASE_KIND, 1);
    }

    // ---------------------------------------------------------------- excess distribution

    /// @inheritdoc ICouncilReserve
    function distributeExcess() external nonReentrant returns (uint256 distributionId) {
        uint256 amount = excess();
        if (amount == 0) revert NoExcess(available(), cap());
        // Slither reentrancy-no-eth: the token is the suite's BaseToken (no callbacks) and this
        // function is nonReentrant; the snapshot id must exist before the record is written.
        // slither-disable-next-line reentrancy-no-eth
        uint256 snapshotId = token.snapshot();
        address vault = address(claimsVault);
        uint256 eligibleSupply =
            token.totalSupplyAt(snapshotId) -
                token.balanceOfAt(address(this), snapshotId) -
                token.balanceOfAt(vault, snapshotId);
        uint256 claimDeadline = block.timestamp + _parameters.claimPeriod;
        distributionId = ++_distributionCount;
        _distributions[distributionId] = Distribution({
            snapshotId: snapshotId,
            amount: amount,
            eligibleSupply: eligibleSupply,
            claimed: 0,
            claimDeadline: uint40(claimDeadline),
            swept: false
        });
        _lockedForClaims += amount;
        emit ExcessDistributed(distributionId, snapshotId, amount, eligibleSupply, claimDeadline);
        IERC20(address(token)).safeTransfer(vault, amount);
        _payBounty(DISTRIBUTE_KIND, _distributionUnits(DISTRIBUTE_KIND, amount));
    }

    /// @inheritdoc ICouncilReserve
    function claim(uint256 distributionId, address holder) external nonReentrant returns (uint256 amount) {
        if (msg.sender != holder && !_claimers[holder][msg.sender]) revert NotClaimer(holder, msg.sender);
        Distribution storage distribution = _distributions[distributionId];
        if (distribution.snapshotId == 0) revert UnknownDistribution(distributionId);
        if (block.timestamp > distribution.claimDeadline) {
            revert ClaimClosed(distributionId, distribution.claimDeadline);
        }
        if (_claimed[distributionId][holder]) revert AlreadyClaimed(distributionId, holder);
        amount = _share(distribution, holder);
        if (amount == 0) revert NothingToClaim(distributionId, holder);
        _claimed[distributionId][holder] = true;
        distribution.claimed += amount;
        _lockedForClaims -= amount;
        emit DistributionClaimed(distributionId, holder, amount);
        claimsVault.release(IERC20(address(token)), holder, amount);
    }

    /// @inheritdoc ICouncilReserve
    function setClaimer(address claimer, bool allowed) external {
        if (claimer == address(0) || claimer == msg.sender) revert InvalidRecipient(claimer);
        _claimers[msg.sender][claimer] = allowed;
        emit ClaimerSet(msg.sender, claimer, allowed);
    }

    /// @inheritdoc ICouncilReserve
    function sweep(uint256 distributionId) external nonReentrant {
        Distribution storage distribution = _distributions[distributionId];
        if (distribution.snapshotId == 0 || distribution.swept) revert UnknownDistribution(distributionId);
        if (block.timestamp <= distribution.claimDeadline)
            revert NotDue(uint256(distribution.claimDeadline) + 1, block.timestamp);
        uint256 rest = distribution.amount - distribution.claimed;
        distribution.swept = true;
        _lockedForClaims -= rest;
        address recipient = _parameters.rewardsReserve;
        emit DistributionSwept(distributionId, recipient, rest);
        if (rest != 0) {
            // Into the RewardsReserve's accounting (a plain transfer would wait there for the
            // Timelock to absorb it): released to the reserve first, then deposited with a reason.
            claimsVault.release(IERC20(address(token)), address(this), rest);
            IERC20(address(token)).forceApprove(recipient, rest);
            IRewardsReserve(recipient).deposit(rest, SWEEP_KIND);
        }
        _payBounty(SWEEP_KIND, _distributionUnits(SWEEP_KIND, distribution.amount));
    }

    /// @inheritdoc ICouncilReserve
    function setParameters(Parameters calldata parameters_) external onlyTimelock {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICouncilReserve
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc ICouncilReserve
    function isSpent(bytes32 subject) external view returns (bool) {
        return _spent[subject];
    }

    /// @inheritdoc ICouncilReserve
    function spendSubject(uint8 purpose, address to, uint256 amount, bytes32 ref) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), "spend", purpose, to, amount, ref));
    }

    /// @inheritdoc ICouncilReserve
    function available() public view returns (uint256) {
        return token.balanceOf(address(this));
    }

    /// @inheritdoc ICouncilReserve
    function cap() public view returns (uint256) {
        return (token.totalSupply() * _parameters.capBps) / BPS;
    }

    /// @inheritdoc ICouncilReserve
    function excess() public view returns (uint256) {
        uint256 held = available();
        uint256 limit = cap();
        return held > limit ? held - limit : 0;
    }

    /// @inheritdoc ICouncilReserve
    function budget() external view returns (uint256) {
        return _budget;
    }

    /// @inheritdoc ICouncilReserve
    function withheldOf(uint256 removalId) external view returns (uint256) {
        return _withheld[removalId];
    }

    /// @inheritdoc ICouncilReserve
    function lockedForClaims() external view returns (uint256) {
        return _lockedForClaims;
    }

    /// @inheritdoc ICouncilReserve
    function distributionCount() external view returns (uint256) {
        return _distributionCount;
    }

    /// @inheritdoc ICouncilReserve
    function distributionOf(uint256 distributionId) external view returns (Distribution memory) {
        return _distributions[distributionId];
    }

    /// @inheritdoc ICouncilReserve
    function isClaimer(address holder, address claimer) external view returns (bool) {
        return _claimers[holder][claimer];
    }

    /// @inheritdoc ICouncilReserve
    function claimable(uint256 distributionId, address holder) external view returns (uint256) {
        Distribution storage distribution = _distributions[distributionId];
        if (
            distribution.snapshotId == 0 ||
            _claimed[distributionId][holder] ||
            block.timestamp > distribution.claimDeadline
        ) return 0;
        return _share(distribution, holder);
    }

    /// @inheritdoc ICouncilReserve
    /// @dev `dueAt` is type(uint256).max when nothing can be paid: no elected council sits (the
    /// transitional one is not paid: its members were not elected) or both installments are paid.
    function nextInstallment() public view returns (uint256 termId, uint256 installment, uint256 dueAt) {
        ICouncil.Term memory term;
        bool sitting;
        (termId, term, sitting) = council.currentTerm();
        installment = _installmentsPaid[termId];
        if (termId == 0 || !sitting || installment >= _INSTALLMENTS) return (termId, installment, type(uint256).max);
        dueAt = uint256(term.start) + (installment * (uint256(term.end) - term.start)) / _INSTALLMENTS;
    }

    /// @inheritdoc ICouncilReserve
    function liquidityOf(address issuer) external view returns (LiquidityWindow memory) {
        return _liquidity[issuer];
    }

    // ---------------------------------------------------------------- internals

    function _share(Distribution storage distribution, address holder) private view returns (uint256) {
        if (holder == address(this) || holder == address(claimsVault) || distribution.eligibleSupply == 0) return 0;
        return (distribution.amount * token.balanceOfAt(holder, distribution.snapshotId)) / distribution.eligibleSupply;
    }

    /// @dev One unit for a distribution of at least MIN_EXCESS_BOUNTIES bounties of `kind`, else none.
    function _distributionUnits(bytes32 kind, uint256 amount) private view returns (uint256) {
        return amount >= MIN_EXCESS_BOUNTIES * keeperRewards.kindOf(kind).bounty ? 1 : 0;
    }

    function _checkPayment(address to, uint256 amount) private view {
        if (to == address(0)) revert InvalidRecipient(to);
        if (council.isSittingMember(to)) revert PaysCouncilMember(to);
        if (amount == 0) revert InvalidAmount(amount);
        uint256 held = available();
        if (amount > held) revert InsufficientReserve(amount, held);
    }

    /// @dev Member-majority grants to one issuer are limited to `liquidityBps` of the available
    /// reserve within a window that starts with the issuer's first grant after the last one ended.
    function _useLiquidityLimit(address issuer, uint256 amount) private {
        LiquidityWindow storage window = _liquidity[issuer];
        Parameters memory p = _parameters;
        if (block.timestamp >= uint256(window.start) + p.liquidityWindow) {
            window.start = uint40(block.timestamp);
            window.granted = 0;
        }
        uint256 limit = (available() * p.liquidityBps) / BPS;
        uint256 granted = window.granted;
        if (granted + amount > limit) revert LiquidityLimitExceeded(issuer, amount, granted, limit);
        window.granted = granted + amount;
    }

    function _setParameters(Parameters memory p) private {
        if (p.capBps == 0 || p.capBps > BPS) revert InvalidParameter("capBps", p.capBps);
        if (p.liquidityBps > BPS) revert InvalidParameter("liquidityBps", p.liquidityBps);
        if (p.liquidityWindow == 0) revert InvalidParameter("liquidityWindow", p.liquidityWindow);
        if (p.claimPeriod == 0) revert InvalidParameter("claimPeriod", p.claimPeriod);
        if (p.rewardsReserve == address(0)) revert InvalidParameter("rewardsReserve", 0);
        _parameters = p;
        emit ParametersChanged(p);
    }
}
