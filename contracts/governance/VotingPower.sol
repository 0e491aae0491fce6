// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotingPower} from "../interfaces/IVotingPower.sol";
import {Governed} from "./Governed.sol";

/// @title VotingPower
/// @notice The voting power of every governance decision (DESIGN §4): the base token's delegated
/// votes plus the delegated votes of each registered source (the staking pools).
/// @dev Candidate bonds need no source of their own: each candidate's bond sits in a BondVault that
/// delegates to the candidate, so the base token already counts it. The base token is always a
/// source; the others are added or removed only by a constitutional referendum (any call to this
/// contract is constitutional). Every governance tally is a uint96, so the base supply must fit.
contract VotingPower is IVotingPower, Governed {
    /// @notice The most sources besides the base token: each costs every vote a call.
    uint256 public constant MAX_SOURCES = 8;

    IVotes public immutable baseToken;
    IVotes[] private _sources;

    constructor(IVotes baseToken_, address timelock_) Governed(timelock_) {
        if (address(baseToken_) == address(0) || timelock_ == address(0)) revert InvalidSource(address(baseToken_));
        uint256 supply = IERC20(address(baseToken_)).totalSupply();
        if (supply > type(uint96).max) revert SupplyTooLarge(supply, type(uint96).max);
        baseToken = baseToken_;
    }

    /// @inheritdoc IVotingPower
    function getVotes(address account) external view returns (uint256 votes) {
        votes = baseToken.getVotes(account);
        uint256 count = _sources.length;
        for (uint256 i = 0; i < count; ++i) {
            votes += _sources[i].getVotes(account);
        }
    }

    /// @inheritdoc IVotingPower
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256 votes) {
        votes = baseToken.getPastVotes(account, timepoint);
        uint256 count = _sources.length;
        for (uint256 i = 0; i < count; ++i) {
            votes += _sources[i].getPastVotes(account, timepoint);
        }
    }

    /// @inheritdoc IVotingPower
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return baseToken.getPastTotalSupply(timepoint);
    }

    /// @inheritdoc IVotingPower
    function addSource(IVotes source) external onlyTimelock {
        if (address(source) == address(0) || source == baseToken) revert InvalidSource(address(source));
        uint256 count = _sources.length;
        if (count == MAX_SOURCES) revert TooManySources(count + 1, MAX_SOURCES);
        for (uint256 i = 0; i < count; ++i) {
            if (_sources[i] == source) revert SourceAlreadyAdded(address(source));
        }
        _sources.push(source);
        emit SourceAdded(address(source));
    }

    /// @inheritdoc IVotingPower
    function removeSource(IVotes source) external onlyTimelock {
        uint256 count = _sources.length;
        for (uint256 i = 0; i < count; ++i) {
            if (_sources[i] == source) {
                _sources[i] = _sources[count - 1];
                _sources.pop();
                emit SourceRemoved(address(source));
                return;
            }
        }
        revert UnknownSource(address(source));
    }

    /// @inheritdoc IVotingPower
    function sources() external view returns (address[] memory list) {
        uint256 count = _sources.length;
        list = new address[](count + 1);
        list[0] = address(baseToken);
        for (uint256 i = 0; i < count; ++i) {
            list[i + 1] = address(_sources[i]);
        }
    }

    /// @inheritdoc IVotingPower
    function clock() external view returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @inheritdoc IVotingPower
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }
}
