// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAliasRegistry} from "../interfaces/IAliasRegistry.sol";

/// @notice Test tool only: a token whose `transferFrom` calls back into an AliasRegistry (the
/// reentrancy an ERC-777-style hook would allow). Never deployed by the suite.
contract ReentrantToken {
    IAliasRegistry public registry;
    string public name;
    bytes public publicKey;

    /// @notice Makes the next `transferFrom` register `name_` with `publicKey_` on `registry_`.
    function arm(IAliasRegistry registry_, string calldata name_, bytes calldata publicKey_) external {
        registry = registry_;
        name = name_;
        publicKey = publicKey_;
    }

    /// @notice Calls back into the registry, then reports success.
    function transferFrom(address, address, uint256) external returns (bool) {
        registry.register(name, publicKey);
        return true;
    }
}
