// What a provider does with one lease of its copy groups, decided from what the chain says
// (membership, proposed data, the data it accepted) and what is on its disk. Pure, so that the
// rules are unit-tested apart from the chain:
// - accept the proposed data once its bytes are on disk (StorageProofs.acceptData);
// - reject it once `patience` seconds passed since it became due (the lease joined, or new data
//   was proposed) without the bytes arriving (rejectData: never slashed, only a signal to the
//   tenant; a later upload is still accepted);
// - keep every version it may still be challenged on: the proposed one, the accepted one, and
//   the previous one until the epoch the accepted one applies from; a lease that left the group
//   (moved away or reclaimed) in epoch e keeps all its versions until e is over, since the
//   challenges of e are fixed by what was held when e opened.
import type { Hex } from "viem";

export const ZERO_ROOT: Hex = `0x${"0".repeat(64)}`;

/** Default patience before rejecting data that never arrived: one hour of chain time. */
export const DEFAULT_PATIENCE_SECONDS = 3_600;

/** What this process learned of a lease from events. */
export interface LeaseKnowledge {
  /** Chain time from which the proposed data is due: when the lease joined or data was proposed. */
  since: bigint;
  /** The epoch the lease left this landlord's groups in (moved away or reclaimed), if it did. */
  leftEpoch?: bigint;
  /** Roots this landlord rejected already. */
  rejected: ReadonlySet<string>;
}

/** The lease as the chain has it for this landlord (membershipOf, dataOf, heldDataOf).
 * `dataLength` is the tenant's byte count committed with the root: the challenges fall below it. */
export interface LeaseOnChain {
  member: boolean;
  holding: boolean;
  proposed: { root: Hex; sizeMB: number; dataLength: number };
  held: {
    root: Hex;
    sizeMB: number;
    dataLength: number;
    previousRoot: Hex;
    previousSizeMB: number;
    previousDataLength: number;
    fromEpoch: bigint;
  };
}

export interface LeasePlan {
  /** Call acceptData with this root. */
  accept?: Hex;
  /** Call rejectData with this root. */
  reject?: Hex;
  /** The proposed data is missing: fetch it (from the other holders) if possible. */
  fetch?: { root: Hex; sizeMB: number; dataLength: number };
  /** Versions to keep on disk; every other version of the lease may be deleted. */
  keep: "all" | Set<string>;
  /** The lease can be forgotten (and its data deleted): it left and its last epoch is over. */
  forget: boolean;
}

/** Whether the holder accepted exactly the proposed data, length included (StorageProofs.hasAccepted). */
export function accepted(chain: LeaseOnChain): boolean {
  return (
    chain.holding &&
    chain.held.root.toLowerCase() === chain.proposed.root.toLowerCase() &&
    chain.held.sizeMB === chain.proposed.sizeMB &&
    chain.held.dataLength === chain.proposed.dataLength
  );
}

export function planLease(options: {
  known: LeaseKnowledge;
  /** Undefined when the lease left this landlord's groups (no need to read it). */
  chain?: LeaseOnChain;
  /** Roots on disk (lower case). */
  stored: ReadonlySet<string>;
  now: bigint;
  epoch: bigint;
  patienceSeconds: bigint;
}): LeasePlan {
  const { known, chain, stored, now, epoch, patienceSeconds } = options;
  if (chain === undefined || !chain.member) {
    // Left (or leaving: the event may not be scanned yet): keep everything until its epoch ends.
    const over = known.leftEpoch !== undefined && epoch > known.leftEpoch;
    return { keep: over ? new Set() : "all", forget: over };
  }
  const plan: LeasePlan = { keep: new Set(), forget: false };
  const keep = plan.keep as Set<string>;
  const proposed = chain.proposed.root.toLowerCase();
  if (proposed !== ZERO_ROOT) keep.add(proposed);
  if (chain.held.root !== ZERO_ROOT) keep.add(chain.held.root.toLowerCase());
  if (epoch < chain.held.fromEpoch && chain.held.previousRoot !== ZERO_ROOT) {
    keep.add(chain.held.previousRoot.toLowerCase());
  }
  if (proposed === ZERO_ROOT || accepted(chain)) return plan;
  if (stored.has(proposed)) {
    plan.accept = chain.proposed.root;
    return plan;
  }
  plan.fetch = { root: chain.proposed.root, sizeMB: chain.proposed.sizeMB, dataLength: chain.proposed.dataLength };
  if (now >= known.since + patienceSeconds && !known.rejected.has(proposed)) plan.reject = chain.proposed.root;
  return plan;
}
