// `jiaozi run` and `jiaozi status` (also `jiaozi keepers run|status`): the keeper daemon over every
// module's jobs (keepers/src/jobs.ts), and what is due now per job; `jiaozi profile <name>`
// validates a genesis profile before a deployment.
import { Command } from "commander";
import { formatEther } from "viem";
import { loadProfile } from "../../../deploy/profile.ts";
import { connect, createSigner } from "./chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions } from "./config.ts";
import { daemon } from "./daemon.ts";
import type { CommandOptions, CommandTable } from "./options.ts";

async function run(flags: CliOptions): Promise<number> {
  const config = resolveConfig(flags);
  const key = await resolveSignerKey(flags);
  const chain = await connect(config);
  const signer = await createSigner(chain, key, config);
  return daemon({ config, chain, signer });
}

async function status(flags: CliOptions): Promise<number> {
  const config = resolveConfig(flags);
  const chain = await connect(config);
  const report: Record<string, string[]> = {};
  for (const name of config.jobs) {
    const job = config.catalog[name];
    const items = await job.due(chain.context);
    report[name] = items.map((item) => job.label(item));
  }
  for (const [name, items] of Object.entries(report)) {
    console.log(`${name}: ${items.length} due${items.length > 0 ? ` (${items.join(", ")})` : ""}`);
  }
  return 0;
}

function keeperCommands(options: CommandOptions, parent?: Command): Command[] {
  const make = (name: string) => (parent ? parent.command(name) : new Command(name));
  const runCommand = options
    .signer(options.connection(make("run").description("poll the enabled jobs and perform their due work")))
    .action(async (flags: CliOptions) => {
      process.exitCode = await run(flags);
    });
  const statusCommand = options
    .connection(make("status").description("print what is due now, per job"))
    .action(async (flags: CliOptions) => {
      process.exitCode = await status(flags);
    });
  return [runCommand, statusCommand];
}

/** Validates deploy/profiles/<name>.json (following `extends`) and prints a summary. */
function profileCommand(): Command {
  return new Command("profile")
    .description("validate a genesis profile (deploy/profiles/<name>.json) and print its summary")
    .argument("<name>", "the profile's name")
    .option("--dir <dir>", "the directory of profiles (default deploy/profiles)")
    .action((name: string, flags: { dir?: string }) => {
      const profile = loadProfile(name, { dir: flags.dir });
      const summary = {
        name: profile.name,
        valid: true,
        timeDivisor: profile.timeDivisor,
        totalSupply: formatEther(profile.token.totalSupply),
        allocations: profile.allocations.map((a) => ({
          share: a.share,
          amount: formatEther(a.amount),
          to: a.target.kind,
        })),
      };
      console.log(JSON.stringify(summary, null, 2));
    });
}

/** `run` and `status` at the top, and the same under `keepers`; `profile`. */
export const commands: CommandTable = (options) => {
  const keepers = new Command("keepers").description("the keeper daemon: run the jobs, or show what is due");
  keeperCommands(options, keepers);
  return [...keeperCommands(options), keepers, profileCommand()];
};
