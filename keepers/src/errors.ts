// Typed errors of the keeper daemon and the classification of what a failed call means.
import { BaseError, ContractFunctionRevertedError, NonceTooLowError } from "viem";

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
  | { kind: "transient"; message: string };

/** What went wrong: a contract revert (with its custom error), a nonce clash, or the RPC. */
export function classify(error: unknown): Failure {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      return {
        kind: "revert",
        errorName: revert.data?.errorName ?? revert.reason ?? "unknown",
        args: revert.data?.args ?? [],
        message: revert.shortMessage,
      };
    }
    if (error.walk((e) => e instanceof NonceTooLowError) || /nonce|already known|underpriced/i.test(error.message)) {
      return { kind: "nonce", message: error.shortMessage };
    }
    return { kind: "transient", message: error.shortMessage };
  }
  return { kind: "transient", message: error instanceof Error ? error.message : String(error) };
}
