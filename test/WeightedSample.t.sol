// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WeightedSample} from "../contracts/libraries/WeightedSample.sol";
import {TestBase} from "./utils/Vm.sol";

/// Fuzz of the committee draw's sampling: distinct picks, never a zero weight, exactly
/// min(count, positive weights) picks, the same picks for the same seed, packed weights read back.
contract WeightedSampleTest is TestBase {
    mapping(uint256 word => uint256 weights) private _words;

    function testFuzzPicksDistinctPositiveEntries(uint16[40] memory raw, uint8 countSeed, bytes32 seed) public {
        uint256[] memory weights = new uint256[](raw.length);
        uint256 positive = 0;
        for (uint256 i = 0; i < raw.length; ++i) {
            weights[i] = raw[i] % 3 == 0 ? 0 : raw[i];
            if (weights[i] != 0) ++positive;
        }
        uint256 count = countSeed % 10;
        uint256[] memory picked = WeightedSample.sample(_words, _store(weights), count, seed);
        vm.assertEq(picked.length, count < positive ? count : positive, "pick count");
        for (uint256 k = 0; k < picked.length; ++k) {
            vm.assertTrue(weights[picked[k]] != 0, "picked a zero weight");
            for (uint256 j = 0; j < k; ++j) vm.assertTrue(picked[j] != picked[k], "picked twice");
        }
        uint256[] memory again = WeightedSample.sample(_words, _store(weights), count, seed);
        for (uint256 k = 0; k < picked.length; ++k) vm.assertEq(again[k], picked[k], "not deterministic");
    }

    function testFuzzWeightOfReadsThePackedWeight(uint16[20] memory raw, uint8 indexSeed) public {
        uint256[] memory weights = new uint256[](raw.length);
        for (uint256 i = 0; i < raw.length; ++i) weights[i] = raw[i];
        _store(weights);
        uint256 index = indexSeed % raw.length;
        vm.assertEq(WeightedSample.weightOf(_words, index), raw[index], "packed weight");
    }

    function _store(uint256[] memory weights) private returns (uint256[] memory sums) {
        sums = new uint256[]((weights.length + 15) / 16);
        for (uint256 w = 0; w < sums.length; ++w) _words[w] = 0;
        for (uint256 i = 0; i < weights.length; ++i) {
            _words[i / 16] |= weights[i] << (16 * (i % 16));
            sums[i / 16] += weights[i];
        }
    }
}
