// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICouncil} from "./ICouncil.sol";
import {ICouncilReserve} from "./ICouncilReserve.sol";
import {IReferendum} from "./IReferendum.sol";

/// @title IGovernanceLens
/// @notice What governance upkeep is due now (DESIGN §2: each module has views that tell a keeper
/// what is due), in paged reads: one call tells every governance keeper job what to send.
/// @dev Each flag is true exactly when the upkeep call, sent in a block with the timestamp of the
/// block the view is read at, passes the contract's own timing and state checks (it does not
/// revert with `NotDue`, `UnexpectedState`, `VotingClosed`, `Lapsed`, `NoBlocMajority`,
/// `BlocAlreadyCast`, `NothingToRecord`, `ElectionStillOpen`, `AlreadyFinalized`, `NoElection`,
/// `NoCouncil` or `UnknownDistribution`). Checks that need more than the chain's state (the
/// actions of `queue` and `execute`, the calls the Timelock runs) are the caller's.
interface IGovernanceLens {
    /// @notice The upkeep due now on one proposal of the Referendum.
    /// @param proposalId The proposal.
    /// @param state Its recorded state.
    /// @param actionsHash keccak256(abi.encode(targets, values, calldatas)) of its actions, which
    /// `queue` and `execute` must repeat (a keeper checks the actions it found in the logs).
    /// @param lapse `lapse`: support phase and the support window is over.
    /// @param missedResponse `recordMissedResponse`: the council's response deadline passed with
    /// no statement by then and none recorded as missed (in any state, as the Referendum allows).
    /// @param blocVote `castBlocVote`: voting is open and the council's decision differs from what
    /// the bloc counts now (cast, move or withdraw).
    /// @param close `closeReferendum`: a referendum whose voting period is over.
    /// @param queue `queue`: passed and within the execution period.
    /// @param execute `execute`: queued, the Timelock delay over, within the execution period.
    /// @param expire `expire`: passed or queued and the execution period is over.
    struct DueProposal {
        uint256 proposalId;
        IReferendum.ProposalState state;
        bytes32 actionsHash;
        bool lapse;
        bool missedResponse;
        bool blocVote;
        bool close;
        bool queue;
        bool execute;
        bool expire;
    }

    /// @notice The council election upkeep due now.
    /// @param electionId The latest election (0: none yet).
    /// @param openDueAt When `openElection` is due (type(uint256).max while an election is open).
    /// @param open `openElection` is due.
    /// @param finalize `finalizeElection` is due on `electionId`.
    struct DueElection {
        uint256 electionId;
        uint256 openDueAt;
        bool open;
        bool finalize;
    }

    /// @notice The council's next installment (CouncilReserve.nextInstallment) and whether
    /// `payCouncil` is due.
    struct DuePayment {
        uint256 termId;
        uint256 installment;
        uint256 dueAt;
        bool due;
    }

    /// @notice The Referendum read.
    function referendum() external view returns (IReferendum);

    /// @notice The Council read.
    function council() external view returns (ICouncil);

    /// @notice The CouncilReserve read.
    function reserve() external view returns (ICouncilReserve);

    /// @notice Proposals with upkeep due now among ids `fromId` .. `fromId + maxScan - 1` (ids
    /// start at 1; `fromId` 0 reads as 1); proposals with nothing due are left out.
    /// @return due The proposals with at least one upkeep due, in id order.
    /// @return nextFromId Where the next page starts; 0 once the last proposal was scanned.
    function dueProposals(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (DueProposal[] memory due, uint256 nextFromId);

    /// @notice Whether `openElection` or `finalizeElection` is due.
    function dueElection() external view returns (DueElection memory);

    /// @notice Whether `payCouncil` is due, with the installment it would pay.
    function duePayment() external view returns (DuePayment memory);

    /// @notice Distributions that `sweep` may close now among ids `fromId` .. `fromId + maxScan -
    /// 1` (ids start at 1; `fromId` 0 reads as 1).
    /// @return ids The distributions whose claim period is over and that are not swept.
    /// @return nextFromId Where the next page starts; 0 once the last distribution was scanned.
    function dueSweeps(
        uint256 fromId,
        uint256 maxScan
    ) external view returns (uint256[] memory ids, uint256 nextFromId);
}
