// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IBaseToken} from "../interfaces/IBaseToken.sol";

/// @title BaseToken
/// @notice The Jiaozi base token: ERC20 with EIP-2612 permit and ERC20Votes on a timestamp clock
/// (EIP-6372), plus lazy balance snapshots for the CouncilReserve's pro-rata excess distribution.
/// @dev The whole supply is minted in the constructor to the genesis holders; there is no mint
/// function. Snapshots are lazy: taking one only increments a counter; an account's balance is
/// written under a snapshot id the first time it changes after that snapshot, so transfers pay
/// for snapshots only when one was taken since the account's last change.
/// Roles: SNAPSHOT_ROLE (the CouncilReserve) takes snapshots; DEFAULT_ADMIN_ROLE (the Timelock)
/// grants it. Deployment hands DEFAULT_ADMIN_ROLE to the Timelock and the deployer keeps nothing.
contract BaseToken is IBaseToken, ERC20, ERC20Permit, ERC20Votes, AccessControl {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice The role that may take balance snapshots (held by the CouncilReserve).
    bytes32 public constant SNAPSHOT_ROLE = keccak256("SNAPSHOT_ROLE");

    uint48 private _currentSnapshotId;
    // Slither uninitialized-state: written through Checkpoints.push in _recordBalance.
    // slither-disable-next-line uninitialized-state
    mapping(address account => Checkpoints.Trace208 balances) private _balanceSnapshots;
    mapping(uint256 snapshotId => uint256 supply) private _totalSupplyAt;

    /// @param name_ ERC20 name, also the EIP-712 domain name.
    /// @param symbol_ ERC20 symbol.
    /// @param allocations The genesis holders; the total supply is their sum.
    /// @param admin The account that receives DEFAULT_ADMIN_ROLE (the Timelock, or the deployer
    /// for the duration of the deployment only).
    constructor(
        string memory name_,
        string memory symbol_,
        Allocation[] memory allocations,
        address admin
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        if (allocations.length == 0) revert GenesisEmpty();
        for (uint256 i = 0; i < allocations.length; ++i) {
            Allocation memory allocation = allocations[i];
            if (allocation.holder == address(0)) revert GenesisHolderZero(i);
            if (allocation.amount == 0) revert GenesisAmountZero(i, allocation.holder);
            _mint(allocation.holder, allocation.amount);
            emit GenesisAllocation(allocation.holder, allocation.amount);
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IBaseToken
    function snapshot() external onlyRole(SNAPSHOT_ROLE) returns (uint256 snapshotId) {
        snapshotId = ++_currentSnapshotId;
        uint256 supply = totalSupply();
        _totalSupplyAt[snapshotId] = supply;
        emit Snapshot(snapshotId, block.timestamp, supply);
    }

    /// @inheritdoc IBaseToken
    function currentSnapshotId() external view returns (uint256) {
        return _currentSnapshotId;
    }

    /// @inheritdoc IBaseToken
    function balanceOfAt(address account, uint256 snapshotId) external view returns (uint256) {
        _requireTaken(snapshotId);
        Checkpoints.Trace208 storage trace = _balanceSnapshots[account];
        // Slither unused-return: the latest value is not needed, only its key.
        // slither-disable-next-line unused-return
        (bool exists, uint48 lastRecorded, ) = trace.latestCheckpoint();
        // No change recorded at or after `snapshotId`: the balance has not moved since.
        if (!exists || lastRecorded < snapshotId) return balanceOf(account);
        return trace.lowerLookup(uint48(snapshotId));
    }

    /// @inheritdoc IBaseToken
    function totalSupplyAt(uint256 snapshotId) external view returns (uint256) {
        _requireTaken(snapshotId);
        return _totalSupplyAt[snapshotId];
    }

    /// @notice EIP-6372 clock: timestamps.
    function clock() public view override returns (uint48) {
        return SafeCast.toUint48(block.timestamp);
    }

    /// @notice EIP-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice EIP-2612 and ERC20Votes share one nonce per account.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev The single balance hook: records pre-change balances for the current snapshot, then
    /// moves tokens and votes.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        uint48 snapshotId = _currentSnapshotId;
        if (snapshotId != 0) {
            if (from != address(0)) _recordBalance(from, snapshotId);
            if (to != address(0)) _recordBalance(to, snapshotId);
        }
        super._update(from, to, value);
    }

    function _recordBalance(address account, uint48 snapshotId) private {
        Checkpoints.Trace208 storage trace = _balanceSnapshots[account];
        // Slither unused-return: the latest value is not needed, only its key.
        // slither-disable-next-line unused-return
        (bool exists, uint48 lastRecorded, ) = trace.latestCheckpoint();
        if (!exists || lastRecorded < snapshotId) {
            // Slither unused-return: push returns the previous and new values.
            // slither-disable-next-line unused-return
            trace.push(snapshotId, SafeCast.toUint208(balanceOf(account)));
        }
    }

    function _requireTaken(uint256 snapshotId) private view {
        if (snapshotId == 0 || snapshotId > _currentSnapshotId) {
            revert SnapshotNotTaken(snapshotId, _currentSnapshotId);
        }
    }
}
