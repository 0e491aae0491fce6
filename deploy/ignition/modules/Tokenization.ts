// Tokenization (DESIGN §5): the VestingVault (its deployer may create the profile's schedules
// until genesis hands the role over), the factory whose launch fees go to the CouncilReserve,
// and the collections and Dutch auctions.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";
import { registerKinds, type SuiteContext } from "./suite.ts";

export const SCHEDULE_MANAGER_ROLE = id("SCHEDULE_MANAGER_ROLE");

export function tokenizationModule(context: SuiteContext) {
  return buildModule("Tokenization", (m) => {
    const deployer = m.getAccount(0);
    const token = context.contract(m, "BaseToken");
    const rewards = context.contract(m, "KeeperRewards");
    const vault = m.contract("VestingVault", [token, rewards, deployer]);
    m.call(vault, "grantRole", [SCHEDULE_MANAGER_ROLE, deployer], { id: "Vault_grantManager_deployer" });
    const tokenization = m.contract("TokenizationFactory", [
      token,
      context.contract(m, "CouncilReserve"),
      rewards,
      context.contract(m, "Timelock"),
      context.profile.tokenization,
    ]);
    const collections = m.contract("CollectionFactory", []);
    // Charity sales donate to the CharityCampaigns (module `charity`).
    const auctions = m.contract("DutchAuction", [token, collections, context.contract(m, "CharityCampaigns")]);
    const contracts = {
      VestingVault: vault,
      TokenizationFactory: tokenization,
      CollectionFactory: collections,
      DutchAuction: auctions,
    };
    registerKinds(m, context, contracts);
    return contracts;
  });
}
