// Job honor-complete-withdraw: pay each due HonorPool withdrawal request to its node
// (HonorPool.completeWithdraw, which anyone may call; the tokens go to the node only). No bounty
// pays for it: the local stack's keepers do it as a service, a node can do it itself.
import type { Address } from "viem";
import { HonorPoolAbi } from "../../../../abis/index.ts";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { sharedCursor } from "../../core/logCursor.ts";

interface RequestEntry {
  node: Address;
  blockNumber: bigint;
}

export const honorCompleteWithdraw: Job<Address, AbiOf<"HonorPool">> = {
  name: "honor-complete-withdraw",
  description: "Pay due honor-node withdrawal requests to their nodes (HonorPool.completeWithdraw)",
  contracts: ["HonorPool"],
  defaultIntervalMs: 15_000,
  settledErrors: ["NotDue", "NothingPending"],

  async due(context) {
    const address = context.address("HonorPool");
    const cursor = sharedCursor<RequestEntry>(context.client, address, "WithdrawRequested", () => ({
      startBlock: BigInt(context.deployments.contracts.HonorPool.startBlock ?? 0),
      fetch: async (fromBlock, toBlock) =>
        (
          await context.client.getContractEvents({
            address,
            abi: HonorPoolAbi,
            eventName: "WithdrawRequested",
            fromBlock,
            toBlock,
            strict: true,
          })
        ).map((log) => ({ node: log.args.node, blockNumber: log.blockNumber })),
      key: (entry) => entry.node.toLowerCase(),
      blockNumber: (entry) => entry.blockNumber,
    }));
    await cursor.update(context.client);
    const pool = contract(context, "HonorPool");
    const nodes = cursor.values().map((entry) => entry.node);
    const [records, now] = await Promise.all([
      Promise.all(nodes.map((node) => pool.read.nodeOf([node]))),
      chainTime(context.client),
    ]);
    return nodes.filter((_, i) => records[i].pending > 0n && BigInt(records[i].payableAt) <= now);
  },

  call: (context, node) => call(context, "HonorPool", "completeWithdraw", [node]),
  label: (node) => `node ${node}`,
};
