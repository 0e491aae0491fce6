// The upload path of a provider (documented in keepers/README.md): the tenant PUTs a lease's
// bytes to `<endpoint>/leases/<leaseId>`. The agent stores them only if this landlord holds the
// lease and the bytes, zero-padded to the lease size, have the lease's dataRoot. GET returns them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Address } from "viem";
import { LandlordRegistryAbi } from "../../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../../abis/StorageMarket.ts";
import type { JobContext } from "../job.ts";
import type { Logger } from "../log.ts";
import { BYTES_PER_MB } from "../storage/leaseData.ts";
import type { LeaseStore } from "./store.ts";

const LEASE_PATH = /^\/leases\/([0-9]+)$/;

export function uploadRoutes(options: { context: JobContext; landlord: Address; store: LeaseStore; log: Logger }) {
  const { context, landlord, store, log } = options;
  const reply = (response: ServerResponse, status: number, body: Record<string, unknown>) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  async function handlePut(leaseId: bigint, request: IncomingMessage, response: ServerResponse) {
    const market = context.address("StorageMarket");
    let lease;
    try {
      lease = await context.client.readContract({
        address: market,
        abi: StorageMarketAbi,
        functionName: "leaseOf",
        args: [leaseId],
      });
    } catch {
      request.resume();
      return reply(response, 404, { error: `unknown lease ${leaseId}` });
    }
    const group = await context.client.readContract({
      address: context.address("LandlordRegistry"),
      abi: LandlordRegistryAbi,
      functionName: "groupOf",
      args: [leaseId],
    });
    if (!group.some((member) => member.toLowerCase() === landlord.toLowerCase())) {
      request.resume();
      return reply(response, 403, { error: `lease ${leaseId} is not assigned to ${landlord}` });
    }
    const limit = lease.sizeMB * BYTES_PER_MB;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of request) {
      length += (chunk as Buffer).length;
      if (length > limit) return reply(response, 413, { error: `more than the lease's ${lease.sizeMB} MB` });
      chunks.push(chunk as Buffer);
    }
    const data = new Uint8Array(Buffer.concat(chunks));
    const expected = await context.client.readContract({
      address: market,
      abi: StorageMarketAbi,
      functionName: "dataRootOf",
      args: [leaseId],
    });
    const root = store.rootOf(data, lease.sizeMB);
    if (root !== expected) {
      log.warn(
        { leaseId: leaseId.toString(), root, expected },
        "upload refused: root differs from the lease's dataRoot",
      );
      return reply(response, 422, { error: "data root differs from the lease's dataRoot", root, expected });
    }
    store.put(leaseId, data);
    log.info({ leaseId: leaseId.toString(), bytes: data.length, root }, "lease data stored");
    return reply(response, 201, { leaseId: leaseId.toString(), bytes: data.length, root });
  }

  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const match = LEASE_PATH.exec(request.url?.split("?")[0] ?? "");
    if (!match) return false;
    const leaseId = BigInt(match[1]);
    if (request.method === "PUT") {
      handlePut(leaseId, request, response).catch((error: Error) => {
        log.error({ leaseId: match[1], err: error.message.split("\n")[0] }, "upload failed");
        if (!response.headersSent) reply(response, 502, { error: error.message.split("\n")[0] });
      });
    } else if (request.method === "GET") {
      const data = store.get(leaseId);
      if (data === undefined) reply(response, 404, { error: `no data for lease ${leaseId}` });
      else response.writeHead(200, { "content-type": "application/octet-stream" }).end(data);
    } else {
      reply(response, 405, { error: "PUT or GET" });
    }
    return true;
  };
}
