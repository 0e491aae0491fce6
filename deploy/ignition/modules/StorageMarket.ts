// Storage market (DESIGN §6): the registry is bound to the market and proofs once, by the
// deployer, which keeps no role; the StorageSubsidy share drips from the market's reserve.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function storageMarketModule(context: SuiteContext) {
  return buildModule("StorageMarket", (m) => {
    const { profile } = context;
    const storage = profile.storageMarket;
    const token = context.contract(m, "BaseToken");
    const rewards = context.contract(m, "KeeperRewards");
    const randomness = context.contract(m, "BlockRandomness");
    const subsidy = profile.allocations.find((a) => a.target.kind === "module" && a.target.module === "StorageMarket");
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
    m.call(registry, "bind", [market, proofs]);
    const contracts = { LandlordRegistry: registry, StorageMarket: market, StorageProofs: proofs };
    registerKinds(m, context, contracts);
    // Views only (keepers read what is due from it): no role, no kind, nothing to bind.
    const storageLens = m.contract("StorageLens", [market, registry, proofs]);
    return { ...contracts, StorageLens: storageLens };
  });
}
