// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title WeightedSample
/// @notice Weighted sampling without replacement (DESIGN §7, the committee draw): each pick takes
/// one of the entries not yet picked with probability proportional to its weight, from a seed
/// fixed before the draw. The same weights and seed always give the same picks.
/// @dev Weights are 16-bit, packed 16 to a word (entry i in word i / 16, bits 16·(i % 16) up),
/// with the sum of each word's weights (a bucket) kept beside them, so that a pick walks the
/// bucket sums, reads one word and walks its 16 weights: a draw reads the words of the buckets
/// it picks from, never all n weights. Pick k maps `keccak256(seed, k)` modulo the weight left
/// onto the cumulative weights in index order.
library WeightedSample {
    /// @notice Picks up to `count` distinct indices, in the order picked, from the weights in
    /// `words` whose bucket sums are `bucketSums` (one per word; used as scratch). Entries of
    /// weight zero are never picked; when fewer than `count` entries weigh anything, all of them
    /// are picked. The modulo's bias is below 2^-200 (sums below 2^32).
    function sample(
        mapping(uint256 word => uint256 weights) storage words,
        uint256[] memory bucketSums,
        uint256 count,
        bytes32 seed
    ) internal view returns (uint256[] memory picked) {
        uint256 total = 0;
        for (uint256 b = 0; b < bucketSums.length; ++b) total += bucketSums[b];
        picked = new uint256[](count);
        // Words read so far (a picked entry is zeroed in its copy), by bucket.
        uint256[] memory loaded = new uint256[](bucketSums.length);
        uint256 loadedMask = 0;
        uint256 k = 0;
        for (; k < count && total != 0; ++k) {
            uint256 point = uint256(keccak256(abi.encode(seed, k))) % total;
            uint256 bucket = 0;
            while (point >= bucketSums[bucket]) point -= bucketSums[bucket++];
            if (loadedMask & (1 << bucket) == 0) {
                loaded[bucket] = words[bucket];
                loadedMask |= 1 << bucket;
            }
            uint256 word = loaded[bucket];
            uint256 slot = 0;
            uint256 weight = word & 0xffff;
            while (point >= weight) {
                point -= weight;
                weight = (word >> (++slot << 4)) & 0xffff;
            }
            loaded[bucket] = word & ~(uint256(0xffff) << (slot << 4));
            bucketSums[bucket] -= weight;
            total -= weight;
            picked[k] = (bucket << 4) | slot;
        }
        // Fewer entries weighed anything than were asked for.
        assembly ("memory-safe") {
            mstore(picked, k)
        }
    }

    /// @notice Weight `index` of `words`.
    function weightOf(
        mapping(uint256 word => uint256 weights) storage words,
        uint256 index
    ) internal view returns (uint256) {
        return (words[index >> 4] >> ((index & 15) << 4)) & 0xffff;
    }
}
