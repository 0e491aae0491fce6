// One transaction from a participant's command (not an upkeep): simulate for the revert reason,
// estimate with the keepers' gas margin, send, and wait for a successful receipt.
import type { Abi, ContractFunctionArgs, ContractFunctionName, Hex, TransactionReceipt, WalletClient } from "viem";
import { withGasMargin } from "./gas.ts";
import type { JobContext } from "./job.ts";

export class TransactionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransactionError";
  }
}

/** Waits for a receipt and turns a revert into a TransactionError naming the gas used. */
export async function confirmed(context: JobContext, hash: Hex): Promise<TransactionReceipt> {
  const receipt = await context.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    const { gas } = await context.client.getTransaction({ hash });
    const outOfGas = receipt.gasUsed >= gas;
    throw new TransactionError(
      `transaction ${hash} reverted${outOfGas ? ` out of gas (limit ${gas})` : ` after ${receipt.gasUsed} gas`}`,
    );
  }
  return receipt;
}

export async function transact<
  const abi extends Abi,
  name extends ContractFunctionName<abi, "nonpayable" | "payable">,
  args extends ContractFunctionArgs<abi, "nonpayable" | "payable", name>,
>(
  context: JobContext,
  wallet: WalletClient,
  call: { address: Hex; abi: abi; functionName: name; args: args },
): Promise<TransactionReceipt> {
  const account = wallet.account!;
  const parameters = { ...call, account } as Parameters<typeof context.client.simulateContract>[0];
  const { request } = await context.client.simulateContract(parameters);
  const estimate = await context.client.estimateContractGas(
    parameters as Parameters<typeof context.client.estimateContractGas>[0],
  );
  const hash = await wallet.writeContract({
    ...(request as Parameters<WalletClient["writeContract"]>[0]),
    gas: withGasMargin(estimate),
  });
  return confirmed(context, hash);
}
