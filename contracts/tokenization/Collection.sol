// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ICollection} from "../interfaces/ICollection.sol";
import {CloneArgs} from "../libraries/CloneArgs.sol";

/// @title Collection
/// @notice The implementation behind every configured collection's clone. Its configuration is
/// the clone's immutable arguments: owner (20 bytes), maxSupply (4), the lengths of name and
/// symbol (1 each), then name, symbol and base URI.
contract Collection is ICollection, ERC721 {
    uint256 private constant _TEXTS = 26;

    /// @inheritdoc ICollection
    uint256 public totalMinted;

    constructor() ERC721("", "") {}

    /// @inheritdoc ICollection
    function mint(address to, uint256 quantity) external returns (uint256 firstId) {
        address owner_ = owner();
        if (msg.sender != owner_) revert NotOwner(msg.sender, owner_);
        if (to == address(0)) revert InvalidRecipient(to);
        uint256 minted = totalMinted;
        uint256 remaining = maxSupply() - minted;
        if (quantity == 0 || quantity > remaining) revert MaxSupplyExceeded(quantity, remaining);
        totalMinted = minted + quantity;
        firstId = minted + 1;
        for (uint256 id = firstId; id < firstId + quantity; ++id) _mint(to, id);
    }

    /// @inheritdoc ICollection
    function owner() public view returns (address) {
        return address(bytes20(CloneArgs.word(0)));
    }

    /// @inheritdoc ICollection
    function maxSupply() public view returns (uint256) {
        return uint32(bytes4(CloneArgs.word(20)));
    }

    /// @inheritdoc ERC721
    function name() public view override returns (string memory) {
        return string(CloneArgs.slice(_TEXTS, uint8(CloneArgs.word(_TEXTS - 2)[0])));
    }

    /// @inheritdoc ERC721
    function symbol() public view override returns (string memory) {
        bytes32 lengths = CloneArgs.word(_TEXTS - 2);
        return string(CloneArgs.slice(_TEXTS + uint8(lengths[0]), uint8(lengths[1])));
    }

    function _baseURI() internal view override returns (string memory) {
        bytes32 lengths = CloneArgs.word(_TEXTS - 2);
        uint256 offset = _TEXTS + uint8(lengths[0]) + uint8(lengths[1]);
        return string(CloneArgs.slice(offset, address(this).code.length - 0x2d - offset));
    }
}
