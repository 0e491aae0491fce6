// `jiaozi insure <command>`: the insurance market from the shell — an issuer creates a product from
// a product file (validated field by field, productFile.ts), underwriters deposit and withdraw pool
// capital, a policyholder buys cover on a subject (`--key UA1545:20130101 --observes-at <time>`),
// and anyone reads a product's status or an account's shares, policies and owed payments. Every
// command prints one JSON object; amounts are given and printed in whole tokens.
import { Command } from "commander";
import { addressOption as resolveAddressOption, addressOrAlias, resolveAddress } from "../accounts/resolve.ts";
import { InsuranceMarketAbi } from "../../../abis/index.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import { call } from "../core/contracts.ts";
import { ConfigError } from "../core/errors.ts";
import type { CommandTable, Wrap } from "../core/options.ts";
import {
  moduleCatalog,
  participant as connectAs,
  printResult,
  tokensOption,
  type Options,
} from "../core/participant.ts";
import { transact } from "../core/send.ts";
import { commands as feederCommands } from "./feederCommands.ts";
import { buyCover, insuranceStatus, redeem, underwrite } from "./market.ts";
import { readProductFile } from "./productFile.ts";

export const INSURANCE_CATALOG = moduleCatalog("insurance", ["BaseToken"]);

const TOKEN_AMOUNTS = new Set([
  "amount",
  "value",
  "sumInsured",
  "premium",
  "upkeepFee",
  "maxPayout",
  "assets",
  "locked",
  "unearned",
  "lockedMatured",
  "free",
  "owed",
  "maxSumInsured",
  "maxExposurePerSubject",
]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, INSURANCE_CATALOG);

function productOption(value: unknown): bigint {
  if (typeof value === "string" && /^[1-9][0-9]*$/.test(value)) return BigInt(value);
  throw new ConfigError("--product", `"${value}" is not a product id`);
}

/** Unix seconds, an ISO 8601 time, or "+<seconds>" from now (chain time). */
function instantOption(flag: string, value: unknown, now: bigint): bigint {
  if (typeof value === "string") {
    if (/^\+[0-9]+$/.test(value)) return now + BigInt(value.slice(1));
    if (/^[1-9][0-9]*$/.test(value)) return BigInt(value);
    const ms = Date.parse(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(ms)) return BigInt(Math.floor(ms / 1000));
  }
  throw new ConfigError(flag, `"${value}" is not a time (unix seconds, ISO 8601, or +seconds from now)`);
}

function sharesOption(value: unknown): bigint | undefined {
  if (value === undefined || value === "all") return undefined;
  try {
    const shares = BigInt(String(value));
    if (shares > 0n) return shares;
  } catch {
    // reported below
  }
  throw new ConfigError("--shares", `"${value}" is not a positive number of shares (or "all")`);
}

export function insureCommands(chain: Wrap, signer: Wrap): Command {
  const insure = new Command("insure").description(
    "parametric insurance: create products, underwrite their pools, buy cover, read status",
  );
  const action = (name: string, description: string) => signer(insure.command(name).description(description));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  action("create-product", "create a product from a product file (deploy/products/*.json), with its empty pool")
    .option("--file <path>", "the product file")
    .action(
      run(async (flags) => {
        if (typeof flags.file !== "string") throw new ConfigError("--file", "a product file is required");
        const { context, wallet } = await participant(flags);
        const block = await context.client.getBlock();
        const plan = readProductFile(flags.file, block.timestamp);
        const receipt = await transact(
          context,
          wallet,
          call(context, "InsuranceMarket", "createProduct", [plan.terms]),
        );
        const [created] = await context.client.getContractEvents({
          address: context.address("InsuranceMarket"),
          abi: InsuranceMarketAbi,
          eventName: "ProductCreated",
          blockHash: receipt.blockHash,
          strict: true,
        });
        return {
          productId: created?.args.productId ?? 0n,
          name: plan.terms.name,
          feed: plan.feed,
          feedId: plan.terms.feedId,
          saleStart: plan.terms.saleStart,
          saleEnd: plan.terms.saleEnd,
          transactionHash: receipt.transactionHash,
        };
      }),
    );

  action("deposit", "underwrite a product's pool: deposit tokens for shares (approves the market first)")
    .option("--product <id>", "the product")
    .option("--amount <tokens>", "tokens to deposit")
    .action(
      run(async (flags) => {
        const productId = productOption(flags.product);
        const amount = tokensOption("--amount", flags.amount);
        const { context, wallet } = await participant(flags);
        return underwrite(context, wallet, productId, amount);
      }),
    );

  action("withdraw", "redeem pool shares for free capital (all of yours unless --shares)")
    .option("--product <id>", "the product")
    .option("--shares <count>", 'shares to redeem, or "all"')
    .action(
      run(async (flags) => {
        const productId = productOption(flags.product);
        const shares = sharesOption(flags.shares);
        const { context, wallet } = await participant(flags);
        return redeem(context, wallet, productId, shares);
      }),
    );

  action("buy", "buy cover on a subject (premium and upkeep fee approved first); paid out with no claim")
    .option("--product <id>", "the product")
    .option("--key <key>", "the subject's key, e.g. UA1545:20130101 or EWR:20130116")
    .option("--observes-at <time>", "its observation time: unix seconds, ISO 8601, or +seconds from now")
    .option("--sum <tokens>", "the sum insured")
    .option("--payee <address|alias>", "where the payout goes (the buyer unless given)")
    .action(
      run(async (flags) => {
        const productId = productOption(flags.product);
        if (typeof flags.key !== "string" || flags.key === "")
          throw new ConfigError("--key", "a subject key is required");
        const sumInsured = tokensOption("--sum", flags.sum);
        const payeeRef = flags.payee === undefined ? undefined : addressOrAlias("--payee", flags.payee);
        const { context, wallet } = await participant(flags);
        const payee = payeeRef === undefined ? undefined : await resolveAddress(context, payeeRef);
        const now = (await context.client.getBlock()).timestamp;
        const observesAt = instantOption("--observes-at", flags.observesAt, now);
        return buyCover(context, wallet, { productId, key: flags.key, observesAt, sumInsured, payee });
      }),
    );

  chain(insure.command("status").description("a product's pool and terms, and an account's shares and policies"))
    .option("--product <id>", "the product")
    .option("--account <address|alias>", "an underwriter or policyholder")
    .action(
      run(async (flags) => {
        const productId = productOption(flags.product);
        const accountRef = flags.account === undefined ? undefined : addressOrAlias("--account", flags.account);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, INSURANCE_CATALOG);
        const { context } = await connect(config);
        const account = accountRef === undefined ? undefined : await resolveAddress(context, accountRef);
        return insuranceStatus(context, productId, account);
      }),
    );

  return insure;
}

/** The insurance module's command table (keepers/src/modules.ts): insure and the oracle feeder. */
export const commands: CommandTable = (options) => [
  insureCommands(options.chain, options.key),
  ...feederCommands(options),
];
