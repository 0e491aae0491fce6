// Job storage-record-seed: make the open epoch's seed durable (StorageProofs.reseed): record the
// seed block's hash once it is mined, or move the draw to a new block if the hash was missed.
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../job.ts";
import { chainTime, currentEpoch } from "./views.ts";

export const storageRecordSeed: Job<bigint> = {
  name: "storage-record-seed",
  description: "Record or re-seed the open storage epoch's randomness (StorageProofs.reseed)",
  contracts: ["StorageMarket", "StorageProofs"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due({ client, address }) {
    const proofs = address("StorageProofs");
    const epoch = await currentEpoch(client, address("StorageMarket"));
    const seed = await client.readContract({
      address: proofs,
      abi: StorageProofsAbi,
      functionName: "epochSeedOf",
      args: [epoch],
    });
    if (seed.seedBlock === 0n || seed.seed !== `0x${"0".repeat(64)}`) return [];
    const [block, deadline] = await Promise.all([
      client.getBlockNumber(),
      client.readContract({ address: proofs, abi: StorageProofsAbi, functionName: "proofDeadline", args: [epoch] }),
    ]);
    return block > seed.seedBlock && (await chainTime(client)) < deadline ? [epoch] : [];
  },

  call: ({ address }, epoch) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "reseed",
    args: [epoch],
  }),

  label: (epoch) => `epoch ${epoch}`,
};
