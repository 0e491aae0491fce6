// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PremiumStream} from "../contracts/libraries/PremiumStream.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Drives a PremiumStream beside a naive per-policy model: every policy's unearned
/// premium premium × (E − now) / (E − boughtAt) summed one by one, and its maximum payout counted
/// as matured from its bucket's start until released.
contract PremiumStreamHarness {
    using PremiumStream for PremiumStream.Stream;

    struct Naive {
        uint256 boughtAt;
        uint256 observesAt;
        uint256 premium;
        uint256 maxPayout;
        bool released;
    }

    PremiumStream.Stream private _stream;
    Naive[] public policies;

    constructor() {
        _stream.start(block.timestamp);
    }

    function add(uint256 observesAt, uint256 premium, uint256 maxPayout) external {
        _stream.advance(block.timestamp);
        _stream.add(observesAt, premium, maxPayout, block.timestamp);
        policies.push(Naive(block.timestamp, observesAt, premium, maxPayout, false));
    }

    /// Releases policy `index` (its bucket must have started), taking `outflow` from the assets.
    function release(uint256 index, uint256 outflow) external {
        Naive storage policy = policies[index];
        require(!policy.released, "released");
        require(block.timestamp >= (policy.observesAt / PremiumStream.BUCKET) * PremiumStream.BUCKET, "early");
        policy.released = true;
        _stream.advance(block.timestamp);
        _stream.release(policy.observesAt, policy.maxPayout, outflow);
    }

    function advance() external {
        _stream.advance(block.timestamp);
    }

    function count() external view returns (uint256) {
        return policies.length;
    }

    function stream() external view returns (uint256 unearned, uint256 lockedMatured, uint256 locked, uint256 assets) {
        PremiumStream.Totals memory totals = _stream.walk(block.timestamp);
        return (PremiumStream.unearned(totals), totals.lockedMatured, _stream.locked, _stream.assets);
    }

    function stored() external view returns (uint256 unearned, uint256 lockedMatured) {
        return (uint256(_stream.unearnedScaled) >> 32, _stream.lockedMatured);
    }

    function naive() external view returns (uint256 unearned, uint256 lockedMatured, uint256 locked) {
        for (uint256 i = 0; i < policies.length; ++i) {
            Naive memory policy = policies[i];
            uint256 end = PremiumStream.earningEnd(policy.observesAt);
            if (end > block.timestamp) {
                unearned += (policy.premium * (end - block.timestamp)) / (end - policy.boughtAt);
            }
            if (policy.released) continue;
            locked += policy.maxPayout;
            uint256 bucketStart = (policy.observesAt / PremiumStream.BUCKET) * PremiumStream.BUCKET;
            if (bucketStart <= block.timestamp) lockedMatured += policy.maxPayout;
        }
    }

    function nextBucket(uint256 from, uint256 to) external view returns (bool, uint256) {
        return _stream.nextBucket(from, to);
    }
}

contract PremiumStreamTest is TestBase {
    uint256 private constant _START = 1_700_000_000;

    /// Fuzz: random purchases (observation times from minutes to years ahead, some in the same
    /// bucket), releases and time jumps (seconds to years, so the walk crosses empty words and
    /// summaries): the stream's unearned premium stays within one wei per policy (plus one) of the
    /// naive sum and never above it, and its matured and locked capital equal the naive model's.
    function testFuzzMatchesNaiveModel(uint256 seed) public {
        vm.warp(_START);
        PremiumStreamHarness harness = new PremiumStreamHarness();
        for (uint256 step = 0; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = r % 4;
            if (action <= 1) {
                uint256 lead = bound(r >> 8, 1, (r >> 200) % 3 == 0 ? 3 hours : 400 days);
                uint256 premium = bound(r >> 64, 1, 1e27);
                uint256 maxPayout = bound(r >> 128, 1, 1e27);
                harness.add(block.timestamp + lead, premium, maxPayout);
            } else if (action == 2 && harness.count() > 0) {
                uint256 index = (r >> 8) % harness.count();
                (, uint256 observesAt, uint256 premium, , bool released) = harness.policies(index);
                if (!released && block.timestamp >= (observesAt / 1 hours) * 1 hours) {
                    harness.release(index, premium / 2);
                }
            } else {
                uint256 jump = (r >> 8) % 5 == 0 ? bound(r >> 16, 1, 800 days) : bound(r >> 16, 1, 2 hours);
                vm.warp(block.timestamp + jump);
                if ((r >> 40) % 2 == 0) harness.advance();
            }
            _check(harness);
        }
    }

    /// The walk finds buckets across words and summaries and nothing past `to`.
    function testNextBucketAcrossWordsAndSummaries() public {
        vm.warp(_START);
        PremiumStreamHarness harness = new PremiumStreamHarness();
        uint256 base = _START / 1 hours;
        harness.add((base + 10) * 1 hours + 5, 1e18, 1e18);
        harness.add((base + 300) * 1 hours, 1e18, 1e18);
        harness.add((base + 70_000) * 1 hours, 1e18, 1e18);
        (bool found, uint256 bucket) = harness.nextBucket(base, base + 5);
        vm.assertTrue(!found, "found before the first bucket");
        (found, bucket) = harness.nextBucket(base, base + 10);
        vm.assertTrue(found, "first bucket missed");
        vm.assertEq(bucket, base + 10, "first bucket");
        (found, bucket) = harness.nextBucket(base + 11, base + 100_000);
        vm.assertEq(bucket, base + 300, "next word");
        (found, bucket) = harness.nextBucket(base + 301, base + 100_000);
        vm.assertTrue(found, "next summary missed");
        vm.assertEq(bucket, base + 70_000, "next summary");
        (found, ) = harness.nextBucket(base + 70_001, base + 1_000_000);
        vm.assertTrue(!found, "found past the last bucket");
        vm.warp((base + 70_001) * 1 hours);
        harness.advance();
        _check(harness);
        (uint256 unearned, uint256 matured) = harness.stored();
        vm.assertEq(unearned, 0, "all earned");
        vm.assertEq(matured, 3e18, "all matured");
    }

    function _check(PremiumStreamHarness harness) private view {
        (uint256 unearned, uint256 matured, uint256 locked, ) = harness.stream();
        (uint256 naiveUnearned, uint256 naiveMatured, uint256 naiveLocked) = harness.naive();
        uint256 n = harness.count();
        vm.assertLe(unearned, naiveUnearned + n, "unearned above the naive model");
        vm.assertGe(unearned + n + 1, naiveUnearned, "unearned below the naive model by more than a wei per policy");
        vm.assertEq(matured, naiveMatured, "lockedMatured != naive");
        vm.assertEq(locked, naiveLocked, "locked != naive");
    }
}
