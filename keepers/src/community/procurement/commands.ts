// `jiaozi procure <command>`: procurement rounds (ProcurementVote, DESIGN §13) from the shell: a
// sponsor opens a round and confirms (or fails) the delivery, a supplier applies and takes back a
// losing bond, an economic node votes and claims its reward. Every command prints one JSON object;
// amounts are given and printed in whole tokens, periods in seconds.
import { Command } from "commander";
import { isHex, type Hex } from "viem";
import type { CommandTable, Wrap } from "../../core/options.ts";
import { connect } from "../../core/chain.ts";
import { resolveConfig } from "../../core/config.ts";
import { ConfigError } from "../../core/errors.ts";
import { participant as connectAs, printResult, tokensOption, type Options } from "../../core/participant.ts";
import { addressOrAlias, resolveAddress } from "../../accounts/resolve.ts";
import { PROCUREMENT_CATALOG } from "./catalog.ts";
import {
  applyTo,
  claimBond,
  claimReward,
  confirm,
  declareFailure,
  openReserveRound,
  openRound,
  reserveSpend,
  roundStatus,
  vote,
  type RoundTerms,
} from "./rounds.ts";

const TOKEN_AMOUNTS = new Set(["budget", "rewardPool", "bond", "bid", "fee", "amount", "reward", "rewardsPaid"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, PROCUREMENT_CATALOG);

function idArgument(name: string, value: string): bigint {
  if (!/^[1-9][0-9]*$/.test(value)) throw new ConfigError(name, `"${value}" is not a positive id`);
  return BigInt(value);
}

function secondsOption(flag: string, value: unknown): number {
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds >= 2 ** 32)
    throw new ConfigError(flag, `"${value}" is not a positive number of seconds`);
  return seconds;
}

/** A bid of whole tokens; zero is a valid bid. */
function bidOption(value: unknown): bigint {
  if (value === "0") return 0n;
  return tokensOption("--bid", value);
}

function termsOf(flags: Options): RoundTerms {
  if (typeof flags.uri !== "string" || flags.uri === "")
    throw new ConfigError("--uri", "the item's description URI is required");
  let salt: Hex | undefined;
  if (flags.salt !== undefined) {
    if (typeof flags.salt !== "string" || !isHex(flags.salt) || flags.salt.length !== 66)
      throw new ConfigError("--salt", `"${flags.salt}" is not a 32-byte hex value`);
    salt = flags.salt;
  }
  return {
    budget: tokensOption("--budget", flags.budget),
    rewardPool: tokensOption("--reward-pool", flags.rewardPool),
    bond: tokensOption("--bond", flags.bond),
    applicationPeriod: secondsOption("--application-period", flags.applicationPeriod),
    votingPeriod: secondsOption("--voting-period", flags.votingPeriod),
    deliveryPeriod: secondsOption("--delivery-period", flags.deliveryPeriod),
    salt,
    uri: flags.uri,
  };
}

function withTerms(command: Command): Command {
  return command
    .option("--uri <uri>", "the item's description")
    .option("--budget <tokens>", "the most any bid may ask (escrowed)")
    .option("--reward-pool <tokens>", "the voters' reward pool you fund")
    .option("--bond <tokens>", "each application's bond")
    .option("--application-period <seconds>", "how long suppliers may apply")
    .option("--voting-period <seconds>", "how long economic nodes may vote")
    .option("--delivery-period <seconds>", "how long after voting the winner has to deliver")
    .option("--salt <hex32>", "distinguishes two reserve rounds with equal terms");
}

export function procureCommands(chain: Wrap, signer: Wrap): Command {
  const procure = new Command("procure").description(
    "procurement rounds: open, apply, vote (stake at the snapshot), confirm delivery, claim rewards",
  );
  const action = (name: string, description: string) => signer(procure.command(name).description(description));
  const run =
    <A extends unknown[]>(body: (...args: A) => Promise<object>) =>
    async (...args: A) =>
      print(await body(...args));

  withTerms(action("open", "open a round with your own funds (budget + reward pool + the open fee)")).action(
    run(async (flags: Options) => {
      const terms = termsOf(flags);
      const { context, wallet } = await participant(flags);
      return openRound(context, wallet, terms);
    }),
  );

  withTerms(
    action("open-reserve", "open the CouncilReserve round the council approved for exactly these terms"),
  ).action(
    run(async (flags: Options) => {
      const terms = termsOf(flags);
      const { context, wallet } = await participant(flags);
      return openReserveRound(context, wallet, terms);
    }),
  );

  withTerms(
    chain(
      procure.command("reserve-spend").description("the reserve spend (amount, ref, council subject) of these terms"),
    ),
  ).action(
    run(async (flags: Options) => {
      const terms = termsOf(flags);
      const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, PROCUREMENT_CATALOG);
      const { context } = await connect(config);
      return reserveSpend(context, terms);
    }),
  );

  action("apply", "apply to <round> with a bid (at most the budget) and the round's bond")
    .argument("<round>")
    .option("--bid <tokens>", "what you ask to be paid on delivery")
    .option("--documents <uri>", "your offer's documents")
    .action(
      run(async (round: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const bid = bidOption(flags.bid);
        if (typeof flags.documents !== "string" || flags.documents === "")
          throw new ConfigError("--documents", "the documents URI is required");
        const { context, wallet } = await participant(flags);
        return applyTo(context, wallet, roundId, bid, flags.documents);
      }),
    );

  action("vote", "vote in <round> for <application> with your stake at the round's snapshot")
    .argument("<round>")
    .argument("<application>")
    .action(
      run(async (round: string, application: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const applicationId = idArgument("<application>", application);
        const { context, wallet } = await participant(flags);
        return vote(context, wallet, roundId, applicationId);
      }),
    );

  action("confirm", "confirm <round>'s delivery: pays the winner its bid (reserve rounds: once the council decided)")
    .argument("<round>")
    .action(
      run(async (round: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const { context, wallet } = await participant(flags);
        return confirm(context, wallet, roundId);
      }),
    );

  action("fail", "declare <round>'s delivery failed: the winner's bond goes to the next round's pool")
    .argument("<round>")
    .action(
      run(async (round: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const { context, wallet } = await participant(flags);
        return declareFailure(context, wallet, roundId);
      }),
    );

  action("claim-reward", "claim your voter reward of <round>")
    .argument("<round>")
    .action(
      run(async (round: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const { context, wallet } = await participant(flags);
        return claimReward(context, wallet, roundId);
      }),
    );

  action("claim-bond", "take back your bond of a losing application")
    .argument("<round>")
    .argument("<application>")
    .action(
      run(async (round: string, application: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const applicationId = idArgument("<application>", application);
        const { context, wallet } = await participant(flags);
        return claimBond(context, wallet, roundId, applicationId);
      }),
    );

  chain(procure.command("status").description("a round's record (and a voter's ballot and reward with --voter)"))
    .argument("<round>")
    .option("--voter <address|alias>", "show this voter's ballot and reward")
    .action(
      run(async (round: string, flags: Options) => {
        const roundId = idArgument("<round>", round);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, PROCUREMENT_CATALOG);
        const { context } = await connect(config);
        const voter =
          flags.voter === undefined ? undefined : await resolveAddress(context, addressOrAlias("--voter", flags.voter));
        return { roundId, ...(await roundStatus(context, roundId, voter)) };
      }),
    );

  return procure;
}

export const commands: CommandTable = ({ chain, key }) => [procureCommands(chain, key)];
