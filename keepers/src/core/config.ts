// The daemon's configuration: CLI flags first, then environment variables, then defaults.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { isHex, parseEther, type Hex } from "viem";
import { ConfigError } from "./errors.ts";
import type { Job } from "./job.ts";
import { JOBS } from "../jobs.ts";

export const DEFAULT_DEPLOYMENTS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "deployments",
);

/** Flags as commander parses them; every one also has an environment variable. */
export interface CliOptions {
  rpcUrl?: string;
  privateKey?: string;
  keystore?: string;
  keystorePasswordFile?: string;
  deployments?: string;
  jobs?: string;
  job?: string;
  interval?: string[];
  minBalance?: string;
  metricsPort?: string;
  metricsHost?: string;
  once?: boolean;
}

export interface KeeperConfig {
  rpcUrl: string;
  /** The jobs this daemon can run, by name: the keeper jobs, or a provider's own. */
  catalog: Readonly<Record<string, Job<unknown>>>;
  /** Explicit deployments file, or undefined for deployments/<chainId of the RPC>.json. */
  deploymentsFile?: string;
  jobs: string[];
  intervalsMs: Record<string, number>;
  minBalanceWei: bigint;
  metricsPort: number;
  metricsHost: string;
  once: boolean;
}

export function resolveConfig(
  flags: CliOptions,
  env: NodeJS.ProcessEnv = process.env,
  catalog: Readonly<Record<string, Job<unknown>>> = JOBS,
): KeeperConfig {
  const rpcUrl = flags.rpcUrl ?? env.JIAOZI_RPC_URL ?? "http://127.0.0.1:8545";
  if (!/^https?:\/\//.test(rpcUrl)) throw new ConfigError("--rpc-url", `must be an http(s) URL, got "${rpcUrl}"`);

  const requested = flags.job ?? flags.jobs ?? env.KEEPER_JOBS ?? Object.keys(catalog).join(",");
  const jobs = requested
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of jobs) {
    if (!(name in catalog)) {
      throw new ConfigError("--jobs", `unknown job "${name}"; known jobs: ${Object.keys(catalog).join(", ")}`);
    }
  }
  if (jobs.length === 0) throw new ConfigError("--jobs", "no job enabled");

  const intervalsMs: Record<string, number> = {};
  for (const name of jobs) intervalsMs[name] = catalog[name].defaultIntervalMs;
  const intervalSpecs = [...(env.KEEPER_INTERVALS?.split(",") ?? []), ...(flags.interval ?? [])];
  for (const spec of intervalSpecs.filter(Boolean)) {
    const [name, value] = spec.includes("=") ? spec.split("=") : ["*", spec];
    const ms = Number(value);
    if (!Number.isSafeInteger(ms) || ms < 100) {
      throw new ConfigError("--interval", `"${spec}" must be [job=]milliseconds, at least 100`);
    }
    if (name !== "*" && !jobs.includes(name)) throw new ConfigError("--interval", `"${spec}" names no enabled job`);
    for (const job of jobs) if (name === "*" || name === job) intervalsMs[job] = ms;
  }

  const minBalance = flags.minBalance ?? env.KEEPER_MIN_BALANCE ?? "0.01";
  let minBalanceWei: bigint;
  try {
    minBalanceWei = parseEther(minBalance);
  } catch {
    throw new ConfigError("--min-balance", `"${minBalance}" is not an amount of ether`);
  }
  const metricsPort = Number(flags.metricsPort ?? env.KEEPER_METRICS_PORT ?? 9464);
  if (!Number.isSafeInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) {
    throw new ConfigError("--metrics-port", `"${metricsPort}" is not a port`);
  }

  return {
    rpcUrl,
    catalog,
    deploymentsFile: flags.deployments ?? env.JIAOZI_DEPLOYMENTS,
    jobs,
    intervalsMs,
    minBalanceWei,
    metricsPort,
    metricsHost: flags.metricsHost ?? env.KEEPER_METRICS_HOST ?? "127.0.0.1",
    once: flags.once ?? false,
  };
}

/** The signer's private key: from --private-key / KEEPER_PRIVATE_KEY, or a keystore file. */
export async function resolveSignerKey(flags: CliOptions, env: NodeJS.ProcessEnv = process.env): Promise<Hex> {
  const key = flags.privateKey ?? env.KEEPER_PRIVATE_KEY;
  const keystore = flags.keystore ?? env.KEEPER_KEYSTORE;
  if (key !== undefined && keystore !== undefined) {
    throw new ConfigError("--private-key", "give a private key or a keystore, not both");
  }
  if (key !== undefined) {
    const normalized = key.startsWith("0x") ? key : `0x${key}`;
    if (!isHex(normalized) || normalized.length !== 66) {
      throw new ConfigError("--private-key", "must be 32 bytes of hex");
    }
    return normalized;
  }
  if (keystore === undefined) {
    throw new ConfigError("--private-key", "no signer: set KEEPER_PRIVATE_KEY, --private-key or --keystore");
  }
  if (!existsSync(keystore)) throw new ConfigError("--keystore", `keystore file not found: ${keystore}`);
  const passwordFile = flags.keystorePasswordFile ?? env.KEEPER_KEYSTORE_PASSWORD_FILE;
  const password =
    passwordFile !== undefined ? readFileSync(passwordFile, "utf8").trimEnd() : env.KEEPER_KEYSTORE_PASSWORD;
  if (password === undefined) {
    throw new ConfigError("--keystore-password-file", "the keystore needs KEEPER_KEYSTORE_PASSWORD or a password file");
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(readFileSync(keystore, "utf8"), password);
    return wallet.privateKey as Hex;
  } catch (error) {
    throw new ConfigError("--keystore", `cannot decrypt ${keystore}: ${(error as Error).message}`);
  }
}
