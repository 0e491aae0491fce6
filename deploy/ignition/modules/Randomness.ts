// Randomness (DESIGN §2): the suite's beacon. Copy groups and epoch seeds come from the hash of
// the block after their request; a VRF adapter behind IRandomness replaces it on chains whose
// prevrandao is not random.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { SuiteContext } from "./suite.ts";

export function randomnessModule(_context: SuiteContext) {
  return buildModule("Randomness", (m) => ({ BlockRandomness: m.contract("BlockRandomness", [1n]) }));
}
