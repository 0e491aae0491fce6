// A tenant's whole path in one call: compute the data's root for the lease size, quote, approve,
// rent, then upload the data to the three landlords of the lease's copy group (their endpoints
// come from the registry's LandlordRegistered and EndpointChanged events).
import { erc20Abi, parseEventLogs, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { LandlordRegistryAbi } from "../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../abis/StorageMarket.ts";
import type { Job, JobContext } from "../job.ts";
import { withGasMargin } from "../gas.ts";
import { confirmed } from "../transact.ts";
import { leaseTree } from "../storage/leaseData.ts";

export interface RentRequest {
  data: Uint8Array;
  sizeMB: number;
  days: number;
  /** Highest acceptable cost in wei; defaults to the quote plus 1%. */
  maxCost?: bigint;
}

export interface UploadResult {
  landlord: Address;
  endpoint?: string;
  status: number;
  body: string;
}

export interface RentResult {
  leaseId: bigint;
  dataRoot: Hex;
  cost: bigint;
  startEpoch: bigint;
  endEpoch: bigint;
  group: readonly Address[];
  uploads: UploadResult[];
}

/** What `keepers rent` needs in the deployments file, as a catalog of one (it runs no job). */
export const TENANT_CATALOG: Readonly<Record<string, Job<unknown>>> = {
  tenant: {
    name: "tenant",
    description: "rent storage and upload the data",
    contracts: ["BaseToken", "StorageMarket", "LandlordRegistry"],
    defaultIntervalMs: 0,
    settledErrors: [],
    due: async () => [],
    call: () => {
      throw new RentError("the tenant catalog runs no job");
    },
    label: () => "tenant",
  },
};

export class RentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RentError";
  }
}

/** The latest endpoint each landlord announced. */
export async function landlordEndpoints(client: PublicClient, registry: Address, fromBlock: bigint) {
  const logs = await client.getContractEvents({ address: registry, abi: LandlordRegistryAbi, fromBlock });
  const endpoints = new Map<string, string>();
  for (const log of logs) {
    if (log.eventName === "LandlordRegistered" || log.eventName === "EndpointChanged") {
      const args = log.args as { landlord: Address; endpoint: string };
      endpoints.set(args.landlord.toLowerCase(), args.endpoint);
    }
  }
  return endpoints;
}

export async function rentAndUpload(
  context: JobContext,
  wallet: WalletClient,
  request: RentRequest,
): Promise<RentResult> {
  const { client } = context;
  const account = wallet.account!;
  const market = context.address("StorageMarket");
  const registry = context.address("LandlordRegistry");
  const dataRoot = leaseTree(request.data, request.sizeMB).root;
  const quote = await client.readContract({
    address: market,
    abi: StorageMarketAbi,
    functionName: "quote",
    args: [BigInt(request.sizeMB), BigInt(request.days)],
  });
  const maxCost = request.maxCost ?? quote + quote / 100n;
  if (quote > maxCost) throw new RentError(`the quote ${quote} exceeds the maximum cost ${maxCost}`);

  const send = (hash: Hex) => confirmed(context, hash);
  const chain = client.chain;
  await send(
    await wallet.writeContract({
      chain,
      account,
      address: context.address("BaseToken"),
      abi: erc20Abi,
      functionName: "approve",
      args: [market, maxCost],
    }),
  );
  const { request: rentCall } = await client.simulateContract({
    account,
    address: market,
    abi: StorageMarketAbi,
    functionName: "rent",
    args: [BigInt(request.sizeMB), BigInt(request.days), dataRoot, maxCost],
  });
  const estimate = await client.estimateContractGas({
    account,
    address: market,
    abi: StorageMarketAbi,
    functionName: "rent",
    args: [BigInt(request.sizeMB), BigInt(request.days), dataRoot, maxCost],
  });
  const receipt = await send(await wallet.writeContract({ ...rentCall, gas: withGasMargin(estimate) }));
  const [rented] = parseEventLogs({ abi: StorageMarketAbi, logs: receipt.logs, eventName: "LeaseRented" });
  const [assigned] = parseEventLogs({ abi: LandlordRegistryAbi, logs: receipt.logs, eventName: "LeaseAssigned" });
  const { leaseId, cost, startEpoch, endEpoch } = rented.args;
  const group = assigned.args.landlords;

  const endpoints = await landlordEndpoints(
    client,
    registry,
    BigInt(context.deployments.contracts.LandlordRegistry.startBlock),
  );
  const uploads: UploadResult[] = [];
  for (const landlord of group) {
    const endpoint = endpoints.get(landlord.toLowerCase());
    if (endpoint === undefined) {
      uploads.push({ landlord, status: 0, body: "no endpoint announced" });
      continue;
    }
    try {
      const response = await fetch(`${endpoint.replace(/\/$/, "")}/leases/${leaseId}`, {
        method: "PUT",
        body: request.data,
        headers: { "content-type": "application/octet-stream" },
      });
      uploads.push({ landlord, endpoint, status: response.status, body: await response.text() });
    } catch (error) {
      uploads.push({ landlord, endpoint, status: 0, body: (error as Error).message });
    }
  }
  return { leaseId, dataRoot, cost, startEpoch, endEpoch, group, uploads };
}
