// Gas of the recoverable wallets (issue 17: wallet creation, a recovery approval and execution):
// a 2-of-3 wallet cloned from the factory, one owner call, the proposal (its approval), the M-th
// approval that starts the delay and the execution after it. bench/gas.ts adds these rows to the table.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

const DAY = 86_400n;

export async function walletRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    (await (await tx).wait())!.gasUsed;
  const rows: { operation: string; jiaozi: bigint }[] = [];
  const [, owner, stranger, , g1, g2, g3, heir] = await ethers.getSigners();
  const factory = await ethers.deployContract("WalletFactory", [7n * DAY, DAY]);
  const guardians = [g1.address, g2.address, g3.address];
  const address = await factory.predictWallet(owner.address, guardians, 2, 0, ethers.ZeroHash);
  rows.push({
    operation: "WalletFactory createWallet (EIP-1167 clone, 3 guardians, 2 of 3)",
    jiaozi: await gasOf(factory.connect(owner).createWallet(owner.address, guardians, 2, 0, ethers.ZeroHash)),
  });
  const wallet = await ethers.getContractAt("RecoverableWallet", address);
  await owner.sendTransaction({ to: address, value: 10n });
  rows.push({
    operation: "RecoverableWallet execute (1 wei to an account)",
    jiaozi: await gasOf(wallet.connect(owner).execute(stranger.address, 1n, "0x")),
  });
  rows.push({
    operation: "RecoverableWallet proposeRecovery (a guardian; its approval counts)",
    jiaozi: await gasOf(wallet.connect(g1).proposeRecovery(heir.address)),
  });
  rows.push({
    operation: "RecoverableWallet approveRecovery (the M-th approval: the delay starts)",
    jiaozi: await gasOf(wallet.connect(g2).approveRecovery(1)),
  });
  await helpers.time.increase(7n * DAY);
  rows.push({
    operation: "RecoverableWallet executeRecovery (after the delay, 3 guardians counted)",
    jiaozi: await gasOf(wallet.connect(stranger).executeRecovery(1)),
  });
  return rows;
}
