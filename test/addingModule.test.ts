// DEVELOPERS.md, "Adding a module": a module of one contract with one upkeep kind, added by
// nothing but its manifest entry (contracts/mocks/SampleModule.sol, test only), is deployed and
// registered by genesis, exported to abis/, followed by the indexer and named by the keepers'
// catalog of its module.
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { encodeBytes32String, parseUnits } from "ethers";
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import type { Abi } from "viem";
import { deployGenesis } from "../deploy/genesis.ts";
import { loadProfile } from "../deploy/profile.ts";
import { moduleCatalog } from "../keepers/src/core/participant.ts";
import { requireContracts, type Deployments } from "../lib/deployments.ts";
import { exportedAbis, MANIFEST, type Manifest } from "../lib/manifest.ts";
import { abiIndexSource, abiModuleSource } from "../scripts/export-abis.ts";
import { indexedDeployed, ponderContracts } from "../subgraph/contracts.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** The suite's manifest and one more entry: all a new module adds outside its own code. */
const manifest: Manifest = {
  ...MANIFEST,
  SampleModule: {
    artifact: "contracts/mocks/SampleModule.sol",
    module: "sample",
    indexed: true,
    governed: "none",
    upkeep: [{ kind: "SampleModule.ping", constant: "PING_KIND" }],
    ordinary: [],
    abi: true,
    constructorArgs: [{ contract: "BaseToken" }, { contract: "KeeperRewards" }],
  },
};

describe("Adding a module (one manifest entry, DEVELOPERS.md)", function () {
  async function genesisFixture() {
    return deployGenesis(connection, loadProfile("local"), { manifest });
  }

  it("is deployed by genesis with its constructor arguments, and its upkeep kind pays a keeper", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    const { SampleModule: sample, BaseToken: token, KeeperRewards: rewards } = deployments.contracts;
    expect(sample.startBlock).to.be.greaterThan(0);
    const module = await ethers.getContractAt("SampleModule", sample.address);
    expect(await module.token()).to.equal(token.address);
    expect(await module.keeperRewards()).to.equal(rewards.address);
    const keeperRewards = await ethers.getContractAt("KeeperRewards", rewards.address);
    const kind = await keeperRewards.kindOf(encodeBytes32String("SampleModule.ping"));
    expect(kind.module).to.equal(sample.address);
    expect(kind.bounty).to.equal(parseUnits("10", 18));
    const [, keeper] = await ethers.getSigners();
    await expect(module.connect(keeper).ping())
      .to.emit(keeperRewards, "BountyPaid")
      .withArgs(
        encodeBytes32String("SampleModule.ping"),
        keeper.address,
        sample.address,
        1n,
        parseUnits("10", 18),
        1n,
        anyValue,
      );
  });

  it("adds it to the deployments file after the suite's contracts, changing nothing else", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    expect(Object.keys(deployments.contracts)).to.deep.equal([
      ...Object.keys(MANIFEST).filter((name) => !("clone" in MANIFEST[name as keyof typeof MANIFEST])),
      "SampleModule",
    ]);
  });

  it("is exported to abis/ with the compiled ABI", function () {
    expect(exportedAbis(manifest).SampleModule).to.deep.equal({
      artifact: "contracts/mocks/SampleModule.sol",
      contract: "SampleModule",
    });
    const compiled = JSON.parse(
      readFileSync("artifacts/contracts/mocks/SampleModule.sol/SampleModule.json", "utf8"),
    ) as { abi: unknown[] };
    const source = abiModuleSource("SampleModule", manifest);
    expect(source).to.include("export const SampleModuleAbi = ");
    expect(JSON.parse(source.slice(source.indexOf("["), source.lastIndexOf("]") + 1))).to.deep.equal(compiled.abi);
    expect(abiIndexSource(manifest)).to.include('import { SampleModuleAbi } from "./SampleModule.ts";');
    expect(abiIndexSource(manifest)).to.include("SampleModule: SampleModuleAbi");
  });

  it("is followed by the indexer at its deployed address and start block", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    const abis = Object.fromEntries(
      Object.entries(exportedAbis(manifest)).map(([name, { artifact, contract }]) => [
        name,
        (JSON.parse(readFileSync(`artifacts/${artifact}/${contract}.json`, "utf8")) as { abi: Abi }).abi,
      ]),
    );
    expect(indexedDeployed(manifest)).to.include("SampleModule");
    const contracts = ponderContracts(deployments as Deployments, manifest, abis);
    expect(contracts.SampleModule).to.deep.equal({
      abi: abis.SampleModule,
      chain: "jiaozi",
      address: deployments.contracts.SampleModule.address,
      startBlock: deployments.contracts.SampleModule.startBlock,
    });
  });

  it("is named by the keepers' catalog of its module, which the deployments file satisfies", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    const catalog = moduleCatalog("sample", [], manifest);
    expect(catalog.sample.contracts).to.deep.equal(["SampleModule"]);
    expect(() => requireContracts(deployments as Deployments, catalog.sample.contracts, "deployments")).to.not.throw();
  });
});
