// A tenant's whole path in one call: compute the data's root for the lease size, quote, approve,
// rent (the payment is escrowed and the lease Pending), wait until a keeper's `assign` drew the
// copy group (Active) or refunded the escrow (Refunded), upload the data to the three landlords
// of the group (their endpoints come from the registry's LandlordRegistered and EndpointChanged
// events), and wait for each to accept it on chain (StorageProofs.DataAccepted).
import { setTimeout as sleep } from "node:timers/promises";
import { parseEventLogs, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { LandlordRegistryAbi } from "../../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import { CommandError } from "../../core/errors.ts";
import type { Job, JobContext } from "../../core/job.ts";
import { transact } from "../../core/send.ts";
import { leaseTree } from "../leaseData.ts";
import { call, contract } from "../../core/contracts.ts";

export interface RentRequest {
  data: Uint8Array;
  sizeMB: number;
  days: number;
  /** Highest acceptable cost in wei; defaults to the quote plus 1%. */
  maxCost?: bigint;
  /** Seconds to wait for a keeper's `assign` before calling it ourselves (default 30). */
  assignWaitSeconds?: number;
  /** Seconds to wait for the lease to leave Pending at all (default 600). */
  startTimeoutSeconds?: number;
  /** Seconds to wait for the three DataAccepted after the uploads (default 120). */
  acceptTimeoutSeconds?: number;
  /** Poll interval while waiting (default 1000 ms). */
  pollMs?: number;
}

export interface UploadResult {
  landlord: Address;
  endpoint?: string;
  status: number;
  body: string;
}

/** A holder's answer to the upload: DataAccepted (from `fromEpoch` on), DataRejected, or none yet. */
export interface Acceptance {
  landlord: Address;
  accepted: boolean;
  fromEpoch?: bigint;
  rejected: boolean;
}

export interface RentResult {
  leaseId: bigint;
  dataRoot: Hex;
  cost: bigint;
  /** active, or refunded (no copy group could form: the cost is back with the tenant). */
  status: "active" | "refunded";
  /** Who called `assign`: a keeper, or the tenant itself when none did in time. */
  assignedBy?: Address;
  startEpoch: bigint;
  endEpoch: bigint;
  group: readonly Address[];
  uploads: UploadResult[];
  acceptances: Acceptance[];
}

/** What `keepers rent` needs in the deployments file, as a catalog of one (it runs no job). */
export const TENANT_CATALOG: Readonly<Record<string, Job<unknown>>> = {
  tenant: {
    name: "tenant",
    description: "rent storage and upload the data",
    contracts: ["BaseToken", "StorageMarket", "LandlordRegistry", "StorageProofs"],
    defaultIntervalMs: 0,
    settledErrors: [],
    due: async () => [],
    call: () => {
      throw new RentError("the tenant catalog runs no job");
    },
    label: () => "tenant",
  },
};

export class RentError extends CommandError {
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

const LeaseStatusPending = 1;
const LeaseStatusActive = 2;
const LeaseStatusRefunded = 3;

/** The tenant's whole path: rent, wait for the copy group, upload, wait for the acceptances. */
export async function rentAndUpload(
  context: JobContext,
  wallet: WalletClient,
  request: RentRequest,
): Promise<RentResult> {
  const { client } = context;
  const account = wallet.account!;
  const market = context.address("StorageMarket");
  const registry = context.address("LandlordRegistry");
  const pollMs = request.pollMs ?? 1_000;
  // The tenant's byte count is committed with the root: only segments below it are challenged
  // (audit M6), so the holders must have the bytes, not just the public zero padding.
  if (request.data.length === 0) throw new RentError("the data is empty: a lease holds at least one byte");
  const dataRoot = leaseTree(request.data, request.sizeMB).root;
  const dataLength = BigInt(request.data.length);
  const quote = await contract(context, "StorageMarket").read.quote([BigInt(request.sizeMB), BigInt(request.days)]);
  const maxCost = request.maxCost ?? quote + quote / 100n;
  if (quote > maxCost) throw new RentError(`the quote ${quote} exceeds the maximum cost ${maxCost}`);

  // `maxCost` bounds the MDs; the non-refundable upkeep fee (the assign and reclaim bounties the
  // lease will create, paid into KeeperRewards) is pulled on top of it.
  const upkeepFee = await contract(context, "StorageMarket").read.upkeepFee();
  await transact(context, wallet, call(context, "BaseToken", "approve", [market, maxCost + upkeepFee]));
  const receipt = await transact(
    context,
    wallet,
    call(context, "StorageMarket", "rent", [
      BigInt(request.sizeMB),
      BigInt(request.days),
      dataRoot,
      dataLength,
      maxCost,
    ]),
  );
  const [rented] = parseEventLogs({ abi: StorageMarketAbi, logs: receipt.logs, eventName: "LeaseRented" });
  const { leaseId, cost, assignableAt } = rented.args;

  // 1. The copy group is drawn later, by a keeper's assign (or ours, if no keeper comes).
  const started = Date.now();
  let assignedBy: Address | undefined;
  let lease = await leaseOf(context, leaseId);
  while (lease.status === LeaseStatusPending) {
    const waited = (Date.now() - started) / 1000;
    if (waited > (request.startTimeoutSeconds ?? 600)) {
      throw new RentError(
        `lease ${leaseId} still Pending after ${Math.round(waited)} s (assignable at block ${assignableAt})`,
      );
    }
    if (
      waited > (request.assignWaitSeconds ?? 30) &&
      (await client.getBlockNumber()) >= (await assignableFrom(context, leaseId))
    ) {
      try {
        await transact(context, wallet, call(context, "StorageMarket", "assign", [leaseId]));
        assignedBy = account.address;
      } catch {
        // a keeper assigned it meanwhile, or the randomness is not readable yet: read again
      }
    }
    await sleep(pollMs);
    lease = await leaseOf(context, leaseId);
  }
  const outcomes = await Promise.all(
    (["LeaseStarted", "LeaseRefunded"] as const).map((eventName) =>
      client.getContractEvents({
        address: market,
        abi: StorageMarketAbi,
        eventName,
        fromBlock: receipt.blockNumber,
        args: { leaseId },
        strict: true,
      }),
    ),
  );
  for (const event of outcomes.flat()) assignedBy = event.args.keeper;
  if (lease.status === LeaseStatusRefunded) {
    return {
      leaseId,
      dataRoot,
      cost,
      status: "refunded",
      assignedBy,
      startEpoch: 0n,
      endEpoch: 0n,
      group: [],
      uploads: [],
      acceptances: [],
    };
  }
  if (lease.status !== LeaseStatusActive) throw new RentError(`lease ${leaseId} is in status ${lease.status}`);
  const group = await contract(context, "LandlordRegistry").read.groupOf([leaseId]);

  // 2. The bytes go to each holder's endpoint.
  const endpoints = await landlordEndpoints(
    client,
    registry,
    BigInt(context.deployments.contracts.LandlordRegistry.startBlock),
  );
  const uploads: UploadResult[] = [];
  for (const landlord of group)
    uploads.push(await upload(landlord, endpoints.get(landlord.toLowerCase()), leaseId, request.data));

  // 3. Each holder confirms on chain (DataAccepted) or says it got nothing (DataRejected).
  const acceptances = await waitForAcceptances(context, {
    leaseId,
    dataRoot,
    group,
    fromBlock: receipt.blockNumber,
    timeoutSeconds: request.acceptTimeoutSeconds ?? 120,
    pollMs,
  });
  return {
    leaseId,
    dataRoot,
    cost,
    status: "active",
    assignedBy,
    startEpoch: BigInt(lease.startEpoch),
    endEpoch: BigInt(lease.endEpoch),
    group,
    uploads,
    acceptances,
  };
}

function leaseOf(context: JobContext, leaseId: bigint) {
  return contract(context, "StorageMarket").read.leaseOf([leaseId]);
}

function assignableFrom(context: JobContext, leaseId: bigint) {
  return contract(context, "StorageMarket").read.assignableAt([leaseId]);
}

async function upload(
  landlord: Address,
  endpoint: string | undefined,
  leaseId: bigint,
  data: Uint8Array,
): Promise<UploadResult> {
  if (endpoint === undefined) return { landlord, status: 0, body: "no endpoint announced" };
  try {
    const response = await fetch(`${endpoint.replace(/\/$/, "")}/leases/${leaseId}`, {
      method: "PUT",
      // The DOM's BodyInit (the dashboard's test compiles this with lib.dom) wants an ArrayBuffer view.
      body: data as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/octet-stream" },
    });
    return { landlord, endpoint, status: response.status, body: await response.text() };
  } catch (error) {
    return { landlord, endpoint, status: 0, body: (error as Error).message };
  }
}

/** Polls DataAccepted and DataRejected of the lease for `dataRoot` until every member accepted
 * it or the timeout passed; a rejection does not end the wait (the holder may accept later). */
export async function waitForAcceptances(
  context: JobContext,
  options: {
    leaseId: bigint;
    dataRoot: Hex;
    group: readonly Address[];
    fromBlock: bigint;
    timeoutSeconds: number;
    pollMs: number;
  },
): Promise<Acceptance[]> {
  const proofs = context.address("StorageProofs");
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const byLandlord = new Map<string, Acceptance>(
    options.group.map((landlord) => [landlord.toLowerCase(), { landlord, accepted: false, rejected: false }]),
  );
  for (;;) {
    const [acceptedEvents, rejectedEvents] = await Promise.all(
      (["DataAccepted", "DataRejected"] as const).map((eventName) =>
        context.client.getContractEvents({
          address: proofs,
          abi: StorageProofsAbi,
          eventName,
          fromBlock: options.fromBlock,
          args: { leaseId: options.leaseId },
          strict: true,
        }),
      ),
    );
    for (const event of [...acceptedEvents, ...rejectedEvents]) {
      const entry = byLandlord.get(event.args.landlord.toLowerCase());
      if (entry === undefined || event.args.dataRoot.toLowerCase() !== options.dataRoot.toLowerCase()) continue;
      if (event.eventName === "DataAccepted") {
        entry.accepted = true;
        entry.fromEpoch = event.args.fromEpoch;
      } else {
        entry.rejected = true;
      }
    }
    const all = [...byLandlord.values()];
    if (all.every((entry) => entry.accepted) || Date.now() > deadline) return all;
    await sleep(options.pollMs);
  }
}

export interface UpdateRequest {
  leaseId: bigint;
  data: Uint8Array;
  /** Highest acceptable fee in wei; defaults to `dataFee(leaseId)` plus 1%. */
  maxCost?: bigint;
  acceptTimeoutSeconds?: number;
  pollMs?: number;
}

export interface UpdateResult {
  leaseId: bigint;
  dataRoot: Hex;
  fee: bigint;
  group: readonly Address[];
  uploads: UploadResult[];
  acceptances: Acceptance[];
}

/** Changes an Active lease's data (tenant only): `updateData` paying the data fee, upload to the
 * group, wait for the holders to accept. Each holder proves its old data until the epoch after it
 * accepted the new one, so the old bytes must stay with it until then (the agent keeps both). */
export async function updateDataAndUpload(
  context: JobContext,
  wallet: WalletClient,
  request: UpdateRequest,
): Promise<UpdateResult> {
  const { client } = context;
  const market = context.address("StorageMarket");
  const lease = await leaseOf(context, request.leaseId);
  if (lease.status !== LeaseStatusActive) throw new RentError(`lease ${request.leaseId} is not Active`);
  if (request.data.length === 0) throw new RentError("the data is empty: a lease holds at least one byte");
  const dataRoot = leaseTree(request.data, lease.sizeMB).root;
  const quote = await contract(context, "StorageMarket").read.dataFee([request.leaseId]);
  const maxCost = request.maxCost ?? quote + quote / 100n;
  if (quote > maxCost) throw new RentError(`the data fee ${quote} exceeds the maximum cost ${maxCost}`);
  await transact(context, wallet, call(context, "BaseToken", "approve", [market, maxCost]));
  const receipt = await transact(
    context,
    wallet,
    call(context, "StorageMarket", "updateData", [request.leaseId, dataRoot, BigInt(request.data.length), maxCost]),
  );
  const [updated] = parseEventLogs({ abi: StorageMarketAbi, logs: receipt.logs, eventName: "DataUpdated" });
  const registry = context.address("LandlordRegistry");
  const group = await contract(context, "LandlordRegistry").read.groupOf([request.leaseId]);
  const endpoints = await landlordEndpoints(
    client,
    registry,
    BigInt(context.deployments.contracts.LandlordRegistry.startBlock),
  );
  const uploads: UploadResult[] = [];
  for (const landlord of group) {
    uploads.push(await upload(landlord, endpoints.get(landlord.toLowerCase()), request.leaseId, request.data));
  }
  const acceptances = await waitForAcceptances(context, {
    leaseId: request.leaseId,
    dataRoot,
    group,
    fromBlock: receipt.blockNumber,
    timeoutSeconds: request.acceptTimeoutSeconds ?? 120,
    pollMs: request.pollMs ?? 1_000,
  });
  return { leaseId: request.leaseId, dataRoot, fee: updated.args.fee, group, uploads, acceptances };
}
