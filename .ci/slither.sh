#!/bin/sh
# Slither on a fresh build (stale build-info files would be analysed too), failing on any finding
# of medium or high impact not excluded in slither.config.json (global, with reasons) or at the
# line with `slither-disable-next-line` (reason on the comment line above it).
set -eu
SLITHER="${SLITHER:-slither}"
npx hardhat clean
npx hardhat build --quiet
"$SLITHER" . --config-file slither.config.json
