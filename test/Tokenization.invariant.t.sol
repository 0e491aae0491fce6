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

    /// @dev The lowest and highest supply that lasted a positive time in each period (a supply of
    /// one moment, replaced in the same second, does not count), and the evaluations whose
    /// requirement fell outside the commitment's share of them: below the lowest of the period and
    /// the one before, above the highest of the period, or above the highest of the period before
    /// (the issuer's notice: audit A1).
    mapping(uint256 period => uint256 supply) public minSupply;
    mapping(uint256 period => uint256 supply) public maxSupply;
    mapping(uint256 period => bool seen) public supplySeen;
    uint256 private _lastSupply;
    uint256 private _lastTime;
    uint256 public requirementsBelowMin;
    uint256 public requirementsAboveMax;

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
            ITokenizationFactory.LaunchRequest({
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
        // The handler's own constructor: the ghost starts with the supply just launched.
        // solhint-disable-next-line reentrancy
        _lastSupply = INITIAL_SUPPLY;
        // solhint-disable-next-line reentrancy
        _lastTime = block.timestamp;
    }

    /// @dev Counts the supply that lasted since the last observation in the extremes of every
    /// period it lasted in, before and after the action.
    modifier observed() {
        _observe();
        _;
        _observe();
    }

    function buy(uint256 actorSeed, uint256 amountSeed) external observed {
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

    function sell(uint256 actorSeed, uint256 shareSeed) external observed {
        address actor = actors[actorSeed % actors.length];
        uint256 amount = (token.balanceOf(actor) * bound(shareSeed, 0, 100)) / 100;
        if (amount == 0) return;
        vm.prank(actor);
        market.sell(amount, 0);
        sold += amount;
    }

    function consume(uint256 actorSeed, uint256 shareSeed) external observed {
        address actor = actorSeed % 4 == 3 ? ISSUER : actors[actorSeed % actors.length];
        uint256 amount = (token.balanceOf(actor) * bound(shareSeed, 0, 10)) / 100;
        if (amount == 0) return;
        vm.prank(actor);
        token.consume(actor, amount, keccak256(abi.encode(actorSeed)));
        consumed += amount;
    }

    /// The boundary attack (attack 13): an actor sells a share of its tokens in the last second of
    /// the running period and buys back in the first second of the next.
    function roundTripAtBoundary(uint256 actorSeed, uint256 shareSeed) external observed {
        address actor = actors[actorSeed % actors.length];
        uint256 amount = (token.balanceOf(actor) * bound(shareSeed, 1, 100)) / 100;
        if (amount == 0) return;
        uint256 next = token.periodStart(token.currentPeriod() + 1);
        vm.warp(next - 1);
        _observe();
        vm.prank(actor);
        uint256 baseOut = market.sell(amount, 0);
        sold += amount;
        _observe();
        vm.warp(next);
        _observe();
        if (baseOut == 0) return;
        vm.prank(actor);
        bought += market.buy(baseOut, 0);
    }

    function elapse(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 10 days));
        _observe();
    }

    function evaluate() external observed {
        (uint256 period, uint256 dueAt) = factory.nextEvaluation(address(token));
        if (block.timestamp < dueAt) return;
        (, uint256 required, , ) = factory.requirement(address(token));
        uint256 lowest = minSupply[period];
        if (period != 0 && minSupply[period - 1] < lowest) lowest = minSupply[period - 1];
        if (required < _share(lowest)) ++requirementsBelowMin;
        // Above the share of the period's highest supply, or of the previous period's highest.
        if (required > _share(maxSupply[period]) || (period != 0 && required > _share(maxSupply[period - 1]))) {
            ++requirementsAboveMax;
        }
        if (!factory.evaluate(address(token))) {
            ++defaultsSeen;
            defaultedPeriods.push(period);
        }
    }

    function cure(uint256 indexSeed) external observed {
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

    function _observe() private {
        uint256 launchedAt = token.launchedAt();
        uint256 length = token.periodLength();
        for (uint256 from = _lastTime; from < block.timestamp;) {
            uint256 period = (from - launchedAt) / length;
            if (!supplySeen[period] || _lastSupply < minSupply[period]) minSupply[period] = _lastSupply;
            if (!supplySeen[period] || _lastSupply > maxSupply[period]) maxSupply[period] = _lastSupply;
            supplySeen[period] = true;
            uint256 end = launchedAt + (period + 1) * length;
            from = end < block.timestamp ? end : block.timestamp;
        }
        _lastTime = block.timestamp;
        _lastSupply = token.totalSupply();
    }

    /// @dev The commitment's share (1%) of a supply, rounded up as the factory rounds.
    function _share(uint256 supply) private pure returns (uint256) {
        return (supply * 100 + 9_999) / 10_000;
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

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantTokenizationAccounting() public view {
        _checkReserveCoversTheSupply();
        _checkConsumedIsTheSupplyDrop();
        _checkRequirementWithinThePeriodsSupplies();
        _checkDefaultsAreNeverLost();
    }

    /// The reserve covers selling the whole supply back along the curve, and the market holds it.
    function _checkReserveCoversTheSupply() internal view {
        BancorMarket market = handler.market();
        uint256 supply = handler.token().totalSupply();
        if (supply != 0) {
            vm.assertEq(market.quoteSell(supply), market.reserve(), "selling everything does not pay the reserve");
        }
        vm.assertGe(handler.base().balanceOf(address(market)), market.reserve(), "the reserve is not held");
    }

    /// What was consumed is exactly the supply that left circulation other than by sales.
    function _checkConsumedIsTheSupplyDrop() internal view {
        uint256 supply = handler.token().totalSupply();
        vm.assertEq(
            handler.INITIAL_SUPPLY() + handler.bought() - handler.sold() - supply,
            handler.consumed(),
            "consumption does not match the supply drop"
        );
    }

    /// A relative requirement is the commitment's share of the lower of the period's average supply
    /// and the previous period's (period 0: its own): never below its share of the lowest supply
    /// the two periods saw, nor above that of the highest of either, so no moment (a trade at a
    /// boundary, attack 13) sets it, and a position held through the period cannot raise it above
    /// what the previous period showed the issuer (audit A1).
    function _checkRequirementWithinThePeriodsSupplies() internal view {
        vm.assertEq(handler.requirementsBelowMin(), 0, "a requirement below the commitment on the minimum");
        vm.assertEq(handler.requirementsAboveMax(), 0, "a requirement above the commitment on a maximum");
    }

    /// A credit record never loses a default: every default stays counted and on record, cured or not.
    function _checkDefaultsAreNeverLost() internal view {
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
