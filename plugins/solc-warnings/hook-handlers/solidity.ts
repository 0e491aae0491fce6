// Filters the compiler's warnings through Hardhat's `getCompilationJobErrors` hook, which runs
// before the build prints them and does not change whether a compilation succeeded.
import type { SolidityHooks } from "hardhat/types/hooks";
import type { CompilerOutputError } from "hardhat/types/solidity";

/** solc's "Transient storage as defined by EIP-1153 can break the composability…" warning. */
export const TRANSIENT_STORAGE_WARNING = "2394";

/** Whether `error` is the transient-storage note about a file of OpenZeppelin Contracts. */
export function isDependencyTransientStorageNote(error: CompilerOutputError): boolean {
  return (
    error.severity === "warning" &&
    error.errorCode === TRANSIENT_STORAGE_WARNING &&
    /-->\s+\S*@openzeppelin\/contracts[/@]/.test(error.formattedMessage ?? "")
  );
}

export default async (): Promise<Partial<SolidityHooks>> => ({
  async getCompilationJobErrors(context, compilationJob, compilerOutput, next) {
    const errors = await next(context, compilationJob, compilerOutput);
    return errors.filter((error) => !isDependencyTransientStorageNote(error));
  },
});
