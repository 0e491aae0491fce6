// Every job the daemon knows, by name. A module's issue adds its jobs here.
import type { Job } from "../job.ts";
import { referendumBlocVote } from "./governance/blocVote.ts";
import { referendumClose } from "./governance/close.ts";
import { reserveDistribute } from "./governance/distribute.ts";
import { referendumExecute } from "./governance/execute.ts";
import { referendumExpire } from "./governance/expire.ts";
import { councilFinalizeElection } from "./governance/finalizeElection.ts";
import { referendumLapse } from "./governance/lapse.ts";
import { referendumMissedResponse } from "./governance/missedResponse.ts";
import { councilOpenElection } from "./governance/openElection.ts";
import { reservePayCouncil } from "./governance/payCouncil.ts";
import { referendumQueue } from "./governance/queue.ts";
import { reserveSweep } from "./governance/sweep.ts";
import { storageAssign } from "./storage/assign.ts";
import { storageDrip } from "./storage/drip.ts";
import { storageOpenEpoch } from "./storage/openEpoch.ts";
import { storageExpire } from "./storage/expire.ts";
import { storageReassign } from "./storage/reassign.ts";
import { storageReassignMember } from "./storage/reassignMember.ts";
import { storageReclaim } from "./storage/reclaim.ts";
import { storageRecordSeed } from "./storage/recordSeed.ts";
import { storageSettleEpoch } from "./storage/settleEpoch.ts";
import { tokenizationEvaluate } from "./tokenization/evaluate.ts";
import { vestingRelease } from "./vestingRelease.ts";

export const JOBS: Readonly<Record<string, Job<unknown>>> = Object.fromEntries(
  [
    vestingRelease,
    storageAssign,
    storageOpenEpoch,
    storageRecordSeed,
    storageSettleEpoch,
    storageDrip,
    storageReclaim,
    storageReassign,
    storageReassignMember,
    storageExpire,
    councilOpenElection,
    councilFinalizeElection,
    referendumLapse,
    referendumMissedResponse,
    referendumBlocVote,
    referendumClose,
    referendumQueue,
    referendumExecute,
    referendumExpire,
    reservePayCouncil,
    reserveDistribute,
    reserveSweep,
    tokenizationEvaluate,
  ].map((job) => [job.name, job as Job<unknown>]),
);
