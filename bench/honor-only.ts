// `npx hardhat run bench/honor-only.ts`: the HonorPool's gas rows alone (bench/gas.ts runs them with
// every other module's, through bench/staking.ts).
import { network } from "hardhat";
import { honorRows } from "./staking.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await honorRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
