// What the procure commands need in the deployments file: the base token (approvals), the
// EconomicPool (stake at a round's snapshot) and the procurement module's deployed contracts.
import { moduleCatalog } from "../../core/participant.ts";

export const PROCUREMENT_CATALOG = moduleCatalog("procurement", ["BaseToken", "EconomicPool"]);
