// `npx hardhat run bench/accounts-only.ts`: the AliasRegistry's gas rows alone (bench/gas.ts runs
// them with every other module's).
import { network } from "hardhat";
import { accountsRows } from "./accounts.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await accountsRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
