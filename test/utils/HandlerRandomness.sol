// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRandomness} from "../../contracts/interfaces/IRandomness.sol";

/// @notice Randomness the handler controls: a request is pending until the handler fulfils it,
/// or missed (then `record` re-seeds it). The draws' accounting is what is tested here, not
/// the beacon (BlockRandomness has its own tests).
contract HandlerRandomness is IRandomness {
    uint64 private constant _PENDING = type(uint64).max;
    uint256 public count;
    mapping(uint256 id => Request stored) private _requests;

    function request() external returns (uint256 id) {
        id = ++count;
        _requests[id] = Request({requester: msg.sender, seedBlock: _PENDING, value: bytes32(0)});
        emit RandomnessRequested(id, msg.sender, _PENDING);
    }

    function record(uint256 id) external returns (bytes32 value) {
        Request storage stored = _requests[id];
        if (stored.requester == address(0)) revert UnknownRequest(id);
        if (stored.value != bytes32(0)) return stored.value;
        if (stored.seedBlock == _PENDING) revert RandomnessPending(id, _PENDING);
        stored.seedBlock = _PENDING;
        emit RandomnessReseeded(id, 0, _PENDING);
        return bytes32(0);
    }

    function randomnessOf(uint256 id) external view returns (bytes32) {
        return _requests[id].value;
    }

    function requestOf(uint256 id) external view returns (Request memory) {
        return _requests[id];
    }

    function fulfil(uint256 id, bytes32 value) external {
        if (_requests[id].value == bytes32(0) && _requests[id].seedBlock == _PENDING) _requests[id].value = value;
    }

    function miss(uint256 id) external {
        if (_requests[id].value == bytes32(0)) _requests[id].seedBlock = 0;
    }
}
