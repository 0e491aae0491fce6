// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
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
/// function.
/// Snapshots report balances as they stood at the end of the last second before the snapshot's
/// block (DESIGN §2): nothing bought, borrowed or moved in the block that takes the snapshot, even
/// in an earlier transaction of it, counts. Each account's balance shares one storage slot with
/// the second it last changed in and its balance when that second began, so a
/// transfer writes the slots it writes anyway: the rule adds no storage write to a transfer. A
/// snapshot only stores its time; an account's snapshot balance is written the first time it
/// changes after the snapshot (`touchedAt == snapshot time ? opening : balance`), so transfers pay
/// for snapshots only when one was taken since the account's last change.
/// Balances and the supply are uint104 (the supply is fixed far below 2^104).
/// Roles: SNAPSHOT_ROLE (the CouncilReserve) takes snapshots; DEFAULT_ADMIN_ROLE (the Timelock)
/// grants it. Deployment hands DEFAULT_ADMIN_ROLE to the Timelock and the deployer keeps nothing.
contract BaseToken is IBaseToken, ERC20, ERC20Permit, ERC20Votes, AccessControl {
    using Checkpoints for Checkpoints.Trace208;

    uint256 private constant _OPENING_SHIFT = 104;
    uint256 private constant _TOUCHED_SHIFT = 208;

    /// @dev A snapshot: the second it was taken in and the supply then (fixed).
    struct SnapshotRecord {
        uint48 time;
        uint208 supply;
    }

    /// @notice The role that may take balance snapshots (held by the CouncilReserve).
    bytes32 public constant SNAPSHOT_ROLE = keccak256("SNAPSHOT_ROLE");

    /// @dev The second of the genesis mint: a snapshot taken in it sees no balances and no supply.
    uint48 private immutable _genesisTime;
    uint48 private _currentSnapshotId;
    uint104 private _supply;
    /// @dev Each account in one word: its balance (low 104 bits), its balance when the second of
    /// its last change began (`opening`, next 104) and that second (`touchedAt`, top 48). Packed
    /// by hand so that a change is one SLOAD and one SSTORE.
    mapping(address account => uint256 packed) private _accounts;
    // Slither uninitialized-state: written through Checkpoints.push in _recordBalance.
    // slither-disable-next-line uninitialized-state
    mapping(address account => Checkpoints.Trace208 balances) private _balanceSnapshots;
    mapping(uint256 snapshotId => SnapshotRecord record) private _snapshots;
    mapping(uint48 time => uint48 snapshotId) private _lastSnapshotAt;

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
        _genesisTime = clock();
    }

    /// @inheritdoc IBaseToken
    function snapshot() external onlyRole(SNAPSHOT_ROLE) returns (uint256 snapshotId) {
        snapshotId = ++_currentSnapshotId;
        uint48 time = clock();
        uint256 supply = time == _genesisTime ? 0 : _supply;
        _snapshots[snapshotId] = SnapshotRecord({time: time, supply: uint208(supply)});
        _lastSnapshotAt[time] = uint48(snapshotId);
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
        if (exists && lastRecorded >= snapshotId) return trace.lowerLookup(uint48(snapshotId));
        // No change recorded since `snapshotId`: what it held before the snapshot's second.
        return _balanceBefore(_accounts[account], _snapshots[snapshotId].time);
    }

    /// @inheritdoc IBaseToken
    function totalSupplyAt(uint256 snapshotId) external view returns (uint256) {
        _requireTaken(snapshotId);
        return _snapshots[snapshotId].supply;
    }

    /// @inheritdoc IBaseToken
    function snapshotTime(uint256 snapshotId) external view returns (uint256) {
        _requireTaken(snapshotId);
        return _snapshots[snapshotId].time;
    }

    /// @notice The balance of `account`.
    function balanceOf(address account) public view override(ERC20, IERC20) returns (uint256) {
        return uint104(_accounts[account]);
    }

    /// @notice The total supply (fixed at genesis).
    function totalSupply() public view override(ERC20, IERC20) returns (uint256) {
        return _supply;
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

    /// @dev The single balance hook, in place of ERC20's and ERC20Votes' (whose effects it keeps:
    /// balances, supply, Transfer, votes): records the pre-snapshot balance of each side for the
    /// latest snapshot, keeps each side's opening balance of the second, then moves tokens and votes.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        uint48 latest = _currentSnapshotId;
        uint256 now_ = block.timestamp;
        if (from == address(0)) {
            _supply = SafeCast.toUint104(uint256(_supply) + value);
        } else {
            uint256 packed = _accounts[from];
            uint256 balance = uint104(packed);
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            if (latest != 0) _recordBalance(from, packed, latest);
            unchecked {
                _accounts[from] = _moved(packed, now_, balance - value); // checked just above
            }
        }
        if (to == address(0)) {
            unchecked {
                _supply -= uint104(value); // value <= the sender's balance <= the supply
            }
        } else {
            uint256 packed = _accounts[to];
            if (latest != 0) _recordBalance(to, packed, latest);
            // The supply fits uint104 (checked at mint) and bounds every balance.
            unchecked {
                _accounts[to] = _moved(packed, now_, uint104(packed) + value);
            }
        }
        emit Transfer(from, to, value);
        _transferVotingUnits(from, to, value);
    }

    /// @dev An account's word after its balance becomes `balance` at second `now_`: on its first
    /// change in that second, the balance it had is kept as the second's opening balance.
    function _moved(uint256 packed, uint256 now_, uint256 balance) private pure returns (uint256) {
        uint256 opening = (packed >> _TOUCHED_SHIFT) == now_ ? uint104(packed >> _OPENING_SHIFT) : uint104(packed);
        return balance | (opening << _OPENING_SHIFT) | (now_ << _TOUCHED_SHIFT);
    }

    /// @dev Before `holder`'s first change since snapshot `latest`, records what every snapshot
    /// taken since its previous change reports. Those snapshots were all taken at or after the
    /// second of that change (`touchedAt`): the ones in that very second report its opening
    /// balance, the later ones its current balance; the first group ends at the last snapshot of
    /// that second, so at most two checkpoints are written.
    function _recordBalance(address holder, uint256 packed, uint48 latest) private {
        Checkpoints.Trace208 storage trace = _balanceSnapshots[holder];
        // Slither unused-return: the latest value is not needed, only its key.
        // slither-disable-next-line unused-return
        (, uint48 lastRecorded, ) = trace.latestCheckpoint();
        if (lastRecorded >= latest) return;
        uint48 sameSecond = _lastSnapshotAt[uint48(packed >> _TOUCHED_SHIFT)];
        if (sameSecond > lastRecorded) {
            // Slither unused-return: push returns the previous and new values.
            // slither-disable-next-line unused-return
            trace.push(sameSecond, uint104(packed >> _OPENING_SHIFT));
        }
        if (sameSecond < latest) {
            // Slither unused-return: push returns the previous and new values.
            // slither-disable-next-line unused-return
            trace.push(latest, uint104(packed));
        }
    }

    /// @dev The balance at the end of the last second before `time`, for an account (packed word)
    /// that has not changed since a snapshot taken at `time`.
    function _balanceBefore(uint256 packed, uint48 time) private pure returns (uint256) {
        return (packed >> _TOUCHED_SHIFT) == time ? uint104(packed >> _OPENING_SHIFT) : uint104(packed);
    }

    function _requireTaken(uint256 snapshotId) private view {
        if (snapshotId == 0 || snapshotId > _currentSnapshotId) {
            revert SnapshotNotTaken(snapshotId, _currentSnapshotId);
        }
    }
}
