// Job reserve-distribute: hand the reserve's balance above its cap out to the holders
// (CouncilReserve.distributeExcess), by balance snapshot.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export const reserveDistribute: Job<bigint, AbiOf<"CouncilReserve">> = {
  name: "reserve-distribute",
  description: "Distribute the reserve's excess over its cap (CouncilReserve.distributeExcess)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NoExcess"],

  async due(context) {
    const excess = await contract(context, "CouncilReserve").read.excess();
    return excess > 0n ? [excess] : [];
  },

  call: (context) => call(context, "CouncilReserve", "distributeExcess", []),
  label: (excess) => `excess ${excess}`,
};
