// `jiaozi stake|honor|committee <command>`: the staking pools from the shell (a staker's
// EconomicPool, an honor node's HonorPool and candidacy, the committee's terms and impeachment).
// Every command prints one JSON object; amounts are given and printed in whole tokens.
import { Command } from "commander";
import { addressOption as resolveAddressOption, addressOrAlias, resolveAddress } from "../accounts/resolve.ts";
import type { CommandTable, Wrap } from "../core/options.ts";
import { participant as connectAs, printResult, tokensOption, type Options } from "../core/participant.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import { STAKING_CATALOG } from "./catalog.ts";
import { declareCandidacy } from "./committee.ts";
import { committeeCommands } from "./committeeCommands.ts";
import { completeWithdraw, honorStake, honorStatus, requestWithdraw } from "./honor.ts";
import { claim, delegateStake, deposit, stakeStatus, withdraw } from "./stake.ts";

const TOKEN_AMOUNTS = new Set(["amount", "principal", "earned", "stake", "pending"]);
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
    .option("--to <address|alias>", "delegatee")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        return delegateStake(
          context,
          wallet,
          flags.to === undefined ? undefined : await resolveAddressOption(context, "--to", flags.to),
        );
      }),
    );

  chain(stake.command("status").description("an account's stake, rewards and the pool's phase"))
    .option("--account <address|alias>", "the staker")
    .action(
      run(async (flags) => {
        const accountRef = addressOrAlias("--account", flags.account);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, STAKING_CATALOG);
        const { context } = await connect(config);
        const account = await resolveAddress(context, accountRef);
        return { account, ...(await stakeStatus(context, account)) };
      }),
    );

  return stake;
}

export function honorCommands(chain: Wrap, signer: Wrap): Command {
  const honor = new Command("honor").description(
    "the honor pool: stake, request and complete withdrawals, declare candidacy for the committee",
  );
  const action = (name: string, description: string) => signer(honor.command(name).description(description));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));

  action("stake", "stake tokens as an honor node (approves the pool first); at least the minimum after")
    .option("--amount <tokens>", "tokens to stake")
    .action(
      run(async (flags) => {
        const amount = tokensOption("--amount", flags.amount);
        const { context, wallet } = await participant(flags);
        return honorStake(context, wallet, amount);
      }),
    );

  action("request-withdraw", "request stake out (payable after the delay; refused while the committee locks you)")
    .option("--amount <tokens>", "tokens to withdraw")
    .action(
      run(async (flags) => {
        const amount = tokensOption("--amount", flags.amount);
        const { context, wallet } = await participant(flags);
        return requestWithdraw(context, wallet, amount);
      }),
    );

  action("complete", "pay a due withdrawal request to its node (yours unless --node)")
    .option("--node <address|alias>", "the node whose request to pay")
    .action(
      run(async (flags) => {
        const { context, wallet } = await participant(flags);
        const node =
          flags.node === undefined
            ? wallet.account!.address
            : await resolveAddressOption(context, "--node", flags.node);
        return completeWithdraw(context, wallet, node);
      }),
    );

  action("declare", "declare candidacy for the committee's next open term").action(
    run(async (flags) => {
      const { context, wallet } = await participant(flags);
      return declareCandidacy(context, wallet);
    }),
  );

  chain(honor.command("status").description("a node's stake, request, lock and reputation factors"))
    .option("--node <address|alias>", "the node")
    .action(
      run(async (flags) => {
        const nodeRef = addressOrAlias("--node", flags.node);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, STAKING_CATALOG);
        const { context } = await connect(config);
        const node = await resolveAddress(context, nodeRef);
        return { node, ...(await honorStatus(context, node)) };
      }),
    );

  return honor;
}

/** The staking module's command table (keepers/src/modules.ts): stake, honor and committee. */
export const commands: CommandTable = ({ chain, key }) => [
  stakingCommands(chain, key),
  honorCommands(chain, key),
  committeeCommands(chain, key),
];
