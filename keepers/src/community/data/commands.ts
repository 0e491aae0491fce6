// `jiaozi data <command>` and `jiaozi proxy`: the data market (DESIGN §13). The seller prepares a
// file (encrypted with a fresh data key; the encrypted bytes go to a lease or a URL), lists it and
// shares the key with proxies; the buyer buys, decrypts (checking the content hash), confirms or
// disputes; Committee members vote on disputes; a proxy registers and runs `jiaozi proxy`, which
// delivers. Every command prints one JSON object; amounts print in whole tokens. The messaging key
// (the private key whose public key the AliasRegistry holds) is the signer's own unless
// --messaging-key (JIAOZI_MESSAGING_KEY) names another.
import { Command, Option } from "commander";
import { readFileSync, writeFileSync } from "node:fs";
import { privateKeyToAccount } from "viem/accounts";
import { isHex, type Hex } from "viem";
import { connect, createSigner } from "../../core/chain.ts";
import { resolveConfig, resolveSignerKey, type CliOptions } from "../../core/config.ts";
import { daemon, log } from "../../core/daemon.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Job } from "../../core/job.ts";
import type { CommandTable, Wrap } from "../../core/options.ts";
import { participant as connectAs, printResult, tokensOption, type Options } from "../../core/participant.ts";
import { addressOrAlias, resolveAddress } from "../../accounts/resolve.ts";
import { DATA_CATALOG } from "./catalog.ts";
import { publicKeyOf } from "./crypto.ts";
import {
  buyData,
  confirmOrder,
  decryptOrder,
  disputeOrder,
  listData,
  prepareData,
  registerProxy,
  shareDataKey,
  voteDispute,
} from "./market.ts";
import { proxyDeliverJob } from "./proxy.ts";

