// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {ICharityCampaigns} from "../contracts/interfaces/ICharityCampaigns.sol";
import {ICommittee} from "../contracts/interfaces/ICommittee.sol";
import {CharityCampaigns} from "../contracts/community/CharityCampaigns.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Shared set-up: a base token, KeeperRewards paying the refund bounty, the campaigns.
abstract contract CharitySetup is TestBase {
    BaseToken public token;
    KeeperRewards internal rewards;
    CharityCampaigns public charity;
    address internal constant BENEFICIARY = address(0xBEEF);
    address[3] internal verifiers = [address(0xA1), address(0xA2), address(0xA3)];
    address[4] internal donors = [address(0xD1), address(0xD2), address(0xD3), address(0xD4)];

    function _deploy() internal {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        rewards = new KeeperRewards(token, address(this));
        charity = new CharityCampaigns(token, rewards, ICommittee(address(0)), address(this), 1e18);
        rewards.registerKind(charity.REFUND_KIND(), address(charity), 1e17);
        require(token.transfer(address(rewards), 1_000_000e18), "fund rewards");
        for (uint256 i = 0; i < donors.length; ++i) {
            require(token.transfer(donors[i], 1_000_000_000e18), "fund donor");
            vm.prank(donors[i]);
            token.approve(address(charity), type(uint256).max);
        }
    }

    function _create(uint128[] memory amounts) internal returns (uint256) {
        ICharityCampaigns.CampaignParams memory params;
        params.beneficiary = BENEFICIARY;
        params.deadline = uint40(block.timestamp + 10 days);
        params.releaseDeadline = uint40(block.timestamp + 20 days);
        params.verifiers = new address[](3);
        for (uint256 i = 0; i < 3; ++i) params.verifiers[i] = verifiers[i];
        params.milestones = new ICharityCampaigns.MilestoneSpec[](amounts.length);
        for (uint256 i = 0; i < amounts.length; ++i) params.milestones[i].amount = amounts[i];
        return charity.createCampaign(params);
    }

    function _donate(uint256 campaignId, uint256 donor, uint256 amount) internal returns (uint256) {
        vm.prank(donors[donor]);
        return charity.donate(campaignId, amount);
    }

    /// @dev Evidence, then two of the three verifiers approve (the second releases).
    function _releaseNext(uint256 campaignId) internal {
        uint256 milestone = charity.campaignOf(campaignId).releasedCount;
        string[] memory uris = new string[](1);
        uris[0] = "ipfs://invoice";
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = keccak256("invoice");
        vm.prank(BENEFICIARY);
        charity.submitEvidence(campaignId, milestone, uris, hashes);
        vm.prank(verifiers[0]);
        charity.approveMilestone(campaignId, milestone);
        vm.prank(verifiers[1]);
        charity.approveMilestone(campaignId, milestone);
    }
}

