// Every module's command table, by folder: a module's issue adds its keepers/src/<module>/commands.ts
// here (as it adds its jobs to jobs.ts), and `jiaozi <command>` finds its commands.
import { commands as accounts } from "./accounts/commands.ts";
import { commands as charity } from "./community/charity/commands.ts";
import { commands as core } from "./core/commands.ts";
import { commands as data } from "./community/data/commands.ts";
import { commands as governance } from "./governance/commands.ts";
import type { CommandTable } from "./core/options.ts";
import { commands as insurance } from "./insurance/commands.ts";
import { commands as staking } from "./staking/commands.ts";
import { commands as storage } from "./storage/commands.ts";
import { commands as tokenization } from "./tokenization/issuer/commands.ts";
import { commands as wallets } from "./accounts/walletCommands.ts";
import { commands as procurement } from "./community/procurement/commands.ts";

export const COMMAND_TABLES: Readonly<Record<string, CommandTable>> = {
  core,
  governance,
  tokenization,
  storage,
  staking,
  insurance,
  accounts,
  wallets,
  data,
  procurement,
  charity,
};
