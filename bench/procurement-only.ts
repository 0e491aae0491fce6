// `npx hardhat run bench/procurement-only.ts`: the ProcurementVote's gas rows alone (bench/gas.ts
// runs them with every other module's).
import { network } from "hardhat";
import { procurementRows } from "./procurement.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const rows = await procurementRows(ethers, networkHelpers, ignition);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
