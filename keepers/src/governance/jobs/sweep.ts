// Job reserve-sweep: send what holders left unclaimed of a distribution to the RewardsReserve
// once its claim period is over (CouncilReserve.sweep).
import { CouncilReserveAbi } from "../../../../abis/CouncilReserve.ts";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";

export const reserveSweep: Job<bigint> = {
  name: "reserve-sweep",
  description: "Sweep unclaimed distributions after their claim period (CouncilReserve.sweep)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 300_000,
  settledErrors: ["NotDue", "UnknownDistribution"],

  async due({ client, address }) {
    const reserve = address("CouncilReserve");
    const [count, now] = await Promise.all([
      client.readContract({ address: reserve, abi: CouncilReserveAbi, functionName: "distributionCount" }),
      chainTime(client),
    ]);
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const distributions = await Promise.all(
      ids.map((id) =>
        client.readContract({ address: reserve, abi: CouncilReserveAbi, functionName: "distributionOf", args: [id] }),
      ),
    );
    return ids.filter((_, i) => !distributions[i].swept && now > BigInt(distributions[i].claimDeadline));
  },

  call: ({ address }, distributionId) => ({
    address: address("CouncilReserve"),
    abi: CouncilReserveAbi,
    functionName: "sweep",
    args: [distributionId],
  }),
  label: (distributionId) => `distribution ${distributionId}`,
};
