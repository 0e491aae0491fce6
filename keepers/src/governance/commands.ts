// `keepers gov <command>` (npm run gov -- <command>): a token holder's governance from the shell.
// Every command prints one JSON object; amounts are given and printed in whole tokens.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import {
  addressOption as resolveAddressOption,
  addressOrAlias,
  checkAddressFlags,
  resolveAddress,
  resolveAddressFlags,
} from "../accounts/resolve.ts";
import type { CommandTable, Wrap } from "../core/options.ts";
import { isHex, type Hex } from "viem";
import { ConfigError } from "../core/errors.ts";
import { participant as connectAs, printResult, tokensOption, type Options } from "../core/participant.ts";
import { declareCandidacy, voteCandidates } from "./candidacy.ts";
import { GOVERNANCE_CATALOG } from "./catalog.ts";
import { issueStatement, memberVote, pay } from "./council.ts";
import { appealRemoval, chairDeclare, chairVote, publishReport, removeMember } from "./chair.ts";
import { delegateVotes } from "./delegate.ts";
import { named, paymentSpec, proposalId, side, statementSpec, subject } from "./flags.ts";
import { MEMBER_CHOICES, RESERVE_PURPOSES, STATEMENT_KINDS } from "../../../lib/governance.ts";
import { propose, type ActionSpec } from "./propose.ts";
import { support } from "./support.ts";
import { castVote, castVoteBySig, signBallot } from "./vote.ts";

