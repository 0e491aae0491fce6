// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {IUpkeep} from "./IUpkeep.sol";

/// @title ICharityCampaigns
/// @notice Traceable charity campaigns (DESIGN §13, CST 1.3, 3.5, 4.3, 4.6): a campaign has a
/// beneficiary, a goal (the sum of its milestones), a donation deadline, a release deadline, a
/// donation token (the base token or a token on the governance allow-list), milestones released in
/// order and verifiers: named addresses, or the Committee term sitting when evidence is submitted.
/// Every donation is recorded with its donor and a soulbound receipt (ERC-721 + ERC-5192 lock,
/// tokenId = donation id). A strict majority of the verifier set releases a milestone's amount to
/// the beneficiary. Every token is traced pro rata: a payment spends the same share of the unspent
/// part of every donation received before it. A campaign that fails, is cancelled or completes with
/// money left refunds every donation's unspent part to its donor (permissionless cursor with a
/// bounty per donation refunded, or the donor's own claim).
interface ICharityCampaigns is IGoverned, IUpkeep {
    /// @notice Stored status. `Active` campaigns fail by time (`stateOf` reports `Failed` before the
    /// first refund records it).
    enum Status {
        None,
        Active,
        Completed,
        Cancelled,
        Failed
    }

    /// @notice Why a campaign failed: its goal was not raised by the deadline, or its milestones
    /// were not all released by the release deadline.
    enum FailReason {
        None,
        GoalMissed,
        MilestonesMissed
    }

    struct MilestoneSpec {
        /// @dev Paid to the beneficiary when the milestone is released.
        uint128 amount;
        /// @dev What evidence releases it (receipts, delivery photos, invoices).
        string evidence;
    }

    struct CampaignParams {
        address beneficiary;
        /// @dev The donation token: zero for the base token, else a token on the allow-list.
        address token;
        /// @dev Donations are accepted until here; the goal must be raised by then.
        uint40 deadline;
        /// @dev Every milestone must be released by here (at or after `deadline`).
        uint40 releaseDeadline;
        /// @dev True: the Committee verifies (`verifiers` must be empty).
        bool committee;
        /// @dev Named verifiers (distinct, non-zero, at most MAX_VERIFIERS).
        address[] verifiers;
        MilestoneSpec[] milestones;
        string metadataURI;
    }

    struct Campaign {
        address creator;
        uint40 deadline;
        uint40 releaseDeadline;
        Status status;
        address beneficiary;
        uint8 milestoneCount;
        /// @dev Milestones released so far (the next to release is this index).
        uint8 releasedCount;
        bool committee;
        uint8 verifierCount;
        address token;
        uint128 goal;
        uint128 raised;
        uint128 released;
        uint128 refunded;
        uint64 donationCount;
        /// @dev The refund cursor: donations of the campaign before it are settled or skipped.
        uint64 refundCursor;
    }

    struct Milestone {
        uint128 amount;
        /// @dev The campaign's raised total when it was released (zero until then).
        uint128 raisedAtRelease;
        /// @dev Evidence rounds so far (a new submission opens a new round and clears approvals).
        uint32 round;
        /// @dev The Committee term whose members verify this round (committee campaigns).
        uint32 committeeTerm;
        /// @dev The verifier set's size at submission and the approvals a release needs (> half).
        uint8 verifierCount;
        uint8 threshold;
        uint8 approvals;
        /// @dev The round whose evidence reached the threshold (0: none).
        uint32 approvedRound;
        /// @dev Bit i: verifier i (or Committee seat i) approved this round.
        uint32 approvedBy;
    }

    struct Donation {
        uint64 campaignId;
        /// @dev Milestones released before it (its cohort: payments from this index on spend it).
        uint8 cohort;
        /// @dev Refund paid (or nothing was left to pay).
        bool settled;
        address donor;
        uint128 amount;
        uint128 refunded;
    }