/// @notice Units and fuzz of the trace and refund math.
contract CharityCampaignsTest is CharitySetup {
    function setUp() public {
        _deploy();
    }

    /// The issue's trace test in units: two payments mixing three donations, pro rata.
    function testTraceProRataAcrossCohorts() public {
        uint128[] memory amounts = new uint128[](3);
        (amounts[0], amounts[1], amounts[2]) = (200e18, 300e18, 1_000e18);
        uint256 id = _create(amounts);
        uint256 a = _donate(id, 0, 100e18);
        uint256 b = _donate(id, 1, 300e18);
        _releaseNext(id);
        uint256 c = _donate(id, 2, 400e18);
        _releaseNext(id);
        (uint256[] memory ms, uint256[] memory paid, uint256 unspent) = charity.traceOf(a);
        vm.assertEq(ms.length, 2, "a funded both payments");
        vm.assertEq(paid[0], 50e18, "a's share of payment 0");
        vm.assertEq(paid[1], 25e18, "a's share of payment 1");
        vm.assertEq(unspent, 25e18, "a unspent");
        (, paid, unspent) = charity.traceOf(b);
        vm.assertEq(paid[0] + paid[1] + unspent, 300e18, "b adds up");
        vm.assertEq(paid[1], 75e18, "b's share of payment 1");
        (ms, paid, unspent) = charity.traceOf(c);
        vm.assertEq(ms.length, 1, "c funded only payment 1");
        vm.assertEq(ms[0], 1, "c's payment");
        vm.assertEq(paid[0], 200e18, "c's share of payment 1");
        vm.assertEq(unspent, 200e18, "c unspent");
    }

    /// Any donations and payments: every donation's shares plus its refund never exceed it, the
    /// refunds never exceed what the campaign holds, and the dust left is below one wei per
    /// donation and payment.
    function testFuzzRefundsNeverExceedHeld(uint256 seed, uint8 donationCount, uint8 releases) public {
        donationCount = uint8(bound(donationCount, 1, 12));
        uint128[] memory amounts = new uint128[](4);
        for (uint256 i = 0; i < 4; ++i)
            amounts[i] = uint128(bound(uint256(keccak256(abi.encode(seed, "m", i))), 1, 1e24));
        uint256 id = _create(amounts);
        releases = uint8(bound(releases, 0, 3));
        uint256 released;
        for (uint256 i = 0; i < donationCount; ++i) {
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, "d", i))), 1e18, 1e24);
            _donate(id, i % 4, amount);
            ICharityCampaigns.Campaign memory campaign = charity.campaignOf(id);
            uint256 next = campaign.releasedCount;
            if (
                released < releases &&
                uint256(keccak256(abi.encode(seed, "r", i))) % 2 == 0 &&
                campaign.raised - campaign.released >= amounts[next]
            ) {
                _releaseNext(id);
                ++released;
            }
        }
        vm.prank(address(this));
        charity.cancel(id);
        ICharityCampaigns.Campaign memory closed = charity.campaignOf(id);
        uint256 held = closed.raised - closed.released;
        uint256 count = charity.donationCount();
        uint256[] memory paidPerPayment = new uint256[](closed.releasedCount);
        for (uint256 d = 1; d <= count; ++d) {
            (uint256[] memory ms, uint256[] memory paid, uint256 unspent) = charity.traceOf(d);
            uint256 total = unspent;
            for (uint256 k = 0; k < ms.length; ++k) {
                total += paid[k];
                paidPerPayment[ms[k]] += paid[k];
            }
            vm.assertLe(total, charity.donationOf(d).amount, "a donation traced above its amount");
            vm.assertGe(total + ms.length + 1, charity.donationOf(d).amount, "a donation lost more than dust");
        }
        for (uint256 k = 0; k < closed.releasedCount; ++k) {
            vm.assertLe(paidPerPayment[k], amounts[k] + count, "a payment traced above itself");
            vm.assertGe(paidPerPayment[k] + 2 * count, amounts[k], "a payment traced below itself");
        }
        charity.refund(id, count);
        ICharityCampaigns.Campaign memory after_ = charity.campaignOf(id);
        vm.assertLe(after_.refunded, held, "refunds above what the campaign held");
        vm.assertLe(held - after_.refunded, 2 * count + 2 * closed.releasedCount, "more than dust left");
        vm.assertEq(token.balanceOf(address(charity)), held - after_.refunded, "the balance is the dust");
    }
}

