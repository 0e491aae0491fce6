import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// The compiler comes from the npm package `solc` (wasm): nothing is downloaded at build time.
// Keep SOLC_VERSION equal to the `solc` version pinned in package.json.
export const SOLC_VERSION = "0.8.30";

// Past the 24,576-byte limit at 10,000 runs: Referendum and LandlordRegistry (and the tests that
// deploy them) use 1,000.
const SMALL_CODE = {
  version: SOLC_VERSION,
  path: require.resolve("solc/soljson.js"),
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
};

function envRuns(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const runs = Number(value);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return runs;
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          optimizer: { enabled: true, runs: 10_000 },
          evmVersion: "cancun",
        },
      },
    ],
    overrides: {
      "contracts/governance/Referendum.sol": SMALL_CODE,
      "test/Governance.invariant.t.sol": SMALL_CODE,
      "contracts/storage-market/LandlordRegistry.sol": SMALL_CODE,
      "test/StorageMarket.invariant.t.sol": SMALL_CODE,
    },
    // Deployed as-is from OpenZeppelin; built so Ignition has its artifact.
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
  },
  paths: {
    tests: { mocha: "test", solidity: "test" },
  },
  test: {
    solidity: {
      // CI depth (issue 13): fuzz ≥ 5,000 runs, every invariant ≥ 1,000 runs × depth 64.
      // `npm run test:deep` raises invariants to 10,000 runs; `npm run coverage` lowers both, since
      // it measures lines reached, not depth (the full-depth run is `npm test`'s).
      fuzz: { runs: envRuns("JIAOZI_FUZZ_RUNS", 5_000) },
      invariant: { runs: envRuns("JIAOZI_INVARIANT_RUNS", 1_000), depth: 64, failOnRevert: false },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.JIAOZI_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
});
