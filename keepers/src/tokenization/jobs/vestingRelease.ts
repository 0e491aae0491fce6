// Job vesting-release: release every VestingVault schedule that has a releasable amount.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

/** Schedule ids scanned per view call: bounded work per RPC request. */
const SCAN_PAGE = 200n;

export const vestingRelease: Job<bigint, AbiOf<"VestingVault">> = {
  name: "vesting-release",
  description: "Release every vesting schedule with a releasable amount (VestingVault.release)",
  contracts: ["VestingVault"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due(context) {
    const vault = contract(context, "VestingVault");
    const count = await vault.read.scheduleCount();
    const due: bigint[] = [];
    for (let from = 0n; from < count;) {
      const [ids, next] = await vault.read.releasableSchedules([from, SCAN_PAGE]);
      due.push(...ids);
      from = next;
    }
    return due;
  },

  call: (context, scheduleId) => call(context, "VestingVault", "release", [scheduleId]),

  label: (scheduleId) => `schedule ${scheduleId}`,
};
