// Staking pools (DESIGN §7): the RewardsReserve, which accounts the RewardsReserve genesis share
// once genesis releases it (its manifest entry's `onShare`); the EconomicPool; the HonorPool, the
// Reputation lens and the Committee drawn from honor nodes. The deployer binds the pools' streams
// and the committee once (one-time bindings; it keeps no role). Rounds start `economicPool.start`
// after genesis, terms `committee.start` after it.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
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
    const honor = staking.honorPool;
    const honorPool = m.contract("HonorPool", [
      token,
      reserve,
      timelock,
      { minStake: honor.minStake, withdrawDelay: honor.withdrawDelay },
    ]);
    const reputation = m.contract("Reputation", [
      honorPool,
      rewards,
      context.contract(m, "LandlordRegistry"),
      context.contract(m, "StorageMarket"),
      // The PR factor: proofs passed and poor reports (StorageProofs is the service record).
      context.contract(m, "StorageProofs"),
      timelock,
      staking.reputation,
    ]);
    const c = staking.committee;
    const committee = m.contract("Committee", [
      [token, honorPool, reputation, reserve, context.contract(m, "BlockRandomness")],
      rewards,
      timelock,
      {
        start: genesisTime + c.start,
        termLength: c.termLength,
        candidacyLead: c.candidacyLead,
        settleDelay: c.settleDelay,
      },
      {
        seats: c.seats,
        maxCandidates: c.maxCandidates,
        missSlashBps: c.missSlashBps,
        impeachSlashBps: c.impeachSlashBps,
      },
      // Storage epoch settlement and oracle reports are committee duties (DESIGN §7).
      [context.contract(m, "StorageProofs"), context.contract(m, "IndexOracle")],
    ]);
    // One-time bindings by the deployer, which keeps no role after them.
    m.call(reserve, "bindEconomicPool", [pool]);
    m.call(reserve, "bindCommittee", [committee]);
    m.call(honorPool, "bindCommittee", [committee]);
    m.call(reputation, "bindCommittee", [committee]);
    m.call(context.contract(m, "StorageProofs"), "bindCommittee", [committee, c.settleWindow]);
    // The oracle's consumers are allowed (Insurance.ts) before its deployer binds it and leaves.
    m.call(context.contract(m, "IndexOracle"), "bindCommittee", [committee]);
    const contracts = {
      RewardsReserve: reserve,
      EconomicPool: pool,
      HonorPool: honorPool,
      Reputation: reputation,
      Committee: committee,
    };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
