// JSON-RPC requests per poll of each storage keeper job (issue 14, deliverable 4), on a fresh
// anvil with the `local` genesis: four landlords register, a tenant rents N leases of 1 MB
// (assign due), the leases are assigned and the next epoch begins (openEpoch due), the epoch is
// opened (its seed due), then its proof window passes with no proof (settlement due for every
// landlord; the members that never accepted the data are movable by then), then an acceptance
// window later (a local epoch) two epochs are due for settlement. In each phase
// every storage job's `due` runs twice with a request-counting transport: the first poll, then
// the next poll of the same job (where cursors pay off). Used by keepers/test/storageRpc.test.ts;
// scripts/governanceRpc.ts does the same for the governance jobs.
import {
  createPublicClient,
  createWalletClient,
  erc20Abi,
  http,
  maxUint256,
  type Address,
  type EIP1193RequestFn,
  type PublicClient,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { LandlordRegistryAbi } from "../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../abis/StorageProofs.ts";
import type { Job, JobContext } from "../keepers/src/core/job.ts";
import { JOBS } from "../keepers/src/jobs.ts";
import { fundWithTokens, PROVIDER_KEYS, TOKEN_HOLDER_KEY } from "./stack.ts";
import { elapse, startChainWithGenesis } from "./testchain.ts";

/** anvil's account #3, a fourth landlord. */
const FOURTH_LANDLORD_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

export const STORAGE_PHASES = [
  "rented: assign due",
  "next epoch: open due",
  "opened: seed due",
  "window over: settle and member moves due",
  "acceptance window later: two epochs to settle",
] as const;

export interface StoragePollCount {
  phase: (typeof STORAGE_PHASES)[number];
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

export const STORAGE_JOBS = Object.values(JOBS).filter((job) => job.name.startsWith("storage-"));

/** Requests per poll of every storage job (`jobs`, by default the daemon's) in each phase, with
 * `leases` leases. */
export async function storageRpcPerPoll(
  leases: number,
  jobs: readonly Job<unknown>[] = STORAGE_JOBS as Job<unknown>[],
): Promise<StoragePollCount[]> {
  const chain = await startChainWithGenesis();
  const counts: StoragePollCount[] = [];
  try {
    const deployments = chain.deployments;
    const at = (name: string) => deployments.contracts[name].address;
    // With a gas margin: anvil estimates on the latest block's timestamp (see scripts/stack.ts).
    const sender = (key: `0x${string}`) => {
      const account = privateKeyToAccount(key);
      const wallet = createWalletClient({ account, chain: foundry, transport: http(chain.anvil.url) });
      return async (request: Parameters<typeof wallet.writeContract>[0]) => {
        const gas = ((await chain.client.estimateContractGas({ ...request, account })) * 12n) / 10n;
        const receipt = await chain.client.waitForTransactionReceipt({
          hash: await wallet.writeContract({ ...request, gas }),
        });
        if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
        return receipt;
      };
    };

    const counter = { requests: 0 };
    const client = createPublicClient({
      chain: foundry,
      transport: countingHttp(chain.anvil.url, counter),
      pollingInterval: 250,
    }) as PublicClient;
    const context: JobContext = { client, deployments, address: (name: string): Address => at(name) };

    async function measure(phase: StoragePollCount["phase"]) {
      for (const job of jobs) {
        counter.requests = 0;
        const due = (await job.due(context)).length;
        const firstPoll = counter.requests;
        counter.requests = 0;
        await job.due(context);
        counts.push({ phase, job: job.name, due, firstPoll, nextPoll: counter.requests });
      }
    }

    const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
      chain.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
    const epochStart = (epoch: bigint) => read<bigint>(at("StorageMarket"), StorageMarketAbi, "epochStart", [epoch]);
    const currentEpoch = () => read<bigint>(at("StorageMarket"), StorageMarketAbi, "currentEpoch");
    async function jumpTo(timestamp: bigint) {
      const now = (await chain.client.getBlock()).timestamp;
      await elapse(chain, Number(timestamp > now ? timestamp - now : 0n));
    }

    // Four landlords of the smallest capacity.
    const keys = [...PROVIDER_KEYS, FOURTH_LANDLORD_KEY] as `0x${string}`[];
    const addresses = keys.map((key) => privateKeyToAccount(key).address);
    const capacity = await read<bigint>(at("LandlordRegistry"), LandlordRegistryAbi, "minCapacityMB");
    const collateral = await read<bigint>(at("LandlordRegistry"), LandlordRegistryAbi, "collateralFor", [capacity]);
    await fundWithTokens(chain.anvil.url, chain.deploymentsFile, addresses, collateral * 2n);
    for (const key of keys) {
      const send = sender(key);
      await send({
        address: at("BaseToken"),
        abi: erc20Abi,
        functionName: "approve",
        args: [at("LandlordRegistry"), collateral],
      });
      await send({
        address: at("LandlordRegistry"),
        abi: LandlordRegistryAbi,
        functionName: "registerLandlord",
        args: [capacity, "http://127.0.0.1:1"],
      });
    }

    // The tenant rents `leases` leases of 1 MB for 30 epochs.
    const tenant = sender(TOKEN_HOLDER_KEY);
    await tenant({
      address: at("BaseToken"),
      abi: erc20Abi,
      functionName: "approve",
      args: [at("StorageMarket"), maxUint256],
    });
    for (let i = 1; i <= leases; i++) {
      const root = `0x${i.toString(16).padStart(64, "0")}` as const;
      await tenant({
        address: at("StorageMarket"),
        abi: StorageMarketAbi,
        functionName: "rent",
        args: [1n, 30n, root, 1n << 20n, maxUint256],
      });
    }
    await chain.test.mine({ blocks: 2 });
    await measure(STORAGE_PHASES[0]);

    const count = await read<bigint>(at("StorageMarket"), StorageMarketAbi, "leaseCount");
    for (let leaseId = 1n; leaseId <= count; leaseId++) {
      await tenant({ address: at("StorageMarket"), abi: StorageMarketAbi, functionName: "assign", args: [leaseId] });
    }
    const epoch = (await currentEpoch()) + 1n;
    await jumpTo(await epochStart(epoch));
    await measure(STORAGE_PHASES[1]);

    await tenant({ address: at("StorageProofs"), abi: StorageProofsAbi, functionName: "openEpoch", args: [] });
    await chain.test.mine({ blocks: 2 });
    await measure(STORAGE_PHASES[2]);

    await jumpTo((await read<bigint>(at("StorageProofs"), StorageProofsAbi, "proofDeadline", [epoch])) + 1n);
    await measure(STORAGE_PHASES[3]);

    const acceptWindow = await read<bigint>(at("LandlordRegistry"), LandlordRegistryAbi, "acceptWindow");
    await elapse(chain, Number(acceptWindow));
    await measure(STORAGE_PHASES[4]);
  } finally {
    await chain.stop();
  }
  return counts;
}
