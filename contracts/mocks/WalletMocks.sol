// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @notice Test-only ERC-721 whose `safeMint` checks the receiver (RecoverableWallet tests).
contract WalletTestNFT is ERC721("Wallet test NFT", "WNFT") {
    /// @notice Mints `tokenId` to `to` through the receiver check.
    function safeMint(address to, uint256 tokenId) external {
        _safeMint(to, tokenId);
    }
}

/// @notice Test-only ERC-1155 whose `mint` checks the receiver (RecoverableWallet tests).
contract WalletTestMultiToken is ERC1155("") {
    /// @notice Mints `amount` of `id` to `to` through the receiver check.
    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }

    /// @notice Mints a batch to `to` through the receiver check.
    function mintBatch(address to, uint256[] calldata ids, uint256[] calldata amounts) external {
        _mintBatch(to, ids, amounts, "");
    }
}

/// @notice Test-only call target: records calls and reverts on request (RecoverableWallet tests).
contract WalletTestTarget {
    error Refused(uint256 code);

    uint256 public calls;
    uint256 public received;

    /// @notice Counts a call and the ETH it carried.
    function ping() external payable returns (uint256) {
        received += msg.value;
        return ++calls;
    }

    /// @notice Always reverts with `Refused(code)`.
    function refuse(uint256 code) external pure {
        revert Refused(code);
    }
}
