// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DataMarket} from "../contracts/community/DataMarket.sol";
import {IAliasRegistry} from "../contracts/interfaces/IAliasRegistry.sol";
import {ICommittee} from "../contracts/interfaces/ICommittee.sol";
import {IDataMarket} from "../contracts/interfaces/IDataMarket.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../contracts/interfaces/IRewardsReserve.sol";
import {IStorageMarket} from "../contracts/interfaces/IStorageMarket.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {BlockableToken} from "../contracts/mocks/IndexOracleMock.sol";
import {OracleCommitteeMock} from "../contracts/mocks/IndexOracleMocks.sol";
import {LeasesMock, PublicKeysMock, ReserveDepositMock} from "../contracts/mocks/DataMarketMocks.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Deploys a DataMarket on stubs (public keys, Committee seats, leases, reserve) with a real KeeperRewards.
abstract contract DataMarketSetup is TestBase {
    BlockableToken internal token;
    KeeperRewards internal rewards;
    OracleCommitteeMock internal committee;
    ReserveDepositMock internal reserve;
    PublicKeysMock internal keys;
    DataMarket internal market;
    address[4] internal actors = [address(0xA1), address(0xA2), address(0xA3), address(0xA4)];
    address[3] internal members = [address(0xC1), address(0xC2), address(0xC3)];

    function _deploy() internal {
        vm.warp(1_700_000_000);
        token = new BlockableToken(address(this), 1e30);
        rewards = new KeeperRewards(IERC20(address(token)), address(this));
        committee = new OracleCommitteeMock();
        reserve = new ReserveDepositMock(IERC20(address(token)));
        keys = new PublicKeysMock();
        LeasesMock leases = new LeasesMock();
        market = new DataMarket(
            IERC20(address(token)),
            IAliasRegistry(address(keys)),
            ICommittee(address(committee)),
            IRewardsReserve(address(reserve)),
            IStorageMarket(address(leases)),
            IKeeperRewards(address(rewards)),
            address(this),
            IDataMarket.Parameters({
                minPrice: 1e18,
                minCollateral: 100e18,
                disputeBond: 2e18,
                minUpkeepFee: 1e17,
                maxFeeBps: 2_000,
                slashBps: 5_000,
                deliveryWindow: 1 days,
                confirmationWindow: 3 days,
                disputeWindow: 7 days,
                withdrawDelay: 7 days
            })
        );
        rewards.registerKind(market.RELEASE_KIND(), address(market), 1e17);
        rewards.registerKind(market.REFUND_KIND(), address(market), 1e17);
        require(token.transfer(address(rewards), 1e21), "fund");
        address[] memory seats = new address[](3);
        for (uint256 i = 0; i < 3; ++i) seats[i] = members[i];
        committee.setMembers(0, seats);
        for (uint256 i = 0; i < actors.length; ++i) {
            require(token.transfer(actors[i], 1e27), "fund");
            keys.setKey(actors[i], true);
            vm.prank(actors[i]);
            token.approve(address(market), type(uint256).max);
        }
    }
}

