// Accounts gas rows (issue 17): AliasRegistry register (plain, a 5-byte and a 32-byte name),
// commit and reveal, accepting a transfer, and resolve. resolve is a view: its row is
// `estimateGas` of a call to it (a transaction's worth: 21,000 base and the calldata included),
// as the SegmentMerkle verify row is measured. bench/gas.ts adds these rows to its table;
// `npx hardhat run bench/accounts-only.ts` prints them alone.
import { id, SigningKey, Wallet, type ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

export interface AccountsRow {
  operation: string;
  jiaozi: bigint;
}

const key = () => SigningKey.computePublicKey(Wallet.createRandom().signingKey.publicKey, true);

export async function accountsRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const rows: AccountsRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const [deployer, timelock, reserve, alice, bob, carol, dave] = await ethers.getSigners();
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: deployer.address, amount: 10n ** 27n }],
    deployer.address,
  ]);
  const registry = await ethers.deployContract("AliasRegistry", [
    token,
    reserve.address,
    timelock.address,
    { baseFee: 10n ** 19n, fullPriceLength: 8, minCommitmentAge: 60, maxCommitmentAge: 86_400 },
  ]);
  for (const user of [alice, bob, carol, dave]) {
    await token.transfer(user.address, 10n ** 24n);
    await token.connect(user).approve(registry, ethers.MaxUint256);
  }
  // The reserve already holds tokens (its balance slot is warm, as on a live chain).
  await token.transfer(reserve.address, 1n);

  rows.push({
    operation: "AliasRegistry register (5-byte name, plain)",
    jiaozi: await gasOf(registry.connect(alice).register("alice", key())),
  });
  rows.push({
    operation: "AliasRegistry register (32-byte name, plain)",
    jiaozi: await gasOf(registry.connect(bob).register("b".repeat(32), key())),
  });
  const carolKey = key();
  const secret = id("bench");
  const commitment = await registry.makeCommitment("carol", carol.address, carolKey, secret);
  rows.push({ operation: "AliasRegistry commit", jiaozi: await gasOf(registry.connect(carol).commit(commitment)) });
  await helpers.time.increase(60);
  rows.push({
    operation: "AliasRegistry reveal (5-byte name, after commit)",
    jiaozi: await gasOf(registry.connect(carol).reveal("carol", carolKey, secret)),
  });
  // A name registered by reveal can be offered at once (a plain one once its contest window ended).
  await registry.connect(carol).transfer("carol", dave.address);
  rows.push({
    operation: "AliasRegistry acceptTransfer",
    jiaozi: await gasOf(registry.connect(dave).acceptTransfer("carol")),
  });
  rows.push({
    operation: "AliasRegistry resolve (view, 5-byte name), estimateGas of a call",
    jiaozi: await ethers.provider.estimateGas({
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("resolve", ["alice"]),
    }),
  });
  rows.push({
    operation: "AliasRegistry setPublicKey (curve check through modexp)",
    jiaozi: await gasOf(registry.connect(dave).setPublicKey(key())),
  });
  // A bond back from a commitment whose name was taken (a reveal first), and an expired one's
  // bond forfeited to the reserve.
  const lostKey = key();
  const lost = await registry.makeCommitment("carol", bob.address, lostKey, secret);
  await registry.connect(bob).commit(lost);
  rows.push({
    operation: "AliasRegistry withdrawCommitment (name taken beyond its reach)",
    jiaozi: await gasOf(registry.connect(bob).withdrawCommitment("carol", lostKey, secret)),
  });
  const stale = await registry.makeCommitment("stale", bob.address, lostKey, secret);
  await registry.connect(bob).commit(stale);
  await helpers.time.increase(86_401);
  rows.push({
    operation: "AliasRegistry forfeitCommitment (expired)",
    jiaozi: await gasOf(registry.connect(carol).forfeitCommitment(stale)),
  });
  return rows;
}
