// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The three Committee views CharityCampaigns reads (termAt, memberAt, membersOf), set by hand.
contract CommitteeMembersMock {
    uint256 public term;
    mapping(uint256 term => address[] members) private _members;

    function setTerm(uint256 term_) external {
        term = term_;
    }

    function setMembers(uint256 term_, address[] calldata members) external {
        _members[term_] = members;
    }

    /// @notice Empties `seat` of `term_` (as an impeachment does).
    function emptySeat(uint256 term_, uint256 seat) external {
        _members[term_][seat] = address(0);
    }

    function termAt(uint256) external view returns (uint256) {
        return term;
    }

    function memberAt(uint256 term_, uint256 seat) external view returns (address member, uint256 active) {
        address[] storage members = _members[term_];
        if (seat < members.length) member = members[seat];
        for (uint256 i = 0; i < members.length; ++i) if (members[i] != address(0)) ++active;
    }

    function membersOf(uint256 term_) external view returns (address[] memory) {
        return _members[term_];
    }
}

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
