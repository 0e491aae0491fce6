// Reads deployments/<chainId>.json (DESIGN §11) and checks it names what the jobs need.
import { existsSync, readFileSync } from "node:fs";
import { getAddress, isAddress, type Address } from "viem";
import { ConfigError } from "./validate.ts";

export interface Deployments {
  chainId: number;
  profile: string;
  contracts: Record<string, { address: Address; startBlock: number }>;
}

export function readDeploymentsFile(file: string): Deployments {
  if (!existsSync(file)) throw new ConfigError("--deployments", `deployments file not found: ${file}`);
  let parsed: Deployments;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Deployments;
  } catch (error) {
    throw new ConfigError("--deployments", `${file} is not JSON: ${(error as Error).message}`);
  }
  if (!Number.isSafeInteger(parsed.chainId) || typeof parsed.contracts !== "object" || parsed.contracts === null) {
    throw new ConfigError("--deployments", `${file} lacks chainId or contracts`);
  }
  for (const [name, entry] of Object.entries(parsed.contracts)) {
    if (!isAddress(entry?.address ?? "")) {
      throw new ConfigError("--deployments", `${file}: contracts.${name}.address is not an address`);
    }
    entry.address = getAddress(entry.address);
  }
  return parsed;
}

export function requireContracts(deployments: Deployments, names: readonly string[], file: string): void {
  const missing = names.filter((name) => deployments.contracts[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError("--deployments", `${file} has no ${missing.join(", ")} (needed by the enabled jobs)`);
  }
}
