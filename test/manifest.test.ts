// The module manifest (lib/manifest.ts, DESIGN §11) against the compiled contracts and the
// genesis deployment: every entry names an artifact, every upkeep kind is the contract's own
// constant, every ordinary function is one of its contract's functions, and genesis deploys
// exactly the manifest's contracts.
import { expect } from "chai";
import { encodeBytes32String, Interface } from "ethers";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import { deployGenesis } from "../deploy/genesis.ts";
import { loadProfile } from "../deploy/profile.ts";
import { CONTRACT_NAMES, DEPLOYED, MANIFEST, ordinaryCalls, upkeepOf, type ContractEntry } from "../lib/manifest.ts";
import { KINDS } from "../lib/vocabulary.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

function artifactOf(name: string): { abi: unknown[] } {
  const entry: ContractEntry = MANIFEST[name as keyof typeof MANIFEST];
  const file = path.join("artifacts", entry.artifact, `${entry.contract ?? name}.json`);
  expect(existsSync(file), `${name}: ${file}`).to.equal(true);
  return JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] };
}

describe("module manifest (lib/manifest.ts)", function () {
  async function genesisFixture() {
    return deployGenesis(connection, loadProfile("local"));
  }

  it("names an artifact for every contract, and a factory event with the clone's address for every clone", function () {
    for (const name of CONTRACT_NAMES) {
      const entry: ContractEntry = MANIFEST[name];
      artifactOf(name);
      if (entry.clone === undefined) continue;
      const event = new Interface(artifactOf(entry.clone.factory).abi as never).getEvent(entry.clone.event);
      expect(event, `${name}: ${entry.clone.factory}.${entry.clone.event}`).to.not.equal(null);
      expect(event!.inputs.map((input) => input.name)).to.include(entry.clone.parameter);
    }
  });

  it("registers exactly the upkeep kind constants the compiler found in its contracts (abis/vocabulary.ts)", function () {
    const compiled = Object.entries(KINDS).flatMap(([contract, constants]) =>
      Object.entries(constants).map(([constant, kind]) => `${contract}.${constant}=${kind}`),
    );
    const declared = upkeepOf(CONTRACT_NAMES).map(({ contract, constant, kind }) => `${contract}.${constant}=${kind}`);
    expect(declared.sort()).to.deep.equal(compiled.sort());
  });

  it("lists as ordinary only functions its contracts have", function () {
    expect(ordinaryCalls()).to.have.length.greaterThan(0);
    for (const { contract, signature } of ordinaryCalls()) {
      const abi = new Interface(artifactOf(contract).abi as never);
      expect(abi.getFunction(signature)?.format("sighash"), `${contract}.${signature}`).to.equal(signature);
    }
  });

  it("deploys exactly the manifest's contracts at genesis, in manifest order", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    expect(Object.keys(deployments.contracts)).to.deep.equal(DEPLOYED);
  });

  it("gives every upkeep kind as its contract's constant spells it, registered with KeeperRewards", async function () {
    const { deployments } = await networkHelpers.loadFixture(genesisFixture);
    const rewards = await ethers.getContractAt("KeeperRewards", deployments.contracts.KeeperRewards.address);
    const kinds = upkeepOf(DEPLOYED);
    expect(kinds).to.have.length(await rewards.kinds().then((all) => all.length));
    for (const { contract, kind, constant } of kinds) {
      const address = deployments.contracts[contract].address;
      const deployed = new ethers.Contract(address, artifactOf(contract).abi as never, ethers.provider);
      expect(await deployed.getFunction(constant)(), `${contract}.${constant}`).to.equal(encodeBytes32String(kind));
      expect((await rewards.kindOf(encodeBytes32String(kind))).module, kind).to.equal(address);
    }
  });
});
