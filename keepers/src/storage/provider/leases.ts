// The leases of one landlord, as its agent follows them: learnt from events (LeaseAssigned and
// LeaseReassigned to it, LeaseReassigned away and LeaseReleased, DataProposed and its own
// DataRejected), scanned incrementally from the last block seen, then read from the chain each
// sync (membershipOf, dataOf, heldDataOf) to plan what to accept, reject, fetch and keep
// (holdings.ts). A sync also deletes versions no longer provable and fetches proposed data it
// lacks from the other members of the copy group (GET <endpoint>/leases/<id>?root=<root>).
import { parseEventLogs, type Address, type Hex, type Log } from "viem";
import { LandlordRegistryAbi } from "../../../../abis/LandlordRegistry.ts";
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { JobContext } from "../../core/job.ts";
import type { Logger } from "../../core/log.ts";
import { BYTES_PER_MB } from "../leaseData.ts";
import { planLease, type LeaseOnChain, type LeasePlan } from "./holdings.ts";
import type { LeaseStore } from "./store.ts";
import { contract } from "../../core/contracts.ts";

/** Blocks per eth_getLogs call: public RPCs refuse wide ranges. */
export const LOG_RANGE = 5_000n;
/** A sync younger than this is reused: the accept and reject jobs share one. */
const SYNC_REUSE_MS = 300;
/** Seconds between two fetches of the same missing data from peers. */
const FETCH_RETRY_MS = 15_000;
const FETCH_TIMEOUT_MS = 10_000;

interface Known {
  since: bigint;
  leftEpoch?: bigint;
  rejected: Set<string>;
}

export interface LeaseDecision {
  leaseId: bigint;
  plan: LeasePlan;
}

export class LeaseBook {
  readonly landlord: Address;
  private readonly store: LeaseStore;
  private readonly log: Logger;
  private readonly patienceSeconds: bigint;
  private readonly known = new Map<bigint, Known>();
  private readonly endpoints = new Map<string, string>();
  private readonly fetchTried = new Map<string, number>();
  private nextBlock?: bigint;
  private clock?: { origin: bigint; length: bigint };
  /** The registry's acceptance window (audit H5), read once: it is immutable. */
  private acceptWindow?: bigint;
  private decisions: LeaseDecision[] = [];
  private lastSync = 0;
  private inFlight?: Promise<LeaseDecision[]>;

  constructor(options: { landlord: Address; store: LeaseStore; log: Logger; patienceSeconds: number }) {
    this.landlord = options.landlord;
    this.store = options.store;
    this.log = options.log;
    this.patienceSeconds = BigInt(options.patienceSeconds);
  }

  /** Leases this landlord is (or was, this epoch) a member of. */
  leaseIds(): bigint[] {
    return [...this.known.keys()];
  }

  /** The next sync reads the chain again (an upload arrived). */
  invalidate(): void {
    this.lastSync = 0;
  }

