// The module manifest (DESIGN §11): every contract of the suite, declared once. Deployment
// (deploy/ignition), the ABI export (scripts/export-abis.ts), the indexer's config
// (subgraph/ponder.config.ts), the keepers' contract catalog (keepers/src) and the Referendum's
// ordinary list read it; adding a module means adding its entries here (DEVELOPERS.md, "Adding a
// module"). No imports: the keepers, the indexer and Hardhat all load this file as it is.

/**
 * The suite's modules, one Ignition submodule each (deploy/ignition/modules/): `base` is what
 * every module builds on (the Timelock, the GenesisEscrow and the BaseToken it mints into).
 */
export type ModuleName = string;

/**
 * How governance changes a contract once genesis has handed it over:
 * - `timelock`: the contract is `Governed`; its rules change through Timelock-only setters;
 * - `roles`: an AccessControl contract whose DEFAULT_ADMIN_ROLE genesis hands to the Timelock;
 * - `authority`: the GenesisEscrow, whose authority genesis hands to the Timelock;
 * - `none`: nothing about it changes after deployment.
 */
export type Governed = "timelock" | "roles" | "authority" | "none";

/** A KeeperRewards kind a contract reports: the bytes32 string and the constant that holds it. */
export interface UpkeepKind {
  /** "StorageMarket.assign", as the contract's constant spells it (encodeBytes32String of it). */
  readonly kind: string;
  /** The public constant of the contract that holds it, "ASSIGN_KIND". */
  readonly constant: string;
}

/** A contract the indexer follows at every address a factory event names, not at one address. */
export interface Clone {
  readonly factory: string;
  readonly event: string;
  /** The event parameter holding the clone's address. */
  readonly parameter: string;
}

export interface ContractEntry {
  /** Source file of the artifact (under contracts/, or an npm path for an unmodified library contract). */
  readonly artifact: string;
  /** The contract's name in the artifact, when it is not the entry's name (the Timelock). */
  readonly contract?: string;
  readonly module: ModuleName;
  /** Deployed once under this name (an entry of deployments/<chainId>.json), or cloned by a factory. */
  readonly clone?: Clone;
  /** The indexer follows its events. */
  readonly indexed: boolean;
  readonly governed: Governed;
  /** KeeperRewards kinds genesis registers for it (bounty from the profile). */
  readonly upkeep: readonly UpkeepKind[];
  /** Functions (signatures) an ordinary proposal may call on it; any other call is constitutional. */
  readonly ordinary: readonly string[];
  /**
   * Exported to abis/ for keepers and indexer: `true` under its own name, or the name of the
   * interface they talk to instead (so that another implementation can replace it), or false.
   */
  readonly abi: boolean | { readonly name: string; readonly artifact: string };
  /** Receives a genesis share (an allocation whose target is `{ "module": name }`). */
  readonly genesisShare?: boolean;
  /**
   * A function (no arguments) genesis calls once the share is released to it, for a contract whose
   * accounting is internal and counts only what it was told of (the RewardsReserve).
   */
  readonly onShare?: string;
  /**
   * For a module without an Ignition submodule of its own: the constructor arguments, each the
   * name of a contract deployed before it (`{ contract }`) or a literal. Genesis deploys it with
   * them and registers its upkeep kinds (deploy/ignition/modules/index.ts).
   */
  readonly constructorArgs?: readonly ({ readonly contract: string } | string | number | boolean)[];
}

/** A manifest: the suite's, or (in tests) the suite's with more entries. */
export type Manifest = Readonly<Record<string, ContractEntry>>;

const kinds = (contract: string, entries: Record<string, string>): readonly UpkeepKind[] =>
  Object.entries(entries).map(([constant, name]) => ({ kind: `${contract}.${name}`, constant }));

/** A tokenization contract the indexer follows at every address a factory's creation event names. */
const tokenizationClone = (name: string, clone: Clone) =>
  ({
    artifact: `contracts/tokenization/${name}.sol`,
    module: "tokenization",
    clone,
    indexed: true,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  }) as const;

