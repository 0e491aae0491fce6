// Job vesting-release: release every VestingVault schedule that has a releasable amount.
import { VestingVaultAbi } from "../../../../abis/VestingVault.ts";
import type { Job } from "../../core/job.ts";

/** Schedule ids scanned per view call: bounded work per RPC request. */
const SCAN_PAGE = 200n;

export const vestingRelease: Job<bigint> = {
  name: "vesting-release",
  description: "Release every vesting schedule with a releasable amount (VestingVault.release)",
  contracts: ["VestingVault"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const vault = address("VestingVault");
    const count = await client.readContract({ address: vault, abi: VestingVaultAbi, functionName: "scheduleCount" });
    const due: bigint[] = [];
    for (let from = 0n; from < count;) {
      const [ids, next] = await client.readContract({
        address: vault,
        abi: VestingVaultAbi,
        functionName: "releasableSchedules",
        args: [from, SCAN_PAGE],
      });
      due.push(...ids);
      from = next;
    }
    return due;
  },

  call({ address }, scheduleId) {
    return {
      address: address("VestingVault"),
      abi: VestingVaultAbi,
      functionName: "release",
      args: [scheduleId],
    };
  },

  label: (scheduleId) => `schedule ${scheduleId}`,
};
