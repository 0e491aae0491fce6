// Reads shared by the insurance jobs: the oracle's requested rounds and the market's insured
// subjects, each from a log cursor shared by every job of the process, and the oracle's rules for
// when a round may be finalized by its deadline or voided.
import type { Address, Hex } from "viem";
import { IndexOracleAbi, InsuranceMarketAbi } from "../../../abis/index.ts";
import { contract } from "../core/contracts.ts";
import { decodeSubject } from "../../../lib/subjects.ts";
import type { JobContext } from "../core/job.ts";
import { sharedCursor } from "../core/logCursor.ts";
import { ENUMS, enumIndex } from "../../../lib/vocabulary.ts";

/** IIndexOracle.RoundState, by index. */
export const RoundState = enumIndex(ENUMS.IIndexOracle.RoundState);

export interface RoundEntry {
  feedId: Hex;
  subject: Hex;
  observesAt: bigint;
  blockNumber: bigint;
}

export interface SubjectEntry {
  productId: bigint;
  subject: Hex;
  blockNumber: bigint;
}

/** Every round a consumer requested (RoundRequested), one per (feed, subject). */
export async function requestedRounds(context: JobContext): Promise<RoundEntry[]> {
  const address = context.address("IndexOracle");
  const cursor = sharedCursor<RoundEntry>(context.client, address, "RoundRequested", () => ({
    startBlock: BigInt(context.deployments.contracts.IndexOracle.startBlock ?? 0),
    fetch: async (fromBlock, toBlock) =>
      (
        await context.client.getContractEvents({
          address,
          abi: IndexOracleAbi,
          eventName: "RoundRequested",
          fromBlock,
          toBlock,
          strict: true,
        })
      ).map((log) => ({
        feedId: log.args.feedId,
        subject: log.args.subject,
        observesAt: decodeSubject(log.args.subject).observesAt,
        blockNumber: log.blockNumber,
      })),
    key: (entry) => `${entry.feedId}-${entry.subject}`.toLowerCase(),
    blockNumber: (entry) => entry.blockNumber,
  }));
  await cursor.update(context.client);
  return cursor.values();
}

/** Every (product, subject) a policy was bought on (PolicyBought), one entry per pair. */
export async function insuredSubjects(context: JobContext): Promise<SubjectEntry[]> {
  const address = context.address("InsuranceMarket");
  const cursor = sharedCursor<SubjectEntry>(context.client, address, "PolicyBought", () => ({
    startBlock: BigInt(context.deployments.contracts.InsuranceMarket.startBlock ?? 0),
    fetch: async (fromBlock, toBlock) =>
      (
        await context.client.getContractEvents({
          address,
          abi: InsuranceMarketAbi,
          eventName: "PolicyBought",
          fromBlock,
          toBlock,
          strict: true,
        })
      ).map((log) => ({ productId: log.args.productId, subject: log.args.subject, blockNumber: log.blockNumber })),
    key: (entry) => `${entry.productId}-${entry.subject}`.toLowerCase(),
    blockNumber: (entry) => entry.blockNumber,
  }));
  await cursor.update(context.client);
  return cursor.values();
}

/** Items a job finished (a state it never acts on again: states only move forward). */
export class Finished {
  private readonly done = new Map<string, Set<string>>();

  private set(context: JobContext, contract: Address): Set<string> {
    const key = `${context.deployments.chainId}:${contract.toLowerCase()}`;
    let set = this.done.get(key);
    if (set === undefined) this.done.set(key, (set = new Set()));
    return set;
  }

  has(context: JobContext, contract: Address, item: string): boolean {
    return this.set(context, contract).has(item.toLowerCase());
  }

  add(context: JobContext, contract: Address, item: string): void {
    this.set(context, contract).add(item.toLowerCase());
  }
}

export interface PendingRound {
  round: RoundEntry;
  /** Its reports and committee snapshot (IndexOracle.roundOf). */
  state: { state: number; reports: number; committeeSize: number };
  /** When the deadline path may take it, and when it is void (IndexOracle.deadlinesOf). */
  deadline: bigint;
  voidAt: bigint;
}

/**
 * The requested rounds not yet final or void, with their state and deadlines; rounds found final
 * or void are marked in `closed` and never read again by the job that owns it.
 */
export async function pendingRounds(context: JobContext, closed: Finished): Promise<PendingRound[]> {
  const oracle = contract(context, "IndexOracle");
  const key = (r: RoundEntry) => `${r.feedId}-${r.subject}`;
  const open = (await requestedRounds(context)).filter((r) => !closed.has(context, oracle.address, key(r)));
  const rounds = await Promise.all(
    open.map(async (round) => {
      const [state, [deadline, voidAt]] = await Promise.all([
        oracle.read.roundOf([round.feedId, round.subject]),
        oracle.read.deadlinesOf([round.feedId, round.subject]),
      ]);
      return { round, state, deadline, voidAt };
    }),
  );
  return rounds.filter(({ round, state }) => {
    const done = state.state === RoundState.Final || state.state === RoundState.Void;
    if (done) closed.add(context, oracle.address, key(round));
    return !done;
  });
}
