// Accounts (DESIGN §13): the AliasRegistry, whose fees go to the CouncilReserve, with the profile's
// fee rule and commitment window (`accounts.alias`). It is `Governed` by the Timelock from its
// constructor: genesis has no role to hand over. No upkeep kinds.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { SuiteContext } from "./suite.ts";

export function accountsModule(context: SuiteContext) {
  return buildModule("Accounts", (m) => {
    const { alias } = context.profile.accounts;
    const registry = m.contract("AliasRegistry", [
      context.contract(m, "BaseToken"),
      context.contract(m, "CouncilReserve"),
      context.contract(m, "Timelock"),
      {
        baseFee: alias.baseFee,
        fullPriceLength: alias.fullPriceLength,
        minCommitmentAge: alias.minCommitmentAge,
        maxCommitmentAge: alias.maxCommitmentAge,
      },
    ]);
    return { AliasRegistry: registry };
  });
}
