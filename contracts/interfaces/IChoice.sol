// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IChoice
/// @notice The one vocabulary of a vote, shared by council members (ICouncil.memberVote,
/// ICouncil.decision) and referendum voters (IReferendum.castVote, the bloc vote): the same
/// number means the same side everywhere. Functions and events carry it as a uint8.
interface IChoice {
    /// @notice `None` is no choice: a member's withdrawn choice, never a vote or a decision.
    enum Choice {
        None,
        Against,
        For,
        Abstain
    }
}
