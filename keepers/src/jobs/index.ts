// Every job the daemon knows, by name. A module's issue adds its jobs here.
import type { Job } from "../job.ts";
import { vestingRelease } from "./vestingRelease.ts";

export const JOBS: Readonly<Record<string, Job<unknown>>> = {
  [vestingRelease.name]: vestingRelease,
};
