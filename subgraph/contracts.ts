// The contracts section of the indexer's config (ponder.config.ts), from the manifest
// (lib/manifest.ts): every indexed contract with its ABI, at its address in the deployments file,
// or, for a clone, at every address its factory's creation event names.
import { factory, type Factory } from "ponder";
import { getAbiItem, type Abi, type AbiEvent } from "viem";
import type { Deployments } from "../lib/deployments.ts";
import { deployedNames, indexedNames, type Manifest } from "../lib/manifest.ts";

/** The indexed contracts that have an address of their own (the others are clones). */
export function indexedDeployed(manifest: Manifest): string[] {
  const deployed = deployedNames(manifest);
  return indexedNames(manifest).filter((name) => deployed.includes(name));
}

export function ponderContracts(deployments: Deployments, manifest: Manifest, abis: Readonly<Record<string, Abi>>) {
  function deployed(name: string) {
    const { address, startBlock } = deployments.contracts[name]!;
    return { chain: "jiaozi" as const, address, startBlock };
  }
  /** The clones a factory made: their address is a parameter of the factory's creation event. */
  function cloned(clone: { factory: string; event: string; parameter: string }) {
    const { address, startBlock } = deployed(clone.factory);
    const event = getAbiItem({ abi: abis[clone.factory]!, name: clone.event }) as AbiEvent;
    const parameter = clone.parameter as NonNullable<Factory<AbiEvent>["parameter"]>;
    return { chain: "jiaozi" as const, address: factory({ address, event, parameter }), startBlock };
  }
  return Object.fromEntries(
    indexedNames(manifest).map((name) => {
      const clone = manifest[name]!.clone;
      return [name, { abi: abis[name]!, ...(clone === undefined ? deployed(name) : cloned(clone)) }];
    }),
  );
}
