// Job storage-open-epoch: open the current storage-proof epoch (StorageProofs.openEpoch) while
// its proof window is open.
import { StorageProofsAbi } from "../../../../abis/StorageProofs.ts";
import type { Job } from "../../job.ts";
import { chainTime, currentEpoch } from "./views.ts";

export const storageOpenEpoch: Job<bigint> = {
  name: "storage-open-epoch",
  description: "Open the current storage-proof epoch (StorageProofs.openEpoch)",
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
    if (seed.seedBlock !== 0n) return [];
    const deadline = await client.readContract({
      address: proofs,
      abi: StorageProofsAbi,
      functionName: "proofDeadline",
      args: [epoch],
    });
    return (await chainTime(client)) < deadline ? [epoch] : [];
  },

  call: ({ address }) => ({
    address: address("StorageProofs"),
    abi: StorageProofsAbi,
    functionName: "openEpoch",
    args: [],
  }),

  label: (epoch) => `epoch ${epoch}`,
};
