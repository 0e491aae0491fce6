// Where a listing's encrypted bytes come from: a URL (fetched as is) or a StorageMarket lease,
// from the providers of its copy group (GET <endpoint>/leases/<leaseId>, the providers' upload
// path, keepers/src/storage/provider/upload.ts), each tried in turn until one answers.
import type { Address } from "viem";
import { contract } from "../../core/contracts.ts";
import type { JobContext } from "../../core/job.ts";
import { landlordEndpoints } from "../../storage/tenant/rent.ts";

const FETCH_TIMEOUT_MS = 10_000;

export class DataUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataUnavailableError";
  }
}

async function get(url: string): Promise<Uint8Array | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (response.status !== 200) return undefined;
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    return undefined;
  }
}

/** The endpoints of the providers holding `leaseId`, in copy-group order. */
export async function leaseEndpoints(context: JobContext, leaseId: bigint): Promise<string[]> {
  const registry = context.address("LandlordRegistry");
  const group = (await contract(context, "LandlordRegistry").read.groupOf([leaseId])) as readonly Address[];
  const fromBlock = BigInt(context.deployments.contracts.LandlordRegistry?.startBlock ?? 0);
  const endpoints = await landlordEndpoints(context.client, registry, fromBlock);
  return group.map((landlord) => endpoints.get(landlord.toLowerCase())).filter((e): e is string => e !== undefined);
}

/** The encrypted bytes of a listing: from its lease's providers, or its URL. */
export async function fetchListingData(
  context: JobContext,
  location: { leaseId: bigint; url: string },
): Promise<Uint8Array> {
  if (location.leaseId === 0n) {
    const data = await get(location.url);
    if (data === undefined) throw new DataUnavailableError(`no data at ${location.url}`);
    return data;
  }
  const endpoints = await leaseEndpoints(context, location.leaseId);
  for (const endpoint of endpoints) {
    const data = await get(`${endpoint.replace(/\/$/, "")}/leases/${location.leaseId}`);
    if (data !== undefined) return data;
  }
  throw new DataUnavailableError(
    `no provider of lease ${location.leaseId} served its data (${endpoints.length} endpoint(s) tried)`,
  );
}
