// Governance (DESIGN §4): voting power, council, reserve and referendum, wired to the Timelock;
// the Referendum becomes its only proposer and executor. The ordinary list (DESIGN §2) is the
// manifest's: every other call makes a proposal constitutional.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";
import { ordinaryCalls } from "../../../lib/manifest.ts";
import { registerKinds, type Contracts, type SuiteContext } from "./suite.ts";

export const SNAPSHOT_ROLE = id("SNAPSHOT_ROLE");
export const TIMELOCK_ROLES = {
  admin: "0x0000000000000000000000000000000000000000000000000000000000000000",
  proposer: id("PROPOSER_ROLE"),
  executor: id("EXECUTOR_ROLE"),
  canceller: id("CANCELLER_ROLE"),
};

export function governanceModule(context: SuiteContext) {
  return buildModule("Governance", (m) => {
    const governance = context.profile.governance;
    const token = context.contract(m, "BaseToken");
    const timelock = context.contract(m, "Timelock");
    const rewards = context.contract(m, "KeeperRewards");
    const votingPower = m.contract("VotingPower", [token, timelock]);
    const council = m.contract("Council", [
      token,
      votingPower,
      rewards,
      timelock,
      governance.council,
      governance.transitionalCouncil,
      governance.transitionalTerm,
    ]);
    // Unclaimed distribution rests are deposited into the suite's RewardsReserve.
    const rewardsReserve = context.contract(m, "RewardsReserve");
    const reserve = m.contract("CouncilReserve", [
      token,
      council,
      rewards,
      timelock,
      { ...governance.reserve, rewardsReserve },
    ]);
    const own: Contracts = { VotingPower: votingPower, Council: council, CouncilReserve: reserve };
    const referendum = m.contract("Referendum", [
      token,
      votingPower,
      council,
      reserve,
      rewards,
      timelock,
      governance.referendum,
      ordinaryCalls(context.manifest).map(({ contract, signature }) => ({
        target: own[contract] ?? context.contract(m, contract),
        selector: id(signature).slice(0, 10),
      })),
    ]);
    m.call(token, "grantRole", [SNAPSHOT_ROLE, reserve], { id: "Token_grantSnapshot_reserve" });
    m.call(timelock, "grantRole", [TIMELOCK_ROLES.proposer, referendum], { id: "Timelock_grantProposer_referendum" });
    m.call(timelock, "grantRole", [TIMELOCK_ROLES.executor, referendum], { id: "Timelock_grantExecutor_referendum" });
    // The chair's ballot and reports (DESIGN §13), reading the Council's terms and members.
    const chair = m.contract("CouncilChair", [council, rewards, timelock, context.profile.council.chair]);
    const contracts = { ...own, Referendum: referendum, CouncilChair: chair };
    registerKinds(m, context, contracts);
    // The keepers' paged reads of due governance upkeep (no state, no roles).
    const governanceLens = m.contract("GovernanceLens", [referendum, council, reserve]);
    return { ...contracts, GovernanceLens: governanceLens };
  });
}
