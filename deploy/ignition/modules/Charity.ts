// Charity (DESIGN §13): CharityCampaigns over the base token, paying its refund bounty from
// KeeperRewards, verified by named addresses or by the Committee, with the profile's smallest
// donation (`charity.minDonation`, above the bounty). It is `Governed` by the Timelock from its
// constructor (token allow-list, cancel): genesis has no role to hand over. The Tokenization
// module's DutchAuction names it for charity sales.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { registerKinds, type SuiteContext } from "./suite.ts";

export function charityModule(context: SuiteContext) {
  return buildModule("Charity", (m) => {
    const charity = m.contract("CharityCampaigns", [
      context.contract(m, "BaseToken"),
      context.contract(m, "KeeperRewards"),
      context.contract(m, "Committee"),
      context.contract(m, "Timelock"),
      context.profile.charity.minDonation,
    ]);
    const contracts = { CharityCampaigns: charity };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
