// The Jiaozi indexer (DESIGN §10). Addresses and start blocks come from the deployments file
// written by `npm run deploy` (JIAOZI_DEPLOYMENTS, default ../deployments/<JIAOZI_CHAIN_ID or
// 31337>.json); the RPC URL from PONDER_RPC_URL or JIAOZI_RPC_URL. PGlite by default,
// PostgreSQL when DATABASE_URL is set (Ponder's own rule).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConfig, factory, type Factory } from "ponder";
import { getAbiItem, type AbiEvent } from "viem";
import { BancorMarketAbi } from "../abis/BancorMarket.ts";
import { BaseTokenAbi } from "../abis/BaseToken.ts";
import { CollectionAbi } from "../abis/Collection.ts";
import { CollectionFactoryAbi } from "../abis/CollectionFactory.ts";
import { CouncilAbi } from "../abis/Council.ts";
import { CouncilReserveAbi } from "../abis/CouncilReserve.ts";
import { DutchAuctionAbi } from "../abis/DutchAuction.ts";
import { GenesisEscrowAbi } from "../abis/GenesisEscrow.ts";
import { IssuedTokenAbi } from "../abis/IssuedToken.ts";
import { KeeperRewardsAbi } from "../abis/KeeperRewards.ts";
import { LandlordRegistryAbi } from "../abis/LandlordRegistry.ts";
import { ReferendumAbi } from "../abis/Referendum.ts";
import { StorageMarketAbi } from "../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../abis/StorageProofs.ts";
import { TokenizationFactoryAbi } from "../abis/TokenizationFactory.ts";
import { VestingVaultAbi } from "../abis/VestingVault.ts";
import { readDeploymentsFile, requireContracts } from "../lib/deployments.ts";

const INDEXED = [
  "GenesisEscrow",
  "BaseToken",
  "VestingVault",
  "KeeperRewards",
  "LandlordRegistry",
  "StorageMarket",
  "StorageProofs",
  "Council",
  "Referendum",
  "CouncilReserve",
  "TokenizationFactory",
  "CollectionFactory",
  "DutchAuction",
] as const;

// vite-node, which loads this file, sets import.meta.url but not import.meta.dirname.
const here = path.dirname(fileURLToPath(import.meta.url));
const deploymentsFile =
  process.env.JIAOZI_DEPLOYMENTS ??
  path.join(here, "..", "deployments", `${process.env.JIAOZI_CHAIN_ID ?? "31337"}.json`);
const deployments = readDeploymentsFile(deploymentsFile);
requireContracts(deployments, INDEXED, deploymentsFile);

function deployed(name: (typeof INDEXED)[number]) {
  const { address, startBlock } = deployments.contracts[name]!;
  return { chain: "jiaozi" as const, address, startBlock };
}

/** The clones a factory made: their address is a parameter of the factory's creation event. */
function cloned<event extends AbiEvent>(
  creator: "TokenizationFactory" | "CollectionFactory",
  event: event,
  parameter: NonNullable<Factory<event>["parameter"]>,
) {
  const { address, startBlock } = deployed(creator);
  return { chain: "jiaozi" as const, address: factory<event>({ address, event, parameter }), startBlock };
}
const tokenLaunched = getAbiItem({ abi: TokenizationFactoryAbi, name: "TokenLaunched" });
const collectionCreated = getAbiItem({ abi: CollectionFactoryAbi, name: "CollectionCreated" });

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
  contracts: {
    GenesisEscrow: { abi: GenesisEscrowAbi, ...deployed("GenesisEscrow") },
    BaseToken: { abi: BaseTokenAbi, ...deployed("BaseToken") },
    VestingVault: { abi: VestingVaultAbi, ...deployed("VestingVault") },
    KeeperRewards: { abi: KeeperRewardsAbi, ...deployed("KeeperRewards") },
    LandlordRegistry: { abi: LandlordRegistryAbi, ...deployed("LandlordRegistry") },
    StorageMarket: { abi: StorageMarketAbi, ...deployed("StorageMarket") },
    StorageProofs: { abi: StorageProofsAbi, ...deployed("StorageProofs") },
    Council: { abi: CouncilAbi, ...deployed("Council") },
    Referendum: { abi: ReferendumAbi, ...deployed("Referendum") },
    CouncilReserve: { abi: CouncilReserveAbi, ...deployed("CouncilReserve") },
    TokenizationFactory: { abi: TokenizationFactoryAbi, ...deployed("TokenizationFactory") },
    IssuedToken: { abi: IssuedTokenAbi, ...cloned("TokenizationFactory", tokenLaunched, "token") },
    BancorMarket: { abi: BancorMarketAbi, ...cloned("TokenizationFactory", tokenLaunched, "market") },
    CollectionFactory: { abi: CollectionFactoryAbi, ...deployed("CollectionFactory") },
    Collection: { abi: CollectionAbi, ...cloned("CollectionFactory", collectionCreated, "collection") },
    DutchAuction: { abi: DutchAuctionAbi, ...deployed("DutchAuction") },
  },
});
