// What the data market's commands need in the deployments file: the base token (approvals), the
// AliasRegistry (public keys), the LandlordRegistry (the providers of a lease's data) and the
// data-market module's own contracts.
import { moduleCatalog } from "../../core/participant.ts";

export const DATA_CATALOG = moduleCatalog("data-market", ["BaseToken", "AliasRegistry", "LandlordRegistry"]);
