// Job reserve-pay-council: pay the elected council's next installment when it is due
// (CouncilReserve.payCouncil).
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { duePayment, LENS } from "../views.ts";

export interface InstallmentItem {
  termId: bigint;
  installment: bigint;
}

export const reservePayCouncil: Job<InstallmentItem, AbiOf<"CouncilReserve">> = {
  name: "reserve-pay-council",
  description: "Pay the council's installments when due (CouncilReserve.payCouncil)",
  contracts: ["CouncilReserve", LENS],
  defaultIntervalMs: 60_000,
  settledErrors: ["NotDue", "NoCouncil"],

  async due(context) {
    const { due, termId, installment } = await duePayment(context);
    return due ? [{ termId, installment }] : [];
  },

  call: (context) => call(context, "CouncilReserve", "payCouncil", []),
  label: (item) => `term ${item.termId} installment ${item.installment}`,
};
