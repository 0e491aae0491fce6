// The option groups the CLI's commands share: which chain and deployment, which jobs, which
// signer and the daemon's settings. Every option also has an environment variable.
import { Command, Option } from "commander";
import { JOBS } from "../jobs.ts";

export type Wrap = (command: Command) => Command;

/** What a module's command table gets to build its commands with. */
export interface CommandOptions {
  /** --rpc-url, --deployments. */
  chain: Wrap;
  /** chain + --jobs, --job. */
  connection: Wrap;
  /** --private-key, --keystore, --keystore-password-file, --min-balance. */
  key: Wrap;
  /** key + --interval, --metrics-port, --metrics-host, --once (a daemon's signer). */
  signer: Wrap;
}

/** A module's commands (keepers/src/<module>/commands.ts), listed in keepers/src/modules.ts. */
export type CommandTable = (options: CommandOptions) => Command[];

/** Which chain and which deployment. */
export function chainOptions(command: Command): Command {
  return command
    .addOption(new Option("--rpc-url <url>", "JSON-RPC endpoint").env("JIAOZI_RPC_URL"))
    .addOption(
      new Option("--deployments <file>", "deployments file (default deployments/<chainId>.json)").env(
        "JIAOZI_DEPLOYMENTS",
      ),
    );
}

export function connectionOptions(command: Command): Command {
  return chainOptions(command)
    .addOption(
      new Option("--jobs <names>", `comma-separated jobs (${Object.keys(JOBS).join(", ")})`).env("KEEPER_JOBS"),
    )
    .option("--job <name>", "a single job (same as --jobs <name>)");
}

/** Where the signer's key comes from, and the least gas money it must hold. */
export function keyOptions(command: Command): Command {
  return command
    .addOption(new Option("--private-key <hex>", "signer key").env("KEEPER_PRIVATE_KEY"))
    .addOption(new Option("--keystore <file>", "encrypted JSON keystore of the signer").env("KEEPER_KEYSTORE"))
    .addOption(
      new Option("--keystore-password-file <file>", "file holding the keystore password").env(
        "KEEPER_KEYSTORE_PASSWORD_FILE",
      ),
    )
    .addOption(
      new Option("--min-balance <ether>", "refuse to start below this signer balance").env("KEEPER_MIN_BALANCE"),
    );
}

export function signerOptions(command: Command): Command {
  return keyOptions(command)
    .addOption(
      new Option("--interval <[job=]ms...>", "poll interval, for every job or one job (repeatable)").env(
        "KEEPER_INTERVALS",
      ),
    )
    .addOption(new Option("--metrics-port <port>", "port of /metrics, /health, /ready").env("KEEPER_METRICS_PORT"))
    .addOption(new Option("--metrics-host <host>", "host of /metrics, /health, /ready").env("KEEPER_METRICS_HOST"))
    .option("--once", "one pass of each job, then exit (status 1 if an item failed)");
}

export const COMMAND_OPTIONS: CommandOptions = {
  chain: chainOptions,
  connection: connectionOptions,
  key: keyOptions,
  signer: signerOptions,
};
