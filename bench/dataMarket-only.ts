// `npx hardhat run bench/dataMarket-only.ts`: the DataMarket's gas rows alone (bench/gas.ts runs
// them with every other module's).
import { network } from "hardhat";
import { dataMarketRows } from "./dataMarket.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await dataMarketRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
