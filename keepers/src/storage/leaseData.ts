// A lease's data as StorageProofs challenges it: the tenant's bytes zero-padded to the lease's
// size (sizeMB × 1 MiB), cut into 256-byte segments, so a lease of S MB has S × 4096 segments.
import { buildTree, SEGMENT_SIZE, SegmentMerkleError, type SegmentTree } from "./segmentMerkle.ts";

export const BYTES_PER_MB = 1 << 20;
export const SEGMENTS_PER_MB = BYTES_PER_MB / SEGMENT_SIZE;

/** The tenant's bytes zero-padded to `sizeMB` MB; refuses data larger than the lease. */
export function leaseContent(data: Uint8Array, sizeMB: number): Uint8Array {
  const size = sizeMB * BYTES_PER_MB;
  if (!Number.isSafeInteger(sizeMB) || sizeMB <= 0) throw new SegmentMerkleError(`lease size ${sizeMB} MB`);
  if (data.length > size) throw new SegmentMerkleError(`${data.length} bytes do not fit a lease of ${sizeMB} MB`);
  const content = new Uint8Array(size);
  content.set(data);
  return content;
}

/** The tree whose root is the lease's dataRoot. */
export function leaseTree(data: Uint8Array, sizeMB: number): SegmentTree {
  return buildTree(leaseContent(data, sizeMB));
}
