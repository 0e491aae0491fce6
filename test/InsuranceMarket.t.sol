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

/// @notice Units of the InsuranceMarket at exact timestamps: the free-capital edges of buying and
/// withdrawing while premium is being earned, round trips that never gain, the constructor.
contract InsuranceMarketTest is TestBase {
    bytes32 private constant _FEED = "flight-delay-minutes";
    uint256 private constant _START = 1_700_000_000;
    BlockableToken private _token;
    KeeperRewards private _rewards;
    IndexOracleMock private _oracle;
    InsuranceMarket private _market;
    address private constant _BUYER = address(0xB0B);
    address private constant _OTHER = address(0x0C0);

    function setUp() public {
        vm.warp(_START);
        _token = new BlockableToken(address(this), 1e30);
        _rewards = new KeeperRewards(IERC20(address(_token)), address(this));
        _oracle = new IndexOracleMock();
        _oracle.defineFeed(_FEED, 0, 10_000, 2 hours, 1 days);
        _market = new InsuranceMarket(IERC20(address(_token)), _oracle, IKeeperRewards(address(_rewards)), 1e15);
        _rewards.registerKind(_market.SETTLE_KIND(), address(_market), 1e15);
        _token.approve(address(_market), type(uint256).max);
        require(_token.transfer(_BUYER, 1e27), "fund");
        require(_token.transfer(_OTHER, 1e27), "fund");
        vm.prank(_BUYER);
        _token.approve(address(_market), type(uint256).max);
        vm.prank(_OTHER);
        _token.approve(address(_market), type(uint256).max);
        _market.createProduct(_terms());
    }

    function _terms() private view returns (IInsuranceMarket.ProductTerms memory terms) {
        terms.name = "Flight delay";
        terms.feedId = _FEED;
        terms.comparator = IInsuranceMarket.Comparator.AtLeast;
        terms.tiers = new IInsuranceMarket.Tier[](2);
        terms.tiers[0] = IInsuranceMarket.Tier(15, 5_000);
        terms.tiers[1] = IInsuranceMarket.Tier(45, 10_000);
        terms.premiumBps = 700;
        terms.maxSumInsured = 1e24;
        terms.maxExposurePerSubject = 1e25;
        terms.saleStart = uint64(block.timestamp);
        terms.saleEnd = uint64(block.timestamp + 365 days);
        terms.minLeadTime = 10 minutes;
    }

    function _subject(uint256 observesAt, bytes24 key) private pure returns (bytes32) {
        return Subjects.encode(uint64(observesAt), key);
    }

    function testConstructorRefusesZeroFee() public {
        vm.expectRevert(abi.encodeWithSelector(IInsuranceMarket.InvalidUpkeepFee.selector, 0));
        new InsuranceMarket(IERC20(address(_token)), _oracle, IKeeperRewards(address(_rewards)), 0);
    }

    /// The last unit of free capital buys and one wei more reverts, with premium of an earlier
    /// policy half earned (free capital = assets − locked − unearned at that very second).
    function testLastUnitOfFreeCapitalBuys() public {
        _market.deposit(1, 1_000e18, 0);
        vm.prank(_BUYER);
        _market.buyPolicy(1, _subject(block.timestamp + 3 days, "A:1"), 300e18, 1e24);
        vm.warp(block.timestamp + 1 days + 17);
        uint256 free = _market.freeCapitalOf(1);
        vm.assertGe(free, 700e18, "premium earned counts as free");
        bytes32 subject = _subject(block.timestamp + 5 days, "B:1");
        vm.prank(_BUYER);
        vm.expectRevert(abi.encodeWithSelector(IInsuranceMarket.InsufficientFreeCapital.selector, 1, free + 1, free));
        _market.buyPolicy(1, subject, free + 1, 1e24);
        vm.prank(_BUYER);
        _market.buyPolicy(1, subject, free, 1e24);
        uint256 left = _market.freeCapitalOf(1);
        vm.assertLe(left, 1, "at most the rounding wei is left");
        vm.prank(_BUYER);
        vm.expectRevert(abi.encodeWithSelector(IInsuranceMarket.InsufficientFreeCapital.selector, 1, left + 1, left));
        _market.buyPolicy(1, subject, left + 1, 1e24);
    }

    /// Withdrawing the last unit of free capital succeeds and one wei more reverts.
    function testLastUnitOfFreeCapitalWithdraws() public {
        _market.deposit(1, 1_000e18, 0);
        vm.prank(_BUYER);
        _market.buyPolicy(1, _subject(block.timestamp + 3 days, "A:1"), 600e18, 1e24);
        vm.warp(block.timestamp + 1 days + 3);
        uint256 free = _market.freeCapitalOf(1);
        uint256 shares = _market.sharesOf(1, address(this));
        // The fewest shares that pay more than free capital, and the most that pay at most it.
        uint256 low = 0;
        uint256 high = shares;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (_market.previewWithdraw(1, mid) > free) high = mid;
            else low = mid + 1;
        }
        uint256 tooMany = low;
        uint256 assets = _market.previewWithdraw(1, tooMany);
        vm.assertEq(assets, free + 1, "one wei more than free capital");
        vm.expectRevert(abi.encodeWithSelector(IInsuranceMarket.InsufficientFreeCapital.selector, 1, assets, free));
        _market.withdraw(1, tooMany, 0);
        uint256 paid = _market.withdraw(1, tooMany - 1, 0);
        vm.assertEq(paid, free, "the last unit of free capital leaves");
        vm.assertEq(_market.freeCapitalOf(1), 0, "nothing free left");
    }

    /// Fuzz: a deposit followed by a withdrawal of the same shares, at any time around policies
    /// being earned, matured and settled, never returns more than was deposited.
    function testFuzzRoundTripNeverGains(uint256 amount, uint256 wait, uint256 sum, uint256 value) public {
        amount = bound(amount, 1, 1e24);
        wait = bound(wait, 0, 3 days);
        sum = bound(sum, 1e6, 500e18);
        _market.deposit(1, 1_000e18, 0);
        bytes32 subject = _subject(block.timestamp + 2 days, "A:1");
        vm.prank(_BUYER);
        _market.buyPolicy(1, subject, sum, 1e24);
        vm.warp(block.timestamp + wait);
        vm.prank(_OTHER);
        uint256 shares = _market.deposit(1, amount, 0);
        if (block.timestamp >= Subjects.observesAt(subject)) {
            _oracle.setValue(_FEED, subject, IIndexOracle.RoundState.Final, int256(bound(value, 0, 100)));
            _market.settle(1, subject, 10);
        }
        uint256 out = _market.previewWithdraw(1, shares);
        vm.assertLe(out, amount, "a round trip gained");
    }
}