/// @notice Drives listings, proxies, orders, deliveries, confirmations, disputes, votes, releases,
/// refunds, withdrawals, time and donations at random, and keeps a model of what each account
/// must have received; counts every payment that differs from the model.
contract DataMarketHandler is DataMarketSetup {
    uint256 public calls;
    uint256 public finished;
    uint256 public donated;
    uint256 public wrongPayments;
    uint256 public disputes;
    uint256 public accepted;
    uint256 public rejected;
    /// @dev Model: what the market owes in open orders (price), per order.
    mapping(uint256 orderId => uint256 price) public openPrice;

    constructor() {
        _deploy();
    }

    function tokenAddress() external view returns (address) {
        return address(token);
    }

    function marketAddress() external view returns (address) {
        return address(market);
    }

    function reserveAddress() external view returns (address) {
        return address(reserve);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    function list(uint256 seed, uint256 price) external {
        ++calls;
        price = bound(price, 1e18, 1e22);
        vm.prank(_actor(seed));
        market.list("t", "", "", price, keccak256(abi.encode(seed)), 0, "https://d");
    }

    function registerProxy(uint256 seed, uint256 collateral, uint256 feeBps) external {
        ++calls;
        address proxy = _actor(seed);
        collateral = bound(collateral, 100e18, 1e22);
        feeBps = bound(feeBps, 0, 2_000);
        vm.prank(proxy);
        try market.registerProxy(collateral, feeBps) {
            ++accepted;
        } catch {
            ++rejected;
        }
        uint256 count = market.listingCount();
        for (uint256 id = 1; id <= count && id <= 5; ++id) {
            IDataMarket.Listing memory listing = market.listingOf(id);
            vm.prank(listing.seller);
            try market.shareKey(id, proxy, hex"01") {
                ++accepted;
            } catch {
                ++rejected;
            }
        }
    }

    function buy(uint256 seed, uint256 listingSeed, uint256 proxySeed) external {
        ++calls;
        uint256 count = market.listingCount();
        if (count == 0) return;
        uint256 listingId = 1 + (listingSeed % count);
        vm.prank(_actor(seed));
        try market.buy(listingId, _actor(proxySeed)) returns (uint256 orderId) {
            openPrice[orderId] = market.orderOf(orderId).price;
        } catch {
            ++rejected;
        }
    }

    function deliver(uint256 orderSeed) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        vm.prank(market.orderOf(orderId).proxy);
        try market.deliver(orderId, hex"02", bytes32(orderId)) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function confirm(uint256 orderSeed) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        IDataMarket.Order memory order = market.orderOf(orderId);
        (uint256 sellerBefore, uint256 proxyBefore) = _balances(orderId);
        vm.prank(order.buyer);
        try market.confirm(orderId) {
            _checkPaid(orderId, order, sellerBefore, proxyBefore, 0);
        } catch {
            ++rejected;
        }
    }

    function dispute(uint256 orderSeed) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        vm.prank(market.orderOf(orderId).buyer);
        try market.dispute(orderId, "e") {
            ++disputes;
        } catch {
            ++rejected;
        }
    }

    function vote(uint256 orderSeed, uint256 seat, bool forBuyer) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        seat = seat % 3;
        IDataMarket.Order memory order = market.orderOf(orderId);
        uint256 bond = market.disputeOf(orderId).bond;
        uint256 buyerBefore = token.balanceOf(order.buyer);
        (uint256 sellerBefore, uint256 proxyBefore) = _balances(orderId);
        vm.prank(members[seat]);
        try market.vote(orderId, seat, forBuyer) {
            IDataMarket.OrderState state = market.orderOf(orderId).state;
            if (state == IDataMarket.OrderState.Refunded) {
                _close(orderId);
                if (token.balanceOf(order.buyer) - buyerBefore != order.price + bond) ++wrongPayments;
            } else if (state == IDataMarket.OrderState.Completed) {
                _checkPaid(orderId, order, sellerBefore, proxyBefore, bond);
            }
        } catch {
            ++rejected;
        }
    }

    function release(uint256 orderSeed) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        IDataMarket.Order memory order = market.orderOf(orderId);
        (uint256 sellerBefore, uint256 proxyBefore) = _balances(orderId);
        uint256[] memory ids = new uint256[](1);
        ids[0] = orderId;
        vm.prank(address(0xBEEF));
        try market.release(ids) {
            _checkPaid(orderId, order, sellerBefore, proxyBefore, 0);
        } catch {
            ++rejected;
        }
    }

    function refund(uint256 orderSeed) external {
        ++calls;
        uint256 orderId = _someOrder(orderSeed);
        if (orderId == 0) return;
        IDataMarket.Order memory order = market.orderOf(orderId);
        uint256 bond = order.state == IDataMarket.OrderState.Disputed ? market.disputeOf(orderId).bond : 0;
        uint256 before = token.balanceOf(order.buyer);
        uint256[] memory ids = new uint256[](1);
        ids[0] = orderId;
        vm.prank(address(0xBEEF));
        try market.refund(ids) {
            _close(orderId);
            if (token.balanceOf(order.buyer) - before != order.price + bond) ++wrongPayments;
        } catch {
            ++rejected;
        }
    }

    function withdraw(uint256 seed, uint256 amount, bool complete) external {
        ++calls;
        address proxy = _actor(seed);
        if (complete) {
            try market.completeWithdraw(proxy) {
                ++accepted;
            } catch {
                ++rejected;
            }
            return;
        }
        amount = bound(amount, 1, market.proxyOf(proxy).collateral + 1);
        vm.prank(proxy);
        try market.requestWithdraw(amount) {
            ++accepted;
        } catch {
            ++rejected;
        }
    }

    function warp(uint256 seconds_) external {
        ++calls;
        vm.warp(block.timestamp + bound(seconds_, 1, 12 hours));
    }

    function donate(uint256 amount) external {
        ++calls;
        amount = bound(amount, 1, 1e20);
        donated += amount;
        require(token.transfer(address(market), amount), "donate");
    }

    function _someOrder(uint256 seed) private view returns (uint256) {
        uint256 count = market.orderCount();
        return count == 0 ? 0 : 1 + (seed % count);
    }

    function _balances(uint256 orderId) private view returns (uint256 seller, uint256 proxy) {
        IDataMarket.Order memory order = market.orderOf(orderId);
        seller = token.balanceOf(market.listingOf(order.listingId).seller);
        proxy = token.balanceOf(order.proxy);
    }

    /// @dev The seller and the proxy got price (+ the bond, to the seller) between them, split by the fee.
    function _checkPaid(
        uint256 orderId,
        IDataMarket.Order memory order,
        uint256 sellerBefore,
        uint256 proxyBefore,
        uint256 bond
    ) private {
        _close(orderId);
        address seller = market.listingOf(order.listingId).seller;
        uint256 fee = (uint256(order.price) * order.feeBps) / 10_000;
        (uint256 sellerAfter, uint256 proxyAfter) = _balances(orderId);
        if (seller == order.proxy) {
            if (sellerAfter - sellerBefore != order.price + bond) ++wrongPayments;
        } else if (sellerAfter - sellerBefore != order.price - fee + bond || proxyAfter - proxyBefore != fee) {
            ++wrongPayments;
        }
    }

    function _close(uint256 orderId) private {
        if (openPrice[orderId] == 0) ++wrongPayments;
        openPrice[orderId] = 0;
        ++finished;
    }
}

