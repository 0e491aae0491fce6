// Hardhat Ignition module for genesis (DESIGN §3, §11): the Timelock, the GenesisEscrow, the
// BaseToken minting the whole supply in one transaction, KeeperRewards funded with its escrowed
// share, the VestingVault with the profile's schedules and its upkeep kind, the storage market
// (randomness beacon, registry, market, proofs) with its subsidy share and upkeep kinds, governance (voting power,
// council, reserve with its share, referendum as the Timelock's proposer), then the hand-over
// of every role to the Timelock. The deployer ends with no tokens and no role.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { decodeBytes32String, encodeBytes32String, id, ZeroHash } from "ethers";
import type { Profile, VestingGrant } from "../profile.ts";

export const DEFAULT_ADMIN_ROLE = ZeroHash;
export const SCHEDULE_MANAGER_ROLE = id("SCHEDULE_MANAGER_ROLE");
/** KeeperRewards kinds registered at genesis, by the module that reports them. */
export const UPKEEP_KINDS = {
  VestingVault: { release: encodeBytes32String("VestingVault.release") },
  StorageMarket: {
    drip: encodeBytes32String("StorageMarket.drip"),
    reclaim: encodeBytes32String("StorageMarket.reclaim"),
    assign: encodeBytes32String("StorageMarket.assign"),
  },
  StorageProofs: {
    openEpoch: encodeBytes32String("StorageProofs.openEpoch"),
    reseed: encodeBytes32String("StorageProofs.reseed"),
    settleEpoch: encodeBytes32String("StorageProofs.settleEpoch"),
  },
  LandlordRegistry: { reassign: encodeBytes32String("LandlordRegistry.reassign") },
  Council: {
    openElection: encodeBytes32String("Council.openElection"),
    finalizeElection: encodeBytes32String("Council.finalizeElection"),
  },
  Referendum: {
    lapse: encodeBytes32String("Referendum.lapse"),
    missedResponse: encodeBytes32String("Referendum.missedResponse"),
    castBlocVote: encodeBytes32String("Referendum.castBlocVote"),
    close: encodeBytes32String("Referendum.close"),
    queue: encodeBytes32String("Referendum.queue"),
    execute: encodeBytes32String("Referendum.execute"),
    expire: encodeBytes32String("Referendum.expire"),
  },
  TokenizationFactory: {
    evaluate: encodeBytes32String("TokenizationFactory.evaluate"),
  },
  CouncilReserve: {
    payCouncil: encodeBytes32String("CouncilReserve.payCouncil"),
    distribute: encodeBytes32String("CouncilReserve.distribute"),
    sweep: encodeBytes32String("CouncilReserve.sweep"),
  },
};
export const SNAPSHOT_ROLE = id("SNAPSHOT_ROLE");
export const TIMELOCK_ROLES = {
  admin: ZeroHash,
  proposer: id("PROPOSER_ROLE"),
  executor: id("EXECUTOR_ROLE"),
  canceller: id("CANCELLER_ROLE"),
};

