// The data market (DESIGN §13, issue 18): public keys from the AliasRegistry, disputes decided by
// the Committee, slashes to the RewardsReserve, data in StorageMarket leases, bounties from
// KeeperRewards, with the profile's `dataMarket` rules. `Governed` by the Timelock from its
// constructor: genesis has no role to hand over; it registers the release and refund kinds.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function dataMarketModule(context: SuiteContext) {
  return buildModule("DataMarket", (m) => {
    const p = context.profile.dataMarket;
    const market = m.contract("DataMarket", [
      context.contract(m, "BaseToken"),
      context.contract(m, "AliasRegistry"),
      context.contract(m, "Committee"),
      context.contract(m, "RewardsReserve"),
      context.contract(m, "StorageMarket"),
      context.contract(m, "KeeperRewards"),
      context.contract(m, "Timelock"),
      {
        minPrice: p.minPrice,
        minCollateral: p.minCollateral,
        disputeBond: p.disputeBond,
        minUpkeepFee: p.minUpkeepFee,
        maxFeeBps: p.maxFeeBps,
        slashBps: p.slashBps,
        deliveryWindow: p.deliveryWindow,
        confirmationWindow: p.confirmationWindow,
        disputeWindow: p.disputeWindow,
        withdrawDelay: p.withdrawDelay,
      },
    ]);
    const contracts = { DataMarket: market };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
