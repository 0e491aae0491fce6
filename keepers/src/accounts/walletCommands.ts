// `jiaozi wallet create|guardians|recover|approve|cancel|exec|status`: the recoverable wallets
// (DESIGN §13) from the shell. Every command prints one JSON object; --value is in ether (wei of
// the chain's coin), delays are durations ("7d", "6h", "90s") of chain time, as given.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { encodeFunctionData, isHex, parseAbiItem, parseEther, type Abi, type Address, type Hex } from "viem";
import { ConfigError } from "../core/errors.ts";
import type { CommandTable, Wrap } from "../core/options.ts";
import { addressOption, participant as connectAs, printResult, type Options } from "../core/participant.ts";
import { connect } from "../core/chain.ts";
import { resolveConfig } from "../core/config.ts";
import type { JobContext } from "../core/job.ts";
import { isContractName } from "../../../lib/manifest.ts";
import { parseDuration } from "../../../lib/validate.ts";
import { WALLET_CATALOG } from "./walletCatalog.ts";
import {
  applyGuardianChange,
  approveRecovery,
  cancelGuardianChange,
  cancelRecovery,
  createWallet,
  executeCalls,
  executeRecovery,
  predictWallet,
  proposeGuardianChange,
  proposeRecovery,
  recoveryStatus,
  walletSalt,
  walletStatus,
  type WalletCall,
} from "./wallet.ts";

const print = (result: object) => printResult(result, new Set());
const participant = (flags: Options) => connectAs(flags, WALLET_CATALOG);

/** Addresses from a repeatable or comma-separated flag. */
export function addressList(flag: string, value: unknown): Address[] {
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === "string" ? v.split(",").map((s) => s.trim()) : [],
  );
  return items.filter((s) => s !== "").map((s) => addressOption(flag, s));
}

/** A non-negative integer from a flag. */
export function integerOption(flag: string, value: unknown): bigint {
  if (typeof value === "string" && /^[0-9]+$/.test(value)) return BigInt(value);
  throw new ConfigError(flag, `"${value}" is not a non-negative integer`);
}

/** A duration flag in seconds ("7d", "90s" or a number of seconds). */
export function delayOption(flag: string, value: unknown): bigint {
  const seconds = typeof value === "string" && /^[0-9]+$/.test(value) ? BigInt(value) : parseDuration(value);
  if (seconds === undefined) throw new ConfigError(flag, `"${value}" is not a duration ("7d", "6h", "90s")`);
  return seconds;
}

function valueOption(value: unknown): bigint {
  if (value === undefined) return 0n;
  try {
    const wei = parseEther(String(value));
    if (wei >= 0n) return wei;
  } catch {
    // reported below
  }
  throw new ConfigError("--value", `"${value}" is not an amount of ether`);
}

/** The target of a call: an address, or a contract of the deployments file by name. */
function targetOf(context: JobContext, flag: string, value: unknown): Address {
  if (typeof value === "string" && isContractName(value) && value in context.deployments.contracts) {
    return context.deployments.contracts[value].address as Address;
  }
  return addressOption(flag, value);
}

interface CallSpec {
  to?: unknown;
  value?: unknown;
  data?: unknown;
  function?: unknown;
  args?: unknown;
}

/** Calldata from `--data <hex>`, or from `--function "deposit(uint256)" --args '["1"]'`. */
export function calldataOf(spec: CallSpec, where: string): Hex {
  if (spec.data !== undefined) {
    if (typeof spec.data !== "string" || !isHex(spec.data)) throw new ConfigError(`${where}data`, "is not hex");
    return spec.data;
  }
  if (spec.function === undefined) return "0x";
  let item;
  try {
    item = parseAbiItem(`function ${String(spec.function).replace(/^function /, "")}`);
  } catch {
    throw new ConfigError(`${where}function`, `"${spec.function}" is not a function signature`);
  }
  let args: unknown = spec.args ?? [];
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      throw new ConfigError(`${where}args`, "is not a JSON array");
    }
  }
  if (!Array.isArray(args)) throw new ConfigError(`${where}args`, "is not a JSON array");
  // JSON has no big integers: an (u)int argument may be given as a decimal string.
  const inputs = "inputs" in item ? item.inputs : [];
  const typed = args.map((arg, i) =>
    typeof arg === "string" && /^u?int\d*$/.test(inputs[i]?.type ?? "") && /^-?[0-9]+$/.test(arg) ? BigInt(arg) : arg,
  );
  try {
    return encodeFunctionData({ abi: [item] as Abi, args: typed });
  } catch (error) {
    throw new ConfigError(`${where}args`, `do not fit ${spec.function}: ${(error as Error).message.split("\n")[0]}`);
  }
}

