// npm run deploy -- --network localhost          (a local node, its unlocked accounts)
// npm run deploy -- --network live               (JIAOZI_RPC_URL, JIAOZI_CHAIN_ID, JIAOZI_DEPLOYER_KEY)
// Deploys the genesis profile named by JIAOZI_PROFILE (default "local") and writes
// deployments/<chainId>.json (or <JIAOZI_DEPLOYMENTS_DIR>/<chainId>.json). A bad profile, or a node
// whose chain id is not JIAOZI_CHAIN_ID, is rejected before anything is sent. An interrupted
// deployment resumes when the same command runs again (Ignition's journal, deploy/genesis.ts).
// JIAOZI_CONFIRMATIONS: confirmations to wait for per transaction on a non-dev chain (default 5).
import hre from "hardhat";
import { writeDeployments } from "./deployments.ts";
import { deployGenesis } from "./genesis.ts";
import { loadProfile, ProfileError } from "./profile.ts";

const profileName = process.env.JIAOZI_PROFILE ?? "local";

/** A usage error: printed as one line, exit 1, nothing sent. */
class DeployError extends Error {}

function positiveInteger(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new DeployError(`${name} must be a positive integer, got "${value}"`);
  return number;
}

try {
  const profile = loadProfile(profileName);
  const expectedChainId = positiveInteger("JIAOZI_CHAIN_ID");
  const requiredConfirmations = positiveInteger("JIAOZI_CONFIRMATIONS");
  const connection = await hre.network.getOrCreate();
  if (connection.networkName === "live" && expectedChainId === undefined) {
    throw new DeployError("the live network needs JIAOZI_CHAIN_ID: the chain id you mean to deploy to");
  }
  const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  if (expectedChainId !== undefined && chainId !== expectedChainId) {
    throw new DeployError(`JIAOZI_CHAIN_ID is ${expectedChainId} but the node at the RPC URL is chain ${chainId}`);
  }
  const { deployments } = await deployGenesis(connection, profile, {
    ignitionDir: hre.config.paths.ignition,
    requiredConfirmations,
  });
  const file = writeDeployments(deployments, { replace: true, dir: process.env.JIAOZI_DEPLOYMENTS_DIR || undefined });
  console.log(`Deployed profile "${profile.name}" on chain ${deployments.chainId}:`);
  for (const [name, { address, startBlock }] of Object.entries(deployments.contracts)) {
    console.log(`  ${name.padEnd(16)} ${address} (block ${startBlock})`);
  }
  console.log(`Wrote ${file}`);
} catch (error) {
  if (error instanceof ProfileError || error instanceof DeployError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