/// @notice Invariants of the DataMarket (issue 18 part 7: escrow equals the sum of open orders).
contract DataMarketInvariantTest is TestBase {
    DataMarketHandler private handler;

    function setUp() public {
        handler = new DataMarketHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The handler reaches orders, disputes and their ends (a fixed pseudo-random walk of 1,500 calls).
    function testHandlerReachesOrdersAndDisputes() public {
        for (uint256 i = 0; i < 1_500; ++i) {
            uint256 r = uint256(keccak256(abi.encode(i)));
            uint256 action = r % 11;
            if (action == 0) handler.list(r >> 8, r >> 100);
            else if (action == 1) handler.registerProxy(r >> 8, r >> 100, r >> 180);
            else if (action == 2 || action == 3) handler.buy(r >> 8, r >> 100, r >> 180);
            else if (action == 4) handler.deliver(r >> 8);
            else if (action == 5) handler.confirm(r >> 8);
            else if (action == 6) handler.dispute(r >> 8);
            else if (action == 7) handler.vote(r >> 8, r >> 100, (r >> 200) % 2 == 0);
            else if (action == 8) handler.release(r >> 8);
            else if (action == 9) handler.refund(r >> 8);
            else handler.warp(r >> 8);
        }
        vm.assertGe(handler.finished(), 20, "few orders finished");
        vm.assertGe(handler.disputes(), 3, "few disputes");
        invariantDataMarketAccounting();
    }

    /// @notice Every property below, checked after every call of every run (one campaign).
    function invariantDataMarketAccounting() public view {
        _checkEscrowIsOpenOrders();
        _checkBalanceIsAccounted();
        _checkCollateral();
        vm.assertEq(handler.wrongPayments(), 0, "a payment differed from the model");
    }

    /// escrowed = Σ prices of orders Paid, Delivered or Disputed (and the model's open prices).
    function _checkEscrowIsOpenOrders() internal view {
        DataMarket market = DataMarket(handler.marketAddress());
        uint256 open;
        uint256 modelOpen;
        uint256 bonds;
        uint256 count = market.orderCount();
        for (uint256 id = 1; id <= count; ++id) {
            IDataMarket.Order memory order = market.orderOf(id);
            modelOpen += handler.openPrice(id);
            if (
                order.state == IDataMarket.OrderState.Paid ||
                order.state == IDataMarket.OrderState.Delivered ||
                order.state == IDataMarket.OrderState.Disputed
            ) open += order.price;
            if (order.state == IDataMarket.OrderState.Disputed) bonds += market.disputeOf(id).bond;
        }
        vm.assertEq(market.escrowed(), open, "escrowed != open orders");
        vm.assertEq(modelOpen, open, "model open != open orders");
        vm.assertEq(market.bonds(), bonds, "bonds != open disputes' bonds");
    }

    /// balance = escrowed + collateral + bonds + held fees + donations (nothing lost, nothing made up).
    function _checkBalanceIsAccounted() internal view {
        DataMarket market = DataMarket(handler.marketAddress());
        uint256 held = market.escrowed() + market.totalCollateral() + market.bonds() + market.heldFees();
        vm.assertEq(
            IERC20(handler.tokenAddress()).balanceOf(address(market)),
            held + handler.donated(),
            "balance != accounted"
        );
    }

    /// totalCollateral = Σ proxies' collateral + pending.
    function _checkCollateral() internal view {
        DataMarket market = DataMarket(handler.marketAddress());
        uint256 sum;
        for (uint256 i = 0; i < 4; ++i) {
            IDataMarket.Proxy memory proxy = market.proxyOf(address(uint160(0xA1 + i)));
            sum += uint256(proxy.collateral) + proxy.pending;
        }
        vm.assertEq(market.totalCollateral(), sum, "collateral != proxies' sum");
    }
}

/// @notice Unit and fuzz tests of the payout split.
contract DataMarketUnitTest is DataMarketSetup {
    function setUp() public {
        _deploy();
    }

    /// The seller and the proxy get exactly the price between them, for any price and fee.
    function testFuzzPayoutSplitsThePrice(uint256 price, uint256 feeBps) public {
        price = bound(price, 1e18, type(uint96).max);
        feeBps = bound(feeBps, 0, 2_000);
        address seller = actors[0];
        address buyer = actors[1];
        address proxy = actors[2];
        require(token.transfer(buyer, price), "fund");
        vm.prank(seller);
        uint256 listingId = market.list("t", "", "", price, bytes32(uint256(1)), 0, "u");
        vm.prank(proxy);
        market.registerProxy(100e18, feeBps);
        vm.prank(seller);
        market.shareKey(listingId, proxy, hex"01");
        vm.prank(buyer);
        uint256 orderId = market.buy(listingId, proxy);
        vm.prank(proxy);
        market.deliver(orderId, hex"02", bytes32(0));
        uint256 sellerBefore = token.balanceOf(seller);
        uint256 proxyBefore = token.balanceOf(proxy);
        vm.prank(buyer);
        market.confirm(orderId);
        uint256 toSeller = token.balanceOf(seller) - sellerBefore;
        uint256 toProxy = token.balanceOf(proxy) - proxyBefore;
        vm.assertEq(toSeller + toProxy, price, "split != price");
        vm.assertEq(toProxy, (price * feeBps) / 10_000, "proxy fee");
        vm.assertEq(market.escrowed(), 0, "escrow left");
    }
}
