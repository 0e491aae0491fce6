// Job reserve-pay-council: pay the elected council's next installment when it is due
// (CouncilReserve.payCouncil).
import { CouncilReserveAbi } from "../../../../abis/CouncilReserve.ts";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";

export interface InstallmentItem {
  termId: bigint;
  installment: bigint;
}

export const reservePayCouncil: Job<InstallmentItem> = {
  name: "reserve-pay-council",
  description: "Pay the council's installments when due (CouncilReserve.payCouncil)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "NoCouncil"],

  async due({ client, address }) {
    const [[termId, installment, dueAt], now] = await Promise.all([
      client.readContract({
        address: address("CouncilReserve"),
        abi: CouncilReserveAbi,
        functionName: "nextInstallment",
      }),
      chainTime(client),
    ]);
    return now >= dueAt ? [{ termId, installment }] : [];
  },

  call: ({ address }) => ({
    address: address("CouncilReserve"),
    abi: CouncilReserveAbi,
    functionName: "payCouncil",
    args: [],
  }),
  label: (item) => `term ${item.termId} installment ${item.installment}`,
};
