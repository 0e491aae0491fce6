// An AliasRegistry on a fresh BaseToken, with four funded users who approved it (AliasRegistry
// unit tests and the audits of issue 17).
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { MaxUint256 } from "ethers";

export interface AliasParameters {
  baseFee: bigint;
  fullPriceLength: bigint;
  minCommitmentAge: bigint;
  maxCommitmentAge: bigint;
}

export async function deployAliasRegistry(ethers: HardhatEthers, parameters: AliasParameters) {
  const [deployer, timelock, reserve, alice, bob, carol, mallory] = await ethers.getSigners();
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: deployer.address, amount: 10n ** 27n }],
    deployer.address,
  ]);
  const registry = await ethers.deployContract("AliasRegistry", [token, reserve.address, timelock.address, parameters]);
  for (const user of [alice, bob, carol, mallory]) {
    await token.transfer(user.address, 10n ** 24n);
    await token.connect(user).approve(registry, MaxUint256);
  }
  return { token, registry, deployer, timelock, reserve, alice, bob, carol, mallory };
}
