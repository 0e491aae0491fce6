// The provider's lease data on disk: one file per lease holding the tenant's bytes (the zero
// padding up to the lease size is implied), and the lease trees built from them, cached by root.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Hex } from "viem";
import { leaseContent, leaseTree } from "../storage/leaseData.ts";
import { proofOf, segmentOf, type SegmentTree } from "../storage/segmentMerkle.ts";

export interface SegmentProof {
  segment: Uint8Array;
  proof: Hex[];
}

export class LeaseStore {
  readonly dir: string;
  private readonly trees = new Map<bigint, { sizeMB: number; tree: SegmentTree; content: Uint8Array }>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  fileOf(leaseId: bigint): string {
    return path.join(this.dir, `lease-${leaseId}.bin`);
  }

  has(leaseId: bigint): boolean {
    return existsSync(this.fileOf(leaseId));
  }

  /** The root `data` would have as the data of a lease of `sizeMB`. */
  rootOf(data: Uint8Array, sizeMB: number): Hex {
    return leaseTree(data, sizeMB).root;
  }

  /** Stores a lease's data (written to a temporary file first, so a crash leaves no half file). */
  put(leaseId: bigint, data: Uint8Array): void {
    const file = this.fileOf(leaseId);
    writeFileSync(`${file}.tmp`, data);
    renameSync(`${file}.tmp`, file);
    this.trees.delete(leaseId);
  }

  get(leaseId: bigint): Uint8Array | undefined {
    return this.has(leaseId) ? new Uint8Array(readFileSync(this.fileOf(leaseId))) : undefined;
  }

  delete(leaseId: bigint): void {
    rmSync(this.fileOf(leaseId), { force: true });
    this.trees.delete(leaseId);
  }

  /** The segment and proof of `index` of a lease of `sizeMB`, or undefined without its data. */
  proof(leaseId: bigint, sizeMB: number, index: number): SegmentProof | undefined {
    const data = this.get(leaseId);
    if (data === undefined) {
      this.trees.delete(leaseId);
      return undefined;
    }
    let cached = this.trees.get(leaseId);
    if (cached === undefined || cached.sizeMB !== sizeMB) {
      const content = leaseContent(data, sizeMB);
      cached = { sizeMB, content, tree: leaseTree(data, sizeMB) };
      this.trees.set(leaseId, cached);
    }
    return { segment: segmentOf(cached.content, index), proof: proofOf(cached.tree, index) };
  }
}
