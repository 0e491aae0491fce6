// The oracle feeder (`jiaozi oracle-feeder`, DESIGN §9): a committee member's daemon that reads an
// index source and reports each requested round's value to the IndexOracle, once per member key
// it holds (one process may hold several members' keys).
//
// Each poll:
// 1. the RoundRequested logs since the last poll (a LogCursor: the cursor is remembered for the
//    process's life; a restart scans from the oracle's start block again, which is safe because
//    of 4.);
// 2. per round not known closed: `valueOf` (Final or Void: done, forgotten); before the subject's
//    observation time nothing is read; feeds the feeder does not know by name are skipped;
// 3. the source's reading, checked: an error or a stale answer counts against the heartbeat; only
//    `final` readings are reported, `missing` never (no zero for a cancelled flight); a final
//    value must read the same (within the deviation threshold) `confirmations` polls in a row; a
//    value that changes after it read final by more than the threshold, or disappears, flags the
//    subject: never reported by this process (an operator looks); a value outside the feed's
//    [min, max] (`feedOf`) is refused, never clamped;
// 4. per member key: the round's committee (the snapshotted term once open, else the term now)
//    from the Committee's `membersOf`; not a member: skipped; its seat's bit in
//    `roundOf(..).reportedSeats` set: done already; else `report` through the one send path
//    (core/send.ts: simulate, estimate, send, confirm). AlreadyReported and RoundClosed mean done
//    (another instance, or the round finalized by the other reports), NotObservable means later.
// Everything is logged in JSON and counted in Prometheus metrics (feeder_* beside keeper_*).
import type { Account, Address, Hex, PublicClient, WalletClient } from "viem";
import { Counter, Gauge, type Registry } from "prom-client";
import { CommitteeAbi } from "../../../abis/Committee.ts";
import { chainTime } from "../core/chainTime.ts";
import { classify } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import { LogCursor } from "../core/logCursor.ts";
import type { KeeperMetrics } from "../core/metrics.ts";
import { send, type Sent } from "../core/send.ts";
import { IndexOracleAbi } from "../../../abis/IndexOracle.ts";
import { SourceError, type Reading, type Source } from "./sources/source.ts";
import { decodeSubject, feedId as feedIdOf } from "../../../lib/subjects.ts";

export const FEEDER_JOB = "oracle-feeder";
/** Reverts of `report` that mean this member's report is not needed (any more). */
export const DONE_ERRORS = ["AlreadyReported", "RoundClosed"] as const;

/** RoundState of IIndexOracle, by index. */
const STATE = ["None", "Requested", "Open", "Final", "Void"] as const;

export interface FeederMember {
  account: Account;
  wallet: WalletClient;
}

export interface FeederSettings {
  /** Feeds the feeder reports, by name (their ids are keccak256 of the names). */
  feeds: readonly string[];
  /** Seconds without a successful source answer (or with a pending value not updated) after
   * which the source is reported stale. */
  heartbeatSeconds: number;
  /** Largest change between two final reads still taken as the same value. */
  deviationThreshold: bigint;
  /** Consecutive final reads (agreeing within the threshold) before a value is reported. */
  confirmations: number;
  /**
   * Audit I6: when set, a subject whose key ends in a date (`:YYYYMMDD`) is reported only if its
   * observation time falls within that day and this many seconds after it, so that an event whose
   * outcome was already public cannot be insured for a later observation time (its round goes
   * void and its premium is refunded). Off for the shipped sample, a replay of 2013 at chain time.
   */
  keyDateWindowSeconds?: number;
}

/** Whether `key`'s trailing `:YYYYMMDD` date (if any) fits `observesAt` within `windowSeconds`. */
export function keyDateFits(key: string, observesAt: bigint, windowSeconds: number): boolean {
  const match = /:(\d{4})(\d{2})(\d{2})$/.exec(key);
  if (match === null) return true;
  const dayStart = BigInt(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 1000);
  return observesAt >= dayStart && observesAt <= dayStart + 86_400n + BigInt(windowSeconds);
}

