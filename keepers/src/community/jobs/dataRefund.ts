// Job data-refund: refund the buyer of each order its proxy never delivered by the delivery
// deadline, and of each dispute the Committee did not decide by its deadline (DataMarket.refund,
// batched; a bounty per order refunded).
import type { Job } from "../../core/job.ts";
import { call, type AbiOf } from "../../core/contracts.ts";
import { dueOrders } from "../data/views.ts";
import { batches } from "./dataRelease.ts";

export const dataRefund: Job<bigint[], AbiOf<"DataMarket">> = {
  name: "data-refund",
  description: "Refund data orders undelivered by their deadline or disputed and undecided (DataMarket.refund)",
  contracts: ["DataMarket"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due(context) {
    return batches((await dueOrders(context)).refundable);
  },

  call: (context, ids) => call(context, "DataMarket", "refund", [ids]),
  label: (ids) => `orders ${ids.join(",")}`,
};