/** Every contract of the suite, in deployment order (the order of deployments/<chainId>.json). */
export const MANIFEST = {
  Timelock: {
    artifact: "@openzeppelin/contracts/governance/TimelockController.sol",
    contract: "TimelockController",
    module: "base",
    indexed: false,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: false,
  },
  GenesisEscrow: {
    artifact: "contracts/genesis/GenesisEscrow.sol",
    module: "base",
    indexed: true,
    governed: "authority",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  BaseToken: {
    artifact: "contracts/tokenization/BaseToken.sol",
    module: "base",
    indexed: true,
    governed: "roles",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  KeeperRewards: {
    artifact: "contracts/keeper/KeeperRewards.sol",
    module: "keeper",
    indexed: true,
    governed: "roles",
    upkeep: [],
    ordinary: [],
    abi: true,
    genesisShare: true,
  },
  VestingVault: {
    artifact: "contracts/tokenization/VestingVault.sol",
    module: "tokenization",
    indexed: true,
    governed: "roles",
    upkeep: kinds("VestingVault", { RELEASE_KIND: "release" }),
    ordinary: [],
    abi: true,
  },
  BlockRandomness: {
    artifact: "contracts/randomness/BlockRandomness.sol",
    module: "randomness",
    indexed: false,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: { name: "IRandomness", artifact: "contracts/interfaces/IRandomness.sol" },
  },
  LandlordRegistry: {
    artifact: "contracts/storage-market/LandlordRegistry.sol",
    module: "storage-market",
    indexed: true,
    governed: "none",
    upkeep: kinds("LandlordRegistry", { REASSIGN_KIND: "reassign" }),
    ordinary: [],
    abi: true,
  },
  StorageMarket: {
    artifact: "contracts/storage-market/StorageMarket.sol",
    module: "storage-market",
    indexed: true,
    governed: "none",
    upkeep: kinds("StorageMarket", { DRIP_KIND: "drip", RECLAIM_KIND: "reclaim", ASSIGN_KIND: "assign" }),
    ordinary: [],
    abi: true,
    genesisShare: true,
  },
  StorageProofs: {
    artifact: "contracts/storage-market/StorageProofs.sol",
    module: "storage-market",
    indexed: true,
    governed: "none",
    upkeep: kinds("StorageProofs", { OPEN_KIND: "openEpoch", RESEED_KIND: "reseed", SETTLE_KIND: "settleEpoch" }),
    ordinary: [],
    abi: true,
  },
  StorageLens: {
    artifact: "contracts/storage-market/StorageLens.sol",
    module: "storage-market",
    indexed: false,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  RewardsReserve: {
    artifact: "contracts/staking-pools/RewardsReserve.sol",
    module: "staking-pools",
    indexed: true,
    governed: "timelock",
    upkeep: [],
    ordinary: [],
    abi: true,
    genesisShare: true,
    onShare: "absorbGenesis",
  },
  EconomicPool: {
    artifact: "contracts/staking-pools/EconomicPool.sol",
    module: "staking-pools",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("EconomicPool", { SETTLE_KIND: "settle", DISTRIBUTE_KIND: "distribute" }),
    ordinary: [],
    abi: true,
  },
  HonorPool: {
    artifact: "contracts/staking-pools/HonorPool.sol",
    module: "staking-pools",
    indexed: true,
    governed: "timelock",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  Reputation: {
    artifact: "contracts/staking-pools/Reputation.sol",
    module: "staking-pools",
    indexed: false,
    governed: "timelock",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  Committee: {
    artifact: "contracts/staking-pools/Committee.sol",
    module: "staking-pools",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("Committee", { CLOSE_KIND: "closeCandidacy", DRAW_KIND: "draw", SETTLE_KIND: "settleTerm" }),
    ordinary: [],
    abi: true,
  },
  IndexOracle: {
    artifact: "contracts/insurance/IndexOracle.sol",
    module: "insurance",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("IndexOracle", { FINALIZE_KIND: "finalize", VOID_KIND: "voidRound" }),
    ordinary: [],
    abi: true,
  },
  InsuranceMarket: {
    artifact: "contracts/insurance/InsuranceMarket.sol",
    module: "insurance",
    indexed: true,
    governed: "none",
    upkeep: kinds("InsuranceMarket", { SETTLE_KIND: "settle" }),
    ordinary: [],
    abi: true,
  },
  VotingPower: {
    artifact: "contracts/governance/VotingPower.sol",
    module: "governance",
    indexed: false,
    governed: "timelock",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  Council: {
    artifact: "contracts/governance/Council.sol",
    module: "governance",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("Council", { OPEN_KIND: "openElection", FINALIZE_KIND: "finalizeElection" }),
    // Restoration on appeal is ordinary, like removal by referendum (DESIGN §13).
    ordinary: ["removeMember(address)", "restoreMember(address,uint256)"],
    abi: true,
  },
  CouncilReserve: {
    artifact: "contracts/governance/CouncilReserve.sol",
    module: "governance",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("CouncilReserve", {
      PAY_KIND: "payCouncil",
      DISTRIBUTE_KIND: "distribute",
      SWEEP_KIND: "sweep",
      RELEASE_KIND: "releaseWithheld",
    }),
    ordinary: ["approveBudget(uint256)", "grantLiquidity(address,uint256,bytes32)"],
    abi: true,
    genesisShare: true,
  },
  Referendum: {
    artifact: "contracts/governance/Referendum.sol",
    module: "governance",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("Referendum", {
      LAPSE_KIND: "lapse",
      MISSED_RESPONSE_KIND: "missedResponse",
      BLOC_KIND: "castBlocVote",
      CLOSE_KIND: "close",
      QUEUE_KIND: "queue",
      EXECUTE_KIND: "execute",
      EXPIRE_KIND: "expire",
    }),
    ordinary: [],
    abi: true,
  },
  CouncilChair: {
    artifact: "contracts/governance/CouncilChair.sol",
    module: "governance",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("CouncilChair", { CLOSE_KIND: "closeRound", MISSED_REPORT_KIND: "missedReport" }),
    ordinary: [],
    abi: true,
  },
  GovernanceLens: {
    artifact: "contracts/governance/GovernanceLens.sol",
    module: "governance",
    indexed: false,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  TokenizationFactory: {
    artifact: "contracts/tokenization/TokenizationFactory.sol",
    module: "tokenization",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("TokenizationFactory", { EVALUATE_KIND: "evaluate" }),
    ordinary: [],
    abi: true,
  },
  CollectionFactory: {
    artifact: "contracts/tokenization/CollectionFactory.sol",
    module: "tokenization",
    indexed: true,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  DutchAuction: {
    artifact: "contracts/tokenization/DutchAuction.sol",
    module: "tokenization",
    indexed: true,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  IssuedToken: tokenizationClone("IssuedToken", {
    factory: "TokenizationFactory",
    event: "TokenLaunched",
    parameter: "token",
  }),
  BancorMarket: tokenizationClone("BancorMarket", {
    factory: "TokenizationFactory",
    event: "TokenLaunched",
    parameter: "market",
  }),
  Collection: tokenizationClone("Collection", {
    factory: "CollectionFactory",
    event: "CollectionCreated",
    parameter: "collection",
  }),
  // Accounts (DESIGN §13). Deployed after the Referendum (it pays the CouncilReserve), so none of
  // its functions can be seeded as ordinary at genesis: setParameters is constitutional.
  AliasRegistry: {
    artifact: "contracts/accounts/AliasRegistry.sol",
    module: "accounts",
    indexed: true,
    governed: "timelock",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  // Recoverable wallets (DESIGN §13): module `wallets` (its own submodule, Wallets.ts; the alias
  // helper's `accounts` module has another). The factory deploys the implementation itself; the
  // indexer follows every clone its WalletCreated names.
  WalletFactory: {
    artifact: "contracts/accounts/WalletFactory.sol",
    module: "wallets",
    indexed: true,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  RecoverableWallet: {
    artifact: "contracts/accounts/RecoverableWallet.sol",
    module: "wallets",
    clone: { factory: "WalletFactory", event: "WalletCreated", parameter: "wallet" },
    indexed: true,
    governed: "none",
    upkeep: [],
    ordinary: [],
    abi: true,
  },
  // Community (DESIGN §13, issue 18): the data market, module `data-market` (its own submodule,
  // DataMarket.ts). Deployed after the Referendum, so setParameters is constitutional.
  DataMarket: {
    artifact: "contracts/community/DataMarket.sol",
    module: "data-market",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("DataMarket", { RELEASE_KIND: "release", REFUND_KIND: "refund" }),
    ordinary: [],
    abi: true,
  },
  // Procurement (DESIGN §13, issue 18): module `procurement` (its own submodule, Procurement.ts).
  ProcurementVote: {
    artifact: "contracts/community/ProcurementVote.sol",
    module: "procurement",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("ProcurementVote", { CLOSE_KIND: "close", EXPIRE_KIND: "expireDelivery" }),
    ordinary: [],
    abi: true,
  },
  // Community (DESIGN §13, issue 18): module `charity` (its own submodule, Charity.ts). Deployed
  // after the Referendum, so setDonationToken cannot be seeded as ordinary: it is constitutional.
  CharityCampaigns: {
    artifact: "contracts/community/CharityCampaigns.sol",
    module: "charity",
    indexed: true,
    governed: "timelock",
    upkeep: kinds("CharityCampaigns", { REFUND_KIND: "refund" }),
    ordinary: [],
    abi: true,
  },
} as const satisfies Record<string, ContractEntry>;

/**
 * Holders of a genesis share whose module is still to be built (DESIGN §3): the share waits in
 * the GenesisEscrow until the deployment that adds the module gives it an entry above.
 */
export const PENDING_SHARE_HOLDERS: readonly string[] = [];

export type ContractName = keyof typeof MANIFEST;
type Entries = typeof MANIFEST;
/** Contracts deployed once under their name (an entry of deployments/<chainId>.json). */
export type DeployedName = { [K in ContractName]: Entries[K] extends { clone: Clone } ? never : K }[ContractName];
/** Contracts the indexer follows. */
export type IndexedName = { [K in ContractName]: Entries[K] extends { indexed: true } ? K : never }[ContractName];
/** Names under which abis/ exports an ABI (a contract's own or the interface it is used through). */
export type AbiName = {
  [K in ContractName]: Entries[K]["abi"] extends true ? K : Entries[K]["abi"] extends { name: infer N } ? N : never;
}[ContractName];

export const CONTRACT_NAMES = Object.keys(MANIFEST) as ContractName[];

export function isContractName(name: string): name is ContractName {
  return Object.hasOwn(MANIFEST, name);
}

/** The contracts of `module`, in manifest order. */
export function contractsOf(module: ModuleName, manifest: Manifest = MANIFEST): string[] {
  return Object.entries(manifest).flatMap(([name, entry]) => (entry.module === module ? [name] : []));
}

/** The modules of `manifest`, in the order their first contract appears. */
export function modulesOf(manifest: Manifest = MANIFEST): ModuleName[] {
  return [...new Set(Object.values(manifest).map((entry) => entry.module))];
}

/** Contracts with an address of their own in deployments/<chainId>.json. */
export function deployedNames(manifest: Manifest = MANIFEST): string[] {
  return Object.entries(manifest).flatMap(([name, entry]) => (entry.clone === undefined ? [name] : []));
}
export const DEPLOYED = deployedNames() as DeployedName[];

/** Contracts the indexer follows, deployed ones and clones. */
export function indexedNames(manifest: Manifest = MANIFEST): string[] {
  return Object.entries(manifest).flatMap(([name, entry]) => (entry.indexed ? [name] : []));
}
export const INDEXED = indexedNames() as IndexedName[];

/** What abis/ exports: name → artifact source and contract name. */
export function exportedAbis(manifest: Manifest = MANIFEST): Record<string, { artifact: string; contract: string }> {
  return Object.fromEntries(
    Object.entries(manifest).flatMap(([name, { abi, artifact }]) => {
      if (abi === false) return [];
      if (abi === true) return [[name, { artifact, contract: name }]];
      return [[abi.name, { artifact: abi.artifact, contract: abi.name }]];
    }),
  );
}

/** Every upkeep kind of `contracts` with the contract that reports it. */
export function upkeepOf(contracts: readonly string[], manifest: Manifest = MANIFEST) {
  return contracts.flatMap((contract) => (manifest[contract]?.upkeep ?? []).map((upkeep) => ({ contract, ...upkeep })));
}

/** The Referendum's ordinary list at genesis: (contract, signature) pairs. */
export function ordinaryCalls(manifest: Manifest = MANIFEST) {
  return Object.entries(manifest).flatMap(([contract, entry]) =>
    entry.ordinary.map((signature) => ({ contract, signature })),
  );
}

/** Contracts a genesis allocation may name as its module (deployed ones and pending ones). */
export const SHARE_HOLDERS: readonly string[] = [
  ...CONTRACT_NAMES.filter((name) => (MANIFEST[name] as ContractEntry).genesisShare === true),
  ...PENDING_SHARE_HOLDERS,
];
