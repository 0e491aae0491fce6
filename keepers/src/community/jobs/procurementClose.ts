// Job procurement-close: close every procurement round whose voting window ended
// (ProcurementVote.close: the leader wins, or the round fails and returns its budget) and expire
// every awarded round whose delivery deadline passed (ProcurementVote.expireDelivery). One call per
// round; the contract pays a bounty per round when its open fee covers it. The scan resumes from
// the lowest round still live (dueRounds' `resume`), so it does not grow with finished rounds.
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { ENUMS } from "../../../../abis/vocabulary.ts";

export interface ProcurementItem {
  roundId: bigint;
  action: "close" | "expireDelivery";
}

const SCAN = 50n;
const MAX_WINDOWS = 20;
const OPEN = BigInt(ENUMS.IProcurementVote.Status.indexOf("Open"));
/** Where the next scan starts, per contract address (several deployments in one process in tests). */
const resumeAt = new Map<string, bigint>();

export const procurementClose: Job<ProcurementItem, AbiOf<"ProcurementVote">> = {
  name: "procurement-close",
  description: "Close procurement rounds after voting and expire overdue deliveries (ProcurementVote)",
  contracts: ["ProcurementVote"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "WrongStatus"],

  async due(context) {
    const procurement = contract(context, "ProcurementVote");
    const key = context.address("ProcurementVote");
    const count = await procurement.read.roundCount();
    // The first window's `resume` is where the next poll starts; later windows (rounds opened after
    // a live one) are scanned in the same poll, so a long-lived round starves none behind it.
    let from = resumeAt.get(key) ?? 1n;
    const ids: bigint[] = [];
    for (let window = 0; window < MAX_WINDOWS && from <= count; window++) {
      const [due, resume] = await procurement.read.dueRounds([from, SCAN]);
      if (window === 0) resumeAt.set(key, resume);
      ids.push(...due);
      from += SCAN;
    }
    const rounds = await Promise.all(ids.map((id) => procurement.read.roundOf([id])));
    return ids.map((roundId, i) => ({
      roundId,
      action: BigInt(rounds[i].status) === OPEN ? ("close" as const) : ("expireDelivery" as const),
    }));
  },

  call: (context, item) => call(context, "ProcurementVote", item.action, [item.roundId]),
  label: (item) => `round ${item.roundId} ${item.action}`,
};
