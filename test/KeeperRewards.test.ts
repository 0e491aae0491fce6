import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const tokens = (n: string) => ethers.parseEther(n);
const RELEASE = encodeBytes32String("VestingVault.release");
const EVALUATE = encodeBytes32String("Tokenization.evaluate");

describe("KeeperRewards", function () {
  async function rewardsFixture() {
    const [admin, funder, module, otherModule, keeper, stranger] = await ethers.getSigners();
    const token = await ethers.deployContract("BaseToken", [
      "Jiaozi",
      "JZ",
      [{ holder: funder.address, amount: tokens("5000000000") }],
      admin.address,
    ]);
    const rewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), admin.address]);
    await token.connect(funder).transfer(await rewards.getAddress(), tokens("100"));
    return { token, rewards, admin, funder, module, otherModule, keeper, stranger };
  }

  it("registers kinds through the admin only, once each, and lists them", async function () {
    const { rewards, module, otherModule, stranger } = await networkHelpers.loadFixture(rewardsFixture);
    await expect(rewards.connect(stranger).registerKind(RELEASE, module.address, tokens("10")))
      .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, ZeroHash);

    await expect(rewards.registerKind(RELEASE, module.address, tokens("10")))
      .to.emit(rewards, "KindRegistered")
      .withArgs(RELEASE, module.address, tokens("10"));
    await expect(rewards.registerKind(RELEASE, otherModule.address, 1n))
      .to.be.revertedWithCustomError(rewards, "KindAlreadyRegistered")
      .withArgs(RELEASE, module.address);
    await rewards.registerKind(EVALUATE, otherModule.address, tokens("3"));

    expect(await rewards.kinds()).to.deep.equal([RELEASE, EVALUATE]);
    const kind = await rewards.kindOf(RELEASE);
    expect([kind.module, kind.bounty]).to.deep.equal([module.address, tokens("10")]);
  });

  it("refuses invalid registrations with the values that were wrong", async function () {
    const { rewards, module } = await networkHelpers.loadFixture(rewardsFixture);
    await expect(rewards.registerKind(ZeroHash, module.address, 1n))
      .to.be.revertedWithCustomError(rewards, "InvalidKind")
      .withArgs(ZeroHash);
    await expect(rewards.registerKind(RELEASE, ZeroAddress, 1n))
      .to.be.revertedWithCustomError(rewards, "InvalidModule")
      .withArgs(ZeroAddress);
    const tooLarge = 2n ** 96n;
    await expect(rewards.registerKind(RELEASE, module.address, tooLarge))
      .to.be.revertedWithCustomError(rewards, "BountyTooLarge")
      .withArgs(tooLarge, tooLarge - 1n);
    await expect(rewards.setBounty(RELEASE, 1n))
      .to.be.revertedWithCustomError(rewards, "UnknownKind")
      .withArgs(RELEASE);
    expect(await rewards.kinds()).to.deep.equal([]);
  });

  it("pays a registered module's keeper the bounty and counts the job", async function () {
    const { token, rewards, module, keeper } = await networkHelpers.loadFixture(rewardsFixture);
    await rewards.registerKind(RELEASE, module.address, tokens("10"));

    await expect(rewards.connect(module).reward(keeper.address, RELEASE, 1))
      .to.emit(rewards, "BountyPaid")
      .withArgs(RELEASE, keeper.address, module.address, 1, tokens("10"), 1, tokens("90"));
    await rewards.connect(module).reward(keeper.address, RELEASE, 1);

    expect(await token.balanceOf(keeper)).to.equal(tokens("20"));
    expect(await rewards.jobsOf(keeper)).to.equal(2n);
    expect(await rewards.earnedBy(keeper)).to.equal(tokens("20"));
    expect(await rewards.budget()).to.equal(tokens("80"));
  });

  it("lets only the kind's own module report its jobs", async function () {
    const { rewards, module, otherModule, keeper } = await networkHelpers.loadFixture(rewardsFixture);
    await rewards.registerKind(RELEASE, module.address, tokens("10"));
    await rewards.registerKind(EVALUATE, otherModule.address, tokens("10"));

    await expect(rewards.connect(otherModule).reward(keeper.address, RELEASE, 1))
      .to.be.revertedWithCustomError(rewards, "NotKindModule")
      .withArgs(RELEASE, otherModule.address, module.address);
    await expect(rewards.connect(keeper).reward(keeper.address, encodeBytes32String("unknown"), 1))
      .to.be.revertedWithCustomError(rewards, "NotKindModule")
      .withArgs(encodeBytes32String("unknown"), keeper.address, ZeroAddress);
    await expect(rewards.connect(module).reward(ZeroAddress, RELEASE, 1))
      .to.be.revertedWithCustomError(rewards, "InvalidKeeper")
      .withArgs(ZeroAddress);
    expect(await rewards.jobsOf(keeper)).to.equal(0n);
  });

  it("counts the job but pays nothing when the budget is short, and says so", async function () {
    const { token, rewards, module, keeper } = await networkHelpers.loadFixture(rewardsFixture);
    await rewards.registerKind(RELEASE, module.address, tokens("60"));
    await rewards.connect(module).reward(keeper.address, RELEASE, 1);

    await expect(rewards.connect(module).reward(keeper.address, RELEASE, 1))
      .to.emit(rewards, "BountyUnpaid")
      .withArgs(RELEASE, keeper.address, module.address, 1, tokens("60"), 2, tokens("40"));
    expect(await token.balanceOf(keeper)).to.equal(tokens("60"));
    expect(await rewards.jobsOf(keeper)).to.equal(2n);
    expect(await rewards.earnedBy(keeper)).to.equal(tokens("60"));
  });

  it("changes a bounty through the admin, and a zero bounty counts jobs without payment", async function () {
    const { token, rewards, module, keeper, stranger } = await networkHelpers.loadFixture(rewardsFixture);
    await rewards.registerKind(RELEASE, module.address, tokens("10"));
    await expect(rewards.connect(stranger).setBounty(RELEASE, 0n)).to.be.revertedWithCustomError(
      rewards,
      "AccessControlUnauthorizedAccount",
    );
    await expect(rewards.setBounty(RELEASE, 0n)).to.emit(rewards, "BountyChanged").withArgs(RELEASE, tokens("10"), 0n);

    await expect(rewards.connect(module).reward(keeper.address, RELEASE, 1))
      .to.emit(rewards, "BountyPaid")
      .withArgs(RELEASE, keeper.address, module.address, 1, 0n, 1, tokens("100"));
    expect(await token.balanceOf(keeper)).to.equal(0n);
    expect(await rewards.jobsOf(keeper)).to.equal(1n);
  });
});
