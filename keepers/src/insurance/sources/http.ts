// The HTTP JSON source of a real deployment: GET a URL made from a template (`{feed}`, `{key}`
// and `{observesAt}` replaced, URL-encoded), read the value, whether it is final and when it was
// updated at JSON paths (`data.delay`; dots, and numbers for array items). A 404 is `missing`;
// a final answer whose value is null is `missing`; any other failure is a typed SourceError
// (unavailable, timeout, http-status, malformed) the feeder counts against the heartbeat.
import { SourceError, type Reading, type Source } from "./source.ts";

export interface HttpSourceOptions {
  /** `https://index.example/{feed}/{key}`. */
  urlTemplate: string;
  /** JSON path of the value (an integer, or an integer string). */
  valuePath: string;
  /** JSON path of the final flag (a boolean); without one, an answer with a value is final. */
  finalPath?: string;
  /** JSON path of the update time (seconds since the epoch, or an ISO 8601 string). */
  updatedAtPath?: string;
  timeoutMs: number;
  /** Feeds (by name) this source serves. */
  feeds: readonly string[];
  headers?: Record<string, string>;
}

export function jsonPath(body: unknown, pathText: string): unknown {
  let node = body;
  for (const part of pathText.split(".").filter(Boolean)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function integer(value: unknown, where: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?[0-9]+$/.test(value)) return BigInt(value);
  throw new SourceError("malformed", `${where} is not an integer: ${JSON.stringify(value)}`);
}

function timestamp(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new SourceError("malformed", `${where} is not a time: ${JSON.stringify(value)}`);
}

export class HttpSource implements Source {
  readonly name: string;
  readonly feeds: readonly string[];
  private readonly options: HttpSourceOptions;

  constructor(options: HttpSourceOptions) {
    if (!/^https?:\/\//.test(options.urlTemplate)) throw new Error(`"${options.urlTemplate}" is not an http(s) URL`);
    if (!options.urlTemplate.includes("{key}")) throw new Error(`"${options.urlTemplate}" has no {key}`);
    this.options = options;
    this.feeds = options.feeds;
    this.name = `http:${new URL(options.urlTemplate.replace(/[{}]/g, "")).origin}`;
  }

  url(feed: string, key: string, observesAt: bigint): string {
    return this.options.urlTemplate
      .replaceAll("{feed}", encodeURIComponent(feed))
      .replaceAll("{key}", encodeURIComponent(key))
      .replaceAll("{observesAt}", observesAt.toString());
  }

  async read(feed: string, key: string, observesAt: bigint): Promise<Reading> {
    if (!this.feeds.includes(feed)) throw new SourceError("unknown-feed", `${this.name} serves no feed "${feed}"`);
    const url = this.url(feed, key, observesAt);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: "application/json", ...this.options.headers },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new SourceError("timeout", `${url} did not answer within ${this.options.timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new SourceError("unavailable", `${url}: ${cause}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { status: "missing" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceError("http-status", `${url} answered HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new SourceError("malformed", `${url} did not answer JSON: ${(error as Error).message}`);
    }
    const { valuePath, finalPath, updatedAtPath } = this.options;
    const rawUpdated = updatedAtPath === undefined ? undefined : jsonPath(body, updatedAtPath);
    const updatedAt =
      rawUpdated === undefined || rawUpdated === null ? undefined : timestamp(rawUpdated, `${url} ${updatedAtPath}`);
    const rawValue = jsonPath(body, valuePath);
    let final: boolean;
    if (finalPath === undefined) final = rawValue !== undefined && rawValue !== null;
    else {
      const flag = jsonPath(body, finalPath);
      if (typeof flag !== "boolean") {
        throw new SourceError("malformed", `${url} ${finalPath} is not a boolean: ${JSON.stringify(flag)}`);
      }
      final = flag;
    }
    if (!final) {
      const value = rawValue === undefined || rawValue === null ? undefined : integer(rawValue, `${url} ${valuePath}`);
      return { status: "pending", value, updatedAt };
    }
    if (rawValue === undefined || rawValue === null) return { status: "missing", updatedAt };
    return { status: "final", value: integer(rawValue, `${url} ${valuePath}`), updatedAt };
  }
}
