// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IKeeperRewards} from "../interfaces/IKeeperRewards.sol";

/// @title KeeperRewards
/// @notice Pays keepers a bounty per unit of due work they perform (DESIGN §2) and counts those
/// units (their jobs) for the honor pool's reputation. The budget is the contract's balance of the base token:
/// the genesis KeeperBounties share of the ecosystem allocation, plus anything sent later.
/// @dev Bounties are all-or-nothing: when the budget is below a kind's bounty the job is still
/// counted and `BountyUnpaid` is emitted, so the upkeep that called `reward` never fails for
/// want of budget. Kinds are never removed, so a module's call to `reward` never starts failing
/// after governance changes its mind; governance sets a bounty to zero instead.
/// DEFAULT_ADMIN_ROLE (the Timelock after deployment) registers kinds and sets bounties.
contract KeeperRewards is IKeeperRewards, AccessControl {
    using SafeERC20 for IERC20;

    /// @notice The token bounties are paid in (the base token).
    IERC20 public immutable token;

    /// @dev One slot per keeper, so a job costs one storage write besides the payment. 64 bits of
    /// jobs and 192 bits of earnings outlast any chain; per-kind counts live in the events.
    struct KeeperRecord {
        uint64 jobs;
        uint192 earned;
    }

    mapping(bytes32 kind => Kind registration) private _kinds;
    bytes32[] private _kindList;
    mapping(address keeper => KeeperRecord record) private _records;

    /// @param token_ The base token.
    /// @param admin The DEFAULT_ADMIN_ROLE holder (the Timelock after deployment).
    constructor(IERC20 token_, address admin) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IKeeperRewards
    function registerKind(bytes32 kind, address module, uint256 bounty) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (kind == bytes32(0)) revert InvalidKind(kind);
        if (module == address(0)) revert InvalidModule(module);
        address registered = _kinds[kind].module;
        if (registered != address(0)) revert KindAlreadyRegistered(kind, registered);

        _kinds[kind] = Kind({module: module, bounty: _toBounty(bounty)});
        _kindList.push(kind);
        emit KindRegistered(kind, module, bounty);
    }

    /// @inheritdoc IKeeperRewards
    function setBounty(bytes32 kind, uint256 bounty) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Kind storage stored = _kinds[kind];
        if (stored.module == address(0)) revert UnknownKind(kind);
        uint256 previous = stored.bounty;
        stored.bounty = _toBounty(bounty);
        emit BountyChanged(kind, previous, bounty);
    }

    /// @inheritdoc IKeeperRewards
    function reward(address keeper, bytes32 kind, uint256 units) external returns (uint256 paid) {
        Kind memory registered = _kinds[kind];
        if (registered.module != msg.sender) revert NotKindModule(kind, msg.sender, registered.module);
        if (keeper == address(0)) revert InvalidKeeper(keeper);
        if (units == 0) revert NoWork(kind);

        KeeperRecord memory record = _records[keeper];
        record.jobs += SafeCast.toUint64(units);

        uint256 owed = uint256(registered.bounty) * units;
        uint256 available = token.balanceOf(address(this));
        if (owed > available) {
            _records[keeper] = record;
            emit BountyUnpaid(kind, keeper, msg.sender, units, owed, record.jobs, available);
            return 0;
        }
        paid = owed;
        // At most the budget, itself bounded by the token's supply: cannot overflow 192 bits.
        record.earned += uint192(paid);
        _records[keeper] = record;
        // A zero bounty still emits BountyPaid, so the indexer counts every unit of work from events.
        emit BountyPaid(kind, keeper, msg.sender, units, paid, record.jobs, available - paid);
        if (paid > 0) token.safeTransfer(keeper, paid);
    }

    /// @inheritdoc IKeeperRewards
    function kindOf(bytes32 kind) external view returns (Kind memory) {
        return _kinds[kind];
    }

    /// @inheritdoc IKeeperRewards
    function kinds() external view returns (bytes32[] memory) {
        return _kindList;
    }

    /// @inheritdoc IKeeperRewards
    function jobsOf(address keeper) external view returns (uint256) {
        return _records[keeper].jobs;
    }

    /// @inheritdoc IKeeperRewards
    function earnedBy(address keeper) external view returns (uint256) {
        return _records[keeper].earned;
    }

    /// @inheritdoc IKeeperRewards
    function budget() external view returns (uint256) {
        return token.balanceOf(address(this));
    }

    function _toBounty(uint256 bounty) private pure returns (uint96) {
        if (bounty > type(uint96).max) revert BountyTooLarge(bounty, type(uint96).max);
        return uint96(bounty);
    }
}
