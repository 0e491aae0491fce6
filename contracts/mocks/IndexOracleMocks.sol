// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test double of the Committee as the IndexOracle, CharityCampaigns and DataMarket see it:
/// the running term, each term's members by seat set by hand (zero for an emptied seat; up to 32
/// seats, more than the real Committee's 7) and the duties recorded, as the real Committee counts
/// them (emptied seats ignored).
contract OracleCommitteeMock {
    event DutyRecorded(uint256 indexed term, uint256 seat, address indexed member, address indexed source, bool done);

    uint256 public currentTerm;
    mapping(uint256 term => address[] members) private _members;
    mapping(uint256 term => mapping(uint256 seat => uint256 count)) public doneOf;
    mapping(uint256 term => mapping(uint256 seat => uint256 count)) public missedOf;
    mapping(uint256 term => uint256 count) private _active;
    uint256 public recorded;
    /// @notice When set, `recordDuties` records nothing (to measure the oracle's own gas).
    bool public silent;

    function setSilent(bool value) external {
        silent = value;
    }

    function setTerm(uint256 term) external {
        currentTerm = term;
    }

    function setMembers(uint256 term, address[] calldata members) external {
        _members[term] = members;
        uint256 active = 0;
        for (uint256 i = 0; i < members.length; ++i) if (members[i] != address(0)) ++active;
        _active[term] = active;
    }

    /// @notice Empties `seat` of `term` (an impeachment).
    function empty(uint256 term, uint256 seat) external {
        if (_members[term][seat] != address(0)) --_active[term];
        _members[term][seat] = address(0);
    }

    function termAt(uint256) external view returns (uint256) {
        return currentTerm;
    }

    function membersOf(uint256 term) external view returns (address[] memory) {
        return _members[term];
    }

    function memberAt(uint256 term, uint256 seat) external view returns (address member, uint256 active) {
        active = _active[term];
        if (seat < _members[term].length) member = _members[term][seat];
    }

    function recordDuties(uint256 term, uint256 doneSeats, uint256 missedSeats) external {
        if (silent) return;
        for (uint256 seat = 0; seat < _members[term].length; ++seat) {
            if (doneSeats & (1 << seat) != 0) recordDuty(term, seat, true);
            else if (missedSeats & (1 << seat) != 0) recordDuty(term, seat, false);
        }
    }

    function recordDuty(uint256 term, uint256 seat, bool done) public {
        address member = _members[term][seat];
        if (member == address(0)) return;
        ++recorded;
        if (done) ++doneOf[term][seat];
        else ++missedOf[term][seat];
        emit DutyRecorded(term, seat, member, msg.sender, done);
    }
}
