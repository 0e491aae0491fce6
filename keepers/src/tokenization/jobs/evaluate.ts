// Job tokenization-evaluate: judge each issued token's oldest finished period against its
// commitment (TokenizationFactory.evaluate), one period per call, every token whose period ended.
import type { Address } from "viem";
import type { Job, JobContext } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";

/** Tokens found so far per factory, and the block the next scan starts from: launches are
 * read from TokenLaunched events once, not from the start on every poll. */
const launched = new Map<string, { fromBlock: bigint; tokens: Address[] }>();

export async function issuedTokens(context: JobContext): Promise<Address[]> {
  const factory = contract(context, "TokenizationFactory");
  const key = `${context.deployments.chainId}:${factory.address}`;
  const known = launched.get(key) ?? {
    fromBlock: BigInt(context.deployments.contracts.TokenizationFactory.startBlock ?? 0),
    tokens: [],
  };
  const head = await context.client.getBlockNumber();
  if (head >= known.fromBlock) {
    const events = await context.client.getContractEvents({
      address: factory.address,
      abi: factory.abi,
      eventName: "TokenLaunched",
      fromBlock: known.fromBlock,
      toBlock: head,
      strict: true,
    });
    known.tokens.push(...events.map((event) => event.args.token));
    known.fromBlock = head + 1n;
  }
  launched.set(key, known);
  return known.tokens;
}

export const tokenizationEvaluate: Job<Address, AbiOf<"TokenizationFactory">> = {
  name: "tokenization-evaluate",
  description: "Evaluate issued tokens whose commitment period ended (TokenizationFactory.evaluate)",
  contracts: ["TokenizationFactory"],
  defaultIntervalMs: 30_000,
  settledErrors: ["NotDue", "UnknownToken"],

  async due(context) {
    const factory = contract(context, "TokenizationFactory");
    const [tokens, now] = await Promise.all([issuedTokens(context), chainTime(context.client)]);
    const next = await Promise.all(tokens.map((token) => factory.read.nextEvaluation([token])));
    return tokens.filter((_, i) => now >= next[i][1]);
  },

  call: (context, token) => call(context, "TokenizationFactory", "evaluate", [token]),
  label: (token) => `token ${token}`,
};
