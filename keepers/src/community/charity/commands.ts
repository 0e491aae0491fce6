// `jiaozi charity <command>`: CharityCampaigns (DESIGN §13). create | donate | submit-evidence |
// approve | trace; every command prints one JSON object, amounts in whole tokens (18 decimals).
import { Command } from "commander";
import { isHex, keccak256, toHex, type Address, type Hex } from "viem";
import type { CommandTable, Wrap } from "../../core/options.ts";
import { connect } from "../../core/chain.ts";
import { resolveConfig } from "../../core/config.ts";
import { ConfigError } from "../../core/errors.ts";
import { chainTime } from "../../core/chainTime.ts";
import {
  addressOption,
  moduleCatalog,
  participant as connectAs,
  printResult,
  tokensOption,
  type Options,
} from "../../core/participant.ts";
import { parseDuration, DURATION_HINT } from "../../../../lib/validate.ts";
import { approveEvidence, createCampaign, donate, submitEvidence, traceDonation } from "./campaigns.ts";

export const CHARITY_CATALOG = moduleCatalog("charity", ["BaseToken"]);
const TOKEN_AMOUNTS = new Set(["goal", "amount", "raised", "unspent", "refunded", "released"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, CHARITY_CATALOG);
const collect = (value: string, previous: string[] = []) => [...previous, value];

function idArgument(name: string, value: string): bigint {
  if (!/^[0-9]+$/.test(value)) throw new ConfigError(name, `"${value}" is not a non-negative integer`);
  return BigInt(value);
}

function durationOption(flag: string, value: unknown): bigint {
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds === 0n)
    throw new ConfigError(flag, `"${value}" is not a duration (${DURATION_HINT})`);
  return seconds;
}

/** "<amount>:<evidence>": whole tokens, then what evidence releases the milestone. */
function milestoneOption(value: string): { amount: bigint; evidence: string } {
  const at = value.indexOf(":");
  if (at <= 0) throw new ConfigError("--milestone", `"${value}" is not <amount>:<evidence>`);
  return { amount: tokensOption("--milestone", value.slice(0, at)), evidence: value.slice(at + 1) };
}

/** "<uri>" (hashed with keccak256 of the URI) or "<uri>=<0x…32-byte hash>". */
function evidenceOption(value: string): { uri: string; hash: Hex } {
  const at = value.lastIndexOf("=");
  if (at > 0) {
    const hash = value.slice(at + 1);
    if (!isHex(hash) || hash.length !== 66) throw new ConfigError("--evidence", `"${hash}" is not a 32-byte hash`);
    return { uri: value.slice(0, at), hash };
  }
  return { uri: value, hash: keccak256(toHex(value)) };
}

export function charityCommands(chain: Wrap, signer: Wrap): Command {
  const charity = new Command("charity").description(
    "charity campaigns: create, donate, submit-evidence, approve (a verifier majority releases), trace",
  );
  const action = (name: string, description: string) => signer(charity.command(name).description(description));
  const run =
    <A extends unknown[]>(body: (...args: A) => Promise<object>) =>
    async (...args: A) =>
      print(await body(...args));

  action("create", "open a campaign: milestones in order, named verifiers or the Committee")
    .requiredOption("--beneficiary <address>", "who milestone payments go to")
    .option("--token <address>", "an allow-listed donation token (default: the base token)")
    .requiredOption("--deadline <duration>", `donations close this long from now (${DURATION_HINT})`)
    .option("--release-window <duration>", "milestones must be released this long after the deadline", "30d")
    .option("--milestone <amount:evidence>", "a milestone (repeat, in order)", collect)
    .option("--verifier <address>", "a named verifier (repeat)", collect)
    .option("--committee", "the Committee sitting when evidence comes verifies")
    .option("--metadata <uri>", "the campaign's description", "")
    .action(
      run(async (flags: Options) => {
        const milestones = ((flags.milestone as string[] | undefined) ?? []).map(milestoneOption);
        if (milestones.length === 0) throw new ConfigError("--milestone", "at least one milestone is needed");
        const committee = flags.committee === true;
        const verifiers = ((flags.verifier as string[] | undefined) ?? []).map((v) => addressOption("--verifier", v));
        if (committee === verifiers.length > 0)
          throw new ConfigError("--verifier", "give either --verifier addresses or --committee");
        const beneficiary = addressOption("--beneficiary", flags.beneficiary);
        const token: Address =
          flags.token === undefined
            ? "0x0000000000000000000000000000000000000000"
            : addressOption("--token", flags.token);
        const open = durationOption("--deadline", flags.deadline);
        const window = durationOption("--release-window", flags.releaseWindow);
        const { context, wallet } = await participant(flags);
        const now = await chainTime(context.client);
        return createCampaign(context, wallet, {
          beneficiary,
          token,
          deadline: Number(now + open),
          releaseDeadline: Number(now + open + window),
          committee,
          verifiers,
          milestones,
          metadataURI: String(flags.metadata ?? ""),
        });
      }),
    );

  action("donate", "donate <amount> whole tokens to <campaign> (approves the token first)")
    .argument("<campaign>")
    .argument("<amount>")
    .option("--for <address>", "the donor of record (receipt and refund); default the signer")
    .action(
      run(async (campaign: string, amount: string, flags: Options) => {
        const id = idArgument("<campaign>", campaign);
        const value = tokensOption("<amount>", amount);
        const donor = flags.for === undefined ? undefined : addressOption("--for", flags.for);
        const { context, wallet } = await participant(flags);
        return donate(context, wallet, id, value, donor);
      }),
    );

  action("submit-evidence", "the beneficiary's evidence for <milestone> of <campaign>")
    .argument("<campaign>")
    .argument("<milestone>")
    .option("--evidence <uri[=hash]>", "a URI and its content hash (default keccak256 of the URI); repeat", collect)
    .action(
      run(async (campaign: string, milestone: string, flags: Options) => {
        const items = ((flags.evidence as string[] | undefined) ?? []).map(evidenceOption);
        if (items.length === 0) throw new ConfigError("--evidence", "at least one evidence URI is needed");
        const { context, wallet } = await participant(flags);
        return submitEvidence(
          context,
          wallet,
          idArgument("<campaign>", campaign),
          idArgument("<milestone>", milestone),
          items.map((item) => item.uri),
          items.map((item) => item.hash),
        );
      }),
    );

  action("approve", "a verifier approves the evidence of <milestone>; a strict majority releases it")
    .argument("<campaign>")
    .argument("<milestone>")
    .action(
      run(async (campaign: string, milestone: string, flags: Options) => {
        const { context, wallet } = await participant(flags);
        return approveEvidence(
          context,
          wallet,
          idArgument("<campaign>", campaign),
          idArgument("<milestone>", milestone),
        );
      }),
    );

  chain(charity.command("trace").description("the milestone payments <donation> funded, and what is unspent"))
    .argument("<donation>")
    .action(
      run(async (donation: string, flags: Options) => {
        const id = idArgument("<donation>", donation);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, CHARITY_CATALOG);
        const { context } = await connect(config);
        return traceDonation(context, id);
      }),
    );

  return charity;
}

export const commands: CommandTable = ({ chain, key }) => [charityCommands(chain, key)];
