#!/usr/bin/env node
// jiaozi: the one command line of the suite (package.json `bin`; npm run keepers|gov|issuer|
// issuer:launch|storage:rent run it too). Subcommands come from each module's command table
// (modules.ts): run, status, keepers run|status, profile, gov, issuer, rent, update-data, provider.
//
// Exit codes: 0 done; 1 the chain refused a transaction (the decoded custom error is printed), a
// read or the RPC failed, or a command could not reach its goal; 2 a usage error (a bad flag, file or profile, naming the
// field); 70 a bug (the stack is printed). Every error but a bug is one line on stderr.
import { Command, CommanderError } from "commander";
import { BaseError } from "viem";
import { classify, CommandError, describeError, isUsageError, RevertError, ValidationError } from "./core/errors.ts";
import { COMMAND_OPTIONS } from "./core/options.ts";
import { COMMAND_TABLES } from "./modules.ts";

const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

function program(): Command {
  const root = new Command("jiaozi").description(
    "Jiaozi from the shell: the keeper daemon, governance, tokenization and the storage market",
  );
  for (const table of Object.values(COMMAND_TABLES)) {
    for (const command of table(COMMAND_OPTIONS)) root.addCommand(command);
  }
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({
      outputError: (message, write) => write(`jiaozi: ${message.replace(/^error: /, "")}`),
    });
    command.commands.forEach(quiet);
  };
  quiet(root);
  return root;
}

/** What an error prints and which exit code it means. */
function report(error: unknown): { line: string; code: number } {
  if (error instanceof ValidationError) return { line: `jiaozi: ${error.line}`, code: EXIT.usage };
  if (isUsageError(error)) return { line: `jiaozi: ${error.message}`, code: EXIT.usage };
  if (error instanceof RevertError || error instanceof CommandError) {
    return { line: `jiaozi: ${error.message}`, code: EXIT.failed };
  }
  if (error instanceof BaseError) {
    // viem: a read the contract refused, or the RPC failing mid-command; not a bug of ours
    const failure = classify(error);
    const why =
      failure.kind === "revert" ? `reverted: ${describeError(undefined, failure.errorName, failure.args)}` : "";
    return { line: `jiaozi: ${error.shortMessage.split("\n")[0]}${why ? ` (${why})` : ""}`, code: EXIT.failed };
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { line: `jiaozi: internal error (a bug, please report it):\n${stack}`, code: EXIT.bug };
}

async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed its one line already (help and --version exit 0)
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { line, code } = report(error);
    console.error(line);
    return code;
  }
}

process.exitCode = await main();