const TOKEN_AMOUNTS = new Set(["weight", "totalSupport", "deposit", "bond", "power", "amount"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);

function readActions(file: unknown): ActionSpec[] {
  if (typeof file !== "string") throw new ConfigError("--actions", "a JSON file of actions is required");
  let actions: unknown;
  try {
    actions = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError("--actions", `${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new ConfigError("--actions", `${file}: must be a non-empty list of actions`);
  }
  const wrong = actions.findIndex((a) => typeof a !== "object" || a === null || Array.isArray(a));
  if (wrong >= 0) throw new ConfigError("--actions", `${file}: actions[${wrong}] must be an object`);
  return actions as ActionSpec[];
}

const participant = (flags: Options) => connectAs(flags, GOVERNANCE_CATALOG);

export function governanceCommands(connection: Wrap, signer: Wrap): Command {
  const gov = new Command("gov").description(
    "governance: delegate, propose, support, vote, council elections and council decisions",
  );
  const action = (name: string, description: string) => signer(connection(gov.command(name).description(description)));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  action("delegate", "delegate your votes (to yourself unless --to)")
    .option("--to <address|alias>", "delegatee")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return delegateVotes(
          context,
          wallet,
          flags.to === undefined ? undefined : await resolveAddressOption(context, "--to", flags.to),
        );
      }),
    );

  action("propose", "create a proposal (approves the deposit first)")
    .option("--actions <file>", 'JSON: [{ "target": "KeeperRewards", "function": "f(uint256)", "args": ["1"] }]')
    .option("--description <uri>", "where the proposal's text lives", "")
    .option("--constitutional", "label the proposal constitutional (default: as the Referendum classifies its calls)")
    .option("--publicity-days <days>", "referendum length in days (7 to 30)", "7")
    .action(
      run(async (flags) => {
        const actions = readActions(flags.actions);
        const publicityDays = Number(flags.publicityDays);
        if (!Number.isInteger(publicityDays) || publicityDays < 0 || publicityDays > 255) {
          throw new ConfigError("--publicity-days", `"${flags.publicityDays}" is not a number of days`);
        }
        const { context, wallet } = await participant(flags);
        return propose(context, wallet, {
          actions,
          descriptionURI: String(flags.description),
          constitutional: flags.constitutional === true ? true : undefined,
          publicityDays,
        });
      }),
    );

  action("support", "support a proposal with your voting power at its snapshot")
    .option("--proposal <id>", "proposal id")
    .action(
      run(async (flags) => {
        const id = proposalId(flags.proposal);
        const { context, wallet } = await participant(flags);
        return support(context, wallet, id);
      }),
    );

  action("vote", "vote on an open referendum")
    .option("--proposal <id>", "proposal id")
    .option("--side <side>", "for, against or abstain")
    .action(
      run(async (flags) => {
        const [id, chosen] = [proposalId(flags.proposal), side(flags.side)];
        const { context, wallet } = await participant(flags);
        return castVote(context, wallet, id, chosen);
      }),
    );

  action("sign-vote", "sign a ballot (EIP-712) for someone else to submit; sends nothing")
    .option("--proposal <id>", "proposal id")
    .option("--side <side>", "for, against or abstain")
    .action(
      run(async (flags) => {
        const [id, chosen] = [proposalId(flags.proposal), side(flags.side)];
        const { context, wallet } = await participant({ ...flags, minBalance: "0" });
        return signBallot(context, wallet, id, chosen);
      }),
    );

  action("vote-by-sig", "submit a ballot another voter signed (you pay the gas)")
    .option("--proposal <id>", "proposal id")
    .option("--side <side>", "for, against or abstain")
    .option("--voter <address|alias>", "who signed the ballot")
    .option("--signature <hex>", "the ballot's signature (from sign-vote)")
    .action(
      run(async (flags) => {
        const ballot = {
          proposalId: proposalId(flags.proposal),
          side: side(flags.side),
          voter: addressOrAlias("--voter", flags.voter),
          signature: flags.signature as Hex,
        };
        if (!isHex(ballot.signature)) throw new ConfigError("--signature", `"${flags.signature}" is not hex`);
        const { context, wallet } = await participant(flags);
        return castVoteBySig(context, wallet, { ...ballot, voter: await resolveAddress(context, ballot.voter) });
      }),
    );

  action("declare", "declare candidacy in the open council election (approves the bond first)")
    .option("--bond <tokens>", "bond, at least the council's candidateBond")
    .option("--profile <uri>", "the candidate's profile", "")
    .action(
      run(async (flags) => {
        const bond = tokensOption("--bond", flags.bond);
        const { context, wallet } = await participant(flags);
        return declareCandidacy(context, wallet, bond, String(flags.profile));
      }),
    );

  action("vote-candidates", "split your votes over candidates (replaces your previous allocation)")
    .option("--candidate <address|alias=tokens...>", "a candidate and the votes it gets (repeatable)")
    .action(
      run(async (flags) => {
        const specs = (flags.candidate as string[] | undefined) ?? [];
        if (specs.length === 0) throw new ConfigError("--candidate", "at least one --candidate address=tokens");
        const allocation = specs.map((spec) => {
          const [candidate, weight] = spec.split("=");
          return { candidate: addressOrAlias("--candidate", candidate), weight: tokensOption("--candidate", weight) };
        });
        const { context, wallet } = await participant(flags);
        const resolved = [];
        for (const { candidate, weight } of allocation)
          resolved.push({ candidate: await resolveAddress(context, candidate), weight });
        return voteCandidates(context, wallet, resolved);
      }),
    );

  const statementTarget = (command: Command) =>
    command
      .option("--proposal <id>", "the proposal the statement is about")
      .option("--account <address|alias>", "the account the statement is about")
      .option("--uri <uri>", "where the statement's text lives", "");
  const payment = (command: Command) =>
    command
      .option("--to <address|alias>", "the payee")
      .option("--amount <tokens>", "the amount")
      .option("--ref <text>", "the payment's reference (invoice, issuer), hashed", "");

  payment(
    statementTarget(
      action("member-vote", "a sitting member's choice on a bloc vote, a statement or a reserve payment")
        .option("--choice <choice>", `${MEMBER_CHOICES.join(", ")} (none withdraws)`)
        .option("--bloc <proposal>", "the council's bloc vote on a referendum: for casts it for, and so on")
        .option("--statement <kind>", STATEMENT_KINDS.join(", ")),
    ).option("--payment <purpose>", RESERVE_PURPOSES.join(", ")),
  ).action(
    run(async (flags) => {
      // --account and --to take aliases: checked before connecting, resolved after.
      const choice = named("--choice", MEMBER_CHOICES, flags.choice);
      subject(checkAddressFlags(flags, ["account", "to"]));
      const { context, wallet } = await participant(flags);
      const about = subject(await resolveAddressFlags(context, flags, ["account", "to"]));
      return memberVote(context, wallet, about, choice);
    }),
  );

  statementTarget(
    action("statement", "issue a statement the council's majority chose for").option(
      "--kind <kind>",
      STATEMENT_KINDS.join(", "),
    ),
  ).action(
    run(async (flags) => {
      statementSpec("--kind", checkAddressFlags(flags, ["account"]));
      const { context, wallet } = await participant(flags);
      const statement = statementSpec("--kind", await resolveAddressFlags(context, flags, ["account"]));
      return issueStatement(context, wallet, statement);
    }),
  );

  payment(
    action("pay", "make a reserve payment the council's majority chose for").option(
      "--purpose <purpose>",
      RESERVE_PURPOSES.join(", "),
    ),
  ).action(
    run(async (flags) => {
      paymentSpec("--purpose", checkAddressFlags(flags, ["to"]));
      const { context, wallet } = await participant(flags);
      const spec = paymentSpec("--purpose", await resolveAddressFlags(context, flags, ["to"]));
      return pay(context, wallet, spec);
    }),
  );

  return gov;
}

/** `jiaozi council ...`: the council's own governance (DESIGN §13): chair, reports, removal, appeal. */
export function councilCommands(connection: Wrap, signer: Wrap): Command {
  const council = new Command("council").description(
    "the council's own governance: the chair's ballot and report, removal by peers and the appeal",
  );
  const action = (name: string, description: string) =>
    signer(connection(council.command(name).description(description)));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  action(
    "chair-declare",
    "declare yourself (a sitting member) a candidate for chair, in the ballot's first round",
  ).action(
    run(async (flags) => {
      const { context, wallet } = await participant(flags);
      return chairDeclare(context, wallet);
    }),
  );

  action("chair-vote", "vote for a candidate in the chair ballot's open round (changeable within the round)")
    .requiredOption("--candidate <address>", "the candidate (the zero address withdraws your vote)")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return chairVote(context, wallet, await resolveAddressOption(context, "--candidate", flags.candidate));
      }),
    );

  action("report", "publish the council's yearly report (the chair only)")
    .requiredOption("--uri <uri>", "where the report lives")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return publishReport(context, wallet, String(flags.uri));
      }),
    );

  action("remove", "choose on removing a member by peers; --execute removes once 2/3 of the others chose for")
    .requiredOption("--member <address>", "the member to remove")
    .requiredOption("--grounds <uri>", "the published grounds")
    .option("--choice <choice>", "your choice: for, against, abstain, none (omit to only --execute)")
    .option("--execute", "remove the member (anyone may, once decided)")
    .action(
      run(async (flags) => {
        const choice = flags.choice === undefined ? undefined : String(flags.choice);
        if (choice !== undefined && !["for", "against", "abstain", "none"].includes(choice)) {
          throw new ConfigError("--choice", `"${choice}" is not for, against, abstain or none`);
        }
        if (choice === undefined && flags.execute !== true) {
          throw new ConfigError("--choice", "give a --choice, --execute or both");
        }
        const { context, wallet } = await participant(flags);
        return removeMember(
          context,
          wallet,
          await resolveAddressOption(context, "--member", flags.member),
          String(flags.grounds),
          {
            choice: choice as "for" | "against" | "abstain" | "none" | undefined,
            execute: flags.execute === true,
          },
        );
      }),
    );

  action("appeal", "appeal your removal by peers (once, within the appeal period): opens the restoration referendum")
    .requiredOption("--removal <id>", "the removal's id")
    .option("--description <uri>", "where the appeal's text lives", "")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return appealRemoval(context, wallet, proposalId(flags.removal, "--removal"), String(flags.description));
      }),
    );

  return council;
}

/** The governance module's command table (keepers/src/modules.ts). */
export const commands: CommandTable = ({ chain, key }) => [governanceCommands(chain, key), councilCommands(chain, key)];
