// Freshness: the indexer's /status (the block it has indexed) against the chain head (the RPC's
// eth_blockNumber), polled every second. When the indexed block moves, every GraphQL query is
// invalidated, so an open page refetches what changed without a reload.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Config } from "./config.ts";
import { formatInteger } from "./format.ts";

export const POLL_MS = 1000;
/** Stale when the indexer has not answered for this long (it is down or cut off)... */
export const STALE_AFTER_MS = 3000;
/** ...or when it is more than this many blocks behind the head. */
export const STALE_LAG_BLOCKS = 5n;

const ConfigContext = createContext<Config | null>(null);
export function useConfig(): Config {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("no config");
  return config;
}

export interface Freshness {
  indexed?: bigint;
  head?: bigint;
  /** Date.now() of the last status the indexer answered. */
  lastStatusAt?: number;
  error?: string;
  stale: boolean;
}

const FreshnessContext = createContext<Freshness>({ stale: false });
export const useFreshness = () => useContext(FreshnessContext);

async function indexedBlock(indexerUrl: string, signal: AbortSignal): Promise<bigint> {
  const response = await fetch(`${indexerUrl}/status`, { signal, cache: "no-store" });
  if (!response.ok) throw new Error(`indexer status ${response.status}`);
  const status = (await response.json()) as Record<string, { block?: { number: number } }>;
  const blocks = Object.values(status).map((chain) => BigInt(chain.block?.number ?? 0));
  if (blocks.length === 0) throw new Error("indexer has no chain");
  return blocks.reduce((a, b) => (a < b ? a : b));
}

async function headBlock(rpcUrl: string, signal: AbortSignal): Promise<bigint> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    signal,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
  });
  const body = (await response.json()) as { result?: string };
  if (!body.result) throw new Error("no head block");
  return BigInt(body.result);
}

export function LiveProvider({ config, children }: { config: Config; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<Omit<Freshness, "stale">>({});
  const [now, setNow] = useState(() => Date.now());
  const lastIndexed = useRef<bigint | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const controller = new AbortController();
      const abort = setTimeout(() => controller.abort(), POLL_MS * 2);
      const [indexed, head] = await Promise.allSettled([
        indexedBlock(config.indexerUrl, controller.signal),
        headBlock(config.rpcUrl, controller.signal),
      ]);
      clearTimeout(abort);
      if (stopped) return;
      setState((previous) => ({
        indexed: indexed.status === "fulfilled" ? indexed.value : previous.indexed,
        head: head.status === "fulfilled" ? head.value : previous.head,
        lastStatusAt: indexed.status === "fulfilled" ? Date.now() : previous.lastStatusAt,
        error: indexed.status === "rejected" ? "the indexer does not answer" : undefined,
      }));
      setNow(Date.now());
      if (indexed.status === "fulfilled" && indexed.value !== lastIndexed.current) {
        const first = lastIndexed.current === undefined;
        lastIndexed.current = indexed.value;
        if (!first) void queryClient.invalidateQueries({ queryKey: ["gql"] });
      }
      timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [config, queryClient]);

  const lagging =
    state.indexed !== undefined && state.head !== undefined && state.head - state.indexed > STALE_LAG_BLOCKS;
  const silent =
    state.lastStatusAt === undefined ? state.error !== undefined : now - state.lastStatusAt > STALE_AFTER_MS;
  const freshness: Freshness = { ...state, stale: lagging || silent };
  return (
    <ConfigContext.Provider value={config}>
      <FreshnessContext.Provider value={freshness}>{children}</FreshnessContext.Provider>
    </ConfigContext.Provider>
  );
}

/** "indexed #N of #M": the badge in the header of every page. */
export function FreshnessBadge() {
  const { indexed, head, stale } = useFreshness();
  const lag = indexed !== undefined && head !== undefined ? head - indexed : undefined;
  return (
    <span className={`badge ${stale ? "badge-stale" : "badge-fresh"}`} data-testid="freshness" aria-live="polite">
      indexed block <b data-testid="indexed-block">{indexed === undefined ? "…" : formatInteger(indexed)}</b> of head{" "}
      <b data-testid="head-block">{head === undefined ? "…" : formatInteger(head)}</b>
      {lag !== undefined && lag > 0n ? ` (${formatInteger(lag)} behind)` : ""}
    </span>
  );
}

export function StaleBanner() {
  const { stale, error, indexed, head } = useFreshness();
  if (!stale) return null;
  return (
    <div role="alert" className="stale" data-testid="stale-banner">
      Stale data: {error ?? `the indexer is at block ${formatInteger(indexed)}, the chain at ${formatInteger(head)}`}.
      Figures below may be out of date.
    </div>
  );
}
