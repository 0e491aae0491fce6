// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICollectionFactory} from "../interfaces/ICollectionFactory.sol";
import {Collection} from "./Collection.sol";

/// @title CollectionFactory
/// @notice Creates configured ERC721 collections as clones of one implementation (DESIGN §5).
contract CollectionFactory is ICollectionFactory {
    /// @inheritdoc ICollectionFactory
    address public immutable collectionImplementation;

    constructor() {
        collectionImplementation = address(new Collection());
    }

    /// @inheritdoc ICollectionFactory
    function createCollection(CollectionConfig calldata config) external returns (address collection) {
        if (bytes(config.name).length == 0 || bytes(config.name).length > type(uint8).max) revert MissingField("name");
        if (bytes(config.symbol).length == 0 || bytes(config.symbol).length > type(uint8).max) {
            revert MissingField("symbol");
        }
        if (config.maxSupply == 0) revert MissingField("maxSupply");
        // Slither encode-packed-collision: the lengths of name and symbol precede the texts, so the
        // packing decodes one way only; nothing hashes it.
        // slither-disable-next-line encode-packed-collision
        bytes memory args = abi.encodePacked(
            msg.sender,
            config.maxSupply,
            uint8(bytes(config.name).length),
            uint8(bytes(config.symbol).length),
            config.name,
            config.symbol,
            config.baseURI
        );
        collection = Clones.cloneWithImmutableArgs(collectionImplementation, args);
        emit CollectionCreated(collection, msg.sender, config.name, config.symbol, config.baseURI, config.maxSupply);
    }
}
