// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IGenesisEscrow} from "../interfaces/IGenesisEscrow.sol";

/// @title GenesisEscrow
/// @notice Waiting room for the genesis shares of module contracts (DESIGN §3). The base token is
/// minted in one transaction, before the modules that hold its shares exist; their shares are
/// minted here and paid out, each exactly once and only to a contract, by the deployment that
/// adds the module. No account ever holds an escrowed share.
/// @dev The deployer is the authority only while the deployment runs; the deployment ends by
/// handing the authority to the Timelock, so a module added later is funded by referendum.
contract GenesisEscrow is IGenesisEscrow {
    using SafeERC20 for IERC20;

    IERC20 private _token;
    address private _authority;
    uint256 private _totalEscrowed;
    bytes32[] private _shareNames;
    mapping(bytes32 share => Share details) private _shares;

    modifier onlyAuthority() {
        if (msg.sender != _authority) revert NotAuthority(msg.sender, _authority);
        _;
    }

    /// @param authority_ The account allowed to bind the token and release shares.
    /// @param shares Share names (bytes32 strings such as "CouncilReserve").
    /// @param amounts The amount of each share, in token units.
    constructor(address authority_, bytes32[] memory shares, uint256[] memory amounts) {
        if (authority_ == address(0)) revert InvalidAuthority(authority_);
        if (shares.length != amounts.length) revert ShareListMismatch(shares.length, amounts.length);
        _authority = authority_;
        emit AuthorityTransferred(address(0), authority_);
        uint256 total = 0;
        for (uint256 i = 0; i < shares.length; ++i) {
            bytes32 share = shares[i];
            if (share == bytes32(0) || amounts[i] == 0) revert InvalidShare(share, amounts[i]);
            if (_shares[share].amount != 0) revert DuplicateShare(share);
            _shares[share].amount = amounts[i];
            _shareNames.push(share);
            total += amounts[i];
            emit ShareRegistered(share, amounts[i]);
        }
        _totalEscrowed = total;
    }

    /// @inheritdoc IGenesisEscrow
    /// @dev Requires the escrow to hold exactly the registered shares, so a token that minted the
    /// wrong amount here is refused.
    function bindToken(IERC20 token_) external onlyAuthority {
        if (address(_token) != address(0)) revert TokenAlreadyBound(_token);
        uint256 balance = token_.balanceOf(address(this));
        if (balance != _totalEscrowed) revert EscrowUnderfunded(balance, _totalEscrowed);
        _token = token_;
        emit TokenBound(token_, balance);
    }

    /// @inheritdoc IGenesisEscrow
    function release(bytes32 share, address module) external onlyAuthority {
        IERC20 bound = _token;
        if (address(bound) == address(0)) revert TokenNotBound();
        Share storage details = _shares[share];
        uint256 amount = details.amount;
        if (amount == 0) revert UnknownShare(share);
        if (details.paidTo != address(0)) revert ShareAlreadyReleased(share, details.paidTo);
        if (module.code.length == 0) revert ModuleNotContract(module);

        details.paidTo = module;
        _totalEscrowed -= amount;
        emit ShareReleased(share, module, amount);
        bound.safeTransfer(module, amount);
    }

    /// @inheritdoc IGenesisEscrow
    function transferAuthority(address newAuthority) external onlyAuthority {
        if (newAuthority == address(0)) revert InvalidAuthority(newAuthority);
        emit AuthorityTransferred(_authority, newAuthority);
        _authority = newAuthority;
    }

    /// @inheritdoc IGenesisEscrow
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IGenesisEscrow
    function authority() external view returns (address) {
        return _authority;
    }

    /// @inheritdoc IGenesisEscrow
    function shareOf(bytes32 share) external view returns (Share memory) {
        return _shares[share];
    }

    /// @inheritdoc IGenesisEscrow
    function shareNames() external view returns (bytes32[] memory) {
        return _shareNames;
    }

    /// @inheritdoc IGenesisEscrow
    function totalEscrowed() external view returns (uint256) {
        return _totalEscrowed;
    }
}
