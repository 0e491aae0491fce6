// `npx hardhat run bench/oracle-only.ts`: the IndexOracle's gas rows alone (bench/gas.ts runs them
// with every other module's).
import { network } from "hardhat";
import { oracleRows } from "./oracle.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await oracleRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
