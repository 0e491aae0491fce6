// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @notice Benchmark reference only: OpenZeppelin's ERC20 + Permit + Votes on a timestamp clock,
/// the same job as BaseToken without balance snapshots. Never deployed by the suite.
contract OZVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor(address holder, uint256 supply) ERC20("Reference", "REF") ERC20Permit("Reference") {
        _mint(holder, supply);
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @notice Benchmark reference only: OpenZeppelin's linear vesting wallet with a cliff, one
/// contract per beneficiary. Never deployed by the suite.
contract OZVestingWallet is VestingWalletCliff {
    constructor(
        address beneficiary,
        uint64 start,
        uint64 duration,
        uint64 cliff
    ) VestingWallet(beneficiary, start, duration) VestingWalletCliff(cliff) {}
}
