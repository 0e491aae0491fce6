// Upkeep is due by chain time, not by the keeper's clock.
import type { PublicClient } from "viem";

/** The latest block's timestamp. */
export async function chainTime(client: PublicClient): Promise<bigint> {
  return (await client.getBlock({ blockTag: "latest" })).timestamp;
}
