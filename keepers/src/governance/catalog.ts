// What the governance commands need in the deployments file, as a catalog of one (no job runs):
// the base token (deposits, delegation) and every deployed contract of the governance module.
import { moduleCatalog } from "../core/participant.ts";

export const GOVERNANCE_CATALOG = moduleCatalog("governance", ["BaseToken"]);
