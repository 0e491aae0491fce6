// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICollection
/// @notice One configured ERC721 collection (a clone): its owner mints tokens 1, 2, … up to the
/// maximum supply; every token's URI is the base URI followed by its id.
interface ICollection {
    error NotOwner(address caller, address owner);
    error MaxSupplyExceeded(uint256 requested, uint256 remaining);
    error InvalidRecipient(address to);

    /// @notice Mints `quantity` tokens to `to`, with the next ids. Owner only.
    function mint(address to, uint256 quantity) external returns (uint256 firstId);

    function owner() external view returns (address);

    function maxSupply() external view returns (uint256);

    function totalMinted() external view returns (uint256);
}
