// `jiaozi committee <command>` (part of the staking command table): the committee from the shell: a term's status, a member's
// impeachment vote. (Declaring candidacy is `jiaozi honor declare`.) Every command prints one
// JSON object.
import { Command } from "commander";
import { addressOption as resolveAddressOption, addressOrAlias, resolveAddress } from "../accounts/resolve.ts";
import type { Wrap } from "../core/options.ts";
import { ConfigError } from "../core/errors.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import { participant as connectAs, printResult, type Options } from "../core/participant.ts";
import { STAKING_CATALOG as COMMITTEE_CATALOG } from "./catalog.ts";
import { termStatus, voteImpeach } from "./committee.ts";

const print = (result: object) => printResult(result, new Set());
const participant = (flags: Options) => connectAs(flags, COMMITTEE_CATALOG);

function termOption(value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[0-9]+$/.test(value)) throw new ConfigError("--term", `"${value}" is not a term`);
  return BigInt(value);
}

export function committeeCommands(chain: Wrap, signer: Wrap): Command {
  const committee = new Command("committee").description("the elected committee: terms, seats, duties, impeachment");
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  chain(
    committee.command("status").description("a term's candidates, members and duties (the running term by default)"),
  )
    .option("--term <n>", "the term")
    .action(
      run(async (flags) => {
        const term = termOption(flags.term);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, COMMITTEE_CATALOG);
        const { context } = await connect(config);
        return termStatus(context, term);
      }),
    );

  signer(
    committee.command("impeach").description("as a sitting member, vote to impeach another member of the running term"),
  )
    .option("--member <address|alias>", "the member to impeach")
    .action(
      run(async (flags) => {
        const targetRef = addressOrAlias("--member", flags.member);
        const { context, wallet } = await participant(flags);
        const target = await resolveAddress(context, targetRef);
        return voteImpeach(context, wallet, target);
      }),
    );

  return committee;
}
