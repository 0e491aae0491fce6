// `npx hardhat run bench/wallet-only.ts`: the recoverable wallets' gas rows alone (bench/gas.ts runs
// them with every other module's).
import { network } from "hardhat";
import { walletRows } from "./wallet.ts";

const { ethers, networkHelpers } = await network.create();
const rows = await walletRows(ethers, networkHelpers);
console.log("| operation | Jiaozi gas |\n|---|---:|");
for (const r of rows) console.log(`| ${r.operation} | ${r.jiaozi} |`);
