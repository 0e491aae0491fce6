// Keeper (DESIGN §9): KeeperRewards, which pays the bounties of every module's upkeep kinds
// (each module registers its own; genesis funds it from its escrowed share).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { SuiteContext } from "./suite.ts";

export function keeperModule(context: SuiteContext) {
  return buildModule("Keeper", (m) => {
    const rewards = m.contract("KeeperRewards", [context.contract(m, "BaseToken"), m.getAccount(0)]);
    return { KeeperRewards: rewards };
  });
}
