// Every job the daemon knows, by name. A module's issue adds its jobs here.
import type { Job } from "../job.ts";
import { storageDrip } from "./storage/drip.ts";
import { storageOpenEpoch } from "./storage/openEpoch.ts";
import { storageReassign } from "./storage/reassign.ts";
import { storageReclaim } from "./storage/reclaim.ts";
import { storageRecordSeed } from "./storage/recordSeed.ts";
import { storageSettleEpoch } from "./storage/settleEpoch.ts";
import { vestingRelease } from "./vestingRelease.ts";

export const JOBS: Readonly<Record<string, Job<unknown>>> = Object.fromEntries(
  [
    vestingRelease,
    storageOpenEpoch,
    storageRecordSeed,
    storageSettleEpoch,
    storageDrip,
    storageReclaim,
    storageReassign,
  ].map((job) => [job.name, job as Job<unknown>]),
);
