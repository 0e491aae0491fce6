// What the staking commands need in the deployments file: the base token (approvals) and every
// deployed contract of the staking-pools module.
import { moduleCatalog } from "../core/participant.ts";

export const STAKING_CATALOG = moduleCatalog("staking-pools", ["BaseToken"]);
