// Hardhat Ignition module for genesis (DESIGN §3, §11), composed of one submodule per module of
// the manifest (deploy/ignition/modules/: Base, Keeper, Randomness, StorageMarket, StakingPools,
// Governance, Tokenization, and any module deployed from its manifest entries). Genesis then pays the
// escrowed shares to their module contracts and into the VestingVault with the profile's
// schedules, and hands every role to the Timelock. The deployer ends with no tokens and no role.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { encodeBytes32String, ZeroHash } from "ethers";
import { deployedNames, MANIFEST, modulesOf, type Manifest } from "../../lib/manifest.ts";
import type { Profile, VestingGrant } from "../profile.ts";
import { TIMELOCK_ROLES } from "./modules/Governance.ts";
import { suiteModules, type Contracts } from "./modules/suite.ts";
import { SCHEDULE_MANAGER_ROLE } from "./modules/Tokenization.ts";

export { SNAPSHOT_ROLE, TIMELOCK_ROLES } from "./modules/Governance.ts";
export { SCHEDULE_MANAGER_ROLE } from "./modules/Tokenization.ts";
export const DEFAULT_ADMIN_ROLE = ZeroHash;

/** KeeperRewards kinds genesis registers (the manifest's), by contract and short name: UPKEEP_KINDS.Referendum.close. */
export const UPKEEP_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  Object.entries(MANIFEST as Manifest)
    .filter(([, entry]) => entry.upkeep.length > 0)
    .map(([name, entry]) => [
      name,
      Object.fromEntries(entry.upkeep.map(({ kind }) => [kind.split(".")[1], encodeBytes32String(kind)])),
    ]),
);

/** The genesis module of `profile`; vesting starts are offsets from `genesisTime`. */
export function genesisModule(profile: Profile, genesisTime: bigint, manifest: Manifest = MANIFEST) {
  const modules = suiteModules(profile, genesisTime, manifest);
  return buildModule("Genesis", (m) => {
    const deployer = m.getAccount(0);
    const all: Contracts = Object.assign({}, ...modulesOf(manifest).map((module) => m.useModule(modules[module])));
    const contracts: Contracts = Object.fromEntries(deployedNames(manifest).map((name) => [name, all[name]]));
    const { Timelock: timelock, GenesisEscrow: escrow, VestingVault: vault } = contracts;

    // Shares of module contracts, then the vesting shares and their schedules, once every module is wired.
    let previous: Future[] = [...Object.values(modules)].flatMap((module) => [...module.futures]);
    for (const allocation of profile.allocations) {
      if (allocation.target.kind !== "module" || contracts[allocation.target.module] === undefined) continue;
      const holder = contracts[allocation.target.module];
      previous = [
        m.call(escrow, "release", [encodeBytes32String(allocation.share), holder], {
          id: `Escrow_release_${allocation.share}`,
          after: previous,
        }),
      ];
      const onShare = manifest[allocation.target.module].onShare;
      if (onShare !== undefined) {
        previous = [m.call(holder, onShare, [], { id: `${allocation.target.module}_${onShare}`, after: previous })];
      }
    }
    for (const allocation of profile.allocations) {
      if (allocation.target.kind !== "vesting") continue;
      const release = m.call(escrow, "release", [encodeBytes32String(allocation.share), vault], {
        id: `Escrow_release_${allocation.share}`,
        after: previous,
      });
      previous = [release];
      allocation.target.grants.forEach((grant, i) => {
        const create = m.call(
          vault,
          "createSchedule",
          [grant.beneficiary, terms(grant, genesisTime), grant.revocable],
          {
            id: `Vault_schedule_${allocation.share}_${i}`,
            after: previous,
          },
        );
        previous = [create];
      });
    }

    // Hand-over: the Timelock gets every role (the admin of each `roles` contract of the manifest,
    // the vault's schedule manager, the escrow's authority); the deployer renounces its own last.
    const admins = Object.keys(contracts).filter((name) => manifest[name].governed === "roles");
    const handOver = [
      ...admins.map((name) =>
        m.call(contracts[name], "grantRole", [DEFAULT_ADMIN_ROLE, timelock], {
          id: `${name}_grantAdmin_timelock`,
          after: previous,
        }),
      ),
      m.call(vault, "grantRole", [SCHEDULE_MANAGER_ROLE, timelock], {
        id: "Vault_grantManager_timelock",
        after: previous,
      }),
      ...Object.keys(contracts)
        .filter((name) => manifest[name].governed === "authority")
        .map((name) =>
          m.call(contracts[name], "transferAuthority", [timelock], {
            id: `${name}_transferAuthority`,
            after: previous,
          }),
        ),
    ];
    const renounce = [
      m.call(vault, "renounceRole", [SCHEDULE_MANAGER_ROLE, deployer], {
        id: "Vault_renounceManager",
        after: handOver,
      }),
      ...admins.map((name) =>
        m.call(contracts[name], "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
          id: `${name}_renounceAdmin`,
          after: handOver,
        }),
      ),
    ];
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.admin, deployer], {
      id: "Timelock_renounceAdmin",
      after: renounce,
    });

    return contracts;
  });
}

function terms(grant: VestingGrant, genesisTime: bigint) {
  return {
    total: grant.amount,
    start: genesisTime + grant.startOffset,
    cliff: grant.cliff,
    trancheInterval: grant.trancheInterval,
    trancheCount: grant.trancheCount,
    unlockedAtStartBps: grant.unlockedAtStartBps,
  };
}
