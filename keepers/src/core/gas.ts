// Gas limits with a margin over the estimate. The estimate is exact for the state it ran on, but a
// transaction is mined on a later one: an upkeep may first charge an epoch that came due, a rent
// may draw other landlords (prevrandao differs), a transfer may write a snapshot checkpoint.
// Without a margin such a transaction runs out of gas and reverts.
export const GAS_MARGIN_PERCENT = 25n;

export function withGasMargin(estimate: bigint): bigint {
  return estimate + (estimate * GAS_MARGIN_PERCENT) / 100n;
}
