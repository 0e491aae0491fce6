// The Jiaozi indexer (DESIGN §10). Addresses and start blocks come from the deployments file
// written by `npm run deploy` (JIAOZI_DEPLOYMENTS, default ../deployments/<JIAOZI_CHAIN_ID or
// 31337>.json); the RPC URL from PONDER_RPC_URL or JIAOZI_RPC_URL. PGlite by default,
// PostgreSQL when DATABASE_URL is set (Ponder's own rule).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConfig } from "ponder";
import type { Abi, Address } from "viem";
import { ABIS } from "../abis/index.ts";
import { readDeploymentsFile, requireContracts } from "../lib/deployments.ts";
import { MANIFEST, type IndexedName } from "../lib/manifest.ts";
import { indexedDeployed, ponderContracts } from "./contracts.ts";

// vite-node, which loads this file, sets import.meta.url but not import.meta.dirname.
const here = path.dirname(fileURLToPath(import.meta.url));
const deploymentsFile =
  process.env.JIAOZI_DEPLOYMENTS ??
  path.join(here, "..", "deployments", `${process.env.JIAOZI_CHAIN_ID ?? "31337"}.json`);
const deployments = readDeploymentsFile(deploymentsFile);
requireContracts(deployments, indexedDeployed(MANIFEST), deploymentsFile);

/** Every indexed contract of the manifest: its ABI and where it is (typed by name for the handlers). */
const contracts = ponderContracts(deployments, MANIFEST, ABIS as unknown as Record<string, Abi>) as unknown as {
  [K in IndexedName]: { abi: (typeof ABIS)[K]; chain: "jiaozi"; address: Address; startBlock: number };
};

const isDevChain = deployments.chainId === 31337 || deployments.chainId === 1337;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PONDER_PGLITE_DIR ?? path.join(here, ".ponder", "pglite") },
  chains: {
    jiaozi: {
      id: deployments.chainId,
      rpc: process.env.PONDER_RPC_URL ?? process.env.JIAOZI_RPC_URL ?? "http://127.0.0.1:8545",
      // A dev chain is restarted from scratch under the same id: its RPC responses must not be cached.
      disableCache: isDevChain,
      pollingInterval: isDevChain ? 250 : 1_000,
    },
  },
  contracts,
});
