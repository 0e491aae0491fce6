// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title PremiumStream
/// @notice The time-ordered accounting of one underwriter pool (DESIGN §8): assets, locked capital,
/// premium earned linearly over each policy's coverage term, and the capital locked for subjects
/// past their observation time (`lockedMatured`, counted as lost by withdrawals until settled).
/// @dev Policies are grouped in buckets of observation times one hour wide (`BUCKET`). A policy
/// bought at `b` on a subject observed at `t` earns its premium linearly over [b, E), E the end of
/// `t`'s bucket (at most an hour after `t`: earning ends a little late, never early), and its
/// maximum payout counts as matured from the start of `t`'s bucket (at most an hour before `t`:
/// never late). So every policy of a bucket stops earning at the same instant, and the unearned
/// premium is Σ over buckets not yet ended of rate_b × (E_b − now), kept as one scaled sum and one
/// total rate: O(1) per purchase. Time advances by walking only the non-empty buckets between
/// the last update and now, found through a two-level bitmap (a bit per bucket in words of 256
/// buckets, a bit per non-empty word in words of 256 words, 7.5 years each): O(non-empty buckets
/// + 1), not O(time).
/// Rounding: a policy's rate is premium × 2^32 / term rounded down, so its unearned share is
/// never above its premium (at most 1 wei below at purchase: that wei is earned at once) and is
/// exactly zero at E. Nothing is lost: what a rate leaves unearned is already in the assets.
library PremiumStream {
    using SafeCast for uint256;

    /// @notice The width of an observation-time bucket, in seconds.
    uint256 internal constant BUCKET = 1 hours;
    /// @dev Rates and the unearned sum are scaled by 2^32.
    uint256 private constant _SCALE_BITS = 32;

    /// @dev The policies of one bucket: Σ of their premium rates (scaled) and of their maximum
    /// payouts still locked.
    struct Bucket {
        uint128 rate;
        uint128 locked;
    }

    /// @dev One pool: three slots of totals, then the buckets with their bitmaps. `lockedMatured`,
    /// `unearnedScaled` and `rate` are as of `updatedAt`; `advance` brings them to now (deposits
    /// and withdrawals only `walk`: they change neither, so they write one slot of totals). Token
    /// amounts fit 96 bits (the base token's supply is below 2^93; SafeCast refuses more), shares
    /// 160 bits (amounts × the 10^6 offset); scaled premium sums are below 2^93 × 2^32.
    struct Stream {
        uint96 assets;
        uint160 totalShares;
        uint96 locked;
        uint96 lockedMatured;
        uint64 updatedAt;
        uint128 unearnedScaled;
        uint128 rate;
        mapping(uint256 bucket => Bucket entry) buckets;
        /// bit (bucket & 255) of word (bucket >> 8): the bucket has policies.
        mapping(uint256 word => uint256 bits) words;
        /// bit (word & 255) of summary (word >> 8): the word has a bit set.
        mapping(uint256 summary => uint256 bits) summaries;
    }

    /// @dev The totals `advance` would write at `nowAt`.
    struct Totals {
        uint256 unearnedScaled;
        uint256 rate;
        uint256 lockedMatured;
    }

    /// @notice Starts the stream's clock (a pool is created at `nowAt`).
    function start(Stream storage s, uint256 nowAt) internal {
        s.updatedAt = nowAt.toUint64();
    }

    /// @notice Brings the earned premium and the matured capital to `nowAt`.
    function advance(Stream storage s, uint256 nowAt) internal {
        if (nowAt <= s.updatedAt) return;
        Totals memory totals = walk(s, nowAt);
        s.unearnedScaled = uint128(totals.unearnedScaled);
        s.updatedAt = uint64(nowAt);
        s.rate = uint128(totals.rate);
        s.lockedMatured = uint96(totals.lockedMatured);
    }

    /// @notice The totals at `nowAt` (≥ the last update), without writing them.
    function walk(Stream storage s, uint256 nowAt) internal view returns (Totals memory totals) {
        totals.unearnedScaled = s.unearnedScaled;
        totals.rate = s.rate;
        totals.lockedMatured = s.lockedMatured;
        uint256 last = s.updatedAt;
        if (nowAt <= last) return totals;
        uint256 from = last / BUCKET;
        uint256 to = nowAt / BUCKET;
        uint256 cursor = from == to ? to + 1 : from;
        while (cursor <= to) {
            (bool found, uint256 bucket) = nextBucket(s, cursor, to);
            if (!found) break;
            Bucket memory entry = s.buckets[bucket];
            if (bucket < to) {
                // The bucket's earning ends at its end, before now.
                uint256 end = (bucket + 1) * BUCKET;
                totals.unearnedScaled -= totals.rate * (end - last);
                totals.rate -= entry.rate;
                last = end;
            }
            // A bucket that started since the last update matures now.
            if (bucket > from) totals.lockedMatured += entry.locked;
            cursor = bucket + 1;
        }
        totals.unearnedScaled -= totals.rate * (nowAt - last);
    }

    /// @notice The first non-empty bucket in [from, to], if any.
    function nextBucket(Stream storage s, uint256 from, uint256 to) internal view returns (bool, uint256) {
        uint256 cursor = from;
        while (cursor <= to) {
            uint256 bits = s.words[cursor >> 8] >> (cursor & 255);
            if (bits != 0) {
                uint256 bucket = cursor + _lowestBit(bits);
                return (bucket <= to, bucket);
            }
            // Nothing left in this word: find the next word with a bucket through the summaries.
            uint256 word = (cursor >> 8) + 1;
            while (true) {
                if (word << 8 > to) return (false, 0);
                uint256 summary = s.summaries[word >> 8] >> (word & 255);
                if (summary != 0) {
                    word += _lowestBit(summary);
                    break;
                }
                word = ((word >> 8) + 1) << 8;
            }
            cursor = word << 8;
        }
        return (false, 0);
    }

    /// @notice Adds a policy bought at `nowAt` (after `advance`) on a subject observed at
    /// `observesAt`: its premium to the assets and to the unearned premium, its maximum payout to
    /// the locked (and the matured, when its bucket has started) capital.
    function add(Stream storage s, uint256 observesAt, uint256 premium, uint256 maxPayout, uint256 nowAt) internal {
        uint256 bucket = observesAt / BUCKET;
        uint256 term = (bucket + 1) * BUCKET - nowAt;
        uint256 rate = (premium << _SCALE_BITS) / term;
        Bucket storage entry = s.buckets[bucket];
        Bucket memory current = entry;
        if (current.rate == 0) _mark(s, bucket);
        entry.rate = (current.rate + rate).toUint128();
        entry.locked = (current.locked + maxPayout).toUint128();
        s.unearnedScaled = (s.unearnedScaled + rate * term).toUint128();
        s.rate = (s.rate + rate).toUint128();
        s.assets = (s.assets + premium).toUint96();
        s.locked = (s.locked + maxPayout).toUint96();
        if (bucket <= nowAt / BUCKET) s.lockedMatured = (s.lockedMatured + maxPayout).toUint96();
    }

    /// @notice Settles policies of a subject observed at `observesAt` (its bucket has matured):
    /// releases `released` of locked capital and takes `outflow` (payouts, refunds) out of the assets.
    function release(Stream storage s, uint256 observesAt, uint256 released, uint256 outflow) internal {
        Bucket storage entry = s.buckets[observesAt / BUCKET];
        entry.locked -= uint128(released);
        s.locked -= uint96(released);
        s.lockedMatured -= uint96(released);
        s.assets -= uint96(outflow);
    }

    /// @notice The end of the earning term of policies on a subject observed at `observesAt`.
    function earningEnd(uint256 observesAt) internal pure returns (uint256) {
        return (observesAt / BUCKET + 1) * BUCKET;
    }

    /// @notice Unearned premium (in tokens) of `totals`.
    function unearned(Totals memory totals) internal pure returns (uint256) {
        return totals.unearnedScaled >> _SCALE_BITS;
    }

    function _mark(Stream storage s, uint256 bucket) private {
        uint256 word = bucket >> 8;
        uint256 bits = s.words[word];
        if (bits == 0) s.summaries[word >> 8] |= 1 << (word & 255);
        s.words[word] = bits | (1 << (bucket & 255));
    }

    /// @dev The index of the lowest set bit of a non-zero word.
    function _lowestBit(uint256 bits) private pure returns (uint256) {
        unchecked {
            return Math.log2(bits & (~bits + 1));
        }
    }
}
