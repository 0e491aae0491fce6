// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICharityCampaigns} from "../interfaces/ICharityCampaigns.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {Governed} from "../governance/Governed.sol";
import {Upkeep} from "../keeper/Upkeep.sol";

/// @title CharityCampaigns
/// @notice Traceable charity campaigns with milestones, verifiers, soulbound donation receipts and
/// pro-rata refunds (DESIGN §13). See ICharityCampaigns for the flow.
/// @dev Choices the design leaves open (also in DEVELOPERS.md, "Community: CharityCampaigns"):
/// - Goal = the sum of the milestones. Donations are accepted while the campaign is active and
///   before its deadline, from the token's minimum (also above the goal: what no milestone spends is
///   refunded once the campaign closes).
/// - Failed, precisely: active and either (a) the deadline passed with less than the goal raised,
///   or (b) the release deadline passed with a milestone not yet released. Cancelled: by the
///   creator before the first release, or by the Timelock at any time. Completed: the last
///   milestone was released. A closed campaign (failed, cancelled, completed) refunds.
/// - Trace, pro rata over unspent balances: payment k of amount P_k, made when the campaign held
///   U_k unspent, spends P_k / U_k of the unspent part of every donation made before it. Donations
///   between two payments form a cohort (a donation's cohort = milestones released before it); a
///   cohort's spend in payment k is rounded up, a donation's share of its cohort rounded down, so
///   refunds never pay out more than the campaign holds (the dust stays in its balance). The
///   trace and refund of a donation loop over the campaign's payments only (≤ MAX_MILESTONES).
/// - Verifiers: named addresses (distinct) or the Committee term sitting when the evidence is
///   submitted (its seats not emptied then and not held by the beneficiary or the creator, audit
///   F8; a member impeached later cannot approve). A strict majority of that set releases:
///   threshold = size / 2 + 1. Each submission opens a round.
/// - Donation tokens: the base token, or a token the Timelock allow-listed with its minimum;
///   a token that moves less than asked (fee on transfer) is refused at the donation.
/// - Receipts: ERC-721 in this contract, tokenId = donation id, minted to the donor (not
///   `_safeMint`: a donor contract cannot block a donation), never transferable (ERC-5192 `locked`).
/// - Refund bounty, paid for by the refund it rewards: `refund` keeps a fee equal to the refund
///   kind's bounty from each donation share that covers it and forwards it to KeeperRewards, then
///   reports one unit per such donation. A keeper refunding its own (or its Sybils') donations of
///   a campaign it made fail is paid back its own fee: creating the work costs what it earns
///   (DESIGN §2), whatever the minimum donation. A share below the fee is refunded whole and
///   earns nothing (else a milestone spending donations down to dust would mint bounties).
///   Campaigns in another token pay no bounty (a fee in that token cannot fund a base-token one);
///   their donors claim, or keepers push unpaid. A donor's own `claimRefund` is whole and unpaid.
///   The minimum donation stays, against receipt spam.
contract CharityCampaigns is ICharityCampaigns, ERC721, Upkeep, Governed, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The kind of the refund bounty (one unit per donation refunded).
    bytes32 public constant REFUND_KIND = "CharityCampaigns.refund";
    uint256 public constant MAX_MILESTONES = 16;
    uint256 public constant MAX_VERIFIERS = 32;
    uint256 public constant MAX_EVIDENCE = 16;
    /// @dev ERC-5192's interface id.
    bytes4 private constant _ERC5192_ID = 0xb45a3c0e;

    /// @notice The base token (the default donation token).
    IERC20 public immutable baseToken;
    /// @notice The Committee whose sitting term verifies committee campaigns (zero: none).
    ICommittee public immutable committee;

    uint256 private _campaignCount;
    uint256 private _donationCount;
    mapping(address token => uint256 minDonation) private _minDonation;
    mapping(uint256 campaignId => Campaign campaign) private _campaigns;
    mapping(uint256 campaignId => mapping(uint256 index => Milestone milestone)) private _milestones;
    mapping(uint256 campaignId => address[] verifiers) private _verifiers;
    mapping(uint256 campaignId => mapping(address verifier => uint256 indexPlusOne)) private _verifierIndex;
    mapping(uint256 campaignId => uint64[] donationIds) private _campaignDonations;
    mapping(uint256 donationId => Donation donation) private _donations;

    /// @param baseToken_ The base token, accepted from `baseMinDonation`.
    /// @param keeperRewards_ Pays the refund bounty.
    /// @param committee_ The Committee (zero: committee verification unavailable).
    /// @param timelock_ Governs the token allow-list and may cancel campaigns.
    /// @param baseMinDonation The smallest base-token donation (non-zero).
    constructor(
        IERC20 baseToken_,
        IKeeperRewards keeperRewards_,
        ICommittee committee_,
        address timelock_,
        uint256 baseMinDonation
    ) ERC721("Jiaozi Charity Receipt", "JCR") Upkeep(keeperRewards_) Governed(timelock_) {
        if (baseMinDonation == 0) revert DonationTooSmall(0, 1);
        baseToken = baseToken_;
        committee = committee_;
        _minDonation[address(baseToken_)] = baseMinDonation;
        emit DonationTokenSet(address(baseToken_), baseMinDonation);
    }

    // ------------------------------------------------------------------ campaigns

    /// @inheritdoc ICharityCampaigns
    function createCampaign(CampaignParams calldata params) external returns (uint256 campaignId) {
        address token = params.token == address(0) ? address(baseToken) : params.token;
        if (params.beneficiary == address(0) || params.beneficiary == address(this))
            revert InvalidBeneficiary(params.beneficiary);
        if (_minDonation[token] == 0) revert TokenNotAllowed(token);
        if (params.deadline <= block.timestamp || params.releaseDeadline < params.deadline)
            revert InvalidDeadlines(params.deadline, params.releaseDeadline, block.timestamp);
        uint256 count = params.milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert InvalidMilestoneCount(count, MAX_MILESTONES);
        uint256 verifierCount = params.verifiers.length;
        if (params.committee) {
            if (address(committee) == address(0)) revert NoCommittee();
            if (verifierCount != 0) revert InvalidVerifierCount(verifierCount, 0);
        } else if (verifierCount == 0 || verifierCount > MAX_VERIFIERS) {
            revert InvalidVerifierCount(verifierCount, MAX_VERIFIERS);
        }
        campaignId = ++_campaignCount;
        uint256 goal = 0;
        for (uint256 i = 0; i < count; ++i) {
            uint256 amount = params.milestones[i].amount;
            if (amount == 0) revert InvalidMilestoneAmount(i, amount);
            goal += amount;
            _milestones[campaignId][i].amount = uint128(amount);
        }
        if (goal > type(uint128).max) revert InvalidMilestoneAmount(count, goal);
        for (uint256 i = 0; i < verifierCount; ++i) {
            address verifier = params.verifiers[i];
            if (verifier == address(0)) revert InvalidVerifier(i, verifier);
            if (_verifierIndex[campaignId][verifier] != 0) revert DuplicateVerifier(verifier);
            _verifierIndex[campaignId][verifier] = i + 1;
            _verifiers[campaignId].push(verifier);
        }
        _campaigns[campaignId] = Campaign({
            creator: msg.sender,
            deadline: params.deadline,
            releaseDeadline: params.releaseDeadline,
            status: Status.Active,
            beneficiary: params.beneficiary,
            milestoneCount: uint8(count),
            releasedCount: 0,
            committee: params.committee,
            verifierCount: uint8(verifierCount),
            token: token,
            goal: uint128(goal),
            raised: 0,
            released: 0,
            refunded: 0,
            donationCount: 0,
            refundCursor: 0
        });
        _emitCreated(campaignId, token, goal, params);
    }

    function _emitCreated(uint256 campaignId, address token, uint256 goal, CampaignParams calldata params) private {
        emit CampaignCreated(
            campaignId,
            msg.sender,
            params.beneficiary,
            token,
            goal,
            params.deadline,
            params.releaseDeadline,
            params.committee,
            params.verifiers,
            params.milestones,
            params.metadataURI
        );
    }

    /// @inheritdoc ICharityCampaigns
    function cancel(uint256 campaignId) external {
        Campaign storage campaign = _active(campaignId);
        if (msg.sender != timelock) {
            if (msg.sender != campaign.creator) revert NotCreator(msg.sender, campaign.creator);
            if (campaign.releasedCount != 0) revert AlreadyReleased(campaignId, campaign.released);
        }
        campaign.status = Status.Cancelled;
        emit CampaignCancelled(campaignId, msg.sender);
    }

    // ------------------------------------------------------------------ donations

    /// @inheritdoc ICharityCampaigns
    function donate(uint256 campaignId, uint256 amount) external nonReentrant returns (uint256) {
        return _donate(campaignId, amount, msg.sender);
    }

    /// @inheritdoc ICharityCampaigns
    function donateFor(uint256 campaignId, uint256 amount, address donor) external nonReentrant returns (uint256) {
        return _donate(campaignId, amount, donor);
    }

    function _donate(uint256 campaignId, uint256 amount, address donor) private returns (uint256 donationId) {
        Campaign storage campaign = _active(campaignId);
        if (block.timestamp >= campaign.deadline)
            revert DonationsClosed(campaignId, campaign.deadline, block.timestamp);
        uint256 minimum = _minDonation[campaign.token];
        if (amount < minimum) revert DonationTooSmall(amount, minimum);
        if (donor == address(0) || donor == address(this)) revert InvalidDonor(donor);
        uint256 raised = uint256(campaign.raised) + amount;
        if (raised > type(uint128).max) revert DonationTooSmall(amount, type(uint128).max - campaign.raised);
        donationId = ++_donationCount;
        campaign.raised = uint128(raised);
        ++campaign.donationCount;
        _campaignDonations[campaignId].push(uint64(donationId));
        _donations[donationId] = Donation({
            campaignId: uint64(campaignId),
            cohort: campaign.releasedCount,
            settled: false,
            donor: donor,
            amount: uint128(amount),
            refunded: 0
        });
        // Receipt minted without a callback (`_mint`, not `_safeMint`): a donor cannot block it.
        _mint(donor, donationId);
        // Value moves last; a token that delivers less than `amount` reverts it all.
        IERC20 token = IERC20(campaign.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert TransferMismatch(amount, received);
        emit Locked(donationId);
        emit DonationReceived(donationId, campaignId, donor, msg.sender, amount, campaign.releasedCount, raised);
    }

    // ------------------------------------------------------------------ evidence and release

    /// @inheritdoc ICharityCampaigns
    function submitEvidence(
        uint256 campaignId,
        uint256 milestone,
        string[] calldata uris,
        bytes32[] calldata hashes
    ) external returns (uint256 round) {
        Campaign storage campaign = _active(campaignId);
        if (msg.sender != campaign.beneficiary) revert NotBeneficiary(msg.sender, campaign.beneficiary);
        if (milestone != campaign.releasedCount) revert MilestoneOutOfOrder(milestone, campaign.releasedCount);
        if (uris.length == 0 || uris.length != hashes.length || uris.length > MAX_EVIDENCE)
            revert InvalidEvidence(uris.length, hashes.length);
        Milestone storage record = _milestones[campaignId][milestone];
        uint256 term = 0;
        uint256 size = campaign.verifierCount;
        if (campaign.committee) {
            term = committee.termAt(block.timestamp);
            size = _independentSeats(committee.membersOf(term), campaign);
            if (size == 0) revert NoVerifiers(campaignId, term);
        }
        round = record.round + 1;
        record.round = uint32(round);
        record.committeeTerm = uint32(term);
        record.verifierCount = uint8(size);
        record.threshold = uint8(size / 2 + 1);
        record.approvals = 0;
        record.approvedBy = 0;
        record.approvedRound = 0;
        emit EvidenceSubmitted(campaignId, milestone, round, uris, hashes, term, size, size / 2 + 1);
    }

    /// @inheritdoc ICharityCampaigns
    function approveMilestone(uint256 campaignId, uint256 milestone) external nonReentrant returns (bool released) {
        Campaign storage campaign = _active(campaignId);
        if (milestone != campaign.releasedCount) revert MilestoneOutOfOrder(milestone, campaign.releasedCount);
        Milestone storage record = _milestones[campaignId][milestone];
        uint256 round = record.round;
        if (round == 0) revert NoEvidence(campaignId, milestone);
        uint256 index = _verifierSlot(campaignId, campaign, record.committeeTerm, milestone);
        uint256 bit = 1 << index;
        if (record.approvedBy & bit != 0) revert AlreadyApproved(msg.sender, campaignId, milestone, round);
        record.approvedBy = uint32(record.approvedBy | bit);
        uint256 approvals = record.approvals + 1;
        record.approvals = uint8(approvals);
        emit EvidenceApproved(campaignId, milestone, round, msg.sender, approvals, record.threshold);
        if (approvals == record.threshold) {
            record.approvedRound = uint32(round);
            emit MilestoneApproved(campaignId, milestone, round);
        }
        if (record.approvedRound != 0 && _held(campaign) >= record.amount) {
            _release(campaignId, campaign, record, milestone);
            released = true;
        }
    }

    /// @inheritdoc ICharityCampaigns
    function release(uint256 campaignId) external nonReentrant {
        Campaign storage campaign = _active(campaignId);
        uint256 milestone = campaign.releasedCount;
        Milestone storage record = _milestones[campaignId][milestone];
        if (record.approvedRound == 0) revert NotApproved(campaignId, milestone);
        uint256 held = _held(campaign);
        if (held < record.amount) revert InsufficientFunds(campaignId, record.amount, held);
        _release(campaignId, campaign, record, milestone);
    }

    /// @dev The caller's bit in the approval bitmap: its index among the named verifiers, or its
    /// seat in the snapshotted Committee term (an emptied seat reads as zero and matches no one; the
    /// campaign's beneficiary and creator never verify it, audit F8).
    function _verifierSlot(
        uint256 campaignId,
        Campaign storage campaign,
        uint256 term,
        uint256 milestone
    ) private view returns (uint256) {
        if (!campaign.committee) {
            uint256 indexPlusOne = _verifierIndex[campaignId][msg.sender];
            if (indexPlusOne == 0) revert NotVerifier(msg.sender, campaignId, milestone);
            return indexPlusOne - 1;
        }
        if (msg.sender == campaign.beneficiary || msg.sender == campaign.creator)
            revert NotVerifier(msg.sender, campaignId, milestone);
        address[] memory members = committee.membersOf(term);
        for (uint256 seat = 0; seat < members.length; ++seat) {
            if (members[seat] == msg.sender) return seat;
        }
        revert NotVerifier(msg.sender, campaignId, milestone);
    }

    /// @dev Audit F8: the seats that may verify a Committee campaign: not emptied, and held by
    /// neither its beneficiary (who chose when to submit) nor its creator.
    function _independentSeats(
        address[] memory members,
        Campaign storage campaign
    ) private view returns (uint256 size) {
        address beneficiary = campaign.beneficiary;
        address creator = campaign.creator;
        for (uint256 seat = 0; seat < members.length; ++seat) {
            address member = members[seat];
            if (member != address(0) && member != beneficiary && member != creator) ++size;
        }
    }

    function _release(
        uint256 campaignId,
        Campaign storage campaign,
        Milestone storage record,
        uint256 milestone
    ) private {
        uint256 amount = record.amount;
        uint256 unspent = _held(campaign);
        record.raisedAtRelease = campaign.raised;
        campaign.released += uint128(amount);
        uint256 releasedCount = milestone + 1;
        campaign.releasedCount = uint8(releasedCount);
        address beneficiary = campaign.beneficiary;
        emit MilestoneReleased(campaignId, milestone, beneficiary, amount, campaign.raised, unspent);
        if (releasedCount == campaign.milestoneCount) {
            campaign.status = Status.Completed;
            emit CampaignCompleted(campaignId, campaign.released, _held(campaign));
        }
        IERC20(campaign.token).safeTransfer(beneficiary, amount);
    }

    // ------------------------------------------------------------------ refunds

    /// @inheritdoc ICharityCampaigns
    function refund(uint256 campaignId, uint256 maxCount) external nonReentrant returns (uint256 refunded) {
        if (maxCount == 0) revert InvalidBatch(maxCount);
        Campaign storage campaign = _closed(campaignId);
        uint64[] storage ids = _campaignDonations[campaignId];
        uint256 cursor = campaign.refundCursor;
        uint256 end = Math.min(ids.length, cursor + maxCount);
        if (cursor >= end) revert NotDue(0, block.timestamp);
        // Every donation in [cursor, end) is settled, skipped or left owed by this call.
        campaign.refundCursor = uint64(end);
        IERC20 token = IERC20(campaign.token);
        uint256 fee = _refundFee(campaign);
        uint256 units = 0;
        for (; cursor < end; ++cursor) {
            uint256 donationId = ids[cursor];
            Donation storage donation = _donations[donationId];
            if (donation.settled) continue;
            uint256 amount = _unspentOf(campaignId, campaign, donation);
            if (amount == 0) {
                donation.settled = true;
                continue;
            }
            // Effects first; a refused transfer is undone below and the donation stays owed.
            donation.settled = true;
            donation.refunded = uint128(amount);
            campaign.refunded += uint128(amount);
            address donor = donation.donor;
            uint256 kept = fee != 0 && amount >= fee ? fee : 0;
            // Slither calls-loop / reentrancy-no-eth: the loop is bounded by maxCount, the state is
            // written before the call (undone only when the token refuses it) and the function is
            // nonReentrant; the token is the campaign's allow-listed one.
            // slither-disable-next-line calls-loop,reentrancy-no-eth
            if (token.trySafeTransfer(donor, amount - kept)) {
                ++refunded;
                if (kept != 0) ++units;
                emit Refunded(donationId, campaignId, donor, donor, amount, kept, msg.sender);
            } else {
                donation.settled = false;
                donation.refunded = 0;
                campaign.refunded -= uint128(amount);
                emit RefundFailed(donationId, campaignId, donor, amount);
            }
        }
        // The fees reach KeeperRewards before the bounties they fund are paid from it.
        if (units != 0) token.safeTransfer(address(keeperRewards), units * fee);
        _payBounty(REFUND_KIND, units);
    }

    /// @inheritdoc ICharityCampaigns
    function claimRefund(uint256 donationId, address to) external nonReentrant returns (uint256 amount) {
        Donation storage donation = _donation(donationId);
        if (msg.sender != donation.donor) revert NotDonor(msg.sender, donation.donor);
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        if (donation.settled) revert AlreadySettled(donationId);
        uint256 campaignId = donation.campaignId;
        Campaign storage campaign = _closed(campaignId);
        amount = _unspentOf(campaignId, campaign, donation);
        donation.settled = true;
        donation.refunded = uint128(amount);
        campaign.refunded += uint128(amount);
        emit Refunded(donationId, campaignId, msg.sender, to, amount, 0, msg.sender);
        if (amount != 0) IERC20(campaign.token).safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc ICharityCampaigns
    function setDonationToken(address token, uint256 minDonation) external onlyTimelock {
        if (token == address(0) || (token == address(baseToken) && minDonation == 0)) revert TokenNotAllowed(token);
        _minDonation[token] = minDonation;
        emit DonationTokenSet(token, minDonation);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICharityCampaigns
    function refundFee(uint256 campaignId) external view returns (uint256) {
        return _refundFee(_campaign(campaignId));
    }

    /// @inheritdoc ICharityCampaigns
    function minDonationOf(address token) external view returns (uint256) {
        return _minDonation[token];
    }

    /// @inheritdoc ICharityCampaigns
    function campaignOf(uint256 campaignId) external view returns (Campaign memory) {
        return _campaigns[campaignId];
    }

    /// @inheritdoc ICharityCampaigns
    function milestoneOf(uint256 campaignId, uint256 milestone) external view returns (Milestone memory) {
        return _milestones[campaignId][milestone];
    }

    /// @inheritdoc ICharityCampaigns
    function donationOf(uint256 donationId) external view returns (Donation memory) {
        return _donations[donationId];
    }

    /// @inheritdoc ICharityCampaigns
    function verifiersOf(uint256 campaignId) external view returns (address[] memory) {
        return _verifiers[campaignId];
    }

    /// @inheritdoc ICharityCampaigns
    function stateOf(uint256 campaignId) public view returns (Status status, FailReason reason) {
        Campaign storage campaign = _campaigns[campaignId];
        status = campaign.status;
        if (status == Status.Active) {
            reason = _failure(campaign);
            if (reason != FailReason.None) status = Status.Failed;
        }
    }

    /// @inheritdoc ICharityCampaigns
    function acceptsDonation(uint256 campaignId, uint256 amount) external view returns (bool) {
        Campaign storage campaign = _campaigns[campaignId];
        (Status status, ) = stateOf(campaignId);
        return
            status == Status.Active &&
            block.timestamp < campaign.deadline &&
            amount >= _minDonation[campaign.token] &&
            uint256(campaign.raised) + amount <= type(uint128).max;
    }

    /// @inheritdoc ICharityCampaigns
    function campaignBalance(uint256 campaignId) external view returns (uint256) {
        Campaign storage campaign = _campaigns[campaignId];
        return uint256(campaign.raised) - campaign.released - campaign.refunded;
    }

    /// @inheritdoc ICharityCampaigns
    function traceOf(
        uint256 donationId
    ) external view returns (uint256[] memory milestones, uint256[] memory amounts, uint256 unspent) {
        Donation storage donation = _donation(donationId);
        uint256 campaignId = donation.campaignId;
        Campaign storage campaign = _campaigns[campaignId];
        uint256 first = donation.cohort;
        uint256 last = campaign.releasedCount;
        milestones = new uint256[](last - first);
        amounts = new uint256[](last - first);
        (uint256 cohortAmount, uint256 remaining, uint256[] memory spends) = _cohort(campaignId, campaign, first);
        for (uint256 k = first; k < last; ++k) {
            milestones[k - first] = k;
            amounts[k - first] = Math.mulDiv(donation.amount, spends[k - first], cohortAmount);
        }
        unspent = donation.settled ? 0 : Math.mulDiv(donation.amount, remaining, cohortAmount);
    }

    /// @inheritdoc ICharityCampaigns
    function refundableOf(uint256 donationId) external view returns (uint256) {
        Donation storage donation = _donations[donationId];
        if (donation.campaignId == 0 || donation.settled) return 0;
        (Status status, ) = stateOf(donation.campaignId);
        if (status == Status.Active) return 0;
        return _unspentOf(donation.campaignId, _campaigns[donation.campaignId], donation);
    }

    /// @inheritdoc ICharityCampaigns
    function refundsDue(uint256 campaignId) external view returns (bool due, uint256 remaining) {
        Campaign storage campaign = _campaigns[campaignId];
        (Status status, ) = stateOf(campaignId);
        if (status == Status.None || status == Status.Active) return (false, 0);
        remaining = _campaignDonations[campaignId].length - campaign.refundCursor;
        // A completed campaign whose milestones spent everything has nothing to refund.
        due = remaining != 0 && _held(campaign) != 0;
    }

    /// @inheritdoc ICharityCampaigns
    function campaignCount() external view returns (uint256) {
        return _campaignCount;
    }

    /// @inheritdoc ICharityCampaigns
    function donationCount() external view returns (uint256) {
        return _donationCount;
    }

    /// @notice ERC-5192: every receipt is locked.
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == _ERC5192_ID || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Receipts are minted, never moved or burnt.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        if (_ownerOf(tokenId) != address(0)) revert Soulbound(tokenId);
        return super._update(to, tokenId, auth);
    }

    function _campaign(uint256 campaignId) private view returns (Campaign storage campaign) {
        campaign = _campaigns[campaignId];
        if (campaign.status == Status.None) revert UnknownCampaign(campaignId);
    }

    function _donation(uint256 donationId) private view returns (Donation storage donation) {
        donation = _donations[donationId];
        if (donation.campaignId == 0) revert UnknownDonation(donationId);
    }

    /// @dev An active campaign that has not failed by time.
    function _active(uint256 campaignId) private view returns (Campaign storage campaign) {
        campaign = _campaign(campaignId);
        Status status = campaign.status;
        if (status == Status.Active && _failure(campaign) != FailReason.None) status = Status.Failed;
        if (status != Status.Active) revert CampaignNotActive(campaignId, status);
    }

    /// @dev A closed campaign (records a failure by time on first use).
    function _closed(uint256 campaignId) private returns (Campaign storage campaign) {
        campaign = _campaign(campaignId);
        if (campaign.status == Status.Active) {
            FailReason reason = _failure(campaign);
            if (reason == FailReason.None) revert CampaignNotActive(campaignId, Status.Active);
            campaign.status = Status.Failed;
            emit CampaignFailed(campaignId, reason, campaign.raised, campaign.released);
        }
    }

    function _failure(Campaign storage campaign) private view returns (FailReason) {
        if (block.timestamp >= campaign.deadline && campaign.raised < campaign.goal) return FailReason.GoalMissed;
        if (block.timestamp >= campaign.releaseDeadline && campaign.releasedCount < campaign.milestoneCount)
            return FailReason.MilestonesMissed;
        return FailReason.None;
    }

    function _refundFee(Campaign storage campaign) private view returns (uint256) {
        if (campaign.token != address(baseToken)) return 0;
        return keeperRewards.kindOf(REFUND_KIND).bounty;
    }

    function _held(Campaign storage campaign) private view returns (uint256) {
        return uint256(campaign.raised) - campaign.released - campaign.refunded;
    }

    /// @dev A donation's unspent part: its share (rounded down) of its cohort's remainder.
    function _unspentOf(
        uint256 campaignId,
        Campaign storage campaign,
        Donation storage donation
    ) private view returns (uint256) {
        (uint256 cohortAmount, uint256 remaining, ) = _cohort(campaignId, campaign, donation.cohort);
        return Math.mulDiv(donation.amount, remaining, cohortAmount);
    }

    /// @dev Cohort `first` (the donations made after `first` payments and before the next): its
    /// total, what is left of it after every payment so far, and its spend in each payment from
    /// `first` on (rounded up: a payment's cohort spends cover at least the payment).
    function _cohort(
        uint256 campaignId,
        Campaign storage campaign,
        uint256 first
    ) private view returns (uint256 amount, uint256 remaining, uint256[] memory spends) {
        uint256 last = campaign.releasedCount;
        uint256 start = first == 0 ? 0 : _milestones[campaignId][first - 1].raisedAtRelease;
        uint256 stop = first == last ? campaign.raised : _milestones[campaignId][first].raisedAtRelease;
        amount = stop - start;
        remaining = amount;
        spends = new uint256[](last - first);
        uint256 releasedBefore = 0;
        for (uint256 k = 0; k < first; ++k) releasedBefore += _milestones[campaignId][k].amount;
        for (uint256 k = first; k < last; ++k) {
            Milestone storage payment = _milestones[campaignId][k];
            uint256 paid = payment.amount;
            uint256 unspentBefore = uint256(payment.raisedAtRelease) - releasedBefore;
            uint256 spend = Math.mulDiv(remaining, paid, unspentBefore, Math.Rounding.Ceil);
            spends[k - first] = spend;
            remaining -= spend;
            releasedBefore += paid;
        }
    }
}