/** The genesis module of `profile`; vesting starts are offsets from `genesisTime`. */
export function genesisModule(profile: Profile, genesisTime: bigint) {
  return buildModule("Genesis", (m) => {
    const deployer = m.getAccount(0);

    // The Referendum becomes the Timelock's only proposer and executor; anyone executes a
    // passed proposal through Referendum.execute (DESIGN §4).
    const timelock = m.contract("TimelockController", [profile.timelock.minDelay, [], [], deployer], {
      id: "Timelock",
    });

    const escrowed = profile.allocations.filter((a) => a.target.kind !== "account");
    const escrow = m.contract("GenesisEscrow", [
      deployer,
      escrowed.map((a) => encodeBytes32String(a.share)),
      escrowed.map((a) => a.amount),
    ]);
    const direct = profile.allocations.flatMap((a) =>
      a.target.kind === "account" ? [{ holder: a.target.address, amount: a.amount }] : [],
    );
    const escrowTotal = escrowed.reduce((sum, a) => sum + a.amount, 0n);
    const token = m.contract("BaseToken", [
      profile.token.name,
      profile.token.symbol,
      [...direct, ...(escrowTotal > 0n ? [{ holder: escrow, amount: escrowTotal }] : [])],
      deployer,
    ]);
    const bind = m.call(escrow, "bindToken", [token]);

    const rewards = m.contract("KeeperRewards", [token, deployer]);
    const vault = m.contract("VestingVault", [token, rewards, deployer]);
    const registerRelease = m.call(
      rewards,
      "registerKind",
      [UPKEEP_KINDS.VestingVault.release, vault, profile.keeperRewards.bounty],
      { id: "Rewards_registerKind_VestingVault_release" },
    );
    const manage = m.call(vault, "grantRole", [SCHEDULE_MANAGER_ROLE, deployer], { id: "Vault_grantManager_deployer" });

    // Storage market (DESIGN §6): the registry is bound to the market and proofs once, by the
    // deployer, which keeps no role; the StorageSubsidy share drips from the market's reserve.
    const storage = profile.storageMarket;
    const subsidy = profile.allocations.find((a) => a.target.kind === "module" && a.target.module === "StorageMarket");
    // The suite's randomness beacon (DESIGN §2): copy groups and epoch seeds come from the hash
    // of the block after their request. A VRF adapter behind IRandomness replaces it on chains
    // whose prevrandao is not random.
    const randomness = m.contract("BlockRandomness", [1n]);
    const registry = m.contract("LandlordRegistry", [
      token,
      rewards,
      {
        collateralPerGB: storage.collateralPerGB,
        slashBps: storage.slashBps,
        failureLimit: storage.failureLimit,
        minCapacityMB: storage.minCapacityMB,
        unbondingDelay: storage.unbondingDelay,
        acceptWindow: storage.acceptWindow,
      },
    ]);
    const market = m.contract("StorageMarket", [
      token,
      registry,
      rewards,
      randomness,
      {
        epochLength: storage.epochLength,
        maxTermEpochs: storage.maxTermEpochs,
        graceEpochs: storage.graceEpochs,
        weightReciprocal: storage.weightReciprocal,
        replication: storage.replication,
        dripPerEpoch: (subsidy?.amount ?? 0n) / BigInt(storage.subsidyEpochs),
        poolFloor: storage.poolFloor,
      },
    ]);
    const proofs = m.contract("StorageProofs", [market, registry, rewards, randomness, storage.proofWindow]);
    const bindStorage = m.call(registry, "bind", [market, proofs]);
    const storageKinds = [
      ...Object.values(UPKEEP_KINDS.StorageMarket).map((kind) => [kind, market] as const),
      ...Object.values(UPKEEP_KINDS.StorageProofs).map((kind) => [kind, proofs] as const),
      ...Object.values(UPKEEP_KINDS.LandlordRegistry).map((kind) => [kind, registry] as const),
    ].map(([kind, module]) =>
      m.call(rewards, "registerKind", [kind, module, profile.keeperRewards.bounty], {
        id: `Rewards_registerKind_${decodeBytes32String(kind).replace(".", "_")}`,
      }),
    );

    // Governance (DESIGN §4): voting power, council, reserve and referendum, wired to the Timelock.
    const governance = profile.governance;
    const votingPower = m.contract("VotingPower", [token, timelock]);
    const council = m.contract("Council", [
      token,
      votingPower,
      rewards,
      timelock,
      governance.council,
      governance.transitionalCouncil,
      governance.transitionalTerm,
    ]);
    const reserve = m.contract("CouncilReserve", [token, council, rewards, timelock, governance.reserve]);
    // The ordinary list (DESIGN §2): every other call makes a proposal constitutional.
    const ordinaryTargets = {
      GenesisEscrow: escrow,
      BaseToken: token,
      KeeperRewards: rewards,
      VestingVault: vault,
      LandlordRegistry: registry,
      StorageMarket: market,
      StorageProofs: proofs,
      Council: council,
      CouncilReserve: reserve,
    } as const;
    const referendum = m.contract("Referendum", [
      token,
      votingPower,
      council,
      reserve,
      rewards,
      timelock,
      governance.referendum,
      governance.ordinaryCalls.map((call) => ({
        target: ordinaryTargets[call.contract as keyof typeof ordinaryTargets],
        selector: call.selector,
      })),
    ]);
    const governanceWiring = [
      m.call(token, "grantRole", [SNAPSHOT_ROLE, reserve], { id: "Token_grantSnapshot_reserve" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.proposer, referendum], { id: "Timelock_grantProposer_referendum" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.executor, referendum], { id: "Timelock_grantExecutor_referendum" }),
    ];
    const governanceKinds = (
      [
        [UPKEEP_KINDS.Council, council],
        [UPKEEP_KINDS.Referendum, referendum],
        [UPKEEP_KINDS.CouncilReserve, reserve],
      ] as const
    ).flatMap(([kinds, module]) =>
      Object.values(kinds).map((kind) =>
        m.call(rewards, "registerKind", [kind, module, profile.keeperRewards.bounty], {
          id: `Rewards_registerKind_${decodeBytes32String(kind).replace(".", "_")}`,
        }),
      ),
    );

    // Tokenization (DESIGN §5): the factory; launch fees go to the CouncilReserve.
    const tokenization = m.contract("TokenizationFactory", [token, reserve, rewards, timelock, profile.tokenization]);
    const collections = m.contract("CollectionFactory", []);
    const auctions = m.contract("DutchAuction", [token, collections]);
    const tokenizationKinds = Object.values(UPKEEP_KINDS.TokenizationFactory).map((kind) =>
      m.call(rewards, "registerKind", [kind, tokenization, profile.keeperRewards.bounty], {
        id: `Rewards_registerKind_${decodeBytes32String(kind).replace(".", "_")}`,
      }),
    );

    const moduleContracts = { KeeperRewards: rewards, StorageMarket: market, CouncilReserve: reserve } as const;
    let previous: Future[] = [
      bind,
      manage,
      registerRelease,
      bindStorage,
      ...storageKinds,
      ...governanceWiring,
      ...governanceKinds,
      ...tokenizationKinds,
    ];
    for (const allocation of profile.allocations) {
      if (allocation.target.kind !== "module" || !(allocation.target.module in moduleContracts)) continue;
      const module = moduleContracts[allocation.target.module as keyof typeof moduleContracts];
      previous = [
        m.call(escrow, "release", [encodeBytes32String(allocation.share), module], {
          id: `Escrow_release_${allocation.share}`,
          after: previous,
        }),
      ];
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

    // Hand-over: the Timelock gets every role; the deployer renounces its own last.
    const handOver = [
      m.call(token, "grantRole", [DEFAULT_ADMIN_ROLE, timelock], { id: "Token_grantAdmin_timelock", after: previous }),
      m.call(vault, "grantRole", [DEFAULT_ADMIN_ROLE, timelock], { id: "Vault_grantAdmin_timelock", after: previous }),
      m.call(rewards, "grantRole", [DEFAULT_ADMIN_ROLE, timelock], {
        id: "Rewards_grantAdmin_timelock",
        after: previous,
      }),
      m.call(vault, "grantRole", [SCHEDULE_MANAGER_ROLE, timelock], {
        id: "Vault_grantManager_timelock",
        after: previous,
      }),
      m.call(escrow, "transferAuthority", [timelock], { after: previous }),
    ];
    const renounce = [
      m.call(token, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "Token_renounceAdmin", after: handOver }),
      m.call(vault, "renounceRole", [SCHEDULE_MANAGER_ROLE, deployer], {
        id: "Vault_renounceManager",
        after: handOver,
      }),
      m.call(vault, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "Vault_renounceAdmin", after: handOver }),
      m.call(rewards, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "Rewards_renounceAdmin", after: handOver }),
    ];
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.admin, deployer], {
      id: "Timelock_renounceAdmin",
      after: renounce,
    });

    return {
      Timelock: timelock,
      GenesisEscrow: escrow,
      BaseToken: token,
      KeeperRewards: rewards,
      VestingVault: vault,
      BlockRandomness: randomness,
      LandlordRegistry: registry,
      StorageMarket: market,
      StorageProofs: proofs,
      VotingPower: votingPower,
      Council: council,
      CouncilReserve: reserve,
      Referendum: referendum,
      TokenizationFactory: tokenization,
      CollectionFactory: collections,
      DutchAuction: auctions,
    };
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
