// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A stable-like token for tests: anyone mints; `blocked` addresses cannot receive (as a
/// stablecoin's blocklist); `feeBps` is burnt from every transfer (a fee-on-transfer token).
contract CharityTestToken is ERC20 {
    mapping(address account => bool isBlocked) public blocked;
    uint256 public feeBps;

    error Blocked(address account);

    constructor() ERC20("Test Stable", "TST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlocked(address account, bool value) external {
        blocked[account] = value;
    }

    function setFee(uint256 bps) external {
        feeBps = bps;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert Blocked(to);
        uint256 fee = from == address(0) ? 0 : (value * feeBps) / 10_000;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
