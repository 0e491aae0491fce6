// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
// solhint-disable-next-line max-line-length
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @notice Benchmark reference only: OpenZeppelin's ERC20 + Permit + Votes on a timestamp clock,
/// the same job as BaseToken without balance snapshots. Never deployed by the suite.
contract OZVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor(address holder, uint256 supply) ERC20("Reference", "REF") ERC20Permit("Reference") {
        _mint(holder, supply);
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @notice Benchmark reference only: OpenZeppelin's ERC20 with burn, deployed per token, the job of
/// an issued token without a market, commitment or period records. Never deployed by the suite.
contract OZBurnableToken is ERC20, ERC20Burnable {
    constructor(string memory name_, string memory symbol_, address holder, uint256 supply) ERC20(name_, symbol_) {
        _mint(holder, supply);
    }
}

/// @notice Benchmark reference only: OpenZeppelin's linear vesting wallet with a cliff, one
/// contract per beneficiary. Never deployed by the suite.
contract OZVestingWallet is VestingWalletCliff {
    constructor(
        address beneficiary,
        uint64 start,
        uint64 duration,
        uint64 cliff
    ) VestingWallet(beneficiary, start, duration) VestingWalletCliff(cliff) {}
}

/// @notice Benchmark reference only: OpenZeppelin's Governor with simple counting, a quorum
/// fraction and a TimelockController, the job of our Referendum's voting. Never deployed by the suite.
contract OZGovernor is GovernorCountingSimple, GovernorVotesQuorumFraction, GovernorTimelockControl {
    constructor(
        IVotes token,
        TimelockController timelock
    ) Governor("Reference") GovernorVotes(token) GovernorVotesQuorumFraction(20) GovernorTimelockControl(timelock) {}

    function votingDelay() public pure override returns (uint256) {
        return 1;
    }

    function votingPeriod() public pure override returns (uint256) {
        return 7 days;
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}

/// @notice Benchmark reference only: OpenZeppelin's ERC4626 vault with a virtual offset of 6
/// decimals (as the InsuranceMarket's pools), the job of an underwriter pool's deposit and
/// redeem without locked capital or premium accounting. Never deployed by the suite.
contract OZERC4626Vault is ERC4626 {
    constructor(IERC20 asset_) ERC4626(asset_) ERC20("Reference vault", "RV") {}

    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }
}
