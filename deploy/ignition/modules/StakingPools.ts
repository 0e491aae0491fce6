// Staking pools (DESIGN §7): the RewardsReserve, which accounts the RewardsReserve genesis share
// once genesis releases it (its manifest entry's `onShare`), and the EconomicPool, bound to it by
// the deployer at once (the binding is one-time; the deployer keeps no role). Rounds start
// `economicPool.start` after genesis. The HonorPool (slashes into the reserve) and the Reputation
// lens over it, KeeperRewards and the storage market. No Committee is deployed yet, so the deployer
// renounces the one binding each allows (it holds nothing after genesis) and the Timelock binds the
// Committee; once the Committee is deployed here, the deployer binds it instead (`bindCommittee`,
// one-time). The service record PR reads is set by the Timelock once the storage module has one.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function stakingPoolsModule(context: SuiteContext) {
  return buildModule("StakingPools", (m) => {
    const { profile, genesisTime } = context;
    const staking = profile.stakingPools;
    const token = context.contract(m, "BaseToken");
    const timelock = context.contract(m, "Timelock");
    const rewards = context.contract(m, "KeeperRewards");
    const share = profile.allocations.find((a) => a.target.kind === "module" && a.target.module === "RewardsReserve");
    const reserve = m.contract("RewardsReserve", [token, timelock, share?.amount ?? 0n, staking.year, staking.reserve]);
    const pool = m.contract("EconomicPool", [
      token,
      reserve,
      rewards,
      timelock,
      {
        start: genesisTime + staking.economicPool.start,
        raise: staking.economicPool.raise,
        lock: staking.economicPool.lock,
        settlement: staking.economicPool.settlement,
      },
      { minStake: staking.economicPool.minStake, minDistribution: staking.economicPool.minDistribution },
    ]);
    m.call(reserve, "bindEconomicPool", [pool]);
    const honorPool = m.contract("HonorPool", [token, reserve, timelock, staking.honorPool]);
    const reputation = m.contract("Reputation", [
      honorPool,
      rewards,
      context.contract(m, "LandlordRegistry"),
      context.contract(m, "StorageMarket"),
      ZeroAddress,
      timelock,
      staking.reputation,
    ]);
    m.call(honorPool, "renounceBinder", []);
    m.call(reputation, "renounceBinder", []);
    const contracts = { RewardsReserve: reserve, EconomicPool: pool, HonorPool: honorPool, Reputation: reputation };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
