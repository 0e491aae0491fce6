// Job data-release: pay the seller (and the proxy its fee) of each delivered order whose buyer
// stayed silent through the confirmation window (DataMarket.release, batched; a bounty per order
// paid). Orders ended by the buyer or a verdict are skipped by the contract, never paid twice.
import type { Job } from "../../core/job.ts";
import { call, type AbiOf } from "../../core/contracts.ts";
import { dueOrders } from "../data/views.ts";

/** Orders per transaction: bounded gas (three token transfers at most per order). */
export const DATA_BATCH = 50;

/** `ids` in batches of DATA_BATCH. */
export function batches(ids: readonly bigint[]): bigint[][] {
  const out: bigint[][] = [];
  for (let i = 0; i < ids.length; i += DATA_BATCH) out.push(ids.slice(i, i + DATA_BATCH));
  return out;
}

export const dataRelease: Job<bigint[], AbiOf<"DataMarket">> = {
  name: "data-release",
  description: "Pay sellers of delivered data orders whose confirmation window passed in silence (DataMarket.release)",
  contracts: ["DataMarket"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue"],

  async due(context) {
    return batches((await dueOrders(context)).releasable);
  },

  call: (context, ids) => call(context, "DataMarket", "release", [ids]),
  label: (ids) => `orders ${ids.join(",")}`,
};