export interface FeederDeps {
  client: PublicClient;
  chainId: number;
  oracle: Address;
  committee: Address;
  /** The oracle's deployment block: where the RoundRequested scan starts. */
  startBlock: bigint;
  members: readonly FeederMember[];
  source: Source;
  settings: FeederSettings;
  log: Logger;
  metrics: KeeperMetrics;
  feederMetrics: FeederMetrics;
  /** Runs one RPC operation with retries (the executor's); by default, once. */
  rpc?: <T>(operation: string, run: () => Promise<T>) => Promise<T>;
  /** Wall clock in ms (tests). */
  clock?: () => number;
}

export class FeederMetrics {
  readonly rounds: Gauge;
  readonly reports: Counter;
  readonly skipped: Counter;
  readonly reads: Counter;
  readonly sourceErrors: Counter;
  readonly sourceUp: Gauge;
  readonly lastAnswer: Gauge;
  readonly refused: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.rounds = new Gauge({
      name: "feeder_rounds_tracked",
      help: "Requested rounds not yet final or void, by state",
      labelNames: ["state"],
      registers,
    });
    this.reports = new Counter({
      name: "feeder_reports_total",
      help: "Reports mined with success",
      labelNames: ["feed", "member"],
      registers,
    });
    this.skipped = new Counter({
      name: "feeder_reports_skipped_total",
      help: "Reports not sent because they were not needed: already-reported, round-closed, not-member",
      labelNames: ["feed", "reason"],
      registers,
    });
    this.reads = new Counter({
      name: "feeder_source_reads_total",
      help: "Source readings, by status (final, pending, missing)",
      labelNames: ["feed", "status"],
      registers,
    });
    this.sourceErrors = new Counter({
      name: "feeder_source_errors_total",
      help: "Source reads that failed, by kind (unavailable, timeout, http-status, malformed, unknown-feed)",
      labelNames: ["kind"],
      registers,
    });
    this.sourceUp = new Gauge({
      name: "feeder_source_up",
      help: "1 while the source answered within the heartbeat, 0 once it did not",
      registers,
    });
    this.lastAnswer = new Gauge({
      name: "feeder_source_last_answer_timestamp_seconds",
      help: "Wall time of the source's last successful answer",
      registers,
    });
    this.refused = new Counter({
      name: "feeder_values_refused_total",
      help: "Source values the feeder refused to report: out-of-range, deviation, stale",
      labelNames: ["feed", "reason"],
      registers,
    });
    this.sourceUp.set(1);
  }
}

interface Requested {
  feedId: Hex;
  subject: Hex;
  blockNumber: bigint;
}

/** What the feeder remembers of a subject's readings (checks 3.). */
interface Watch {
  finalValue?: bigint;
  agreeing: number;
  flagged?: "deviation" | "out-of-range";
}

export interface PollSummary {
  tracked: number;
  reported: number;
  waiting: number;
}

export class Feeder {
  private readonly deps: FeederDeps;
  private readonly cursor: LogCursor<Requested>;
  private readonly feedNames: Map<string, string>;
  private readonly feeds = new Map<string, { min: bigint; max: bigint }>();
  private readonly closed = new Set<string>();
  private readonly watches = new Map<string, Watch>();
  /** Things said once per subject (not observable yet, unknown feed, not a member). */
  private readonly said = new Set<string>();
  private lastAnswerMs: number;
  private sourceUp = true;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** The last poll reached the chain. */
  ready = false;

  constructor(deps: FeederDeps) {
    this.deps = deps;
    this.feedNames = new Map(deps.settings.feeds.map((name) => [feedIdOf(name).toLowerCase(), name]));
    this.lastAnswerMs = this.now();
    const event = IndexOracleAbi.find((item) => item.type === "event" && item.name === "RoundRequested") as Extract<
      (typeof IndexOracleAbi)[number],
      { type: "event"; name: "RoundRequested" }
    >;
    this.cursor = new LogCursor<Requested>({
      startBlock: deps.startBlock,
      fetch: async (fromBlock, toBlock) => {
        const logs = await this.rpc("getLogs", () =>
          deps.client.getLogs({ address: deps.oracle, event, fromBlock, toBlock, strict: true }),
        );
        return logs.map((log) => ({
          feedId: log.args.feedId,
          subject: log.args.subject,
          blockNumber: log.blockNumber,
        }));
      },
      key: (entry) => `${entry.feedId}:${entry.subject}`.toLowerCase(),
      blockNumber: (entry) => entry.blockNumber,
    });
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  private rpc<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return this.deps.rpc ? this.deps.rpc(operation, run) : run();
  }

