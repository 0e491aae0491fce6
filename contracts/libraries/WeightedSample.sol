// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title WeightedSample
/// @notice Weighted sampling without replacement (DESIGN §7, the committee draw): each pick takes
/// one of the entries not yet picked with probability proportional to its weight, from a seed
/// fixed before the draw. Pure: the same weights and seed always give the same picks.
library WeightedSample {
    /// @notice Picks up to `count` distinct indices of `weights`, in the order picked. Entries of
    /// weight zero are never picked; when fewer than `count` entries weigh anything, all of them
    /// are picked. Pick k reduces `keccak256(seed, k)` modulo the weight left (the bias is below
    /// 2^-200 for the suite's sums). `weights` is used as scratch: picked entries end zeroed.
    function sample(
        uint256[] memory weights,
        uint256 count,
        bytes32 seed
    ) internal pure returns (uint256[] memory picked) {
        uint256 total = 0;
        uint256 positive = 0;
        for (uint256 i = 0; i < weights.length; ++i) {
            total += weights[i];
            if (weights[i] != 0) ++positive;
        }
        if (count > positive) count = positive;
        picked = new uint256[](count);
        for (uint256 k = 0; k < count; ++k) {
            uint256 point = uint256(keccak256(abi.encode(seed, k))) % total;
            uint256 index = 0;
            uint256 weight = weights[0];
            while (point >= weight) {
                point -= weight;
                weight = weights[++index];
            }
            picked[k] = index;
            total -= weight;
            weights[index] = 0;
        }
    }
}
