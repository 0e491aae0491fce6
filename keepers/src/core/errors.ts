// Typed errors of the keeper daemon and the classification of what a failed call means.
import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  NonceTooLowError,
  decodeErrorResult,
  type Abi,
} from "viem";

/** A configuration the daemon cannot start with; `field` names the flag or variable at fault. */
export class ConfigError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ConfigError";
    this.field = field;
  }
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
