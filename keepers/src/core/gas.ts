// Gas limits with a margin over the estimate. The estimate is exact for the state it ran on, but a
// transaction is mined on a later one: an upkeep may first charge an epoch that came due, a rent
// may draw other landlords (prevrandao differs), a transfer may write a snapshot checkpoint.
// Without a margin such a transaction runs out of gas and reverts.
export const GAS_MARGIN_PERCENT = 25n;
/**
 * The least margin, whatever the estimate: a block boundary between the estimate and the inclusion
 * turns two ERC20Votes checkpoint updates (the sender's delegate and the recipient's) into two
 * pushes of fresh slots, 2 × 22,100 more. A quarter of a small estimate does not cover it: the
 * simulated year saw `delegate` run out of gas on chain.
 */
export const GAS_MARGIN_MIN = 60_000n;

export function withGasMargin(estimate: bigint): bigint {
  const margin = (estimate * GAS_MARGIN_PERCENT) / 100n;
  return estimate + (margin > GAS_MARGIN_MIN ? margin : GAS_MARGIN_MIN);
}