  /** Scans new events, reads the leases, prunes and fetches; returns each lease's plan. */
  async sync(context: JobContext): Promise<LeaseDecision[]> {
    if (this.inFlight) return this.inFlight;
    if (Date.now() - this.lastSync < SYNC_REUSE_MS) return this.decisions;
    this.inFlight = this.run(context).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async run(context: JobContext): Promise<LeaseDecision[]> {
    const started = Date.now();
    const head = await context.client.getBlock({ blockTag: "latest" });
    await this.scan(context, head.number);
    const market = context.address("StorageMarket");
    const epoch = await contract(context, "StorageMarket").read.currentEpoch();
    // Reject before the registry's acceptance window ends: a member that neither accepted nor
    // rejected by then is slashed and moved (LandlordRegistry.reassignMember). The patience is
    // capped at two thirds of the window.
    this.acceptWindow ??= await context.client.readContract({
      address: context.address("LandlordRegistry"),
      abi: LandlordRegistryAbi,
      functionName: "acceptWindow",
    });
    const cap = (this.acceptWindow * 2n) / 3n;
    const patienceSeconds = this.patienceSeconds < cap ? this.patienceSeconds : cap;
    const decisions: LeaseDecision[] = [];
    const entries = [...this.known];
    // Leases that left are not read: their plan depends on the epoch only.
    const states = await Promise.all(
      entries.map(([leaseId, known]) => (known.leftEpoch === undefined ? this.read(context, leaseId) : undefined)),
    );
    for (const [i, [leaseId, known]] of entries.entries()) {
      const chain = states[i];
      const options = {
        known,
        chain,
        now: head.timestamp,
        epoch,
        patienceSeconds,
      };
      let plan = planLease({ ...options, stored: this.stored(leaseId) });
      if (plan.fetch !== undefined && (await this.fetchFromPeers(context, leaseId, plan.fetch))) {
        plan = planLease({ ...options, stored: this.stored(leaseId) });
      }
      this.prune(leaseId, plan);
      if (plan.forget) this.known.delete(leaseId);
      else decisions.push({ leaseId, plan });
    }
    this.decisions = decisions;
    this.lastSync = started;
    return decisions;
  }

  private stored(leaseId: bigint): Set<string> {
    return new Set(this.store.versions(leaseId).map((root) => root.toLowerCase()));
  }

  private async read(context: JobContext, leaseId: bigint): Promise<LeaseOnChain> {
    const proofs = context.address("StorageProofs");
    const [[member, holding], [root, sizeMB, dataLength], held] = await Promise.all([
      contract(context, "LandlordRegistry").read.membershipOf([leaseId, this.landlord]),
      contract(context, "StorageProofs").read.dataOf([leaseId]),
      contract(context, "StorageProofs").read.heldDataOf([leaseId, this.landlord]),
    ]);
    return {
      member,
      holding,
      proposed: { root, sizeMB: Number(sizeMB), dataLength: Number(dataLength) },
      held: {
        root: held.root,
        sizeMB: held.sizeMB,
        dataLength: Number(held.dataLength),
        previousRoot: held.previousRoot,
        previousSizeMB: held.previousSizeMB,
        previousDataLength: Number(held.previousDataLength),
        fromEpoch: BigInt(held.fromEpoch),
      },
    };
  }

  /** Deletes the versions the plan does not keep. */
  private prune(leaseId: bigint, plan: LeasePlan): void {
    if (plan.keep === "all") return;
    for (const root of this.store.versions(leaseId)) {
      if (plan.keep.has(root.toLowerCase())) continue;
      this.store.delete(leaseId, root);
      this.log.info({ leaseId: leaseId.toString(), root }, "lease data no longer provable: deleted");
    }
  }

  /** Events of the registry and the proofs contract since the last scan, in chain order. */
  private async scan(context: JobContext, head: bigint): Promise<void> {
    const registry = context.address("LandlordRegistry");
    const proofs = context.address("StorageProofs");
    const { contracts } = context.deployments;
    let from =
      this.nextBlock ??
      BigInt(Math.min(contracts.LandlordRegistry.startBlock ?? 0, contracts.StorageProofs.startBlock ?? 0));
    const me = this.landlord.toLowerCase();
    const timestamps = new Map<bigint, bigint>();
    const timeOf = async (log: Log) => {
      const block = log.blockNumber!;
      let time = timestamps.get(block);
      if (time === undefined) {
        time = (await context.client.getBlock({ blockNumber: block })).timestamp;
        timestamps.set(block, time);
      }
      return time;
    };
    while (from <= head) {
      const toBlock: bigint = from + LOG_RANGE - 1n < head ? from + LOG_RANGE - 1n : head;
      const logs = await context.client.getLogs({ address: [registry, proofs], fromBlock: from, toBlock });
      const ofRegistry = logs.filter((log) => log.address.toLowerCase() === registry.toLowerCase());
      const ofProofs = logs.filter((log) => log.address.toLowerCase() === proofs.toLowerCase());
      const events = [
        ...parseEventLogs({ abi: LandlordRegistryAbi, logs: ofRegistry }),
        ...parseEventLogs({ abi: StorageProofsAbi, logs: ofProofs }),
      ].sort((a, b) =>
        a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
      );
      for (const event of events) {
        switch (event.eventName) {
          case "LandlordRegistered":
          case "EndpointChanged":
            this.endpoints.set(event.args.landlord.toLowerCase(), event.args.endpoint);
            break;
          case "LeaseAssigned":
            if (event.args.landlords.some((l) => l.toLowerCase() === me)) {
              this.known.set(event.args.leaseId, { since: await timeOf(event), rejected: new Set() });
            }
            break;
          case "LeaseReassigned": {
            const { leaseId, from, to, epoch } = event.args;
            if (to.toLowerCase() === me) {
              const known = this.known.get(leaseId);
              this.known.set(leaseId, { since: await timeOf(event), rejected: known?.rejected ?? new Set() });
            } else if (from.toLowerCase() === me) {
              const known = this.known.get(leaseId);
              if (known) known.leftEpoch = epoch;
            }
            break;
          }
          case "LeaseReleased": {
            const known = this.known.get(event.args.leaseId);
            if (known && known.leftEpoch === undefined)
              known.leftEpoch = await this.epochAt(context, await timeOf(event));
            break;
          }
          case "DataProposed": {
            const known = this.known.get(event.args.leaseId);
            if (known && known.leftEpoch === undefined) known.since = await timeOf(event);
            break;
          }
          case "DataRejected":
            if (event.args.landlord.toLowerCase() === me) {
              this.known.get(event.args.leaseId)?.rejected.add(event.args.dataRoot.toLowerCase());
            }
            break;
        }
      }
      from = toBlock + 1n;
      this.nextBlock = from;
    }
  }

  private async epochAt(context: JobContext, timestamp: bigint): Promise<bigint> {
    if (this.clock === undefined) {
      const market = context.address("StorageMarket");
      const [origin, length] = await Promise.all([
        contract(context, "StorageMarket").read.epochStart([0n]),
        contract(context, "StorageMarket").read.epochLength(),
      ]);
      this.clock = { origin, length };
    }
    return timestamp < this.clock.origin ? 0n : (timestamp - this.clock.origin) / this.clock.length;
  }

  /** Tries the other members' endpoints for a version; true when it is on disk now. */
  private async fetchFromPeers(
    context: JobContext,
    leaseId: bigint,
    wanted: { root: Hex; sizeMB: number; dataLength: number },
  ): Promise<boolean> {
    const key = `${leaseId}:${wanted.root.toLowerCase()}`;
    const last = this.fetchTried.get(key) ?? 0;
    if (Date.now() - last < FETCH_RETRY_MS) return false;
    this.fetchTried.set(key, Date.now());
    const group = await contract(context, "LandlordRegistry").read.groupOf([leaseId]);
    for (const peer of group) {
      if (peer.toLowerCase() === this.landlord.toLowerCase()) continue;
      const endpoint = this.endpoints.get(peer.toLowerCase());
      if (endpoint === undefined) continue;
      try {
        const response = await fetch(`${endpoint.replace(/\/$/, "")}/leases/${leaseId}?root=${wanted.root}`, {
          signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        });
        if (response.status !== 200) continue;
        const data = new Uint8Array(await response.arrayBuffer());
        // No more than the committed length (the bytes the challenges fall on).
        if (data.length > wanted.dataLength || data.length > wanted.sizeMB * BYTES_PER_MB) continue;
        if (this.store.rootOf(data, wanted.sizeMB).toLowerCase() !== wanted.root.toLowerCase()) continue;
        this.store.put(leaseId, wanted.root, data);
        this.fetchTried.delete(key);
        this.log.info({ leaseId: leaseId.toString(), root: wanted.root, peer }, "lease data fetched from a peer");
        return true;
      } catch {
        // unreachable peer: try the next
      }
    }
    return false;
  }
}
