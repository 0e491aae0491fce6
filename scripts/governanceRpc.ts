// JSON-RPC requests per poll of each governance keeper job (issue 14, deliverable 4), on a fresh
// anvil with the `local` genesis and the governance end to end's scenario scaled to N proposals:
// every proposal passes through voting (one with the council's bloc decision due), closing,
// queueing and execution. In each phase every governance job's `due` runs twice with a
// request-counting transport: the first poll, then the next poll of the same job (where cursors
// pay off). Used by bench/keeperRpc.ts (benchmarks/keepers.md) and keepers/test/governanceRpc.test.ts.
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  stringToHex,
  type Address,
  type EIP1193RequestFn,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../abis/BaseToken.ts";
import { KeeperRewardsAbi } from "../abis/KeeperRewards.ts";
import { ReferendumAbi } from "../abis/Referendum.ts";
import { SIDES } from "../lib/governance.ts";
import type { Job, JobContext } from "../keepers/src/core/job.ts";
import { JOBS } from "../keepers/src/jobs.ts";
import { COUNCIL_KEYS, TOKEN_HOLDER_KEY } from "./stack.ts";
import { elapse, runCommand, startChainWithGenesis } from "./testchain.ts";

const LOCAL_DAY = 60;
const VOTING_PERIOD = 7 * LOCAL_DAY;
const TIMELOCK_DELAY = 2 * LOCAL_DAY;
const CLOSE_KIND = stringToHex("Referendum.close", { size: 32 });

export const PHASES = [
  "voting open, bloc vote due on 1",
  "voting over: close due",
  "passed: queue due",
  "queued: execute due",
] as const;

export interface PollCount {
  phase: (typeof PHASES)[number];
  job: string;
  /** Items the first poll found due. */
  due: number;
  firstPoll: number;
  nextPoll: number;
}

/** An http transport that counts the JSON-RPC requests it sends. */
function countingHttp(url: string, counter: { requests: number }): Transport {
  const base = http(url, { retryCount: 0 });
  return ((options) => {
    const transport = base(options);
    const request: EIP1193RequestFn = async (args, requestOptions) => {
      counter.requests++;
      return transport.request(args, requestOptions);
    };
    return { ...transport, request };
  }) as Transport;
}

export const GOVERNANCE_JOBS = Object.values(JOBS).filter((job) => /^(council|referendum|reserve)-/.test(job.name));

/** Requests per poll of every governance job in each phase, with `proposals` proposals. */
export async function governanceRpcPerPoll(proposals: number): Promise<PollCount[]> {
  const chain = await startChainWithGenesis();
  const counts: PollCount[] = [];
  try {
    const deployments = chain.deployments;
    const at = (name: string) => deployments.contracts[name].address;
    const holder = privateKeyToAccount(TOKEN_HOLDER_KEY);
    const wallet = createWalletClient({ account: holder, chain: foundry, transport: http(chain.anvil.url) });
    // With a gas margin: anvil estimates on the latest block's timestamp (see scripts/stack.ts).
    const send = async (request: Parameters<typeof wallet.writeContract>[0]) => {
      const gas = ((await chain.client.estimateContractGas({ ...request, account: holder })) * 12n) / 10n;
      const receipt = await chain.client.waitForTransactionReceipt({
        hash: await wallet.writeContract({ ...request, gas }),
      });
      if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
      return receipt;
    };

    // One counting client per job, as the daemon has one client: each job's count is its own.
    const counter = { requests: 0 };
    const client = createPublicClient({
      chain: foundry,
      transport: countingHttp(chain.anvil.url, counter),
      pollingInterval: 250,
    }) as PublicClient;
    const context: JobContext = {
      client,
      deployments,
      address: (name: string): Address => at(name),
    };

    async function measure(phase: PollCount["phase"]) {
      for (const job of GOVERNANCE_JOBS as Job<unknown>[]) {
        counter.requests = 0;
        const due = (await job.due(context)).length;
        const firstPoll = counter.requests;
        counter.requests = 0;
        await job.due(context);
        counts.push({ phase, job: job.name, due, firstPoll, nextPoll: counter.requests });
      }
    }

    // The holder delegates to itself; its support alone opens each referendum and its vote passes it.
    await runCommand(chain, TOKEN_HOLDER_KEY, ["gov", "delegate"]);
    await elapse(chain, 2);
    const { proposalDeposit } = await chain.client.readContract({
      address: at("Referendum"),
      abi: ReferendumAbi,
      functionName: "parameters",
    });
    await send({
      address: at("BaseToken"),
      abi: BaseTokenAbi,
      functionName: "approve",
      args: [at("Referendum"), proposalDeposit * BigInt(proposals)],
    });
    const actions = (i: number) => ({
      targets: [at("KeeperRewards")] as Address[],
      values: [0n],
      // setBounty(Referendum.close, 10 + i): each proposal its own actions.
      calldatas: [
        encodeFunctionData({ abi: KeeperRewardsAbi, functionName: "setBounty", args: [CLOSE_KIND, BigInt(10 + i)] }),
      ] as Hex[],
    });
    for (let i = 1; i <= proposals; i++) {
      const { targets, values, calldatas } = actions(i);
      await send({
        address: at("Referendum"),
        abi: ReferendumAbi,
        functionName: "propose",
        args: [targets, values, calldatas, `ipfs://bench-${i}`, true, 7],
      });
      // The proposer's own support opens the referendum (a proposer has few open in support).
      await send({ address: at("Referendum"), abi: ReferendumAbi, functionName: "support", args: [BigInt(i)] });
      await send({
        address: at("Referendum"),
        abi: ReferendumAbi,
        functionName: "castVote",
        args: [BigInt(i), SIDES.for],
      });
    }
    // Two of the three transitional members put the reserve behind proposal 1: its bloc vote is due.
    for (const key of [COUNCIL_KEYS[0], COUNCIL_KEYS[2]]) {
      await runCommand(chain, key, ["gov", "member-vote", "--bloc", "1", "--choice", "for"]);
    }
    await measure(PHASES[0]);

    await elapse(chain, VOTING_PERIOD + 1);
    await measure(PHASES[1]);

    for (let i = 1; i <= proposals; i++) {
      await send({ address: at("Referendum"), abi: ReferendumAbi, functionName: "closeReferendum", args: [BigInt(i)] });
    }
    await measure(PHASES[2]);

    for (let i = 1; i <= proposals; i++) {
      const { targets, values, calldatas } = actions(i);
      await send({
        address: at("Referendum"),
        abi: ReferendumAbi,
        functionName: "queue",
        args: [BigInt(i), targets, values, calldatas],
      });
    }
    await elapse(chain, TIMELOCK_DELAY + 1);
    await measure(PHASES[3]);
  } finally {
    await chain.stop();
  }
  return counts;
}
