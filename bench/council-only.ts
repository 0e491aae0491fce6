// The council chair rows alone: npx hardhat run bench/council-only.ts
import { network } from "hardhat";
import { councilChairRows } from "./council.ts";
const { ethers, networkHelpers, ignition } = await network.create();
for (const row of await councilChairRows(ethers, networkHelpers, ignition)) console.log(row.operation, row.jiaozi);
