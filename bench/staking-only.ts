// `npx hardhat run bench/staking-only.ts`: the staking pools' gas rows alone (bench/gas.ts runs them
// with every other module's).
import { network } from "hardhat";
import { stakingRows } from "./staking.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const rows = await stakingRows(ethers, networkHelpers, ignition);
console.log("| operation | Jiaozi gas | reference gas | reference |\n|---|---:|---:|---|");
for (const r of rows)
  console.log(`| ${r.operation} | ${r.jiaozi} | ${r.openZeppelin ?? "n/a"} | ${r.reference ?? ""} |`);