  private once(key: string, say: () => void): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    say();
  }

  /** One pass over every requested round not known closed. */
  async poll(): Promise<PollSummary> {
    const { client, oracle, log, feederMetrics } = this.deps;
    await this.cursor.update(client);
    const now = await this.rpc("chainTime", () => chainTime(client));
    const summary: PollSummary = { tracked: 0, reported: 0, waiting: 0 };
    const byState: Record<string, number> = { Requested: 0, Open: 0 };
    for (const round of this.cursor.values()) {
      const id = `${round.feedId}:${round.subject}`.toLowerCase();
      if (this.closed.has(id)) continue;
      const fields = { feedId: round.feedId, subject: round.subject };
      const name = this.feedNames.get(round.feedId.toLowerCase());
      if (name === undefined) {
        this.once(`feed:${round.feedId}`, () =>
          log.info({ ...fields }, "round of a feed this feeder does not report: skipped"),
        );
        continue;
      }
      const { observesAt, key } = decodeSubject(round.subject);
      const context = { ...fields, feed: name, key, observesAt: observesAt.toString() };
      const [stateIndex] = await this.rpc("valueOf", () =>
        client.readContract({
          address: oracle,
          abi: IndexOracleAbi,
          functionName: "valueOf",
          args: [round.feedId, round.subject],
        }),
      );
      const state = STATE[stateIndex] ?? "None";
      if (state === "Final" || state === "Void") {
        this.closed.add(id);
        this.watches.delete(id);
        for (const said of this.said) if (said.toLowerCase().includes(id)) this.said.delete(said);
        log.info({ ...context, state }, "round closed: no report needed");
        continue;
      }
      summary.tracked++;
      byState[state] = (byState[state] ?? 0) + 1;
      if (now < observesAt) {
        summary.waiting++;
        this.once(`early:${id}`, () =>
          log.info({ ...context, now: now.toString() }, "subject not observable yet: waiting"),
        );
        continue;
      }
      const window = this.deps.settings.keyDateWindowSeconds;
      if (window !== undefined && !keyDateFits(key, observesAt, window)) {
        this.once(`keydate:${id}`, () => {
          feederMetrics.skipped.inc({ feed: name, reason: "key-date" });
          log.warn(context, "the key's date does not fit the observation time (audit I6): never reported");
        });
        continue;
      }
      const value = await this.checkedValue(id, name, key, observesAt, round.feedId, context);
      if (value === undefined) {
        summary.waiting++;
        continue;
      }
      summary.reported += await this.reportAll(round, name, value, now, context);
    }
    for (const [state, count] of Object.entries(byState)) feederMetrics.rounds.set({ state }, count);
    this.ready = true;
    return summary;
  }

  /** The source's value of a subject if it passes every check (3.), else undefined. */
  private async checkedValue(
    id: string,
    feed: string,
    key: string,
    observesAt: bigint,
    feedId: Hex,
    context: Record<string, unknown>,
  ): Promise<bigint | undefined> {
    const { source, settings, log, feederMetrics } = this.deps;
    const watch = this.watches.get(id) ?? { agreeing: 0 };
    this.watches.set(id, watch);
    if (watch.flagged !== undefined) return undefined;
    let reading: Reading;
    try {
      reading = await source.read(feed, key, observesAt);
    } catch (error) {
      const kind = error instanceof SourceError ? error.kind : "unavailable";
      feederMetrics.sourceErrors.inc({ kind });
      log.warn({ ...context, source: source.name, kind, err: (error as Error).message }, "source read failed");
      this.heartbeat(false);
      return undefined;
    }
    this.heartbeat(true);
    feederMetrics.reads.inc({ feed, status: reading.status });
    const ageSeconds = reading.updatedAt === undefined ? undefined : Math.floor(this.now() / 1000) - reading.updatedAt;
    if (reading.status === "pending") {
      if (ageSeconds !== undefined && ageSeconds > settings.heartbeatSeconds) {
        feederMetrics.refused.inc({ feed, reason: "stale" });
        this.once(`stale:${id}:${reading.updatedAt}`, () =>
          log.warn(
            { ...context, updatedAt: reading.updatedAt, ageSeconds },
            "source value pending and not updated: stale",
          ),
        );
      }
      if (watch.finalValue !== undefined) return this.flag(watch, "deviation", feed, context, reading);
      return undefined;
    }
    if (reading.status === "missing") {
      if (watch.finalValue !== undefined) return this.flag(watch, "deviation", feed, context, reading);
      this.once(`missing:${id}`, () =>
        log.info({ ...context, source: source.name }, "source has no value for the subject: not reported"),
      );
      return undefined;
    }
    const value = reading.value!;
    if (watch.finalValue !== undefined) {
      const change = value > watch.finalValue ? value - watch.finalValue : watch.finalValue - value;
      if (change > settings.deviationThreshold) return this.flag(watch, "deviation", feed, context, reading);
      watch.agreeing++;
    } else watch.agreeing = 1;
    watch.finalValue = value;
    const range = await this.feedRange(feedId);
    if (value < range.min || value > range.max) {
      feederMetrics.refused.inc({ feed, reason: "out-of-range" });
      watch.flagged = "out-of-range";
      log.error(
        { ...context, value: value.toString(), min: range.min.toString(), max: range.max.toString() },
        "source value outside the feed's [min, max]: refused, not reported",
      );
      return undefined;
    }
    if (watch.agreeing < settings.confirmations) return undefined;
    return value;
  }

  private flag(
    watch: Watch,
    reason: "deviation",
    feed: string,
    context: Record<string, unknown>,
    reading: Reading,
  ): undefined {
    watch.flagged = reason;
    this.deps.feederMetrics.refused.inc({ feed, reason });
    this.deps.log.error(
      {
        ...context,
        wasFinal: watch.finalValue?.toString(),
        now: { status: reading.status, value: reading.value?.toString() },
      },
      "source changed a value after it read final: the subject is not reported by this process",
    );
    return undefined;
  }

  private heartbeat(answered: boolean): void {
    const { settings, log, feederMetrics } = this.deps;
    const nowMs = this.now();
    if (answered) {
      this.lastAnswerMs = nowMs;
      feederMetrics.lastAnswer.set(Math.floor(nowMs / 1000));
    }
    const up = nowMs - this.lastAnswerMs <= settings.heartbeatSeconds * 1000;
    if (up !== this.sourceUp) {
      this.sourceUp = up;
      feederMetrics.sourceUp.set(up ? 1 : 0);
      if (up) log.info({ source: this.deps.source.name }, "source answers again");
      else
        log.error(
          { source: this.deps.source.name, silentSeconds: Math.floor((nowMs - this.lastAnswerMs) / 1000) },
          "source heartbeat lost: no answer within the heartbeat",
        );
    }
  }

  private async feedRange(feedId: Hex): Promise<{ min: bigint; max: bigint }> {
    const known = this.feeds.get(feedId.toLowerCase());
    if (known !== undefined) return known;
    const feed = await this.rpc("feedOf", () =>
      this.deps.client.readContract({
        address: this.deps.oracle,
        abi: IndexOracleAbi,
        functionName: "feedOf",
        args: [feedId],
      }),
    );
    // Feeds can be changed by governance: read again at every poll that needs it? The range is
    // cached for the process's life; the oracle refuses (OutOfRange) what a stale range let by.
    const range = { min: BigInt(feed.min), max: BigInt(feed.max) };
    this.feeds.set(feedId.toLowerCase(), range);
    return range;
  }

  /** Reports `value` for every member key that still has to (4.); returns the reports mined. */
  private async reportAll(
    round: Requested,
    feed: string,
    value: bigint,
    now: bigint,
    context: Record<string, unknown>,
  ): Promise<number> {
    const { client, oracle, committee, members, log, metrics, feederMetrics } = this.deps;
    let reported = 0;
    for (const member of members) {
      const address = member.account.address;
      const info = await this.rpc("roundOf", () =>
        client.readContract({
          address: oracle,
          abi: IndexOracleAbi,
          functionName: "roundOf",
          args: [round.feedId, round.subject],
        }),
      );
      const state = STATE[info.state] ?? "None";
      if (state === "Final" || state === "Void") {
        feederMetrics.skipped.inc({ feed, reason: "round-closed" });
        break;
      }
      let term: bigint;
      let seated: readonly Address[];
      try {
        term =
          state === "Open"
            ? BigInt(info.term)
            : await this.rpc("termAt", () =>
                client.readContract({ address: committee, abi: CommitteeAbi, functionName: "termAt", args: [now] }),
              );
        seated = await this.rpc("membersOf", () =>
          client.readContract({ address: committee, abi: CommitteeAbi, functionName: "membersOf", args: [term] }),
        );
      } catch (error) {
        // A committee that cannot say (a term not drawn yet): no report now, the next poll asks again.
        const failure = classify(error, CommitteeAbi);
        if (failure.kind !== "revert") throw error;
        this.once(`committee:${round.feedId}:${round.subject}:${failure.errorName}`, () =>
          log.warn({ ...context, errorName: failure.errorName }, "the committee has no members to report as: waiting"),
        );
        break;
      }
      const seat = seated.findIndex((m) => m.toLowerCase() === address.toLowerCase());
      const fields = { ...context, member: address, value: value.toString(), term: term.toString() };
      if (seat < 0) {
        this.once(`member:${address}:${round.feedId}:${round.subject}`, () => {
          feederMetrics.skipped.inc({ feed, reason: "not-member" });
          log.info(fields, "not a member of the round's committee: no report");
        });
        continue;
      }
      if ((BigInt(info.reportedSeats) >> BigInt(seat)) & 1n) {
        this.once(`done:${address}:${round.feedId}:${round.subject}`, () => {
          feederMetrics.skipped.inc({ feed, reason: "already-reported" });
          log.info({ ...fields, seat }, "reported already");
        });
        continue;
      }
      const sent = await this.send(member, round, value, seat, fields);
      if (sent.status === "succeeded") {
        reported++;
        metrics.succeeded.inc({ job: FEEDER_JOB });
        feederMetrics.reports.inc({ feed, member: address });
        log.info({ ...fields, seat, hash: sent.hash, gasUsed: sent.receipt.gasUsed.toString() }, "reported");
        continue;
      }
      const errorName =
        sent.status === "reverted"
          ? sent.errorName
          : sent.failure.kind === "revert"
            ? sent.failure.errorName
            : sent.failure.kind;
      if ((DONE_ERRORS as readonly string[]).includes(errorName)) {
        metrics.lostRaces.inc({ job: FEEDER_JOB, stage: sent.stage });
        feederMetrics.skipped.inc({
          feed,
          reason: errorName === "AlreadyReported" ? "already-reported" : "round-closed",
        });
        log.info({ ...fields, errorName }, "report not needed: done already");
        if (errorName === "RoundClosed") break;
        continue;
      }
      if (errorName === "OutOfRange") feederMetrics.refused.inc({ feed, reason: "out-of-range" });
      metrics.reverted.inc({ job: FEEDER_JOB, stage: sent.stage });
      log.error(
        {
          ...fields,
          errorName,
          stage: sent.stage,
          err: sent.status === "refused" ? sent.failure.message : undefined,
        },
        "report refused: tried again next poll",
      );
    }
    return reported;
  }

  private send(
    member: FeederMember,
    round: Requested,
    value: bigint,
    seat: number,
    fields: Record<string, unknown>,
  ): Promise<Sent> {
    const { client, chainId, oracle, log, metrics } = this.deps;
    return send(
      {
        client,
        wallet: member.wallet,
        account: member.account,
        chainId,
        rpc: this.deps.rpc,
        receiptTimeoutMs: 60_000,
        onSent: (hash, gasLimit) => {
          metrics.sent.inc({ job: FEEDER_JOB });
          log.info({ ...fields, hash, gasLimit: gasLimit.toString() }, "report sent");
        },
      },
      {
        address: oracle,
        abi: IndexOracleAbi,
        // The seat found in membersOf: the oracle checks it in two reads instead of eight.
        functionName: "reportBySeat",
        args: [round.feedId, round.subject, value, BigInt(seat)],
      },
    );
  }

  /** Polls every `intervalMs` until `stop()`; a failed poll is logged and the next one tries again. */
  start(intervalMs: number): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.poll()
        .then((summary) => this.deps.log.debug({ ...summary }, "poll done"))
        .catch((error: unknown) => {
          this.ready = false;
          this.deps.log.error({ err: (error as Error).message.split("\n")[0] }, "poll failed");
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  /** Stops polling; resolves once the poll in flight (and its transaction) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }
}
