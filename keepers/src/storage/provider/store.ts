// The provider's lease data on disk: one file per lease and data version (its root), holding the
// tenant's bytes (the zero padding up to the lease size is implied), and the trees built from
// them, cached by lease, root and size. Versions are kept apart because a holder proves its old
// data until the epoch after it accepted the new one (and a challenge names the root it wants).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Hex } from "viem";
import { leaseContent, leaseTree } from "../leaseData.ts";
import { proofOf, segmentOf, type SegmentTree } from "../segmentMerkle.ts";

export interface SegmentProof {
  segment: Uint8Array;
  proof: Hex[];
}

const FILE = /^lease-([0-9]+)-(0x[0-9a-f]{64})\.bin$/;

export class LeaseStore {
  readonly dir: string;
  private readonly trees = new Map<string, { tree: SegmentTree; content: Uint8Array }>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  fileOf(leaseId: bigint, root: Hex): string {
    return path.join(this.dir, `lease-${leaseId}-${root.toLowerCase()}.bin`);
  }

  has(leaseId: bigint, root: Hex): boolean {
    return existsSync(this.fileOf(leaseId, root));
  }

  /** The roots of the versions of a lease on disk, newest first. */
  versions(leaseId: bigint): Hex[] {
    const found: { root: Hex; mtime: number }[] = [];
    for (const name of readdirSync(this.dir)) {
      const match = FILE.exec(name);
      if (match && BigInt(match[1]) === leaseId) {
        found.push({ root: match[2] as Hex, mtime: statSync(path.join(this.dir, name)).mtimeMs });
      }
    }
    return found.sort((a, b) => b.mtime - a.mtime).map((v) => v.root);
  }

  /** Every lease with at least one version on disk. */
  leases(): bigint[] {
    const ids = new Set<bigint>();
    for (const name of readdirSync(this.dir)) {
      const match = FILE.exec(name);
      if (match) ids.add(BigInt(match[1]));
    }
    return [...ids].sort((a, b) => (a < b ? -1 : 1));
  }

  /** The root `data` would have as the data of a lease of `sizeMB`. */
  rootOf(data: Uint8Array, sizeMB: number): Hex {
    return leaseTree(data, sizeMB).root;
  }

  /** Stores a version of a lease's data (written to a temporary file first, so a crash leaves no
   * half file). The caller checked that `data` has `root`. */
  put(leaseId: bigint, root: Hex, data: Uint8Array): void {
    const file = this.fileOf(leaseId, root);
    writeFileSync(`${file}.tmp`, data);
    renameSync(`${file}.tmp`, file);
    this.forget(leaseId, root);
  }

  get(leaseId: bigint, root: Hex): Uint8Array | undefined {
    return this.has(leaseId, root) ? new Uint8Array(readFileSync(this.fileOf(leaseId, root))) : undefined;
  }

  delete(leaseId: bigint, root: Hex): void {
    rmSync(this.fileOf(leaseId, root), { force: true });
    this.forget(leaseId, root);
  }

  /** The segment and proof of `index` of version `root` of a lease of `sizeMB`, or undefined
   * without that version's data. */
  proof(leaseId: bigint, root: Hex, sizeMB: number, index: number): SegmentProof | undefined {
    const key = `${leaseId}:${root.toLowerCase()}:${sizeMB}`;
    const data = this.get(leaseId, root);
    if (data === undefined) {
      this.trees.delete(key);
      return undefined;
    }
    let cached = this.trees.get(key);
    if (cached === undefined) {
      cached = { content: leaseContent(data, sizeMB), tree: leaseTree(data, sizeMB) };
      this.trees.set(key, cached);
    }
    return { segment: segmentOf(cached.content, index), proof: proofOf(cached.tree, index) };
  }

  private forget(leaseId: bigint, root: Hex): void {
    const prefix = `${leaseId}:${root.toLowerCase()}:`;
    for (const key of this.trees.keys()) if (key.startsWith(prefix)) this.trees.delete(key);
  }
}
