// Job reserve-distribute: hand the reserve's balance above its cap out to the holders
// (CouncilReserve.distributeExcess), by balance snapshot.
import { CouncilReserveAbi } from "../../../../abis/CouncilReserve.ts";
import type { Job } from "../../core/job.ts";

export const reserveDistribute: Job<bigint> = {
  name: "reserve-distribute",
  description: "Distribute the reserve's excess over its cap (CouncilReserve.distributeExcess)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NoExcess"],

  async due({ client, address }) {
    const excess = await client.readContract({
      address: address("CouncilReserve"),
      abi: CouncilReserveAbi,
      functionName: "excess",
    });
    return excess > 0n ? [excess] : [];
  },

  call: ({ address }) => ({
    address: address("CouncilReserve"),
    abi: CouncilReserveAbi,
    functionName: "distributeExcess",
    args: [],
  }),
  label: (excess) => `excess ${excess}`,
};
