// The upload path of a provider (documented in keepers/README.md): the tenant PUTs a lease's
// bytes to `<endpoint>/leases/<leaseId>`. The agent stores them only if this landlord is in the
// lease's copy group and the bytes, zero-padded to the data's size, have the lease's proposed
// root (StorageProofs.dataOf), or the root of a version it accepted and still proves
// (heldDataOf: re-uploading lost bytes). The provider-accept-data job then accepts them on chain.
// GET returns a stored version: `?root=<root>`, or the newest one.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Address, Hex } from "viem";
import type { JobContext } from "../../core/job.ts";
import type { Logger } from "../../core/log.ts";
import { BYTES_PER_MB } from "../leaseData.ts";
import { ZERO_ROOT } from "./holdings.ts";
import type { LeaseStore } from "./store.ts";
import { contract } from "../../core/contracts.ts";

const LEASE_PATH = /^\/leases\/([0-9]+)$/;
const ROOT = /^0x[0-9a-fA-F]{64}$/;

/** A version of a lease's data: its root, the lease size it is padded to, and the tenant's byte
 * count committed with it (an upload is at most that long). */
export interface DataVersion {
  root: Hex;
  sizeMB: number;
  dataLength: number;
}

/** The versions an upload of a lease may be: the proposed data first, then the accepted ones. */
export function uploadCandidates(
  proposed: DataVersion,
  held: {
    root: Hex;
    sizeMB: number;
    dataLength: number;
    previousRoot: Hex;
    previousSizeMB: number;
    previousDataLength: number;
  },
): DataVersion[] {
  const candidates = [proposed, { root: held.root, sizeMB: held.sizeMB, dataLength: held.dataLength }];
  candidates.push({ root: held.previousRoot, sizeMB: held.previousSizeMB, dataLength: held.previousDataLength });
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = c.root.toLowerCase();
    if (key === ZERO_ROOT || c.sizeMB <= 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function uploadRoutes(options: {
  context: JobContext;
  landlord: Address;
  store: LeaseStore;
  log: Logger;
  /** Called after a version is stored (the accept job then looks at once). */
  onStored?: (leaseId: bigint, root: Hex) => void;
}) {
  const { context, landlord, store, log, onStored } = options;
  const reply = (response: ServerResponse, status: number, body: Record<string, unknown>) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  async function handlePut(leaseId: bigint, request: IncomingMessage, response: ServerResponse) {
    const [[member], [root, sizeMB, dataLength], held] = await Promise.all([
      contract(context, "LandlordRegistry").read.membershipOf([leaseId, landlord]),
      contract(context, "StorageProofs").read.dataOf([leaseId]),
      contract(context, "StorageProofs").read.heldDataOf([leaseId, landlord]),
    ]);
    if (root === ZERO_ROOT) {
      request.resume();
      return reply(response, 404, { error: `unknown lease ${leaseId}` });
    }
    if (!member) {
      request.resume();
      return reply(response, 403, { error: `${landlord} is not in the copy group of lease ${leaseId}` });
    }
    const candidates = uploadCandidates(
      { root, sizeMB: Number(sizeMB), dataLength: Number(dataLength) },
      {
        ...held,
        dataLength: Number(held.dataLength),
        previousDataLength: Number(held.previousDataLength),
      },
    );
    // The committed data length bounds an upload (audit M6: the challenges fall below it).
    const limit = Math.max(...candidates.map((c) => Math.min(c.dataLength, c.sizeMB * BYTES_PER_MB)));
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of request) {
      length += (chunk as Buffer).length;
      if (length > limit) return reply(response, 413, { error: `more than the lease's ${limit} bytes of data` });
      chunks.push(chunk as Buffer);
    }
    const data = new Uint8Array(Buffer.concat(chunks));
    const roots = new Map<number, Hex>();
    for (const candidate of candidates) {
      if (data.length > candidate.dataLength || data.length > candidate.sizeMB * BYTES_PER_MB) continue;
      let computed = roots.get(candidate.sizeMB);
      if (computed === undefined) {
        computed = store.rootOf(data, candidate.sizeMB);
        roots.set(candidate.sizeMB, computed);
      }
      if (computed.toLowerCase() !== candidate.root.toLowerCase()) continue;
      store.put(leaseId, candidate.root, data);
      const proposed = candidate === candidates[0];
      log.info(
        { leaseId: leaseId.toString(), bytes: data.length, root: candidate.root, proposed },
        "lease data stored",
      );
      onStored?.(leaseId, candidate.root);
      return reply(response, 201, { leaseId: leaseId.toString(), bytes: data.length, root: candidate.root, proposed });
    }
    const given =
      roots.get(Number(sizeMB)) ??
      (data.length <= Number(sizeMB) * BYTES_PER_MB ? store.rootOf(data, Number(sizeMB)) : undefined);
    log.warn(
      { leaseId: leaseId.toString(), root: given, expected: root },
      "upload refused: root differs from the lease's data",
    );
    return reply(response, 422, {
      error: "data root differs from the lease's proposed data",
      root: given,
      expected: root,
    });
  }

  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const [pathname, query] = (request.url ?? "").split("?");
    const match = LEASE_PATH.exec(pathname);
    if (!match) return false;
    const leaseId = BigInt(match[1]);
    if (request.method === "PUT") {
      handlePut(leaseId, request, response).catch((error: Error) => {
        log.error({ leaseId: match[1], err: error.message.split("\n")[0] }, "upload failed");
        if (!response.headersSent) reply(response, 502, { error: error.message.split("\n")[0] });
      });
    } else if (request.method === "GET") {
      const asked = new URLSearchParams(query ?? "").get("root");
      if (asked !== null && !ROOT.test(asked)) {
        reply(response, 400, { error: `"${asked}" is not a root` });
        return true;
      }
      const root = (asked as Hex | null) ?? store.versions(leaseId)[0];
      const data = root === undefined ? undefined : store.get(leaseId, root);
      if (data === undefined) reply(response, 404, { error: `no data for lease ${leaseId}` });
      else response.writeHead(200, { "content-type": "application/octet-stream" }).end(data);
    } else {
      reply(response, 405, { error: "PUT or GET" });
    }
    return true;
  };
}
