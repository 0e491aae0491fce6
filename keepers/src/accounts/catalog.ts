// What the alias commands need in the deployments file: the base token (fee approvals) and the
// accounts module's deployed contracts.
import { moduleCatalog } from "../core/participant.ts";

export const ACCOUNTS_CATALOG = moduleCatalog("accounts", ["BaseToken"]);
