// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {IIssuedToken} from "../contracts/interfaces/IIssuedToken.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {ITokenizationFactory} from "../contracts/interfaces/ITokenizationFactory.sol";
import {KeeperRewards} from "../contracts/keeper/KeeperRewards.sol";
import {BancorMarket} from "../contracts/tokenization/BancorMarket.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {IssuedToken} from "../contracts/tokenization/IssuedToken.sol";
import {TokenizationFactory} from "../contracts/tokenization/TokenizationFactory.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz tests of the time-weighted average supply a relative commitment is measured on
/// (DESIGN §5, attack 13): after any sequence of purchases, sales and consumption at any times,
/// each period's supply-seconds equal the plain integral of the supply over the period, quiet
/// periods included, and each evaluation requires the commitment's share of the lower of that
/// average and the previous period's (period 0: its own; audit A1).
contract TokenizationAverageTest is TestBase {
    uint256 private constant _PERIOD = 7 days;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _COMMITMENT_BPS = 1_000;
    uint256 private constant _INITIAL_SUPPLY = 1_000_000e18;
    address private constant _ISSUER = address(0x1550);

    TokenizationFactory private factory;
    IssuedToken private token;
    BancorMarket private market;
    uint256 private launchedAt;

    /// @dev The reference: the supply now, since when, and each period's integral so far.
    uint256 private supplyNow;
    uint256 private since;
    mapping(uint256 period => uint256 seconds_) private integral;

    function setUp() public {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](1);
        genesis[0] = IBaseToken.Allocation(address(this), 5_000_000_000e18);
        BaseToken base = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        KeeperRewards rewards = new KeeperRewards(base, address(this));
        factory = new TokenizationFactory(
            base,
            address(0xEE5E),
            IKeeperRewards(address(rewards)),
            address(0x7173),
            ITokenizationFactory.Parameters({minSeedReserve: 10_000e18, launchFee: 1_000e18, minPeriodLength: 7 days})
        );
        rewards.registerKind(factory.EVALUATE_KIND(), address(factory), 10e18);
        require(base.transfer(_ISSUER, 1_000_000_000e18), "issuer");
        vm.startPrank(_ISSUER);
        base.approve(address(factory), type(uint256).max);
        (address token_, address market_) = factory.launch(
            ITokenizationFactory.LaunchRequest({
                name: "Dumpling Coffee",
                symbol: "DUMP",
                metadataURI: "ipfs://whitepaper",
                initialSupply: _INITIAL_SUPPLY,
                seedReserve: 100_000e18,
                connectorWeightPpm: 0,
                commitment: ITokenizationFactory.Commitment({
                    periodLength: uint64(_PERIOD),
                    relative: true,
                    minimum: uint128(_COMMITMENT_BPS)
                })
            })
        );
        base.approve(market_, type(uint256).max);
        vm.stopPrank();
        // The test's own set-up: the addresses are what the launch just returned.
        // solhint-disable reentrancy
        token = IssuedToken(token_);
        market = BancorMarket(market_);
        launchedAt = token.launchedAt();
        supplyNow = _INITIAL_SUPPLY;
        since = launchedAt;
        // solhint-enable reentrancy
    }

    /// Eight steps, each a wait of up to eight days (a whole quiet period now and then) and a
    /// purchase, a sale or a consumption by the issuer; then every period is judged.
    function testFuzzSupplySecondsAreTheIntegral(uint256[8] calldata waits, uint256[8] calldata actions) public {
        for (uint256 i = 0; i < 8; ++i) {
            _wait(bound(waits[i], 0, 8 days));
            _act(actions[i]);
        }
        uint256 last = token.currentPeriod();
        _wait(token.periodStart(last + 1) - block.timestamp);
        for (uint256 period = 0; period <= last; ++period) {
            uint256 expected = integral[period];
            IIssuedToken.PeriodRecord memory record = token.periodRecord(period);
            if (record.active) vm.assertEq(record.supplySeconds, expected, "supply-seconds differ from the integral");
            (uint256 judged, uint256 required, , uint256 average) = factory.requirement(address(token));
            vm.assertEq(judged, period, "periods judged out of order");
            vm.assertEq(average, expected / _PERIOD, "average supply");
            uint256 basis = period != 0 && integral[period - 1] < expected ? integral[period - 1] : expected;
            uint256 share = basis * _COMMITMENT_BPS;
            vm.assertEq(required, share / (_BPS * _PERIOD) + (share % (_BPS * _PERIOD) == 0 ? 0 : 1), "requirement");
            factory.evaluate(address(token));
        }
    }

    /// A purchase and its sale in the same second weigh nothing, however large.
    function testFuzzRoundTripInOneSecondWeighsNothing(uint256 waitSeed, uint256 baseSeed) public {
        _wait(bound(waitSeed, 0, _PERIOD - 1));
        uint256 baseIn = bound(baseSeed, 1e18, 100_000_000e18);
        vm.startPrank(_ISSUER);
        uint256 bought = market.buy(baseIn, 0);
        market.sell(bought, 0);
        vm.stopPrank();
        _wait(token.periodStart(1) - block.timestamp);
        vm.assertEq(token.periodRecord(0).supplySeconds, _INITIAL_SUPPLY * _PERIOD, "a round trip weighed");
    }

    function _wait(uint256 seconds_) private {
        uint256 to = block.timestamp + seconds_;
        // The reference integral, split at each period boundary crossed.
        while (since < to) {
            uint256 period = (since - launchedAt) / _PERIOD;
            uint256 end = launchedAt + (period + 1) * _PERIOD;
            uint256 until = end < to ? end : to;
            integral[period] += supplyNow * (until - since);
            since = until;
        }
        vm.warp(to);
    }

    function _act(uint256 seed) private {
        uint256 held = token.balanceOf(_ISSUER);
        uint256 kind = seed % 3;
        uint256 amount = (seed >> 8) % 1e6;
        vm.startPrank(_ISSUER);
        if (kind == 0) {
            market.buy(amount * 1e17 + 1e18, 0);
        } else if (kind == 1 && held > 0) {
            market.sell((held * (amount % 90)) / 100 + 1, 0);
        } else if (held > 0) {
            token.consume(_ISSUER, (held * (amount % 20)) / 100 + 1, bytes32(seed));
        }
        vm.stopPrank();
        supplyNow = token.totalSupply();
    }
}
