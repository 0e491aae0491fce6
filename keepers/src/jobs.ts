// Every job the daemon knows, by name. A module's issue adds its jobs here.
import type { Job } from "./core/job.ts";
import { referendumBlocVote } from "./governance/jobs/blocVote.ts";
import { referendumClose } from "./governance/jobs/close.ts";
import { reserveDistribute } from "./governance/jobs/distribute.ts";
import { referendumExecute } from "./governance/jobs/execute.ts";
import { referendumExpire } from "./governance/jobs/expire.ts";
import { councilFinalizeElection } from "./governance/jobs/finalizeElection.ts";
import { referendumLapse } from "./governance/jobs/lapse.ts";
import { referendumMissedResponse } from "./governance/jobs/missedResponse.ts";
import { councilOpenElection } from "./governance/jobs/openElection.ts";
import { reservePayCouncil } from "./governance/jobs/payCouncil.ts";
import { referendumQueue } from "./governance/jobs/queue.ts";
import { reserveSweep } from "./governance/jobs/sweep.ts";
import { storageAssign } from "./storage/jobs/assign.ts";
import { storageDrip } from "./storage/jobs/drip.ts";
import { storageExpire } from "./storage/jobs/expire.ts";
import { storageOpenEpoch } from "./storage/jobs/openEpoch.ts";
import { storageReassign } from "./storage/jobs/reassign.ts";
import { storageReassignMember } from "./storage/jobs/reassignMember.ts";
import { storageReclaim } from "./storage/jobs/reclaim.ts";
import { storageRecordSeed } from "./storage/jobs/recordSeed.ts";
import { storageSettleEpoch } from "./storage/jobs/settleEpoch.ts";
import { stakingDistribute } from "./staking/jobs/distribute.ts";
import { stakingSettle } from "./staking/jobs/settle.ts";
import { committeeCloseCandidacy } from "./staking/jobs/closeCandidacy.ts";
import { committeeDraw } from "./staking/jobs/draw.ts";
import { committeeSettleTerm } from "./staking/jobs/settleTerm.ts";
import { honorCompleteWithdraw } from "./staking/jobs/completeWithdraw.ts";
import { oracleFinalize } from "./insurance/jobs/finalize.ts";
import { insuranceSettle } from "./insurance/jobs/settle.ts";
import { oracleVoid } from "./insurance/jobs/voidRound.ts";
import { councilChairRound } from "./governance/jobs/chairRound.ts";
import { councilMissedReport } from "./governance/jobs/missedReport.ts";
import { tokenizationEvaluate } from "./tokenization/jobs/evaluate.ts";
import { vestingRelease } from "./tokenization/jobs/vestingRelease.ts";
import { dataRelease } from "./community/jobs/dataRelease.ts";
import { dataRefund } from "./community/jobs/dataRefund.ts";
import { procurementClose } from "./community/jobs/procurementClose.ts";
import { charityRefund } from "./community/jobs/charityRefund.ts";

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
    councilChairRound,
    councilMissedReport,
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
    stakingSettle,
    stakingDistribute,
    committeeCloseCandidacy,
    committeeDraw,
    committeeSettleTerm,
    honorCompleteWithdraw,
    oracleFinalize,
    oracleVoid,
    insuranceSettle,
    dataRelease,
    dataRefund,
    procurementClose,
    charityRefund,
  ].map((job) => [job.name, job as Job<unknown>]),
);
