// Deploys the genesis suite of a profile through Ignition and reports where every contract is.
import { rmSync } from "node:fs";
import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import { MANIFEST, type Manifest } from "../lib/manifest.ts";
import { genesisModule } from "./ignition/Genesis.ts";
import { assertDeployerHoldsNothing, type Profile } from "./profile.ts";
import type { Deployments, DeployedContract } from "./deployments.ts";

/** Chains whose state is thrown away between runs: their Ignition journal is never resumed. */
const DEV_CHAIN_IDS = new Set([31337]);

export interface GenesisResult {
  deployments: Deployments;
  genesisTime: bigint;
}

export async function deployGenesis(
  connection: NetworkConnection,
  profile: Profile,
  { ignitionDir = "ignition", manifest = MANIFEST }: { ignitionDir?: string; manifest?: Manifest } = {},
): Promise<GenesisResult> {
  const { ethers, ignition } = connection;
  const [deployer] = await ethers.getSigners();
  assertDeployerHoldsNothing(profile, deployer.address);

  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const before = await ethers.provider.getBlock("latest");
  if (before === null) throw new Error("the node returned no latest block");
  const genesisTime = BigInt(before.timestamp);

  const deploymentId = `genesis-${profile.name}-${chainId}`;
  if (connection.networkConfig.type === "http" && DEV_CHAIN_IDS.has(chainId)) {
    // A dev node restarted from scratch must not be reconciled with the last run's journal.
    rmSync(path.join(ignitionDir, "deployments", deploymentId), { recursive: true, force: true });
  }
  // A dev chain with interval mining (anvil in `npm start`) does not reorganize by itself: one
  // confirmation is enough there. Public chains keep Ignition's default of five.
  const config = DEV_CHAIN_IDS.has(chainId) ? { requiredConfirmations: 1 } : {};
  const deployed = await ignition.deploy(genesisModule(profile, genesisTime, manifest), { deploymentId, config });
  const after = await ethers.provider.getBlockNumber();

  const contracts: Record<string, DeployedContract> = {};
  for (const [name, contract] of Object.entries(deployed)) {
    const address = await contract.getAddress();
    contracts[name] = { address, startBlock: await firstBlockWithCode(connection, address, before.number + 1, after) };
  }
  return { deployments: { chainId, profile: profile.name, contracts }, genesisTime };
}

/** The block in which `address` got its code, searched in [low, high]. */
async function firstBlockWithCode(
  connection: NetworkConnection,
  address: string,
  low: number,
  high: number,
): Promise<number> {
  const provider = connection.ethers.provider;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const code = await provider.getCode(address, middle);
    if (code === "0x") low = middle + 1;
    else high = middle;
  }
  return low;
}
