// What the committee commands need in the deployments file: every deployed contract of the
// staking-pools module (the Committee among them) and the base token.
import { moduleCatalog } from "../core/participant.ts";

export const COMMITTEE_CATALOG = moduleCatalog("staking-pools", ["BaseToken"]);