    event CampaignCreated(
        uint256 indexed campaignId,
        address indexed creator,
        address indexed beneficiary,
        address token,
        uint256 goal,
        uint256 deadline,
        uint256 releaseDeadline,
        bool committee,
        address[] verifiers,
        MilestoneSpec[] milestones,
        string metadataURI
    );
    /// @notice `payer` paid `amount` for `donor` (the receipt's holder and the refund's payee);
    /// `raised` is the campaign's total after it; `cohort` the milestones released before it.
    event DonationReceived(
        uint256 indexed donationId,
        uint256 indexed campaignId,
        address indexed donor,
        address payer,
        uint256 amount,
        uint256 cohort,
        uint256 raised
    );
    /// @notice ERC-5192: the receipt `tokenId` can never be transferred.
    event Locked(uint256 tokenId);
    event EvidenceSubmitted(
        uint256 indexed campaignId,
        uint256 indexed milestone,
        uint256 round,
        string[] uris,
        bytes32[] hashes,
        uint256 committeeTerm,
        uint256 verifierCount,
        uint256 threshold
    );
    event EvidenceApproved(
        uint256 indexed campaignId,
        uint256 indexed milestone,
        uint256 round,
        address indexed verifier,
        uint256 approvals,
        uint256 threshold
    );
    /// @notice The threshold was reached; the milestone is paid now or when the campaign holds enough.
    event MilestoneApproved(uint256 indexed campaignId, uint256 indexed milestone, uint256 round);
    /// @notice `amount` paid to `beneficiary`; it spent `amount / unspentBefore` of the unspent part
    /// of every donation made before it (`raisedAtRelease` = the campaign's total then).
    event MilestoneReleased(
        uint256 indexed campaignId,
        uint256 indexed milestone,
        address indexed beneficiary,
        uint256 amount,
        uint256 raisedAtRelease,
        uint256 unspentBefore
    );
    event CampaignCompleted(uint256 indexed campaignId, uint256 released, uint256 unspent);
    event CampaignCancelled(uint256 indexed campaignId, address indexed by);
    event CampaignFailed(uint256 indexed campaignId, FailReason reason, uint256 raised, uint256 released);
    /// @notice Donation `donationId`'s unspent `amount` left the campaign (`by` pushed or its donor
    /// claimed it): `amount - fee` paid to `to` (the donor, or the address its claim named), `fee`
    /// to KeeperRewards for the bounty `by` was paid.
    event Refunded(
        uint256 indexed donationId,
        uint256 indexed campaignId,
        address indexed donor,
        address to,
        uint256 amount,
        uint256 fee,
        address by
    );
    /// @notice The token refused the refund's transfer (e.g. a blocked donor): the donation stays
    /// owed and its donor claims it (`claimRefund`), to itself or an address it names.
    event RefundFailed(uint256 indexed donationId, uint256 indexed campaignId, address indexed donor, uint256 amount);
    /// @notice `token` accepted for donations from `minDonation` (0: no longer accepted).
    event DonationTokenSet(address indexed token, uint256 minDonation);

    error InvalidBeneficiary(address beneficiary);
    error TokenNotAllowed(address token);
    error InvalidDeadlines(uint256 deadline, uint256 releaseDeadline, uint256 nowAt);
    error InvalidMilestoneCount(uint256 count, uint256 max);
    error InvalidMilestoneAmount(uint256 index, uint256 amount);
    error InvalidVerifierCount(uint256 count, uint256 max);
    error InvalidVerifier(uint256 index, address verifier);
    error DuplicateVerifier(address verifier);
    error NoCommittee();
    error UnknownCampaign(uint256 campaignId);
    error UnknownDonation(uint256 donationId);
    /// @notice The campaign is not open for this (`status` as `stateOf` reports it).
    error CampaignNotActive(uint256 campaignId, Status status);
    error DonationsClosed(uint256 campaignId, uint256 deadline, uint256 nowAt);
    error DonationTooSmall(uint256 amount, uint256 minDonation);
    error InvalidDonor(address donor);
    /// @notice The token moved `received` where `amount` was due (fee-on-transfer tokens are refused).
    error TransferMismatch(uint256 amount, uint256 received);
    error NotBeneficiary(address caller, address beneficiary);
    error NotCreator(address caller, address creator);
    /// @notice Milestones go in order: `expected` is the next.
    error MilestoneOutOfOrder(uint256 milestone, uint256 expected);
    error InvalidEvidence(uint256 uris, uint256 hashes);
    error NoEvidence(uint256 campaignId, uint256 milestone);
    error NoVerifiers(uint256 campaignId, uint256 committeeTerm);
    error NotVerifier(address caller, uint256 campaignId, uint256 milestone);
    error AlreadyApproved(address verifier, uint256 campaignId, uint256 milestone, uint256 round);
    error NotApproved(uint256 campaignId, uint256 milestone);
    /// @notice The campaign holds `held`, the milestone needs `amount`.
    error InsufficientFunds(uint256 campaignId, uint256 amount, uint256 held);
    error AlreadyReleased(uint256 campaignId, uint256 released);
    error AlreadySettled(uint256 donationId);
    error NotDonor(address caller, address donor);
    error InvalidRecipient(address to);
    /// @notice Receipts are soulbound (ERC-5192).
    error Soulbound(uint256 tokenId);
    error InvalidBatch(uint256 maxCount);

