import { expect } from "chai";
import { encodeBytes32String, parseUnits, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const tokens = (amount: string) => parseUnits(amount, 18);
const COUNCIL = encodeBytes32String("CouncilReserve");
const REWARDS = encodeBytes32String("RewardsReserve");

describe("GenesisEscrow", function () {
  async function escrowFixture() {
    const [authority, holder, stranger, timelock] = await ethers.getSigners();
    const escrow = await ethers.deployContract("GenesisEscrow", [
      authority.address,
      [COUNCIL, REWARDS],
      [tokens("100"), tokens("50")],
    ]);
    const token = await ethers.deployContract("BaseToken", [
      "Jiaozi",
      "JZ",
      [
        { holder: holder.address, amount: tokens("850") },
        { holder: await escrow.getAddress(), amount: tokens("150") },
      ],
      authority.address,
    ]);
    // Any contract can stand for a module here; a second token is handy.
    const module = await ethers.deployContract("BaseToken", [
      "M",
      "M",
      [{ holder: holder.address, amount: 1n }],
      authority.address,
    ]);
    return { escrow, token, module, authority, holder, stranger, timelock };
  }

  it("refuses bad share lists at construction", async function () {
    const [authority] = await ethers.getSigners();
    const factory = await ethers.getContractFactory("GenesisEscrow");
    await expect(factory.deploy(ZeroAddress, [], [])).to.be.revertedWithCustomError(factory, "InvalidAuthority");
    await expect(factory.deploy(authority.address, [COUNCIL], []))
      .to.be.revertedWithCustomError(factory, "ShareListMismatch")
      .withArgs(1, 0);
    await expect(factory.deploy(authority.address, [COUNCIL], [0n]))
      .to.be.revertedWithCustomError(factory, "InvalidShare")
      .withArgs(COUNCIL, 0);
    await expect(factory.deploy(authority.address, [ZeroHash], [1n]))
      .to.be.revertedWithCustomError(factory, "InvalidShare")
      .withArgs(ZeroHash, 1);
    await expect(factory.deploy(authority.address, [COUNCIL, COUNCIL], [1n, 2n]))
      .to.be.revertedWithCustomError(factory, "DuplicateShare")
      .withArgs(COUNCIL);
  });

  it("binds only a token that funded it exactly, once", async function () {
    const { escrow, token, holder } = await networkHelpers.loadFixture(escrowFixture);
    const other = await ethers.deployContract("BaseToken", [
      "X",
      "X",
      [{ holder: holder.address, amount: 1n }],
      holder.address,
    ]);
    await expect(escrow.bindToken(other))
      .to.be.revertedWithCustomError(escrow, "EscrowUnderfunded")
      .withArgs(0, tokens("150"));
    await expect(escrow.release(COUNCIL, token)).to.be.revertedWithCustomError(escrow, "TokenNotBound");
    expect(await escrow.token()).to.equal(ZeroAddress);
    await expect(escrow.bindToken(token))
      .to.emit(escrow, "TokenBound")
      .withArgs(await token.getAddress(), tokens("150"));
    expect(await escrow.token()).to.equal(await token.getAddress());
    await expect(escrow.bindToken(token)).to.be.revertedWithCustomError(escrow, "TokenAlreadyBound");
  });

  it("pays each share once, in full, only to a contract, only for the authority", async function () {
    const { escrow, token, module, holder, stranger } = await networkHelpers.loadFixture(escrowFixture);
    await escrow.bindToken(token);
    await expect(escrow.connect(stranger).release(COUNCIL, module))
      .to.be.revertedWithCustomError(escrow, "NotAuthority")
      .withArgs(stranger.address, (await ethers.getSigners())[0].address);
    await expect(escrow.release(COUNCIL, holder.address)).to.be.revertedWithCustomError(escrow, "ModuleNotContract");
    await expect(escrow.release(encodeBytes32String("Nope"), module)).to.be.revertedWithCustomError(
      escrow,
      "UnknownShare",
    );
    await expect(escrow.release(COUNCIL, module))
      .to.emit(escrow, "ShareReleased")
      .withArgs(COUNCIL, await module.getAddress(), tokens("100"));
    expect(await token.balanceOf(module)).to.equal(tokens("100"));
    expect(await escrow.totalEscrowed()).to.equal(tokens("50"));
    await expect(escrow.release(COUNCIL, module))
      .to.be.revertedWithCustomError(escrow, "ShareAlreadyReleased")
      .withArgs(COUNCIL, await module.getAddress());
    expect(await escrow.shareNames()).to.deep.equal([COUNCIL, REWARDS]);
  });

  it("hands its authority over, after which the old authority can do nothing", async function () {
    const { escrow, token, module, authority, timelock } = await networkHelpers.loadFixture(escrowFixture);
    await escrow.bindToken(token);
    await expect(escrow.transferAuthority(ZeroAddress)).to.be.revertedWithCustomError(escrow, "InvalidAuthority");
    await expect(escrow.transferAuthority(timelock.address))
      .to.emit(escrow, "AuthorityTransferred")
      .withArgs(authority.address, timelock.address);
    await expect(escrow.release(REWARDS, module)).to.be.revertedWithCustomError(escrow, "NotAuthority");
    await escrow.connect(timelock).release(REWARDS, module);
    expect(await token.balanceOf(module)).to.equal(tokens("50"));
  });
});
