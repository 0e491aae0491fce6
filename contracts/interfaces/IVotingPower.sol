// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGoverned} from "./IGoverned.sol";

/// @title IVotingPower
/// @notice The voting power used by every governance decision (DESIGN §4): the base token's
/// delegated votes plus the votes of every registered source, read on the timestamp clock.
interface IVotingPower is IGoverned {
    event SourceAdded(address indexed source);
    event SourceRemoved(address indexed source);

    error InvalidSource(address source);
    error SourceAlreadyAdded(address source);
    error UnknownSource(address source);
    error TooManySources(uint256 count, uint256 max);
    error SupplyTooLarge(uint256 supply, uint256 max);

    /// @notice The current votes of `account` over all sources.
    function getVotes(address account) external view returns (uint256);

    /// @notice The votes of `account` at `timepoint` (a timestamp strictly in the past).
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256);

    /// @notice The base token's total supply at `timepoint`: every source's votes are base tokens,
    /// so this bounds the total voting power.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256);

    /// @notice Registers a source of votes (a staking pool). Timelock only (constitutional).
    function addSource(IVotes source) external;

    /// @notice Removes a registered source. Timelock only (constitutional).
    function removeSource(IVotes source) external;

    /// @notice The base token (always a source) followed by every registered source.
    function sources() external view returns (address[] memory);

    /// @notice EIP-6372 clock: the block timestamp.
    function clock() external view returns (uint48);

    /// @notice EIP-6372 clock mode: "mode=timestamp".
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory);
}
