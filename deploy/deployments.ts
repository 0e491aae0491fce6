// deployments/<chainId>.json: where keepers and the indexer find every contract (DESIGN §11).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEPLOYMENTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "deployments");

export interface DeployedContract {
  address: string;
  startBlock: number;
}

export interface Deployments {
  chainId: number;
  profile: string;
  contracts: Record<string, DeployedContract>;
}

export function deploymentsFile(chainId: number, dir = DEPLOYMENTS_DIR): string {
  return path.join(dir, `${chainId}.json`);
}

export function readDeployments(chainId: number, dir = DEPLOYMENTS_DIR): Deployments | undefined {
  const file = deploymentsFile(chainId, dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Deployments) : undefined;
}

/**
 * Writes the deployments file. Genesis starts a new suite (`replace`); a later module adds its
 * contracts under their DESIGN names to the file of the same chain and profile.
 */
export function writeDeployments(
  deployments: Deployments,
  { replace, dir = DEPLOYMENTS_DIR }: { replace: boolean; dir?: string },
): string {
  const existing = replace ? undefined : readDeployments(deployments.chainId, dir);
  if (existing !== undefined && existing.profile !== deployments.profile) {
    throw new Error(
      `deployments/${deployments.chainId}.json holds profile "${existing.profile}", not "${deployments.profile}"`,
    );
  }
  const merged: Deployments = {
    chainId: deployments.chainId,
    profile: deployments.profile,
    contracts: { ...existing?.contracts, ...deployments.contracts },
  };
  mkdirSync(dir, { recursive: true });
  const file = deploymentsFile(deployments.chainId, dir);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return file;
}