function callsOf(context: JobContext, flags: Options): WalletCall[] {
  if (flags.batch !== undefined) {
    let specs: unknown;
    try {
      specs = JSON.parse(readFileSync(String(flags.batch), "utf8"));
    } catch (error) {
      throw new ConfigError("--batch", `cannot read a JSON array of calls: ${(error as Error).message}`);
    }
    if (!Array.isArray(specs) || specs.length === 0) throw new ConfigError("--batch", "is not a non-empty JSON array");
    return specs.map((spec: CallSpec, i) => ({
      target: targetOf(context, `--batch[${i}].to`, spec.to),
      value: valueOption(spec.value),
      data: calldataOf(spec, `--batch[${i}].`),
    }));
  }
  return [
    {
      target: targetOf(context, "--to", flags.to),
      value: valueOption(flags.value),
      data: calldataOf({ data: flags.data, function: flags.function, args: flags.args }, "--"),
    },
  ];
}

export function walletCommands(chain: Wrap, signer: Wrap): Command {
  const wallet = new Command("wallet").description(
    "recoverable wallets: create one, call through it, change its guardians, recover it with M of N guardians",
  );
  const action = (name: string, description: string) => signer(wallet.command(name).description(description));
  const run = (body: (flags: Options) => Promise<object>) => async (flags: Options) => print(await body(flags));
  const walletFlag = (flags: Options) => addressOption("--wallet", flags.wallet);

  action("create", "create a wallet (a clone at an address known in advance) for --owner, the signer by default")
    .option("--owner <address>", "the owner (default: the signer)")
    .option("--guardian <addresses...>", "guardians (repeatable or comma-separated)")
    .option("--threshold <m>", "approvals a recovery needs (2 <= M <= guardians)", "2")
    .option("--delay <duration>", "recovery and guardian-change delay (default: the factory's)", "0")
    .option("--salt <text>", "salt (a 32-byte hex or any text, hashed)")
    .option("--predict", "only print the address it would have")
    .action(
      run(async (flags) => {
        const guardians = addressList("--guardian", flags.guardian);
        const threshold = integerOption("--threshold", flags.threshold);
        const delay = delayOption("--delay", flags.delay);
        const salt = walletSalt(flags.salt as string | undefined);
        const { context, wallet: signerWallet } = await participant(flags);
        const owner = flags.owner === undefined ? signerWallet.account!.address : addressOption("--owner", flags.owner);
        if (flags.predict) return predictWallet(context, owner, guardians, threshold, delay, salt);
        return createWallet(context, signerWallet, owner, guardians, threshold, delay, salt);
      }),
    );

  action("exec", "the owner calls a contract through the wallet (--to/--data|--function, or --batch file)")
    .option("--wallet <address>", "the wallet")
    .option("--to <address|contract>", "target: an address or a contract of the deployments file")
    .option("--value <ether>", "value sent with the call")
    .option("--data <hex>", "calldata")
    .option("--function <signature>", 'function signature, e.g. "deposit(uint256)"')
    .option("--args <json>", "arguments of --function as a JSON array")
    .option("--batch <file>", 'JSON array of {"to","value","data"|"function","args"}: one executeBatch')
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const { context, wallet: signerWallet } = await participant(flags);
        return executeCalls(context, signerWallet, address, callsOf(context, flags));
      }),
    );

  action("guardians", "the owner proposes a guardian change (waits the delay), or --apply / --cancel the pending one")
    .option("--wallet <address>", "the wallet")
    .option("--set <addresses...>", "the whole new guardian set")
    .option("--add <addresses...>", "guardians to add")
    .option("--remove <addresses...>", "guardians to remove")
    .option("--threshold <m>", "the new threshold (default: the current one)")
    .option("--delay <duration>", "the new delay (default: the current one)")
    .option("--apply", "apply the pending change once its delay has passed (anyone)")
    .option("--cancel", "cancel the pending change (owner)")
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const set = flags.set === undefined ? undefined : addressList("--set", flags.set);
        const add = addressList("--add", flags.add ?? []);
        const remove = addressList("--remove", flags.remove ?? []);
        const threshold = flags.threshold === undefined ? undefined : integerOption("--threshold", flags.threshold);
        const delay = flags.delay === undefined ? undefined : delayOption("--delay", flags.delay);
        const { context, wallet: signerWallet } = await participant(flags);
        if (flags.apply) return applyGuardianChange(context, signerWallet, address);
        if (flags.cancel) return cancelGuardianChange(context, signerWallet, address);
        const current = await walletStatus(context, address);
        const low = (a: string) => a.toLowerCase();
        const removed = new Set(remove.map(low));
        const base = (set ?? [...current.guardians]).filter((g) => !removed.has(low(g)));
        const next = [...base, ...add.filter((a) => !base.some((g) => low(g) === low(a)))];
        return proposeGuardianChange(
          context,
          signerWallet,
          address,
          next,
          threshold ?? current.threshold,
          delay ?? current.delay,
        );
      }),
    );

  action("recover", "a guardian proposes a new owner (its approval counts), or --execute a ready recovery (anyone)")
    .option("--wallet <address>", "the wallet")
    .option("--new-owner <address>", "the new owner")
    .option("--execute <id>", "execute recovery <id> once its delay has passed")
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const { context, wallet: signerWallet } = await participant(flags);
        if (flags.execute !== undefined) {
          return executeRecovery(context, signerWallet, address, integerOption("--execute", flags.execute));
        }
        return proposeRecovery(context, signerWallet, address, addressOption("--new-owner", flags.newOwner));
      }),
    );

  action("approve", "a guardian approves a recovery (the M-th approval starts the delay), or --revoke its approval")
    .option("--wallet <address>", "the wallet")
    .option("--id <id>", "the recovery id")
    .option("--revoke", "withdraw this guardian's approval")
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const id = integerOption("--id", flags.id);
        const { context, wallet: signerWallet } = await participant(flags);
        return approveRecovery(context, signerWallet, address, id, Boolean(flags.revoke));
      }),
    );

  action("cancel", "the owner cancels a pending recovery (any time before it is executed)")
    .option("--wallet <address>", "the wallet")
    .option("--id <id>", "the recovery id")
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const id = integerOption("--id", flags.id);
        const { context, wallet: signerWallet } = await participant(flags);
        return cancelRecovery(context, signerWallet, address, id);
      }),
    );

  chain(wallet.command("status").description("a wallet's owner, guardians, pending change and latest recoveries"))
    .option("--wallet <address>", "the wallet")
    .option("--id <id>", "one recovery only")
    .action(
      run(async (flags) => {
        const address = walletFlag(flags);
        const config = resolveConfig({ ...flags, jobs: undefined, job: undefined }, process.env, WALLET_CATALOG);
        const { context } = await connect(config);
        if (flags.id !== undefined) {
          const id = integerOption("--id", flags.id);
          return { wallet: address, recoveryId: id, ...(await recoveryStatus(context, address, id)) };
        }
        return { wallet: address, ...(await walletStatus(context, address)) };
      }),
    );

  return wallet;
}

export const commands: CommandTable = ({ chain, key }) => [walletCommands(chain, key)];
