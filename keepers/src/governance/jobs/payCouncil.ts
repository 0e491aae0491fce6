// Job reserve-pay-council: pay the elected council's next installment when it is due
// (CouncilReserve.payCouncil).
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

export interface InstallmentItem {
  termId: bigint;
  installment: bigint;
}

export const reservePayCouncil: Job<InstallmentItem, AbiOf<"CouncilReserve">> = {
  name: "reserve-pay-council",
  description: "Pay the council's installments when due (CouncilReserve.payCouncil)",
  contracts: ["CouncilReserve"],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "NoCouncil"],

  async due(context) {
    const [[termId, installment, dueAt], now] = await Promise.all([
      contract(context, "CouncilReserve").read.nextInstallment(),
      chainTime(context.client),
    ]);
    return now >= dueAt ? [{ termId, installment }] : [];
  },

  call: (context) => call(context, "CouncilReserve", "payCouncil", []),
  label: (item) => `term ${item.termId} installment ${item.installment}`,
};
