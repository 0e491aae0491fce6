// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {ITokenizationFactory} from "../contracts/interfaces/ITokenizationFactory.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {BancorMarket} from "../contracts/tokenization/BancorMarket.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {IssuedToken} from "../contracts/tokenization/IssuedToken.sol";
import {TokenizationFactory} from "../contracts/tokenization/TokenizationFactory.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives one issued token with purchases, sales, consumption by holders, time, period
/// evaluations and cures, keeping ghost totals of what went in and out.
contract TokenizationHandler is TestBase {
    BaseToken public immutable base;
    TokenizationFactory public immutable factory;
    IssuedToken public immutable token;
    BancorMarket public immutable market;

    address public constant ISSUER = address(0x1550);
    address[3] public actors = [address(0xB1), address(0xB2), address(0xB3)];
    uint256 public constant INITIAL_SUPPLY = 1_000_000e18;

    uint256 public bought;
    uint256 public sold;
    uint256 public consumed;
    uint256 public defaultsSeen;
    uint256 public curesSeen;
    uint256 public refusedBuys;
    uint256[] public defaultedPeriods;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        base = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        KeeperRewards rewards = new KeeperRewards(base, address(this));
        factory = new TokenizationFactory(
            base,
            address(0xEE5E),
            IKeeperRewards(address(rewards)),
            address(0x7173),
            ITokenizationFactory.Parameters({minSeedReserve: 10_000e18, launchFee: 1_000e18, minPeriodLength: 7 days})
        );
        rewards.registerKind(factory.EVALUATE_KIND(), address(factory), 10e18);
        require(base.transfer(address(rewards), 1_000_000e18), "rewards");
        require(base.transfer(ISSUER, 100_000_000e18), "issuer");
        vm.startPrank(ISSUER);
        base.approve(address(factory), type(uint256).max);
        (address token_, address market_) = factory.launch(
            ITokenizationFactory.LaunchParams({
                name: "Dumpling Coffee",
                symbol: "DUMP",
                metadataURI: "ipfs://whitepaper",
                initialSupply: INITIAL_SUPPLY,
                seedReserve: 10_000e18,
                connectorWeightPpm: 0,
                commitment: ITokenizationFactory.Commitment({periodLength: 7 days, relative: true, minimum: 100})
            })
        );
        // The handler's own constructor: the addresses are what the launch just returned.
        // solhint-disable-next-line reentrancy
        token = IssuedToken(token_);
        // solhint-disable-next-line reentrancy
        market = BancorMarket(market_);
        base.approve(market_, type(uint256).max);
        vm.stopPrank();
        for (uint256 i = 0; i < actors.length; ++i) {
            require(base.transfer(actors[i], 10_000_000e18), "actor");
            vm.prank(actors[i]);
            base.approve(market_, type(uint256).max);
        }
    }

    function buy(uint256 actorSeed, uint256 amountSeed) external {
        address actor = actors[actorSeed % actors.length];
        uint256 baseIn = bound(amountSeed, 1, 1_000_000e18);
        vm.prank(actor);
        try market.buy(baseIn, 0) returns (uint256 amountOut) {
            bought += amountOut;
        } catch {
            // A deposit below one unit's price mints nothing and is refused; nothing moved.
            ++refusedBuys;
        }
    }

    function sell(uint256 actorSeed, uint256 shareSeed) external {
        address actor = actors[actorSeed % actors.length];
        uint256 amount = (token.balanceOf(actor) * bound(shareSeed, 0, 100)) / 100;
        if (amount == 0) return;
        vm.prank(actor);
        market.sell(amount, 0);
        sold += amount;
    }

    function consume(uint256 actorSeed, uint256 shareSeed) external {
        address actor = actorSeed % 4 == 3 ? ISSUER : actors[actorSeed % actors.length];
        uint256 amount = (token.balanceOf(actor) * bound(shareSeed, 0, 10)) / 100;
        if (amount == 0) return;
        vm.prank(actor);
        token.consume(actor, amount, keccak256(abi.encode(actorSeed)));
        consumed += amount;
    }

    function elapse(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 10 days));
    }

    function evaluate() external {
        (uint256 period, uint256 dueAt) = factory.nextEvaluation(address(token));
        if (block.timestamp < dueAt) return;
        if (!factory.evaluate(address(token))) {
            ++defaultsSeen;
            defaultedPeriods.push(period);
        }
    }

    function cure(uint256 indexSeed) external {
        if (defaultedPeriods.length == 0) return;
        uint256 period = defaultedPeriods[indexSeed % defaultedPeriods.length];
        ITokenizationFactory.Default memory recorded = factory.defaultOf(address(token), period);
        if (recorded.cured) return;
        vm.prank(ISSUER);
        factory.buybackAndBurn(address(token), period, type(uint256).max);
        ++curesSeen;
        bought += recorded.deficit;
        consumed += recorded.deficit;
    }

    function defaultedCount() external view returns (uint256) {
        return defaultedPeriods.length;
    }
}

/// @notice The tokenization invariants of DESIGN §5.
contract TokenizationInvariantTest is TestBase {
    TokenizationHandler private handler;

    function setUp() public {
        handler = new TokenizationHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The reserve covers selling the whole supply back along the curve, and the market holds it.
    function invariantReserveCoversTheSupply() public view {
        BancorMarket market = handler.market();
        uint256 supply = handler.token().totalSupply();
        if (supply != 0) {
            vm.assertEq(market.quoteSell(supply), market.reserve(), "selling everything does not pay the reserve");
        }
        vm.assertGe(handler.base().balanceOf(address(market)), market.reserve(), "the reserve is not held");
    }

    /// What was consumed is exactly the supply that left circulation other than by sales.
    function invariantConsumedIsTheSupplyDrop() public view {
        uint256 supply = handler.token().totalSupply();
        vm.assertEq(
            handler.INITIAL_SUPPLY() + handler.bought() - handler.sold() - supply,
            handler.consumed(),
            "consumption does not match the supply drop"
        );
    }

    /// A credit record never loses a default: every default stays counted and on record, cured or not.
    function invariantDefaultsAreNeverLost() public view {
        TokenizationFactory factory = handler.factory();
        address token = address(handler.token());
        ITokenizationFactory.CreditRecord memory record = factory.creditRecord(token);
        vm.assertEq(record.defaulted, handler.defaultsSeen(), "a default went missing");
        vm.assertEq(record.cured, handler.curesSeen(), "cures miscounted");
        vm.assertLe(record.cured, record.defaulted, "more cures than defaults");
        vm.assertEq(record.periodsEvaluated, record.compliant + record.defaulted, "periods miscounted");
        uint256 count = handler.defaultedCount();
        for (uint256 i = 0; i < count; ++i) {
            vm.assertTrue(factory.defaultOf(token, handler.defaultedPeriods(i)).deficit > 0, "a default was erased");
        }
    }
}
