// Rows several storage events may be the first to create (an epoch), and the holder row id.

/** The zero values of a storage epoch row. */
export const NEW_EPOCH = {
  reseeds: 0,
  usedMD: 0n,
  rent: 0n,
  proofs: 0,
  settledLandlords: 0,
  failedLandlords: 0,
  voidLandlords: 0,
  units: 0,
  settleFees: 0n,
  voided: false,
  credited: 0n,
  withheld: 0n,
};

export const holderId = (leaseId: bigint, landlord: `0x${string}`) => `${leaseId}:${landlord.toLowerCase()}`;
