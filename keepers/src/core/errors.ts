// The error model of the keepers and the `jiaozi` CLI, and the classification of what a failed
// call means. The CLI prints each of the first three as one line, without a stack:
// - ConfigError, ValidationError (exit 2): a bad flag, file or profile, naming the field at fault;
// - RevertError (exit 1): a transaction the chain refused, with its decoded custom error;
// - CommandError (exit 1): a command that ran but could not reach its goal (a lease refunded).
// Anything else is a bug: the CLI prints its stack.
import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  NonceTooLowError,
  decodeErrorResult,
  type Abi,
  type Hash,
} from "viem";
import { ConfigError, ValidationError } from "../../../lib/validate.ts";

/** ConfigError (a flag, variable or deployments file) and ValidationError (a file's fields) are
 * the usage errors; they live in lib/ because deploy/ and the deployments reader raise them too. */
export { ConfigError, ValidationError };

export function isUsageError(error: unknown): error is ConfigError | ValidationError {
  return error instanceof ConfigError || error instanceof ValidationError;
}

/** A command that ran but could not do what was asked; not a bug, no stack. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

/** A transaction the chain refused: where (our simulation, the send, or on chain) and why. */
export class RevertError extends Error {
  readonly call: string;
  readonly errorName: string;
  readonly args: readonly unknown[];
  readonly stage: "simulate" | "send" | "chain";
  readonly hash?: Hash;

  constructor(details: {
    call: string;
    errorName: string;
    args: readonly unknown[];
    stage: "simulate" | "send" | "chain";
    hash?: Hash;
    abi?: Abi;
  }) {
    const where = details.stage === "chain" ? ` in transaction ${details.hash}` : "";
    super(`${details.call} reverted${where}: ${describeError(details.abi, details.errorName, details.args)}`);
    this.name = "RevertError";
    this.call = details.call;
    this.errorName = details.errorName;
    this.args = details.args;
    this.stage = details.stage;
    this.hash = details.hash;
  }
}

/** `Error(name: value, ...)` with the parameter names of the ABI's error, when it has them. */
export function describeError(abi: Abi | undefined, errorName: string, args: readonly unknown[]): string {
  if (args.length === 0) return errorName;
  const item = abi?.find(
    (entry): entry is Extract<Abi[number], { type: "error" }> => entry.type === "error" && entry.name === errorName,
  );
  const shown = args.map((value, i) => {
    const text =
      typeof value === "string" || typeof value === "bigint"
        ? value.toString()
        : JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const name = item?.inputs[i]?.name;
    return name ? `${name}: ${text}` : text;
  });
  return `${errorName}(${shown.join(", ")})`;
}

export type Failure =
  | { kind: "revert"; errorName: string; args: readonly unknown[]; message: string }
  | { kind: "nonce"; message: string }
  | { kind: "funds"; message: string }
  | { kind: "transient"; message: string };

/**
 * What went wrong: a contract revert (with its custom error), a nonce clash, a signer that cannot
 * pay for gas, or the RPC (the only kind worth retrying).
 * `abi` names custom errors viem left undecoded: a revert during gas estimation for the send
 * (state changed since the simulation) reaches us with only its raw data.
 */
export function classify(error: unknown, abi?: Abi): Failure {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      let { errorName, args } = { errorName: revert.data?.errorName, args: revert.data?.args ?? [] };
      if (errorName === undefined && revert.raw !== undefined && abi !== undefined) {
        try {
          ({ errorName, args = [] } = decodeErrorResult({ abi, data: revert.raw }));
        } catch {
          // not an error of this ABI
        }
      }
      return {
        kind: "revert",
        errorName: errorName ?? revert.reason ?? revert.signature ?? "unknown",
        args,
        message: revert.shortMessage,
      };
    }
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return { kind: "funds", message: "the signer cannot pay for gas" };
    }
    if (error.walk((e) => e instanceof NonceTooLowError) || /nonce|already known|underpriced/i.test(error.message)) {
      return { kind: "nonce", message: error.shortMessage };
    }
    return { kind: "transient", message: error.shortMessage };
  }
  return { kind: "transient", message: error instanceof Error ? error.message : String(error) };
}
