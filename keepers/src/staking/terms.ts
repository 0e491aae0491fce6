// What the committee jobs read: the term clock, and the terms whose candidacy closed recently
// (the running term and the next; older terms have started or ended without them).
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { contract } from "../core/contracts.ts";

export interface TermStatus {
  term: bigint;
  closed: boolean;
  drawn: boolean;
  requestId: bigint;
}

/** The last term whose candidacy closed by `now` (-1 before the first close). */
export function lastClosedTerm(schedule: { start: bigint; termLength: bigint; candidacyLead: bigint }, now: bigint) {
  const firstClose = schedule.start - schedule.candidacyLead;
  return now < firstClose ? -1n : (now - firstClose) / schedule.termLength;
}

/** The running term and the next one, where their candidacy has closed, with their progress. */
export async function recentTerms(context: JobContext): Promise<TermStatus[]> {
  const committee = contract(context, "Committee");
  const [schedule, now] = await Promise.all([committee.read.schedule(), chainTime(context.client)]);
  const last = lastClosedTerm(schedule, now);
  if (last < 0n) return [];
  const running = now < schedule.start ? 0n : (now - schedule.start) / schedule.termLength;
  const terms: bigint[] = [];
  for (let term = running; term <= last; term++) terms.push(term);
  const records = await Promise.all(terms.map((term) => committee.read.termOf([term])));
  return records.map((record, i) => ({
    term: terms[i],
    closed: record.closed,
    drawn: record.drawn,
    requestId: BigInt(record.requestId),
  }));
}
