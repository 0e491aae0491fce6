// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHonorPool} from "../contracts/interfaces/IHonorPool.sol";
import {IKeeperRewards} from "../contracts/interfaces/IKeeperRewards.sol";
import {ILandlordRegistry} from "../contracts/interfaces/ILandlordRegistry.sol";
import {IReputation} from "../contracts/interfaces/IReputation.sol";
import {IStorageMarket} from "../contracts/interfaces/IStorageMarket.sol";
import {MockReputationSources} from "../contracts/mocks/StakingHookMocks.sol";
import {Reputation} from "../contracts/staking-pools/Reputation.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Fuzz of the RPT math: within [0, 10,000], monotone in each input, exactly 10,000 at
/// every cap, and the factors as DESIGN §7 weighs them.
contract ReputationMathTest is TestBase {
    address private constant NODE = address(0x3001);
    address private constant TIMELOCK = address(0x71);
    uint96 private constant STAKE_CAP = 2_000_000e18;
    uint64 private constant JOBS_CAP = 1_000;
    uint64 private constant SERVICE_CAP = 1_000;
    uint64 private constant MB_CAP = 1_000_000;
    uint64 private constant DUTIES_CAP = 100;

    MockReputationSources private sources;
    Reputation private reputation;

    struct Values {
        uint256 stake;
        uint256 jobs;
        uint256 proofs;
        uint256 reports;
        uint256 held;
        uint256 duties;
    }

    function setUp() public {
        sources = new MockReputationSources();
        reputation = new Reputation(
            IHonorPool(address(sources)),
            IKeeperRewards(address(sources)),
            ILandlordRegistry(address(sources)),
            IStorageMarket(address(sources)),
            address(sources),
            TIMELOCK,
            IReputation.Parameters({
                stakeCap: STAKE_CAP,
                jobsCap: JOBS_CAP,
                serviceCap: SERVICE_CAP,
                heldMBCap: MB_CAP,
                dutiesCap: DUTIES_CAP,
                poorReportPenalty: 10
            })
        );
        reputation.bindCommittee(address(sources));
        sources.setEpoch(7);
    }

    function _rpt(Values memory v) private returns (uint256) {
        sources.set(v.stake, v.jobs, v.proofs, v.reports, v.held, v.duties);
        return reputation.reputationAt(NODE, 0);
    }

    function _bounded(uint256 seed) private pure returns (Values memory v) {
        v.stake = bound(uint256(keccak256(abi.encode(seed, 0))), 0, 4 * uint256(STAKE_CAP));
        v.jobs = bound(uint256(keccak256(abi.encode(seed, 1))), 0, 4 * uint256(JOBS_CAP));
        v.proofs = bound(uint256(keccak256(abi.encode(seed, 2))), 0, 4 * uint256(SERVICE_CAP));
        v.reports = bound(uint256(keccak256(abi.encode(seed, 3))), 0, 200);
        v.held = bound(uint256(keccak256(abi.encode(seed, 4))), 0, 4 * uint256(MB_CAP));
        v.duties = bound(uint256(keccak256(abi.encode(seed, 5))), 0, 4 * uint256(DUTIES_CAP));
    }

    /// RPT is always within [0, 10,000], even for extreme values.
    function testFuzzWithinBounds(
        uint256 stake,
        uint256 jobs,
        uint256 proofs,
        uint256 reports,
        uint256 held,
        uint256 duties
    ) public {
        uint256 rpt = _rpt(Values(stake, jobs, proofs, reports, held, duties));
        vm.assertLe(rpt, 10_000, "RPT <= 10,000 bps");
    }

    /// Raising any one input (lowering poor reports) never lowers the RPT.
    function testFuzzMonotone(uint256 seed, uint256 which, uint256 step) public {
        Values memory v = _bounded(seed);
        uint256 before = _rpt(v);
        step = bound(step, 1, 1_000_000e18);
        which = which % 6;
        if (which == 0) v.stake += step;
        else if (which == 1) v.jobs += step;
        else if (which == 2) v.proofs += step;
        else if (which == 3) v.reports = v.reports > step ? v.reports - step : 0;
        else if (which == 4) v.held += step;
        else v.duties += step;
        vm.assertGe(_rpt(v), before, "monotone in each input");
    }

    /// Exactly 10,000 with every factor at (or above) its cap; zero with nothing.
    function testFuzzFullAtCaps(uint256 extra) public {
        extra = bound(extra, 0, 1e30);
        vm.assertEq(
            _rpt(
                Values(STAKE_CAP + extra, JOBS_CAP + extra, SERVICE_CAP + extra, 0, MB_CAP + extra, DUTIES_CAP + extra)
            ),
            10_000,
            "10,000 at the caps"
        );
        vm.assertEq(_rpt(Values(0, 0, 0, 0, 0, 0)), 0, "0 with nothing");
    }

    /// Each factor alone weighs as DESIGN §7 says; a factor is min(value / cap, 1) rounded down.
    function testWeightsAndScaling() public {
        vm.assertEq(_rpt(Values(STAKE_CAP, 0, 0, 0, 0, 0)), 5_000, "AB 50");
        vm.assertEq(_rpt(Values(0, JOBS_CAP, 0, 0, 0, 0)), 1_500, "TX 15");
        vm.assertEq(_rpt(Values(0, 0, SERVICE_CAP, 0, 0, 0)), 1_000, "PR 10");
        vm.assertEq(_rpt(Values(0, 0, 0, 0, MB_CAP, 0)), 1_500, "DC 15");
        vm.assertEq(_rpt(Values(0, 0, 0, 0, 0, DUTIES_CAP)), 1_000, "BM 10");
        // Half the stake cap and one MB short of the MB cap: 2,500 + floor(15 · 9,999 / 100).
        sources.set(STAKE_CAP / 2, 0, 0, 0, MB_CAP - 1, 0);
        IReputation.Factors memory f = reputation.factorsOf(NODE, 0);
        vm.assertEq(f.abBps, 5_000, "AB half");
        vm.assertEq(f.dcBps, 9_999, "DC rounded down");
        vm.assertEq(f.rpt, 2_500 + 1_499, "weighted sum rounded down");
        vm.assertEq(f.heldMB, MB_CAP - 1, "raw value shown");
        // Held MB is read at the current epoch.
        sources.setEpoch(8);
        vm.assertEq(reputation.factorsOf(NODE, 0).heldMB, 0, "read at the current epoch");
    }

    /// Good service: proofs less 10 per poor report, never below zero.
    function testFuzzGoodService(uint256 proofs, uint256 reports, uint256 penalty) public view {
        proofs = bound(proofs, 0, type(uint128).max);
        reports = bound(reports, 0, type(uint64).max);
        penalty = bound(penalty, 0, type(uint32).max);
        uint256 good = reputation.goodService(proofs, reports, penalty);
        uint256 lost = reports * penalty;
        vm.assertEq(good, lost >= proofs ? 0 : proofs - lost, "max(0, proofs - penalty * reports)");
        vm.assertEq(reputation.goodService(type(uint256).max, type(uint256).max, 1), 0, "no overflow");
        vm.assertEq(reputation.goodService(type(uint256).max, 0, 1), type(uint256).max, "no overflow");
    }
}
