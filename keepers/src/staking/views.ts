// What the staking jobs read: the EconomicPool's round clock and its stakers, remembered from the
// pool's VaultCreated events (one per staker, at its first deposit) by a log cursor.
import type { Address } from "viem";
import { EconomicPoolAbi } from "../../../abis/index.ts";
import type { JobContext } from "../core/job.ts";
import { chainTime } from "../core/chainTime.ts";
import { contract } from "../core/contracts.ts";
import { sharedCursor } from "../core/logCursor.ts";

/** Accounts `distribute` takes per transaction: a bounded batch, far below the block gas limit. */
export const DISTRIBUTE_BATCH = 50;

/** The pool's phase names, by their enum values (IEconomicPool.Phase). */
export const PHASE = { Raise: 0, Lock: 1, Settlement: 2 } as const;

interface StakerEntry {
  staker: Address;
  blockNumber: bigint;
}

/** Every account that ever staked in the EconomicPool (its vault exists), in no particular order. */
export async function stakers(context: JobContext): Promise<Address[]> {
  const pool = context.address("EconomicPool");
  const cursor = sharedCursor<StakerEntry>(context.client, pool, "VaultCreated", () => ({
    startBlock: BigInt(context.deployments.contracts.EconomicPool.startBlock ?? 0),
    fetch: async (fromBlock, toBlock) =>
      (
        await context.client.getContractEvents({
          address: pool,
          abi: EconomicPoolAbi,
          eventName: "VaultCreated",
          fromBlock,
          toBlock,
          strict: true,
        })
      ).map((log) => ({ staker: log.args.staker, blockNumber: log.blockNumber })),
    key: (entry) => entry.staker.toLowerCase(),
    blockNumber: (entry) => entry.blockNumber,
  }));
  await cursor.update(context.client);
  return cursor.values().map((entry) => entry.staker);
}

/**
 * The stakers `distribute` would pay at least `minDistribution` now (the accounts it pays a bounty
 * for), in batches of DISTRIBUTE_BATCH; nothing outside a settlement phase. Smaller rewards are
 * left for their owners to claim: pushing them would cost the keeper gas no bounty pays.
 */
export async function distributable(context: JobContext): Promise<Address[][]> {
  const pool = contract(context, "EconomicPool");
  // Before the first round starts there is no phase (currentPhase reverts NotStarted).
  const [schedule, now] = await Promise.all([pool.read.schedule(), chainTime(context.client)]);
  if (now < schedule.start) return [];
  const [[, phase], parameters] = await Promise.all([pool.read.currentPhase(), pool.read.parameters()]);
  if (phase !== PHASE.Settlement) return [];
  const accounts = await stakers(context);
  const due: Address[] = [];
  for (let i = 0; i < accounts.length; i += DISTRIBUTE_BATCH) {
    const page = accounts.slice(i, i + DISTRIBUTE_BATCH);
    const amounts = await pool.read.earnedOf([page]);
    page.forEach((account, j) => {
      if (amounts[j] >= parameters.minDistribution) due.push(account);
    });
  }
  const batches: Address[][] = [];
  for (let i = 0; i < due.length; i += DISTRIBUTE_BATCH) batches.push(due.slice(i, i + DISTRIBUTE_BATCH));
  return batches;
}
