// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IWalletFactory
/// @notice Creates RecoverableWallets as EIP-1167 clones at addresses known in advance (DESIGN §13).
interface IWalletFactory {
    event WalletCreated(
        address indexed wallet,
        address indexed owner,
        address[] guardians,
        uint256 threshold,
        uint256 delay
    );

    error InvalidDefaultDelay(uint256 defaultDelay, uint256 minDelay);

    /// @notice The RecoverableWallet every wallet of this factory is a clone of.
    function implementation() external view returns (address);

    /// @notice The delay a wallet gets when it is created with delay zero.
    function defaultDelay() external view returns (uint256);

    /// @notice The least delay of every wallet of this factory.
    function minDelay() external view returns (uint256);

    /// @notice Creates a wallet for `owner` (anyone may pay for it); `delay` zero takes the default.
    /// The address depends on every argument, so no one can take it first with other guardians.
    function createWallet(
        address owner,
        address[] calldata guardians,
        uint256 threshold,
        uint256 delay,
        bytes32 salt
    ) external returns (address wallet);

    /// @notice The address `createWallet` with these arguments creates (or created).
    function predictWallet(
        address owner,
        address[] calldata guardians,
        uint256 threshold,
        uint256 delay,
        bytes32 salt
    ) external view returns (address);
}