const TOKEN_AMOUNTS = new Set(["price", "fee", "bond", "collateral"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, DATA_CATALOG);

function idArgument(name: string, value: string): bigint {
  if (!/^[0-9]+$/.test(value) || BigInt(value) === 0n) throw new ConfigError(name, `"${value}" is not an id`);
  return BigInt(value);
}

function hexOption(flag: string, value: unknown, bytes: number): Hex {
  if (typeof value !== "string" || !isHex(value) || value.length !== 2 + 2 * bytes)
    throw new ConfigError(flag, `"${value}" is not ${bytes} bytes of hex`);
  return value;
}

/** The messaging private key: --messaging-key, JIAOZI_MESSAGING_KEY, or the signer's key. */
async function messagingKey(flags: Options): Promise<Hex> {
  const given = (flags.messagingKey as string | undefined) ?? process.env.JIAOZI_MESSAGING_KEY;
  if (given !== undefined) return hexOption("--messaging-key", given, 32);
  return resolveSignerKey(flags);
}

const messagingOption = () =>
  new Option("--messaging-key <hex>", "private key of the AliasRegistry public key (default: the signer's)").env(
    "JIAOZI_MESSAGING_KEY",
  );

export function dataCommands(chain: Wrap, key: Wrap): Command {
  const data = new Command("data").description(
    "the data market: prepare, list, share-key, buy, confirm, dispute, vote, decrypt, register-proxy",
  );
  const action = (name: string, description: string) => key(chain(data.command(name).description(description)));
  const run =
    <A extends unknown[]>(body: (...args: A) => Promise<object>) =>
    async (...args: A) =>
      print(await body(...args));

  data
    .command("prepare")
    .description("encrypt --file with a fresh data key into --out; prints the data key and the content hash")
    .option("--file <path>", "the plaintext data")
    .option("--out <path>", "where the encrypted bytes go (store them in a lease or at a URL)")
    .action(
      run(async (flags: { file?: string; out?: string }) => {
        if (!flags.file) throw new ConfigError("--file", "the data file is required");
        if (!flags.out) throw new ConfigError("--out", "the output file is required");
        const { dataKey, encrypted, contentHash } = prepareData(new Uint8Array(readFileSync(flags.file)));
        writeFileSync(flags.out, encrypted);
        return { out: flags.out, bytes: encrypted.length, contentHash, dataKey };
      }),
    );

  action("list", "list data for sale: where its encrypted bytes are (--lease or --url), price, content hash")
    .option("--title <text>", "title", "")
    .option("--tags <list>", "comma-separated tags", "")
    .option("--description <uri>", "description URI", "")
    .option("--price <tokens>", "price in whole tokens")
    .option("--content-hash <hex>", "keccak256 of the plaintext (data prepare prints it)")
    .option("--lease <id>", "the StorageMarket lease holding the encrypted bytes")
    .option("--url <url>", "the URL of the encrypted bytes")
    .action(
      run(async (flags: Options) => {
        const price = tokensOption("--price", flags.price);
        const contentHash = hexOption("--content-hash", flags.contentHash, 32);
        if ((flags.lease === undefined) === (flags.url === undefined))
          throw new ConfigError("--lease", "give exactly one of --lease and --url");
        const leaseId = flags.lease === undefined ? 0n : idArgument("--lease", String(flags.lease));
        const { context, wallet } = await participant(flags);
        return listData(context, wallet, {
          title: String(flags.title ?? ""),
          tags: String(flags.tags ?? ""),
          descriptionURI: String(flags.description ?? ""),
          price,
          contentHash,
          leaseId,
          url: String(flags.url ?? ""),
        });
      }),
    );

  action("share-key", "give --proxy the data key of <listing>, encrypted to the proxy's public key")
    .argument("<listing>")
    .option("--proxy <address|alias>", "the proxy")
    .option("--data-key <hex>", "the data key (data prepare prints it)")
    .action(
      run(async (listing: string, flags: Options) => {
        const listingId = idArgument("<listing>", listing);
        const dataKey = hexOption("--data-key", flags.dataKey, 32);
        const ref = addressOrAlias("--proxy", flags.proxy);
        const { context, wallet } = await participant(flags);
        return shareDataKey(context, wallet, listingId, await resolveAddress(context, ref), dataKey);
      }),
    );

  action("register-proxy", "register the signer as a proxy with --collateral and --fee-bps")
    .option("--collateral <tokens>", "collateral in whole tokens")
    .option("--fee-bps <bps>", "fee in basis points of the price", "0")
    .action(
      run(async (flags: Options) => {
        const collateral = tokensOption("--collateral", flags.collateral);
        const feeBps = String(flags.feeBps ?? "0");
        if (!/^[0-9]+$/.test(feeBps)) throw new ConfigError("--fee-bps", `"${feeBps}" is not a number of bps`);
        const { context, wallet } = await participant(flags);
        return registerProxy(context, wallet, collateral, BigInt(feeBps));
      }),
    );

  action("buy", "buy <listing> through --proxy (price and the upkeep fee are approved and paid)")
    .argument("<listing>")
    .option("--proxy <address|alias>", "a proxy the seller shared the key with")
    .action(
      run(async (listing: string, flags: Options) => {
        const listingId = idArgument("<listing>", listing);
        const ref = addressOrAlias("--proxy", flags.proxy);
        const { context, wallet } = await participant(flags);
        return buyData(context, wallet, listingId, await resolveAddress(context, ref));
      }),
    );

  action("confirm", "confirm a delivered <order>: the seller is paid")
    .argument("<order>")
    .action(
      run(async (order: string, flags: Options) => {
        const orderId = idArgument("<order>", order);
        const { context, wallet } = await participant(flags);
        return confirmOrder(context, wallet, orderId);
      }),
    );

  action("dispute", "dispute a delivered <order> within its window (the dispute bond is approved and paid)")
    .argument("<order>")
    .option("--evidence <uri>", "what the Committee should look at", "")
    .action(
      run(async (order: string, flags: Options) => {
        const orderId = idArgument("<order>", order);
        const { context, wallet } = await participant(flags);
        return disputeOrder(context, wallet, orderId, String(flags.evidence ?? ""));
      }),
    );

  action("vote", "a Committee member's vote on the dispute of <order>")
    .argument("<order>")
    .option("--seat <n>", "the member's seat in the dispute's term")
    .option("--for <side>", "buyer or seller")
    .action(
      run(async (order: string, flags: Options) => {
        const orderId = idArgument("<order>", order);
        const seat = String(flags.seat ?? "");
        if (!/^[0-9]+$/.test(seat)) throw new ConfigError("--seat", `"${seat}" is not a seat`);
        if (flags.for !== "buyer" && flags.for !== "seller") throw new ConfigError("--for", "buyer or seller");
        const { context, wallet } = await participant(flags);
        return voteDispute(context, wallet, orderId, BigInt(seat), flags.for === "buyer");
      }),
    );

  key(
    chain(
      data
        .command("decrypt")
        .description("decrypt a delivered <order> into --out, checking the listing's content hash")
        .argument("<order>")
        .option("--out <path>", "where the plaintext goes")
        .option("--file <path>", "the encrypted bytes (default: fetched from the lease's providers or the URL)")
        .addOption(messagingOption()),
    ),
  ).action(
    run(async (order: string, flags: Options) => {
      const orderId = idArgument("<order>", order);
      if (!flags.out) throw new ConfigError("--out", "the output file is required");
      const privateKey = await messagingKey(flags);
      const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, DATA_CATALOG);
      const { context } = await connect(config);
      const encrypted = flags.file ? new Uint8Array(readFileSync(String(flags.file))) : undefined;
      const { data: plaintext, contentHash, listingId } = await decryptOrder(context, privateKey, orderId, encrypted);
      writeFileSync(String(flags.out), plaintext);
      return { orderId, listingId, out: flags.out, bytes: plaintext.length, contentHash, verified: true };
    }),
  );

  data
    .command("public-key")
    .description("the compressed public key of --messaging-key (or the signer's key), to register as an alias key")
    .addOption(messagingOption())
    .addOption(new Option("--private-key <hex>", "signer key").env("KEEPER_PRIVATE_KEY"))
    .action(
      run(async (flags: Options) => {
        const privateKey = await messagingKey(flags);
        return { account: privateKeyToAccount(privateKey).address, publicKey: publicKeyOf(privateKey) };
      }),
    );

  return data;
}

/** `jiaozi proxy`: the proxy's daemon (its one job, proxy-deliver). */
async function proxyDaemon(flags: CliOptions & Options): Promise<number> {
  const signerKey = await resolveSignerKey(flags);
  const proxy = privateKeyToAccount(signerKey).address;
  const privateKey = await messagingKey(flags);
  const job = proxyDeliverJob(proxy, privateKey, log);
  const catalog = { [job.name]: job as Job<unknown> };
  const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, catalog);
  const chain = await connect(config);
  const signer = await createSigner(chain, signerKey, config);
  return daemon({ config, chain, signer });
}

export const commands: CommandTable = ({ chain, key, connection, signer }) => [
  dataCommands(chain, key),
  signer(
    connection(
      new Command("proxy").description(
        "run a data-market proxy: deliver the key of each order naming it, re-encrypted to the buyer",
      ),
    ),
  )
    .addOption(messagingOption())
    .action(async (flags: CliOptions & Options) => {
      process.exitCode = await proxyDaemon(flags);
    }),
];
