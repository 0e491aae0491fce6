// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBaseToken} from "../contracts/interfaces/IBaseToken.sol";
import {BaseToken} from "../contracts/tokenization/BaseToken.sol";
import {TestBase} from "./utils/Vm.sol";

/// @notice Moves tokens among a few holders, lets time pass and takes snapshots, remembering every
/// balance that each snapshot must report: the balance at the end of the last second before it.
contract BaseTokenHandler is TestBase {
    uint256 public constant SUPPLY = 5_000_000_000e18;
    uint256 public constant HOLDERS = 4;

    BaseToken public immutable token;
    address[HOLDERS] public holders = [address(0xA1), address(0xA2), address(0xA3), address(0xA4)];
    mapping(uint256 snapshotId => mapping(address holder => uint256 balance)) public expectedAt;
    /// Each holder's balance when the current second began (before anything moved in it).
    mapping(address holder => uint256 balance) public openingOf;
    uint256 public seenAt;

    constructor() {
        IBaseToken.Allocation[] memory genesis = new IBaseToken.Allocation[](HOLDERS);
        for (uint256 i = 0; i < HOLDERS; ++i) genesis[i] = IBaseToken.Allocation(holders[i], SUPPLY / HOLDERS);
        token = new BaseToken("Jiaozi", "JZ", genesis, address(this));
        token.grantRole(token.SNAPSHOT_ROLE(), address(this));
        // The genesis mint moved every balance in this second: before it, everyone held nothing.
        seenAt = block.timestamp;
    }

    /// Opens a new second: remembers what every holder holds before anything moves in it.
    function _tick() private {
        if (block.timestamp == seenAt) return;
        seenAt = block.timestamp;
        for (uint256 i = 0; i < HOLDERS; ++i) openingOf[holders[i]] = token.balanceOf(holders[i]);
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 2));
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        _tick();
        address from = holders[fromSeed % HOLDERS];
        address to = holders[toSeed % HOLDERS];
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(from);
        require(token.transfer(to, amount), "transfer");
    }

    function delegate(uint256 fromSeed, uint256 toSeed) external {
        vm.prank(holders[fromSeed % HOLDERS]);
        token.delegate(holders[toSeed % HOLDERS]);
    }

    function snapshot() external {
        _tick();
        uint256 id = token.snapshot();
        for (uint256 i = 0; i < HOLDERS; ++i) expectedAt[id][holders[i]] = openingOf[holders[i]];
    }
}

/// @notice Invariants of the base token: fixed supply, balances sum to it, snapshots never move.
contract BaseTokenInvariantTest is TestBase {
    BaseTokenHandler private handler;

    function setUp() public {
        handler = new BaseTokenHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Every property below, checked after every call of every run. One campaign checks
    /// them all: each invariant function would get a campaign of its own (runs x depth calls).
    function invariantTokenAccounting() public view {
        _checkSupplyIsFixedAndFullyHeld();
        _checkSnapshotsAreImmutable();
        _checkVotesWithinSupply();
    }

    function _checkSupplyIsFixedAndFullyHeld() internal view {
        BaseToken token = handler.token();
        vm.assertEq(token.totalSupply(), handler.SUPPLY(), "supply changed");
        uint256 sum = 0;
        for (uint256 i = 0; i < handler.HOLDERS(); ++i) sum += token.balanceOf(handler.holders(i));
        vm.assertEq(sum, handler.SUPPLY(), "balances do not sum to supply");
    }

    /// Every snapshot still reports the balances it was taken with, and they sum to its supply.
    function _checkSnapshotsAreImmutable() internal view {
        BaseToken token = handler.token();
        uint256 latest = token.currentSnapshotId();
        for (uint256 id = 1; id <= latest; ++id) {
            uint256 sum = 0;
            for (uint256 i = 0; i < handler.HOLDERS(); ++i) {
                address holder = handler.holders(i);
                uint256 balance = token.balanceOfAt(holder, id);
                vm.assertEq(balance, handler.expectedAt(id, holder), "snapshot balance moved");
                sum += balance;
            }
            vm.assertEq(sum, token.totalSupplyAt(id), "snapshot balances do not sum to its supply");
        }
    }

    /// Votes are a redistribution of balances: the delegated total never exceeds the supply.
    function _checkVotesWithinSupply() internal view {
        BaseToken token = handler.token();
        uint256 votes = 0;
        for (uint256 i = 0; i < handler.HOLDERS(); ++i) votes += token.getVotes(handler.holders(i));
        vm.assertLe(votes, token.totalSupply(), "votes above supply");
    }
}
