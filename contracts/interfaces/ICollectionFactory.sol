// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICollectionFactory
/// @notice ERC721 collections from configuration only (DESIGN §5, ChainStack paradigms): a name,
/// a symbol, a base URI and a maximum supply; the creator mints into it up to that maximum.
interface ICollectionFactory {
    struct CollectionConfig {
        string name;
        string symbol;
        string baseURI;
        uint32 maxSupply;
    }

    event CollectionCreated(
        address indexed collection,
        address indexed owner,
        string name,
        string symbol,
        string baseURI,
        uint256 maxSupply
    );

    error MissingField(string name);

    /// @notice The Collection implementation every collection of this factory is a clone of.
    function collectionImplementation() external view returns (address);

    /// @notice Creates a collection owned by the caller.
    function createCollection(CollectionConfig calldata config) external returns (address collection);
}
