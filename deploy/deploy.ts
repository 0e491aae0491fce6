// npm run deploy -- --network localhost
// Deploys the genesis profile named by JIAOZI_PROFILE (default "local") and writes
// deployments/<chainId>.json (or <JIAOZI_DEPLOYMENTS_DIR>/<chainId>.json). A bad profile is
// rejected before anything is sent.
import hre from "hardhat";
import { writeDeployments } from "./deployments.ts";
import { deployGenesis } from "./genesis.ts";
import { loadProfile, ProfileError } from "./profile.ts";

const profileName = process.env.JIAOZI_PROFILE ?? "local";

try {
  const profile = loadProfile(profileName);
  const connection = await hre.network.getOrCreate();
  const { deployments } = await deployGenesis(connection, profile);
  const file = writeDeployments(deployments, { replace: true, dir: process.env.JIAOZI_DEPLOYMENTS_DIR || undefined });
  console.log(`Deployed profile "${profile.name}" on chain ${deployments.chainId}:`);
  for (const [name, { address, startBlock }] of Object.entries(deployments.contracts)) {
    console.log(`  ${name.padEnd(16)} ${address} (block ${startBlock})`);
  }
  console.log(`Wrote ${file}`);
} catch (error) {
  if (error instanceof ProfileError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
