// `jiaozi stake <command>`: a staker's EconomicPool from the shell. Every command prints one JSON
// object; amounts are given and printed in whole tokens.
import { Command } from "commander";
import type { CommandTable, Wrap } from "../core/options.ts";
import {
  addressOption,
  participant as connectAs,
  printResult,
  tokensOption,
  type Options,
} from "../core/participant.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import { STAKING_CATALOG } from "./catalog.ts";
import { claim, delegateStake, deposit, stakeStatus, withdraw } from "./stake.ts";

const TOKEN_AMOUNTS = new Set(["amount", "principal", "earned"]);
const print = (result: object) => printResult(result, TOKEN_AMOUNTS);
const participant = (flags: Options) => connectAs(flags, STAKING_CATALOG);

export function stakingCommands(chain: Wrap, signer: Wrap): Command {
  const stake = new Command("stake").description(
    "the economic pool: deposit and withdraw during a raise, claim rewards, delegate staked votes",
  );
  const action = (name: string, description: string) => signer(stake.command(name).description(description));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  action("deposit", "stake tokens during a raise (approves the pool first); 0 or at least the minimum after")
    .option("--amount <tokens>", "tokens to stake")
    .action(
      run(async (flags) => {
        const amount = tokensOption("--amount", flags.amount);
        const { context, wallet } = await participant(flags);
        return deposit(context, wallet, amount);
      }),
    );

  action("withdraw", "take staked tokens back during a raise; 0 or at least the minimum after")
    .option("--amount <tokens>", "tokens to withdraw")
    .action(
      run(async (flags) => {
        const amount = tokensOption("--amount", flags.amount);
        const { context, wallet } = await participant(flags);
        return withdraw(context, wallet, amount);
      }),
    );

  action("claim", "claim your rewards of settled rounds").action(
    run(async (flags) => {
      const { context, wallet } = await participant(flags);
      return claim(context, wallet);
    }),
  );

  action("delegate", "delegate your staked votes (to yourself unless --to)")
    .option("--to <address>", "delegatee")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return delegateStake(context, wallet, flags.to === undefined ? undefined : addressOption("--to", flags.to));
      }),
    );

  chain(stake.command("status").description("an account's stake, rewards and the pool's phase"))
    .option("--account <address>", "the staker")
    .action(
      run(async (flags) => {
        const account = addressOption("--account", flags.account);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, STAKING_CATALOG);
        const { context } = await connect(config);
        return { account, ...(await stakeStatus(context, account)) };
      }),
    );

  return stake;
}

/** The staking module's command table (keepers/src/modules.ts). */
export const commands: CommandTable = ({ chain, key }) => [stakingCommands(chain, key)];
