// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice Test tool only: an "ERC721" that reports every transfer (the event, and the new owner
/// from `ownerOf`) without holding or moving anything, the item a malicious seller would put up
/// for a Dutch auction. Never deployed by the suite.
contract FakeCollection {
    mapping(uint256 tokenId => address owner) private _claimed;

    /// @notice Emits the Transfer event and claims the new owner; moves nothing.
    function transferFrom(address from, address to, uint256 tokenId) external {
        _claimed[tokenId] = to;
        emit IERC721.Transfer(from, to, tokenId);
    }

    /// @notice Whoever the last reported transfer named.
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _claimed[tokenId];
    }
}
