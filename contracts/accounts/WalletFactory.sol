// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IWalletFactory} from "../interfaces/IWalletFactory.sol";
import {RecoverableWallet} from "./RecoverableWallet.sol";

/// @title WalletFactory
/// @notice Creates RecoverableWallets (DESIGN §13) as EIP-1167 clones of one implementation, at
/// an address known in advance (CREATE2). The salt hashes the caller's salt with the owner AND the
/// whole initial configuration (guardians, threshold, delay): a counterfactual address someone has
/// already funded cannot be taken first with other guardians, since other guardians give another
/// address. The clone is initialized in its creation transaction, so no one can initialize it first.
contract WalletFactory is IWalletFactory {
    /// @inheritdoc IWalletFactory
    address public immutable implementation;
    /// @inheritdoc IWalletFactory
    uint256 public immutable defaultDelay;
    /// @inheritdoc IWalletFactory
    uint256 public immutable minDelay;

    /// @param defaultDelay_ Delay of a wallet created with delay zero (7 days on mainnet).
    /// @param minDelay_ Least delay of every wallet (1 day on mainnet).
    constructor(uint256 defaultDelay_, uint256 minDelay_) {
        RecoverableWallet wallet = new RecoverableWallet(minDelay_);
        if (defaultDelay_ < minDelay_ || defaultDelay_ > wallet.MAX_DELAY()) {
            revert InvalidDefaultDelay(defaultDelay_, minDelay_);
        }
        implementation = address(wallet);
        defaultDelay = defaultDelay_;
        minDelay = minDelay_;
    }

    /// @inheritdoc IWalletFactory
    function createWallet(
        address owner,
        address[] calldata guardians,
        uint256 threshold,
        uint256 delay,
        bytes32 salt
    ) external returns (address wallet) {
        uint256 effectiveDelay = delay == 0 ? defaultDelay : delay;
        wallet = Clones.cloneDeterministic(implementation, _salt(owner, guardians, threshold, effectiveDelay, salt));
        RecoverableWallet(payable(wallet)).initialize(owner, guardians, threshold, effectiveDelay);
        emit WalletCreated(wallet, owner, guardians, threshold, effectiveDelay);
    }

    /// @inheritdoc IWalletFactory
    function predictWallet(
        address owner,
        address[] calldata guardians,
        uint256 threshold,
        uint256 delay,
        bytes32 salt
    ) external view returns (address) {
        uint256 effectiveDelay = delay == 0 ? defaultDelay : delay;
        return
            Clones.predictDeterministicAddress(
                implementation,
                _salt(owner, guardians, threshold, effectiveDelay, salt)
            );
    }

    function _salt(
        address owner,
        address[] calldata guardians,
        uint256 threshold,
        uint256 delay,
        bytes32 salt
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(owner, guardians, threshold, delay, salt));
    }
}
