// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IHonorNodes, IReputationSource} from "../interfaces/ICommittee.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {ICommitteeDutyBook} from "../interfaces/IStakingHooks.sol";
import {WeightedSample} from "../libraries/WeightedSample.sol";

/// @notice Test double of the HonorPool for the Committee's tests: honor status and stakes set by
/// the test; a slash deposits its share of the stake into the RewardsReserve, as the pool does.
contract HonorNodesMock is IHonorNodes {
    IERC20 public immutable token;
    IRewardsReserve public immutable reserve;
    mapping(address node => uint256 amount) public stakeOf;
    mapping(address node => bool honor) private _honor;

    constructor(IERC20 token_, IRewardsReserve reserve_) {
        token = token_;
        reserve = reserve_;
    }

    /// @notice Makes `node` an honor node holding `amount` (the test funds this mock).
    function setNode(address node, bool honor, uint256 amount) external {
        _honor[node] = honor;
        stakeOf[node] = amount;
    }

    function isHonorNode(address node) external view returns (bool) {
        return _honor[node];
    }

    function slash(address node, uint256 bps, bytes32 reason) external returns (uint256 amount) {
        amount = (stakeOf[node] * bps) / 10_000;
        stakeOf[node] -= amount;
        token.approve(address(reserve), amount);
        reserve.deposit(amount, reason);
    }
}

/// @notice Test double of the reputation lens: reputations set by the test; remembers the last
/// timepoint asked.
contract ReputationMock is IReputationSource {
    error NotPast(uint256 timepoint, uint256 nowAt);

    mapping(address node => uint16 reputation) private _reputation;
    uint256 public lastTimepoint;

    function setReputation(address node, uint16 value) external {
        _reputation[node] = value;
    }

    function reputationAt(address node, uint256 timepoint) external view returns (uint16) {
        if (timepoint >= block.timestamp) revert NotPast(timepoint, block.timestamp);
        return _reputation[node];
    }
}

/// @notice Exposes WeightedSample on unpacked weights (each below 2^16), and counts how often each
/// index is picked over `runs` seeds from seed number `firstRun` on (call it statically).
contract WeightedSampleHarness {
    error WeightTooLarge(uint256 index, uint256 weight);

    mapping(uint256 word => uint256 weights) private _words;

    function sample(uint256[] memory weights, uint256 count, bytes32 seed) external returns (uint256[] memory) {
        return WeightedSample.sample(_words, _store(weights), count, seed);
    }

    function frequencies(
        uint256[] memory weights,
        uint256 count,
        uint256 firstRun,
        uint256 runs
    ) external returns (uint256[] memory picks) {
        picks = new uint256[](weights.length);
        uint256[] memory sums = _store(weights);
        uint256[] memory scratch = new uint256[](sums.length);
        for (uint256 run = firstRun; run < firstRun + runs; ++run) {
            for (uint256 b = 0; b < sums.length; ++b) scratch[b] = sums[b];
            uint256[] memory picked = WeightedSample.sample(_words, scratch, count, keccak256(abi.encode("run", run)));
            for (uint256 k = 0; k < picked.length; ++k) ++picks[picked[k]];
        }
    }

    function weightOf(uint256[] memory weights, uint256 index) external returns (uint256) {
        _store(weights);
        return WeightedSample.weightOf(_words, index);
    }

    /// @dev Packs `weights` into the words and returns their bucket sums.
    function _store(uint256[] memory weights) private returns (uint256[] memory sums) {
        uint256 words = (weights.length + 15) / 16;
        sums = new uint256[](words);
        for (uint256 w = 0; w < words; ++w) _words[w] = 0;
        for (uint256 i = 0; i < weights.length; ++i) {
            if (weights[i] > type(uint16).max) revert WeightTooLarge(i, weights[i]);
            _words[i / 16] |= weights[i] << (16 * (i % 16));
            sums[i / 16] += weights[i];
        }
    }
}

/// @notice Test double of the Committee's duty book for StorageProofs' tests: the duty's member is
/// set by the test; every recorded duty is logged.
contract DutyBookMock is ICommitteeDutyBook {
    event DutyLogged(address indexed source, uint256 term, uint256 seat, bool done);

    address public member;
    uint256 public term;
    uint256 public seat;
    uint256 public recorded;

    function setDuty(address member_, uint256 term_, uint256 seat_) external {
        (member, term, seat) = (member_, term_, seat_);
    }

    function dutyOf(uint256, uint256) external view returns (uint256, uint256, address) {
        return (term, seat, member);
    }

    function recordDuty(uint256 term_, uint256 seat_, bool done) external {
        ++recorded;
        emit DutyLogged(msg.sender, term_, seat_, done);
    }
}
