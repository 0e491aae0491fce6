// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IIndexOracle} from "../contracts/interfaces/IIndexOracle.sol";
import {IInsuranceMarket} from "../contracts/interfaces/IInsuranceMarket.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {InsuranceMarket} from "../contracts/insurance/InsuranceMarket.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {Subjects} from "../contracts/libraries/Subjects.sol";
import {BlockableToken, IndexOracleMock} from "../contracts/mocks/IndexOracleMock.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives two products (>= and <=) through deposits, withdrawals, purchases on a few
/// subjects, time, final and void values, settlements in batches by several keepers, blocked and
/// unblocked payees, claims and donations. It keeps an independent model of every pool's assets
/// (deposits − withdrawals + premiums − payouts − refunds, payouts from its own tier rule) and of
/// every policy, and counts each payment that differs from the model as it happens.
contract InsuranceMarketHandler is TestBase {
    bytes32 public constant FEED = "flight-delay-minutes";
    bytes32 public constant RAIN = "rain-mm";
    BlockableToken public immutable token;
    KeeperRewards public immutable rewards;
    IndexOracleMock public immutable oracle;
    InsuranceMarket public immutable market;
    address[3] public actors = [address(0xA1), address(0xA2), address(0xA3)];

    struct Model {
        uint256 productId;
        bytes32 subject;
        uint256 sumInsured;
        uint256 maxPayout;
        uint256 premium;
        address holder;
        bool settled;
    }

    struct Outcome {
        bool seen;
        IIndexOracle.RoundState state;
        int256 value;
    }

    mapping(uint256 productId => mapping(bytes32 subject => Outcome outcome)) private outcomes;
    uint256[] public policyIds;
    mapping(uint256 policyId => Model model) public models;
    bytes32[] public subjects;
    mapping(uint256 productId => uint256 assets) public modelAssets;
    uint256 public wrongPayments;
    uint256 public calls;
    uint256 public bought;
    uint256 public rejected;
    uint256 public claims;
    uint256 public settles;

    constructor() {
        vm.warp(1_700_000_000);
        token = new BlockableToken(address(this), 1e30);
        rewards = new KeeperRewards(IERC20(address(token)), address(this));
        oracle = new IndexOracleMock();
        oracle.defineFeed(FEED, 0, 1_000, 2 hours, 1 days);
        oracle.defineFeed(RAIN, 0, 1_000, 2 hours, 1 days);
        market = new InsuranceMarket(IERC20(address(token)), oracle, IKeeperRewards(address(rewards)), 1e15);
        rewards.registerKind(market.SETTLE_KIND(), address(market), 1e15);
        require(token.transfer(address(rewards), 1e21), "fund");
        for (uint256 i = 0; i < actors.length; ++i) {
            require(token.transfer(actors[i], 1e27), "fund");
            vm.prank(actors[i]);
            token.approve(address(market), type(uint256).max);
        }
        market.createProduct(_terms(FEED, IInsuranceMarket.Comparator.AtLeast));
        market.createProduct(_terms(RAIN, IInsuranceMarket.Comparator.AtMost));
    }

    function _terms(
        bytes32 feedId,
        IInsuranceMarket.Comparator comparator
    ) private view returns (IInsuranceMarket.ProductTerms memory terms) {
        bool atLeast = comparator == IInsuranceMarket.Comparator.AtLeast;
        terms.name = "product";
        terms.feedId = feedId;
        terms.comparator = comparator;
        terms.tiers = new IInsuranceMarket.Tier[](3);
        terms.tiers[0] = IInsuranceMarket.Tier(atLeast ? int64(15) : int64(50), 2_500);
        terms.tiers[1] = IInsuranceMarket.Tier(atLeast ? int64(30) : int64(20), 5_000);
        terms.tiers[2] = IInsuranceMarket.Tier(atLeast ? int64(45) : int64(5), 8_000);
        terms.premiumBps = 300;
        terms.maxSumInsured = 1e21;
        terms.maxExposurePerSubject = 3e21;
        terms.saleStart = uint64(block.timestamp);
        terms.saleEnd = uint64(block.timestamp + 3650 days);
        terms.minLeadTime = 30 minutes;
    }

    modifier step() {
        _;
        ++calls;
    }

    function policyCount() external view returns (uint256) {
        return policyIds.length;
    }

    function subjectCount() external view returns (uint256) {
        return subjects.length;
    }

    function deposit(uint256 seed, uint256 amount) external step {
        uint256 productId = 1 + (seed % 2);
        amount = bound(amount, 1, 5e21);
        vm.prank(actors[(seed >> 8) % 3]);
        try market.deposit(productId, amount, 0) {
            modelAssets[productId] += amount;
        } catch {
            ++rejected;
        }
    }

    function withdraw(uint256 seed, uint256 fraction) external step {
        uint256 productId = 1 + (seed % 2);
        address actor = actors[(seed >> 8) % 3];
        uint256 shares = (market.sharesOf(productId, actor) * bound(fraction, 1, 100)) / 100;
        vm.prank(actor);
        try market.withdraw(productId, shares, 0) returns (uint256 assets) {
            modelAssets[productId] -= assets;
        } catch {
            ++rejected;
        }
    }

    function buy(uint256 seed, uint256 sum, uint256 lead) external step {
        uint256 productId = 1 + (seed % 2);
        bytes32 subject;
        if (subjects.length == 0 || (seed >> 8) % 3 == 0) {
            lead = bound(lead, 31 minutes, 20 days);
            subject = Subjects.encode(uint64(block.timestamp + lead), bytes24(uint192(subjects.length + 1)));
            subjects.push(subject);
        } else {
            subject = subjects[(seed >> 16) % subjects.length];
        }
        sum = bound(sum, 1, 1e21);
        address holder = actors[(seed >> 24) % 3];
        vm.prank(holder);
        try market.buyPolicy(productId, subject, sum, type(uint256).max) returns (uint256 policyId) {
            uint256 premium = market.quotePremium(productId, sum);
            policyIds.push(policyId);
            models[policyId] = Model(productId, subject, sum, (sum * 8_000) / 10_000, premium, holder, false);
            modelAssets[productId] += premium;
            ++bought;
        } catch {
            ++rejected;
        }
    }

    function warp(uint256 seconds_) external step {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    /// The oracle gives a subject past its observation time a final value or voids it.
    function resolve(uint256 seed, uint256 value) external step {
        if (subjects.length == 0) return;
        bytes32 subject = subjects[seed % subjects.length];
        if (block.timestamp < Subjects.observesAt(subject)) return;
        bytes32 feedId = (seed >> 8) % 2 == 0 ? FEED : RAIN;
        IIndexOracle.RoundState state =
            (seed >> 16) % 5 == 0 ? IIndexOracle.RoundState.Void : IIndexOracle.RoundState.Final;
        oracle.setValue(feedId, subject, state, int256(bound(value, 0, 80)));
    }

    function settle(uint256 seed, uint256 batch) external step {
        if (subjects.length == 0) return;
        uint256 productId = 1 + (seed % 2);
        bytes32 subject = subjects[(seed >> 8) % subjects.length];
        IInsuranceMarket.SubjectBook memory before = market.subjectOf(productId, subject);
        vm.prank(actors[(seed >> 16) % 3]);
        try market.settle(productId, subject, bound(batch, 1, 5)) {
            IInsuranceMarket.SubjectBook memory after_ = market.subjectOf(productId, subject);
            _checkSettled(productId, subject, before.settled, after_.settled);
            ++settles;
        } catch {
            ++rejected;
        }
    }

    function block_(uint256 seed, bool blocked) external step {
        token.setBlocked(actors[seed % 3], blocked);
    }

    function claim(uint256 seed) external step {
        vm.prank(actors[seed % 3]);
        try market.claimOwed() {
            ++claims;
        } catch {
            ++rejected;
        }
    }

    function donate(uint256 amount) external step {
        require(token.transfer(address(market), bound(amount, 1, 1e21)), "donate");
    }

    /// Each newly settled policy: its state and what it paid against the model.
    function _checkSettled(uint256 productId, bytes32 subject, uint256 from, uint256 to) private {
        IInsuranceMarket.ProductTerms memory terms = market.productOf(productId);
        // The market keeps the outcome its first settle call saw; the oracle mock may change later.
        Outcome storage outcome = outcomes[productId][subject];
        if (!outcome.seen) {
            (outcome.state, outcome.value) = oracle.valueOf(terms.feedId, subject);
            outcome.seen = true;
        }
        (IIndexOracle.RoundState state, int256 value) = (outcome.state, outcome.value);
        for (uint256 i = 0; i < policyIds.length; ++i) {
            Model storage model = models[policyIds[i]];
            if (model.settled || model.productId != productId || model.subject != subject) continue;
            uint256 index = uint32(policyIds[i]);
            if (index <= from || index > to) continue;
            model.settled = true;
            IInsuranceMarket.Policy memory policy = market.policyOf(policyIds[i]);
            uint256 paid = 0;
            if (state == IIndexOracle.RoundState.Void) {
                paid = model.premium;
                if (policy.state != IInsuranceMarket.PolicyState.Refunded) ++wrongPayments;
            } else {
                uint256 bps = 0;
                for (uint256 t = 0; t < terms.tiers.length; ++t) {
                    bool reached =
                        terms.comparator == IInsuranceMarket.Comparator.AtLeast
                            ? value >= terms.tiers[t].threshold
                            : value <= terms.tiers[t].threshold;
                    if (reached) bps = terms.tiers[t].payoutBps;
                }
                paid = (model.sumInsured * bps) / 10_000;
                IInsuranceMarket.PolicyState expected =
                    bps == 0 ? IInsuranceMarket.PolicyState.Expired : IInsuranceMarket.PolicyState.Paid;
                if (policy.state != expected) ++wrongPayments;
            }
            if (paid > model.maxPayout) ++wrongPayments;
            modelAssets[productId] -= paid;
        }
    }
}

/// @notice Invariants of the InsuranceMarket (issue 16 item 10).
contract InsuranceMarketInvariantTest is TestBase {
    InsuranceMarketHandler private handler;

    function setUp() public {
        handler = new InsuranceMarketHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The handler reaches purchases and settlements (a fixed pseudo-random walk of 400 calls).
    function testHandlerReachesSettlement() public {
        for (uint256 i = 0; i < 400; ++i) {
            uint256 r = uint256(keccak256(abi.encode(i)));
            uint256 action = r % 6;
            if (action == 0) handler.deposit(r >> 8, 1e21);
            else if (action == 1) handler.buy(r >> 8, r >> 100, r >> 180);
            else if (action == 2) handler.warp(r >> 8);
            else if (action == 3) handler.resolve(r >> 8, r >> 100);
            else if (action == 4) handler.settle(r >> 8, r >> 100);
            else handler.withdraw(r >> 8, r >> 100);
        }
        vm.assertGe(handler.bought(), 20, "few purchases");
        vm.assertGe(handler.settles(), 5, "few settlements");
        invariantInsuranceAccounting();
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantInsuranceAccounting() public view {
        _checkPoolsCoverLocked();
        _checkLockedIsActiveMaxPayouts();
        _checkExposureWithinCap();
        _checkBalanceCoversObligations();
    }

    /// assets ≥ locked + unearned, lockedMatured ≤ locked, and assets equal the model's.
    function _checkPoolsCoverLocked() internal view {
        InsuranceMarket market = handler.market();
        for (uint256 productId = 1; productId <= 2; ++productId) {
            IInsuranceMarket.Pool memory pool = market.poolOf(productId);
            vm.assertGe(pool.assets, pool.locked + pool.unearned, "assets < locked + unearned");
            vm.assertLe(pool.lockedMatured, pool.locked, "matured > locked");
            vm.assertEq(pool.assets, handler.modelAssets(productId), "assets != model");
        }
    }

    /// locked = Σ maximum payouts of active policies; per policy, paid + released = locked at
    /// purchase (each settlement paid the model's amount and released the rest).
    function _checkLockedIsActiveMaxPayouts() internal view {
        InsuranceMarket market = handler.market();
        uint256[3] memory active;
        for (uint256 i = 0; i < handler.policyCount(); ++i) {
            uint256 policyId = handler.policyIds(i);
            IInsuranceMarket.Policy memory policy = market.policyOf(policyId);
            (uint256 productId, , , uint256 maxPayout, , , bool settled) = handler.models(policyId);
            vm.assertEq(policy.maxPayout, maxPayout, "max payout changed");
            vm.assertTrue(settled == (policy.state != IInsuranceMarket.PolicyState.Active), "settled state");
            if (!settled) active[productId] += maxPayout;
        }
        for (uint256 productId = 1; productId <= 2; ++productId) {
            vm.assertEq(market.poolOf(productId).locked, active[productId], "locked != active max payouts");
        }
        vm.assertEq(handler.wrongPayments(), 0, "a settlement paid other than the model");
    }

    /// Exposure ≤ cap, and equals the active max payouts of the subject.
    function _checkExposureWithinCap() internal view {
        InsuranceMarket market = handler.market();
        for (uint256 s = 0; s < handler.subjectCount(); ++s) {
            bytes32 subject = handler.subjects(s);
            for (uint256 productId = 1; productId <= 2; ++productId) {
                IInsuranceMarket.SubjectBook memory book = market.subjectOf(productId, subject);
                vm.assertLe(book.exposure, 3e21, "exposure above cap");
                vm.assertLe(book.settled, book.policies, "cursor past the book");
            }
        }
    }

    /// The market's balance covers every pool's assets, what it owes and the fees it holds.
    function _checkBalanceCoversObligations() internal view {
        InsuranceMarket market = handler.market();
        uint256 total = market.totalOwed() + market.heldFees();
        for (uint256 productId = 1; productId <= 2; ++productId) total += market.poolOf(productId).assets;
        vm.assertGe(handler.token().balanceOf(address(market)), total, "balance < assets + owed + fees");
    }
}
