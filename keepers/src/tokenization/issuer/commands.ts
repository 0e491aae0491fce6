// `keepers issuer <command>` (npm run issuer -- <command>; npm run issuer:launch -- --config f):
// an issuer's and a customer's path from the shell. Every command prints one JSON object;
// amounts are given and printed in whole tokens.
import { Command } from "commander";
import { addressOption as resolveAddressOption, addressOrAlias, resolveAddress } from "../../accounts/resolve.ts";
import type { CommandTable, Wrap } from "../../core/options.ts";
import { keccak256, stringToBytes } from "viem";
import { ConfigError } from "../../core/errors.ts";
import {
  contractsCatalog,
  participant as connectAs,
  printResult,
  tokensOption,
  type Options,
} from "../../core/participant.ts";
import { readLaunchFile } from "./config.ts";
import { launchToken } from "./launch.ts";
import { buy, buyback, consume, sell } from "./trade.ts";

const CATALOG = contractsCatalog("issuer", ["BaseToken", "TokenizationFactory"]);
const TOKEN_AMOUNTS = new Set([
  "baseIn",
  "amountOut",
  "amountIn",
  "baseOut",
  "amount",
  "deficit",
  "baseSpent",
  "reserve",
  "supply",
  "totalSupply",
]);
const participant = (flags: Options) => connectAs(flags, CATALOG);

function slippage(value: unknown): number {
  const bps = Number(value ?? 100);
  if (!Number.isInteger(bps) || bps < 0 || bps >= 10_000) {
    throw new ConfigError("--slippage-bps", `"${value}" is not a number of basis points below 10000`);
  }
  return bps;
}

export function issuerCommands(connection: Wrap, signer: Wrap): Command {
  const issuer = new Command("issuer").description("tokenization: launch, consume, buy, sell, buy back");
  const action = (name: string, description: string) =>
    signer(connection(issuer.command(name).description(description)));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) =>
    printResult(await body(flags), TOKEN_AMOUNTS);

  action("launch", "launch a token from a JSON file (validated first) with its market and commitment")
    .option(
      "--config <file>",
      "the launch file: name, symbol, metadataURI, supply, seedReserve, connectorWeight, commitment",
    )
    .action(
      run(async (flags) => {
        if (typeof flags.config !== "string") throw new ConfigError("--config", "the launch file is required");
        const plan = readLaunchFile(flags.config);
        const { context, wallet } = await participant(flags);
        return launchToken(context, wallet, plan);
      }),
    );

  action("consume", "burn tokens for the issuer's business, with a reference")
    .option("--token <address|alias>", "the issued token")
    .option("--amount <tokens>", "how much to consume")
    .option("--ref <text>", "the business reference (order, service), hashed", "")
    .option("--from <address|alias>", "consume a holder's tokens within your allowance")
    .action(
      run(async (flags) => {
        const tokenRef = addressOrAlias("--token", flags.token);
        const amount = tokensOption("--amount", flags.amount);
        const fromRef = flags.from === undefined ? undefined : addressOrAlias("--from", flags.from);
        const { context, wallet } = await participant(flags);
        const token = await resolveAddress(context, tokenRef);
        const from = fromRef === undefined ? undefined : await resolveAddress(context, fromRef);
        return consume(context, wallet, token, amount, keccak256(stringToBytes(String(flags.ref))), from);
      }),
    );

  for (const side of ["buy", "sell"] as const) {
    action(side, side === "buy" ? "buy tokens with base tokens" : "sell tokens for base tokens")
      .option("--token <address|alias>", "the issued token")
      .option("--amount <tokens>", side === "buy" ? "base tokens to pay" : "tokens to sell")
      .option("--slippage-bps <bps>", "accept this much less than the quote", "100")
      .action(
        run(async (flags) => {
          const tokenRef = addressOrAlias("--token", flags.token);
          const amount = tokensOption("--amount", flags.amount);
          const bps = slippage(flags.slippageBps);
          const { context, wallet } = await participant(flags);
          const token = await resolveAddress(context, tokenRef);
          return (side === "buy" ? buy : sell)(context, wallet, token, amount, bps);
        }),
      );
  }

  action("buyback", "cure a period's default: buy its deficit through the market and burn it")
    .option("--token <address|alias>", "the issued token")
    .option("--period <n>", "the defaulted period")
    .option("--slippage-bps <bps>", "pay at most this much above the quote", "100")
    .action(
      run(async (flags) => {
        const tokenRef = addressOrAlias("--token", flags.token);
        if (typeof flags.period !== "string" || !/^\d+$/.test(flags.period)) {
          throw new ConfigError("--period", `"${flags.period}" is not a period number`);
        }
        const bps = slippage(flags.slippageBps);
        const { context, wallet } = await participant(flags);
        const token = await resolveAddress(context, tokenRef);
        return buyback(context, wallet, token, BigInt(flags.period), bps);
      }),
    );

  return issuer;
}

/** The tokenization module's command table (keepers/src/modules.ts). */
export const commands: CommandTable = ({ chain, key }) => [issuerCommands(chain, key)];
