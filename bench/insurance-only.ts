// `npx hardhat run bench/insurance-only.ts`: the insurance gas rows alone (bench/gas.ts runs them
// with every other module's).
import { network } from "hardhat";
import { insuranceRows } from "./insurance.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await insuranceRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas | reference gas | reference |\n|---|---:|---:|---|");
for (const r of rows)
  console.log(`| ${r.operation} | ${r.jiaozi} | ${r.openZeppelin ?? "n/a"} | ${r.reference ?? ""} |`);
