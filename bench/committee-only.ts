// `npx hardhat run bench/committee-only.ts`: the Committee's gas rows alone (bench/gas.ts runs
// them with every other module's).
import { network } from "hardhat";
import { committeeRows } from "./committee.ts";

const { ethers, networkHelpers } = await network.create();
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of await committeeRows(ethers, networkHelpers)) console.log(`| ${r.operation} | ${r.jiaozi} |`);
