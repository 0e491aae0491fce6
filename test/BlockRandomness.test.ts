import { expect } from "chai";
import { keccak256, AbiCoder, ZeroHash } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const abi = AbiCoder.defaultAbiCoder();

describe("BlockRandomness", function () {
  async function beaconFixture() {
    const [requester, recorder] = await ethers.getSigners();
    const beacon = await ethers.deployContract("BlockRandomness", [2]);
    return { beacon, requester, recorder };
  }

  it("refuses a delay of zero or one that leaves the block-hash window", async function () {
    const factory = await ethers.getContractFactory("BlockRandomness");
    await expect(ethers.deployContract("BlockRandomness", [0]))
      .to.be.revertedWithCustomError(factory, "InvalidDelay")
      .withArgs(0);
    await expect(ethers.deployContract("BlockRandomness", [256]))
      .to.be.revertedWithCustomError(factory, "InvalidDelay")
      .withArgs(256);
  });

  it("commits to a later block, which no transaction up to it can read, then records its hash once", async function () {
    const { beacon, recorder } = await networkHelpers.loadFixture(beaconFixture);
    const tx = await beacon.request();
    const requestBlock = (await tx.wait())!.blockNumber;
    await expect(tx)
      .to.emit(beacon, "RandomnessRequested")
      .withArgs(1n, (await ethers.getSigners())[0].address, requestBlock + 2);
    expect(await beacon.randomnessOf(1n)).to.equal(ZeroHash);

    // The seed block itself (requestBlock + 2) still cannot see its own hash.
    await networkHelpers.mine(1);
    await expect(beacon.connect(recorder).record(1n))
      .to.be.revertedWithCustomError(beacon, "RandomnessPending")
      .withArgs(1n, requestBlock + 3);

    await networkHelpers.mine(2);
    const seedHash = (await ethers.provider.getBlock(requestBlock + 2))!.hash!;
    const expected = keccak256(abi.encode(["bytes32", "uint256"], [seedHash, 1n]));
    expect(await beacon.randomnessOf(1n)).to.equal(expected);
    await expect(beacon.connect(recorder).record(1n)).to.emit(beacon, "RandomnessRecorded").withArgs(1n, expected);
    // Recorded for good: readable after the window and a second record is a no-op.
    await networkHelpers.mine(300);
    expect(await beacon.randomnessOf(1n)).to.equal(expected);
    await expect(beacon.connect(recorder).record(1n)).not.to.emit(beacon, "RandomnessRecorded");
    expect((await beacon.requestOf(1n)).value).to.equal(expected);
  });

  it("gives two requests on the same seed block different values", async function () {
    const { beacon } = await networkHelpers.loadFixture(beaconFixture);
    await networkHelpers.mine(0);
    await ethers.provider.send("evm_setAutomine", [false]);
    await beacon.request();
    await beacon.request();
    await networkHelpers.mine(1);
    await ethers.provider.send("evm_setAutomine", [true]);
    await networkHelpers.mine(3);
    const [a, b] = [await beacon.randomnessOf(1n), await beacon.randomnessOf(2n)];
    expect((await beacon.requestOf(1n)).seedBlock).to.equal((await beacon.requestOf(2n)).seedBlock);
    expect(a).not.to.equal(ZeroHash);
    expect(a).not.to.equal(b);
  });

  it("re-seeds a request whose block left the window from a block after the re-seeding one", async function () {
    const { beacon, recorder } = await networkHelpers.loadFixture(beaconFixture);
    await beacon.request();
    const missed = (await beacon.requestOf(1n)).seedBlock;
    await networkHelpers.mine(400);
    expect(await beacon.randomnessOf(1n)).to.equal(ZeroHash);

    const tx = await beacon.connect(recorder).record(1n);
    const reseedBlock = (await tx.wait())!.blockNumber;
    await expect(tx)
      .to.emit(beacon, "RandomnessReseeded")
      .withArgs(1n, missed, reseedBlock + 2);
    expect(await beacon.randomnessOf(1n)).to.equal(ZeroHash);
    await networkHelpers.mine(3);
    expect(await beacon.randomnessOf(1n)).not.to.equal(ZeroHash);
    await expect(beacon.record(1n)).to.emit(beacon, "RandomnessRecorded");
  });

  it("names an unknown request", async function () {
    const { beacon } = await networkHelpers.loadFixture(beaconFixture);
    await expect(beacon.record(7n)).to.be.revertedWithCustomError(beacon, "UnknownRequest").withArgs(7n);
    expect(await beacon.randomnessOf(7n)).to.equal(ZeroHash);
  });
});
