// The Ignition submodules of the suite, one per module of the manifest (lib/manifest.ts), built
// once per profile so that each is used (`m.useModule`) under one id by Genesis, by every module
// that builds on it and by the test fixtures. A module with a submodule of its own (Base, Keeper,
// Randomness, StorageMarket, StakingPools, Insurance, Governance, Tokenization, Accounts, Wallets) wires its contracts by hand; any other
// module of the manifest is deployed from its entries' `constructorArgs`, with its upkeep kinds.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  Future,
  IgnitionModule,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { encodeBytes32String } from "ethers";
import { contractsOf, MANIFEST, modulesOf, type Manifest, type ModuleName } from "../../../lib/manifest.ts";
import type { Profile } from "../../profile.ts";
import { accountsModule } from "./Accounts.ts";
import { baseModule } from "./Base.ts";
import { dataMarketModule } from "./DataMarket.ts";
import { charityModule } from "./Charity.ts";
import { governanceModule } from "./Governance.ts";
import { insuranceModule } from "./Insurance.ts";
import { keeperModule } from "./Keeper.ts";
import { randomnessModule } from "./Randomness.ts";
import { stakingPoolsModule } from "./StakingPools.ts";
import { storageMarketModule } from "./StorageMarket.ts";
import { tokenizationModule } from "./Tokenization.ts";
import { walletsModule } from "./Wallets.ts";
import { procurementModule } from "./Procurement.ts";

export type Contracts = Record<string, CallableContractFuture<string>>;
export type SuiteModule = IgnitionModule<string, string, Contracts>;

/** What a module's builder gets: the profile, the manifest and the other modules of the suite. */
export interface SuiteContext {
  profile: Profile;
  genesisTime: bigint;
  manifest: Manifest;
  /** The submodule of `module` (built on first use). */
  module(module: ModuleName): SuiteModule;
  /** The future of a deployed contract of the manifest, from the submodule that deploys it. */
  contract(m: IgnitionModuleBuilder, name: string): CallableContractFuture<string>;
}

type Builder = (context: SuiteContext) => SuiteModule;
const BUILDERS: Record<string, Builder> = {
  base: baseModule,
  keeper: keeperModule,
  randomness: randomnessModule,
  "storage-market": storageMarketModule,
  "staking-pools": stakingPoolsModule,
  insurance: insuranceModule,
  governance: governanceModule,
  tokenization: tokenizationModule,
  accounts: accountsModule,
  wallets: walletsModule,
  "data-market": dataMarketModule,
  procurement: procurementModule,
  charity: charityModule,
};

/** The Ignition id of a module: "storage-market" → "StorageMarket". */
export function moduleId(module: ModuleName): string {
  return module.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

/** Every submodule of the suite for `profile`, by module name. */
export function suiteModules(profile: Profile, genesisTime: bigint, manifest: Manifest = MANIFEST) {
  const built = new Map<ModuleName, SuiteModule>();
  const context: SuiteContext = {
    profile,
    genesisTime,
    manifest,
    module(module) {
      let result = built.get(module);
      if (result === undefined) {
        result = (BUILDERS[module] ?? genericModule(module))(context);
        const missing = contractsOf(module, manifest).filter(
          (name) => manifest[name].clone === undefined && !(name in result!.results),
        );
        if (missing.length > 0)
          throw new Error(`Ignition module ${moduleId(module)} does not deploy ${missing.join(", ")}`);
        built.set(module, result);
      }
      return result;
    },
    contract(m, name) {
      const entry = manifest[name];
      if (entry === undefined || entry.clone !== undefined)
        throw new Error(`${name} is no deployed contract of the manifest`);
      return m.useModule(context.module(entry.module))[name];
    },
  };
  return Object.fromEntries(modulesOf(manifest).map((module) => [module, context.module(module)])) as Record<
    ModuleName,
    SuiteModule
  >;
}

/** Registers with KeeperRewards every upkeep kind the manifest gives `contracts`, at the profile's bounty. */
export function registerKinds(m: IgnitionModuleBuilder, context: SuiteContext, contracts: Contracts): Future[] {
  const rewards = context.contract(m, "KeeperRewards");
  return Object.entries(contracts).flatMap(([name, future]) =>
    (context.manifest[name]?.upkeep ?? []).map(({ kind }) =>
      m.call(rewards, "registerKind", [encodeBytes32String(kind), future, context.profile.keeperRewards.bounty], {
        id: `Rewards_registerKind_${kind.replace(".", "_")}`,
      }),
    ),
  );
}

/** A module without a hand-written submodule: its contracts from their manifest entries. */
function genericModule(module: ModuleName): Builder {
  return (context) =>
    buildModule(moduleId(module), (m) => {
      const contracts: Contracts = {};
      for (const name of contractsOf(module, context.manifest)) {
        const entry = context.manifest[name];
        if (entry.clone !== undefined) continue;
        const args = (entry.constructorArgs ?? []).map((arg) =>
          typeof arg === "object" ? (contracts[arg.contract] ?? context.contract(m, arg.contract)) : arg,
        );
        contracts[name] = m.contract(entry.contract ?? name, args, { id: name });
      }
      registerKinds(m, context, contracts);
      return contracts;
    });
}

/** One Ignition module returning every contract of `modules` (for a part of the suite, as test fixtures deploy it). */
export function composeModules(id: string, modules: readonly SuiteModule[]) {
  return buildModule(id, (m) => Object.assign({}, ...modules.map((module) => m.useModule(module))) as Contracts);
}
