// `jiaozi alias <command>`: names for addresses (AliasRegistry, DESIGN §13). Every command prints
// one JSON object; the fee is printed in whole tokens. Names are normalised (trim, NFKC, lower
// case) and checked against the registry's rules before anything is sent.
import { Command } from "commander";
import { isHex, type Hex } from "viem";
import type { CommandTable, Wrap } from "../core/options.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import { ConfigError } from "../core/errors.ts";
import { participant as connectAs, printResult, type Options } from "../core/participant.ts";
import { ACCOUNTS_CATALOG } from "./catalog.ts";
import { aliasProblem, normaliseAlias } from "./names.ts";
import { registerAlias } from "./register.ts";
import { addressOrAlias, resolveAddress } from "./resolve.ts";
import { acceptAlias, cancelAliasOffer, offerAlias, releaseAlias, setAliasKey } from "./transfer.ts";
import { accountAlias, aliasStatus } from "./views.ts";

const TOKEN_AMOUNTS = new Set(["fee"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, ACCOUNTS_CATALOG);

/** The alias argument, normalised and checked (a ConfigError names the rule it breaks). */
export function aliasArgument(value: string): string {
  const name = normaliseAlias(value);
  const problem = aliasProblem(name);
  if (problem !== undefined) throw new ConfigError("<alias>", `"${name}" ${problem.message}`);
  return name;
}

/** A 33-byte compressed secp256k1 key (the registry checks it is on the curve). */
function publicKeyOption(value: unknown): Hex {
  if (typeof value !== "string" || !isHex(value) || value.length !== 68 || !/^0x0[23]/.test(value))
    throw new ConfigError("--public-key", `"${value}" is not a 33-byte compressed public key (0x02… or 0x03…)`);
  return value;
}

export function aliasCommands(chain: Wrap, signer: Wrap): Command {
  const alias = new Command("alias").description(
    "names for addresses: register (fee to the council reserve), resolve, transfer, accept, release",
  );
  const action = (name: string, description: string) => signer(alias.command(name).description(description));
  const run =
    <A extends unknown[]>(body: (...args: A) => Promise<object>) =>
    async (...args: A) =>
      print(await body(...args));

  action("register", "register <alias> for the signer with its messaging public key (commit, wait, reveal)")
    .argument("<alias>", "3 to 32 of a-z, 0-9 and - (normalised to lower case)")
    .option("--public-key <hex>", "33-byte compressed secp256k1 key (0x02… or 0x03…)")
    .option("--no-commit", "plain register(alias, publicKey) without commit-reveal (can be front-run)")
    .action(
      run(async (value: string, flags: Options) => {
        const name = aliasArgument(value);
        const publicKey = publicKeyOption(flags.publicKey);
        const { context, wallet } = await participant(flags);
        return registerAlias(context, wallet, { name, publicKey, commit: flags.commit !== false });
      }),
    );

  chain(alias.command("resolve").description("the owner of an alias, or the alias of an address"))
    .argument("<alias-or-address>")
    .action(
      run(async (value: string, flags: Options) => {
        const ref = addressOrAlias("<alias-or-address>", value);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, ACCOUNTS_CATALOG);
        const { context } = await connect(config);
        if (ref.address !== undefined) return accountAlias(context, ref.address);
        const status = await aliasStatus(context, ref.alias);
        if (status.owner === null)
          throw new ConfigError("<alias-or-address>", `alias "${ref.alias}" is not registered`);
        return status;
      }),
    );

  action("transfer", "offer <alias> to --to (an address or an alias); it stays yours until accepted")
    .argument("<alias>")
    .option("--to <address|alias>", "the recipient")
    .action(
      run(async (value: string, flags: Options) => {
        const name = aliasArgument(value);
        const to = addressOrAlias("--to", flags.to);
        const { context, wallet } = await participant(flags);
        return offerAlias(context, wallet, name, await resolveAddress(context, to));
      }),
    );

  action("accept", "accept <alias> offered to the signer")
    .argument("<alias>")
    .action(
      run(async (value: string, flags: Options) => {
        const name = aliasArgument(value);
        const { context, wallet } = await participant(flags);
        return acceptAlias(context, wallet, name);
      }),
    );

  action("cancel", "withdraw the pending offer of <alias>")
    .argument("<alias>")
    .action(
      run(async (value: string, flags: Options) => {
        const name = aliasArgument(value);
        const { context, wallet } = await participant(flags);
        return cancelAliasOffer(context, wallet, name);
      }),
    );

  action("release", "free <alias> (cancels its pending offer); anyone may register it after")
    .argument("<alias>")
    .action(
      run(async (value: string, flags: Options) => {
        const name = aliasArgument(value);
        const { context, wallet } = await participant(flags);
        return releaseAlias(context, wallet, name);
      }),
    );

  action("set-key", "replace the messaging public key of the signer's alias")
    .option("--public-key <hex>", "33-byte compressed secp256k1 key")
    .action(
      run(async (flags: Options) => {
        const publicKey = publicKeyOption(flags.publicKey);
        const { context, wallet } = await participant(flags);
        return setAliasKey(context, wallet, publicKey);
      }),
    );

  return alias;
}

export const commands: CommandTable = ({ chain, key }) => [aliasCommands(chain, key)];
