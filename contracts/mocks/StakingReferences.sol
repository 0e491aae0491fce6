// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IEconomicPool} from "../interfaces/IEconomicPool.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";
import {IRewardsReserve} from "../interfaces/IRewardsReserve.sol";
import {EconomicPool} from "../staking-pools/EconomicPool.sol";

/// @notice Benchmark reference only: Synthetix's StakingRewards (stake, withdraw, getReward, a
/// reward rate per second over a reward period) built from OpenZeppelin parts. Never deployed by
/// the suite.
contract OZStakingRewards is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    error ZeroAmount();

    IERC20 public immutable stakingToken;
    IERC20 public immutable rewardsToken;
    uint256 public periodFinish;
    uint256 public rewardRate;
    uint256 public rewardsDuration;
    uint256 public lastUpdateTime;
    uint256 public rewardPerTokenStored;
    uint256 public totalSupply;
    mapping(address account => uint256 paid) public userRewardPerTokenPaid;
    mapping(address account => uint256 amount) public rewards;
    mapping(address account => uint256 amount) public balanceOf;

    constructor(IERC20 token, uint256 duration) Ownable(msg.sender) {
        stakingToken = token;
        rewardsToken = token;
        rewardsDuration = duration;
    }

    modifier updateReward(address account) {
        rewardPerTokenStored = rewardPerToken();
        lastUpdateTime = lastTimeRewardApplicable();
        if (account != address(0)) {
            rewards[account] = earned(account);
            userRewardPerTokenPaid[account] = rewardPerTokenStored;
        }
        _;
    }

    function lastTimeRewardApplicable() public view returns (uint256) {
        return Math.min(block.timestamp, periodFinish);
    }

    function rewardPerToken() public view returns (uint256) {
        if (totalSupply == 0) return rewardPerTokenStored;
        return rewardPerTokenStored + ((lastTimeRewardApplicable() - lastUpdateTime) * rewardRate * 1e18) / totalSupply;
    }

    function earned(address account) public view returns (uint256) {
        return (balanceOf[account] * (rewardPerToken() - userRewardPerTokenPaid[account])) / 1e18 + rewards[account];
    }

    function stake(uint256 amount) external nonReentrant updateReward(msg.sender) {
        if (amount == 0) revert ZeroAmount();
        totalSupply += amount;
        balanceOf[msg.sender] += amount;
        stakingToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    function withdraw(uint256 amount) public nonReentrant updateReward(msg.sender) {
        if (amount == 0) revert ZeroAmount();
        totalSupply -= amount;
        balanceOf[msg.sender] -= amount;
        stakingToken.safeTransfer(msg.sender, amount);
    }

    function getReward() public nonReentrant updateReward(msg.sender) {
        uint256 reward = rewards[msg.sender];
        if (reward > 0) {
            rewards[msg.sender] = 0;
            rewardsToken.safeTransfer(msg.sender, reward);
        }
    }

    function notifyRewardAmount(uint256 reward) external onlyOwner updateReward(address(0)) {
        if (block.timestamp >= periodFinish) {
            rewardRate = reward / rewardsDuration;
        } else {
            uint256 leftover = (periodFinish - block.timestamp) * rewardRate;
            rewardRate = (reward + leftover) / rewardsDuration;
        }
        lastUpdateTime = block.timestamp;
        periodFinish = block.timestamp + rewardsDuration;
    }
}

/// @notice Benchmark reference only: the EconomicPool with the other vote design (DESIGN §7: "through
/// VotingPower"): the pool holds every stake itself and is a VotingPower source, keeping a
/// checkpoint of each staker's principal on the timestamp clock. Measured against the vault design
/// in bench/gas.ts (a referendum vote pays one more source; a stake change pays the checkpoints).
contract CheckpointVotesPool is EconomicPool {
    using Checkpoints for Checkpoints.Trace208;
    using SafeERC20 for IERC20;

    error NotSupported();

    mapping(address staker => Checkpoints.Trace208 trace) private _votes;

    constructor(
        IERC20 token_,
        IRewardsReserve reserve_,
        IKeeperRewards keeperRewards_,
        address timelock_,
        IEconomicPool.Schedule memory schedule_,
        IEconomicPool.Parameters memory parameters_
    ) EconomicPool(token_, reserve_, keeperRewards_, timelock_, schedule_, parameters_) {}

    function getVotes(address account) external view returns (uint256) {
        return _votes[account].latest();
    }

    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _votes[account].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    function getPastTotalSupply(uint256) external pure returns (uint256) {
        revert NotSupported();
    }

    function delegates(address account) external pure returns (address) {
        return account;
    }

    function delegate(address) external pure {
        revert NotSupported();
    }

    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert NotSupported();
    }

    function _holdStake(address staker, uint256 amount, uint256 principal, bool) internal override {
        // slither-disable-next-line unused-return
        _votes[staker].push(uint48(block.timestamp), uint208(principal));
        token.safeTransferFrom(staker, address(this), amount);
    }

    function _releaseStake(address staker, uint256 amount, uint256 principal) internal override {
        // slither-disable-next-line unused-return
        _votes[staker].push(uint48(block.timestamp), uint208(principal));
        token.safeTransfer(staker, amount);
    }
}
