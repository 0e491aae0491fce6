// What the governance commands need in the deployments file, as a catalog of one (no job runs).
import { contractsCatalog } from "../core/participant.ts";

export const GOVERNANCE_CATALOG = contractsCatalog("governance", [
  "BaseToken",
  "VotingPower",
  "Council",
  "Referendum",
  "CouncilReserve",
]);
