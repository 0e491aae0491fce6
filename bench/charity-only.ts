// `npx hardhat run bench/charity-only.ts`: CharityCampaigns' gas rows alone (bench/gas.ts runs
// them with every other module's).
import { network } from "hardhat";
import { charityRows } from "./charity.ts";

const { ethers } = await network.create();
const rows = await charityRows(ethers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