/// @notice Random donations, evidence, approvals, releases, time, cancels and refunds on three campaigns.
contract CharityHandler is CharitySetup {
    uint256[3] public campaigns;
    uint256 public ghostPaidOut;
    uint256 public ghostBudgetDrops;

    constructor() {
        _deploy();
        for (uint256 c = 0; c < 3; ++c) {
            uint128[] memory amounts = new uint128[](3);
            (amounts[0], amounts[1], amounts[2]) = (uint128(50e18 * (c + 1)), 70e18, 33e18);
            campaigns[c] = _create(amounts);
        }
    }

    function donate(uint256 campaignSeed, uint256 donorSeed, uint256 amount) external {
        uint256 id = campaigns[campaignSeed % 3];
        amount = bound(amount, 1e18, 200e18);
        if (!charity.acceptsDonation(id, amount)) return;
        _donate(id, donorSeed % 4, amount);
    }

    function submit(uint256 campaignSeed) external {
        uint256 id = campaigns[campaignSeed % 3];
        (ICharityCampaigns.Status status, ) = charity.stateOf(id);
        if (status != ICharityCampaigns.Status.Active) return;
        string[] memory uris = new string[](1);
        uris[0] = "ipfs://x";
        bytes32[] memory hashes = new bytes32[](1);
        uint256 milestone = charity.campaignOf(id).releasedCount;
        vm.prank(BENEFICIARY);
        charity.submitEvidence(id, milestone, uris, hashes);
    }

    function approve(uint256 campaignSeed, uint256 verifierSeed) external {
        uint256 id = campaigns[campaignSeed % 3];
        uint256 before = token.balanceOf(BENEFICIARY);
        uint256 milestone = charity.campaignOf(id).releasedCount;
        vm.prank(verifiers[verifierSeed % 3]);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(charity).call(abi.encodeCall(charity.approveMilestone, (id, milestone)));
        if (!ok) return;
        ghostPaidOut += token.balanceOf(BENEFICIARY) - before;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 4 days));
    }

    function cancel(uint256 campaignSeed) external {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(charity).call(abi.encodeCall(charity.cancel, (campaigns[campaignSeed % 3])));
        if (!ok) return;
    }

    /// @dev This handler is the keeper: what it earns is the fees kept from the donors' shares.
    function refund(uint256 campaignSeed, uint256 count) external {
        uint256 id = campaigns[campaignSeed % 3];
        uint256 before;
        for (uint256 i = 0; i < donors.length; ++i) before += token.balanceOf(donors[i]);
        uint256 budgetBefore = token.balanceOf(address(rewards));
        uint256 keeperBefore = token.balanceOf(address(this));
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(charity).call(abi.encodeCall(charity.refund, (id, bound(count, 1, 5))));
        if (!ok) return;
        uint256 after_;
        for (uint256 i = 0; i < donors.length; ++i) after_ += token.balanceOf(donors[i]);
        // The bounties are funded by the fees: the budget is where it was.
        if (token.balanceOf(address(rewards)) != budgetBefore) ++ghostBudgetDrops;
        ghostPaidOut += after_ - before + (token.balanceOf(address(this)) - keeperBefore);
    }

    function claim(uint256 donationSeed) external {
        uint256 count = charity.donationCount();
        if (count == 0) return;
        uint256 id = 1 + (donationSeed % count);
        address donor = charity.donationOf(id).donor;
        uint256 before = token.balanceOf(donor);
        vm.prank(donor);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(charity).call(abi.encodeCall(charity.claimRefund, (id, donor)));
        if (!ok) return;
        ghostPaidOut += token.balanceOf(donor) - before;
    }
}

/// @notice Accounting invariants of CharityCampaigns.
contract CharityCampaignsInvariantTest is TestBase {
    CharityHandler private handler;

    function setUp() public {
        handler = new CharityHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below after every call (one campaign of runs for all of them).
    function invariantCharityAccounting() public view {
        _checkBalancesAddUp();
        _checkDonationsCoverSettlement();
    }

    /// Each campaign's balance is donations − released − refunded; the contract's token balance is
    /// exactly their sum (and so covers every campaign), and everything that left reached its payee.
    function _checkBalancesAddUp() internal view {
        CharityCampaigns charity = handler.charity();
        uint256 sum;
        uint256 out;
        for (uint256 c = 0; c < 3; ++c) {
            uint256 id = handler.campaigns(c);
            ICharityCampaigns.Campaign memory campaign = charity.campaignOf(id);
            vm.assertEq(
                charity.campaignBalance(id),
                uint256(campaign.raised) - campaign.released - campaign.refunded,
                "campaign balance != donations - released - refunded"
            );
            vm.assertLe(campaign.released, campaign.goal, "released above the goal");
            sum += charity.campaignBalance(id);
            out += uint256(campaign.released) + campaign.refunded;
        }
        vm.assertEq(handler.token().balanceOf(address(charity)), sum, "token balance != sum of campaign balances");
        vm.assertEq(handler.ghostPaidOut(), out, "paid out != released + refunded");
        vm.assertEq(handler.ghostBudgetDrops(), 0, "a refund bounty not funded by its fee");
    }

    /// No settled donation was refunded more than its unspent share; each donation's trace adds up.
    function _checkDonationsCoverSettlement() internal view {
        CharityCampaigns charity = handler.charity();
        uint256 count = charity.donationCount();
        for (uint256 d = 1; d <= count; ++d) {
            ICharityCampaigns.Donation memory donation = charity.donationOf(d);
            (, uint256[] memory paid, uint256 unspent) = charity.traceOf(d);
            uint256 total = donation.refunded + unspent;
            for (uint256 k = 0; k < paid.length; ++k) total += paid[k];
            vm.assertLe(total, donation.amount, "donation traced or refunded above its amount");
        }
    }
}
