// Insurance (DESIGN §8): the IndexOracle with the profile's feeds, and the InsuranceMarket that is
// its consumer. The Committee (staking pools) lists the oracle as a duty source and binds itself to
// it (StakingPools.ts), so this module deploys before it and does not use it. The deployer allows
// the market as the oracle's consumer before that binding, after which it holds nothing.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function insuranceModule(context: SuiteContext) {
  return buildModule("Insurance", (m) => {
    const { profile } = context;
    const rewards = context.contract(m, "KeeperRewards");
    const oracle = m.contract("IndexOracle", [
      rewards,
      context.contract(m, "Timelock"),
      profile.insurance.feeds.map((feed) => ({
        name: feed.name,
        min: feed.min,
        max: feed.max,
        reportDeadline: feed.reportDeadline,
        grace: feed.grace,
        deadlineQuorum: feed.deadlineQuorum,
      })),
      [],
    ]);
    const market = m.contract("InsuranceMarket", [
      context.contract(m, "BaseToken"),
      oracle,
      rewards,
      profile.insurance.minUpkeepFee,
    ]);
    m.call(oracle, "setConsumer", [market, true]);
    const contracts = { IndexOracle: oracle, InsuranceMarket: market };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
