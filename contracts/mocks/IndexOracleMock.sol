// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IIndexOracle} from "../interfaces/IIndexOracle.sol";

/// @notice Test double of the IndexOracle for the InsuranceMarket's tests: feeds and each
/// (feed, subject)'s state and value are set by the test; `requestRound` records its calls.
contract IndexOracleMock is IIndexOracle {
    mapping(bytes32 feedId => Feed feed) private _feeds;
    mapping(bytes32 feedId => mapping(bytes32 subject => RoundState state)) private _states;
    mapping(bytes32 feedId => mapping(bytes32 subject => int256 value)) private _values;
    /// @notice How often `requestRound` was called for (feed, subject), and by whom last.
    mapping(bytes32 feedId => mapping(bytes32 subject => uint256 count)) public requests;
    mapping(bytes32 feedId => mapping(bytes32 subject => address consumer)) public requestedBy;
    uint256 public requestCount;

    function defineFeed(bytes32 feedId, int64 min, int64 max, uint32 reportDeadline, uint32 grace) external {
        _feeds[feedId] = Feed(min, max, reportDeadline, grace, 3, true);
    }

    function setValue(bytes32 feedId, bytes32 subject, RoundState state, int256 value) external {
        _states[feedId][subject] = state;
        _values[feedId][subject] = value;
    }

    function requestRound(bytes32 feedId, bytes32 subject) external {
        ++requests[feedId][subject];
        ++requestCount;
        requestedBy[feedId][subject] = msg.sender;
        if (_states[feedId][subject] == RoundState.None) _states[feedId][subject] = RoundState.Requested;
    }

    function timelock() external pure returns (address) {
        return address(0);
    }

    function report(bytes32, bytes32, int256) external pure {
        revert NotConsumer(address(0));
    }

    function finalize(bytes32, bytes32) external pure {
        revert NotConsumer(address(0));
    }

    function voidRound(bytes32, bytes32) external pure {
        revert NotConsumer(address(0));
    }

    function reportBySeat(bytes32, bytes32, int256, uint256) external pure {
        revert NotConsumer(address(0));
    }

    function setFeed(FeedSetting calldata) external pure returns (bytes32) {
        revert NotConsumer(address(0));
    }

    function setConsumer(address, bool) external pure {
        revert NotConsumer(address(0));
    }

    function bindCommittee(address) external pure {
        revert NotConsumer(address(0));
    }

    function committee() external pure returns (address) {
        return address(0);
    }

    function isConsumer(address) external pure returns (bool) {
        return true;
    }

    function feedIdOf(string calldata name) external pure returns (bytes32) {
        return keccak256(bytes(name));
    }

    function reportsOf(bytes32, bytes32) external pure returns (int256[] memory values) {
        return values;
    }

    function deadlineQuorumOf(bytes32 feedId, uint256) external view returns (uint256) {
        return _feeds[feedId].deadlineQuorum;
    }

    function deadlinesOf(bytes32 feedId, bytes32 subject) external view returns (uint256 deadline, uint256 voidAt) {
        deadline = uint256(uint64(uint256(subject) >> 192)) + _feeds[feedId].reportDeadline;
        voidAt = deadline + _feeds[feedId].grace;
    }

    function valueOf(bytes32 feedId, bytes32 subject) external view returns (RoundState, int256) {
        return (_states[feedId][subject], _values[feedId][subject]);
    }

    function feedOf(bytes32 feedId) external view returns (Feed memory) {
        return _feeds[feedId];
    }

    function roundOf(bytes32 feedId, bytes32 subject) external view returns (Round memory round) {
        round.state = _states[feedId][subject];
    }
}

/// @notice Test token that refuses transfers to blocked accounts (as a blocklisting stablecoin
/// does): a payee the market cannot pay.
contract BlockableToken is ERC20 {
    mapping(address account => bool blocked) public blocked;

    error Blocked(address account);

    constructor(address holder, uint256 supply) ERC20("Blockable", "BLK") {
        _mint(holder, supply);
    }

    function setBlocked(address account, bool value) external {
        blocked[account] = value;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
