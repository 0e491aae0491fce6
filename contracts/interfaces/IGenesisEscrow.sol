// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IGenesisEscrow
/// @notice Holds the genesis shares of modules whose contracts are deployed after the token, and
/// pays each share once, to a contract, during the deployment that adds its module (DESIGN §3).
interface IGenesisEscrow {
    /// @notice A share's amount and, once paid, the module contract that received it.
    struct Share {
        uint256 amount;
        address paidTo;
    }

    event ShareRegistered(bytes32 indexed share, uint256 amount);
    event TokenBound(IERC20 indexed token, uint256 balance);
    event ShareReleased(bytes32 indexed share, address indexed module, uint256 amount);
    event AuthorityTransferred(address indexed previousAuthority, address indexed newAuthority);

    error NotAuthority(address caller, address authority);
    error InvalidAuthority(address authority);
    error ShareListMismatch(uint256 shareCount, uint256 amountCount);
    error InvalidShare(bytes32 share, uint256 amount);
    error DuplicateShare(bytes32 share);
    error TokenAlreadyBound(IERC20 token);
    error TokenNotBound();
    error EscrowUnderfunded(uint256 balance, uint256 escrowed);
    error UnknownShare(bytes32 share);
    error ShareAlreadyReleased(bytes32 share, address paidTo);
    error ModuleNotContract(address module);

    /// @notice Fixes the token once it has minted the escrowed shares to this contract.
    function bindToken(IERC20 token_) external;

    /// @notice Pays `share` in full to `module`, once. Only the authority.
    function release(bytes32 share, address module) external;

    /// @notice Hands the authority to `newAuthority` (the Timelock at the end of a deployment).
    function transferAuthority(address newAuthority) external;

    /// @notice The escrowed token (zero until bound).
    function token() external view returns (IERC20);

    /// @notice The account allowed to release shares.
    function authority() external view returns (address);

    /// @notice The amount and recipient of `share`.
    function shareOf(bytes32 share) external view returns (Share memory);

    /// @notice The names of every share, in registration order.
    function shareNames() external view returns (bytes32[] memory);

    /// @notice The sum of all shares not released yet.
    function totalEscrowed() external view returns (uint256);
}
