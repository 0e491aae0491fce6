// Procurement (DESIGN §13): the ProcurementVote, weighing votes by EconomicPool stake, sponsored by
// anyone or by the CouncilReserve (whose council decides reserve rounds' deliveries), with the
// profile's rules (`procurement`). `Governed` by the Timelock from its constructor; its close and
// expiry kinds are registered with KeeperRewards.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function procurementModule(context: SuiteContext) {
  return buildModule("Procurement", (m) => {
    const { openFee, minRewardPool, minPeriod } = context.profile.procurement;
    const procurement = m.contract("ProcurementVote", [
      context.contract(m, "BaseToken"),
      context.contract(m, "EconomicPool"),
      context.contract(m, "Council"),
      context.contract(m, "CouncilReserve"),
      context.contract(m, "KeeperRewards"),
      context.contract(m, "Timelock"),
      { openFee, minRewardPool, minPeriod },
    ]);
    const contracts = { ProcurementVote: procurement };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
