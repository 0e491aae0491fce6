// The zero values of a storage epoch row, which several events may be the first to create.
export const NEW_EPOCH = {
  reseeds: 0,
  usedMD: 0n,
  rent: 0n,
  proofs: 0,
  settledLandlords: 0,
  failedLandlords: 0,
  credited: 0n,
  withheld: 0n,
};
