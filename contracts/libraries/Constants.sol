// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Constants the suite's contracts share, declared once (file-level: import them by name).

/// @dev Basis points in a whole: every `*Bps` parameter is out of this.
uint256 constant BPS = 10_000;
