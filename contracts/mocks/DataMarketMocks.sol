// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IStorageMarket} from "../interfaces/IStorageMarket.sol";

/// @title LeasesMock
/// @notice StorageMarket.leaseOf for the DataMarket's lease check.
contract LeasesMock {
    mapping(uint256 leaseId => address tenant) public tenantOf;

    function setTenant(uint256 leaseId, address tenant) external {
        tenantOf[leaseId] = tenant;
    }

    function leaseOf(uint256 leaseId) external view returns (IStorageMarket.Lease memory lease) {
        lease.tenant = tenantOf[leaseId];
    }
}

/// @title ReserveDepositMock
/// @notice RewardsReserve.deposit: pulls the tokens and counts them.
contract ReserveDepositMock {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    uint256 public held;

    constructor(IERC20 token_) {
        token = token_;
    }

    function deposit(uint256 amount, bytes32) external {
        held += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
    }
}

/// @title PublicKeysMock
/// @notice AliasRegistry.publicKeyOf(address): the same 33-byte key for every account set.
contract PublicKeysMock {
    mapping(address account => bool set) public hasKey;

    function setKey(address account, bool value) external {
        hasKey[account] = value;
    }

    function publicKeyOf(address account) external view returns (bytes memory) {
        if (!hasKey[account]) return "";
        return abi.encodePacked(bytes1(0x02), keccak256(abi.encode(account)));
    }
}