    /// @notice Opens a campaign; the caller is its creator (the only one besides the Timelock who
    /// may cancel it, and only before its first release).
    function createCampaign(CampaignParams calldata params) external returns (uint256 campaignId);

    /// @notice Donates `amount` of the campaign's token from the caller for the caller.
    function donate(uint256 campaignId, uint256 amount) external returns (uint256 donationId);

    /// @notice Donates `amount` of the campaign's token from the caller for `donor`, who holds the
    /// receipt and receives the refund (a charity auction names the seller).
    function donateFor(uint256 campaignId, uint256 amount, address donor) external returns (uint256 donationId);

    /// @notice The beneficiary submits evidence for `milestone` (the next one): URIs and content
    /// hashes, pairwise. Opens a new round: earlier approvals are cleared; a Committee campaign
    /// snapshots the term sitting now.
    function submitEvidence(
        uint256 campaignId,
        uint256 milestone,
        string[] calldata uris,
        bytes32[] calldata hashes
    ) external returns (uint256 round);

    /// @notice A verifier of the current round approves `milestone`'s evidence; the approval that
    /// makes a strict majority releases the milestone when the campaign holds its amount.
    function approveMilestone(uint256 campaignId, uint256 milestone) external returns (bool released);

    /// @notice Releases the next milestone once it is approved and the campaign holds its amount. Anyone.
    function release(uint256 campaignId) external;

    /// @notice Cancels an active campaign: its creator before the first release, or the Timelock.
    function cancel(uint256 campaignId) external;

    /// @notice Refunds up to `maxCount` more donations of a closed campaign (failed, cancelled or
    /// completed) from its cursor, each its unspent share, to its donor. Anyone. A donation whose
    /// share covers the refund fee (`refundFee`) pays it and earns the caller one bounty: the fee
    /// goes to KeeperRewards and funds that bounty, so a refund pushed for a donation the caller
    /// made itself earns it nothing (DESIGN §2). Smaller shares are paid whole and earn nothing.
    /// Records the failure of a campaign failed by time.
    /// @return refunded The donations paid out (transfers the token refused stay owed).
    function refund(uint256 campaignId, uint256 maxCount) external returns (uint256 refunded);

    /// @notice What `refund` keeps of a donation's share for the caller's bounty: the refund
    /// kind's bounty in KeeperRewards for a base-token campaign, zero for another token (whose
    /// fee could not fund a base-token bounty: its refunds pay no bounty).
    function refundFee(uint256 campaignId) external view returns (uint256);

    /// @notice The donor takes its own refund, whole, to `to` (itself or an address it names).
    function claimRefund(uint256 donationId, address to) external returns (uint256 amount);

    /// @notice Accepts `token` for donations from `minDonation` (0 removes it). The Timelock; the
    /// base token can be re-priced, never removed.
    function setDonationToken(address token, uint256 minDonation) external;

    /// @notice The smallest donation in `token` (0: not accepted).
    function minDonationOf(address token) external view returns (uint256);

    function campaignOf(uint256 campaignId) external view returns (Campaign memory);

    function milestoneOf(uint256 campaignId, uint256 milestone) external view returns (Milestone memory);

    function donationOf(uint256 donationId) external view returns (Donation memory);

    function verifiersOf(uint256 campaignId) external view returns (address[] memory);

    /// @notice The status with failure by time applied.
    function stateOf(uint256 campaignId) external view returns (Status status, FailReason reason);

    /// @notice Whether `donateFor(campaignId, amount, ·)` would be accepted now.
    function acceptsDonation(uint256 campaignId, uint256 amount) external view returns (bool);

    /// @notice What the campaign holds: raised − released − refunded.
    function campaignBalance(uint256 campaignId) external view returns (uint256);

    /// @notice The milestone payments donation `donationId` funded and its share of each (pro
    /// rata, rounded down), and its unspent part. Bounded by MAX_MILESTONES.
    function traceOf(
        uint256 donationId
    ) external view returns (uint256[] memory milestones, uint256[] memory amounts, uint256 unspent);

    /// @notice What a refund of `donationId` pays now (zero while its campaign is open or once settled).
    function refundableOf(uint256 donationId) external view returns (uint256);

    /// @notice Whether `refund` has due work for `campaignId` (closed, donations left to its cursor
    /// and money left), and how many donations are left to the cursor.
    function refundsDue(uint256 campaignId) external view returns (bool due, uint256 remaining);

    function campaignCount() external view returns (uint256);

    function donationCount() external view returns (uint256);
}
