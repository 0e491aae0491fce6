// A project plugin (Hardhat 3 hooks) that adds a 20% margin to every gas estimate on an HTTP
// network, as every other sender of the project does (DEVELOPERS.md, "Gas estimates and the
// BaseToken"). Hardhat Ignition sends the node's estimate unchanged, and a node estimates with
// the latest block's timestamp: a BaseToken transfer from an account that changed earlier in that
// second is estimated a few gas short of what it costs in the next block, and reverts out of gas.
// Deployments to a chain that mines on a clock (every real chain) hit it at the genesis escrow's
// releases. In-process (EDR) networks are left alone, so that the Hardhat tests see exact gas.
import type { HardhatPlugin } from "hardhat/types/plugins";

const gasMargin: HardhatPlugin = {
  id: "jiaozi-gas-margin",
  hookHandlers: {
    network: () => import("./hook-handlers/network.ts"),
  },
};

export default gasMargin;
