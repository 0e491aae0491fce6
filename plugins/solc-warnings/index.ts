// A project plugin (Hardhat 3 hooks) that hides compiler warnings a user cannot act on: solc's
// note on EIP-1153 transient storage (warning 2394), when it points into OpenZeppelin Contracts
// (TransientSlot, used by ReentrancyGuardTransient). The same warning on our own code still shows.
import type { HardhatPlugin } from "hardhat/types/plugins";

const solcWarnings: HardhatPlugin = {
  id: "jiaozi-solc-warnings",
  hookHandlers: {
    solidity: () => import("./hook-handlers/solidity.ts"),
  },
};

export default solcWarnings;
