import { expect } from "chai";
import { parseUnits, Signature, ZeroAddress } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const tokens = (amount: string) => parseUnits(amount, 18);

describe("BaseToken", function () {
  async function tokenFixture() {
    const [admin, alice, bob, carol, reserve] = await ethers.getSigners();
    const token = await ethers.deployContract("BaseToken", [
      "Jiaozi",
      "JZ",
      [
        { holder: alice.address, amount: tokens("600") },
        { holder: bob.address, amount: tokens("400") },
      ],
      admin.address,
    ]);
    await token.grantRole(await token.SNAPSHOT_ROLE(), reserve.address);
    return { token, admin, alice, bob, carol, reserve };
  }

  it("emits one GenesisAllocation per holder and refuses bad genesis lists", async function () {
    const { token, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
    const events = await token.queryFilter(token.filters.GenesisAllocation());
    expect(events.map((e) => [e.args.holder, e.args.amount])).to.deep.equal([
      [alice.address, tokens("600")],
      [bob.address, tokens("400")],
    ]);
    const factory = await ethers.getContractFactory("BaseToken");
    await expect(factory.deploy("J", "J", [], alice.address)).to.be.revertedWithCustomError(factory, "GenesisEmpty");
    await expect(factory.deploy("J", "J", [{ holder: ZeroAddress, amount: 1n }], alice.address))
      .to.be.revertedWithCustomError(factory, "GenesisHolderZero")
      .withArgs(0);
    await expect(
      factory.deploy(
        "J",
        "J",
        [
          { holder: alice.address, amount: 1n },
          { holder: bob.address, amount: 0n },
        ],
        alice.address,
      ),
    )
      .to.be.revertedWithCustomError(factory, "GenesisAmountZero")
      .withArgs(1, bob.address);
  });

  it("keeps time by timestamp (EIP-6372) and checkpoints votes at timestamps", async function () {
    const { token, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
    expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
    await token.connect(alice).delegate(alice.address);
    const delegatedAt = await time.latest();
    expect(await token.clock()).to.equal(BigInt(delegatedAt));
    await time.increase(100);
    await token.connect(alice).transfer(bob.address, tokens("100"));
    const movedAt = await time.latest();
    await time.increase(1);
    expect(await token.getPastVotes(alice.address, delegatedAt)).to.equal(tokens("600"));
    expect(await token.getPastVotes(alice.address, movedAt - 1)).to.equal(tokens("600"));
    expect(await token.getPastVotes(alice.address, movedAt)).to.equal(tokens("500"));
    expect(await token.getPastTotalSupply(movedAt)).to.equal(tokens("1000"));
  });

  it("accepts an EIP-2612 permit once, sharing the nonce with vote delegation", async function () {
    const { token, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
    const deadline = BigInt(await time.latest()) + 3600n;
    const { chainId } = await ethers.provider.getNetwork();
    const domain = { name: "Jiaozi", version: "1", chainId, verifyingContract: await token.getAddress() };
    const types = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    };
    const value = tokens("50");
    const message = { owner: alice.address, spender: bob.address, value, nonce: 0n, deadline };
    const { v, r, s } = Signature.from(await alice.signTypedData(domain, types, message));
    await token.permit(alice.address, bob.address, value, deadline, v, r, s);
    expect(await token.allowance(alice.address, bob.address)).to.equal(value);
    expect(await token.nonces(alice.address)).to.equal(1n);
    await expect(token.permit(alice.address, bob.address, value, deadline, v, r, s)).to.be.revertedWithCustomError(
      token,
      "ERC2612InvalidSigner",
    );
  });

  it("lets only the SNAPSHOT_ROLE take snapshots", async function () {
    const { token, alice, reserve } = await networkHelpers.loadFixture(tokenFixture);
    await expect(token.connect(alice).snapshot())
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, await token.SNAPSHOT_ROLE());
    await expect(token.connect(reserve).snapshot())
      .to.emit(token, "Snapshot")
      .withArgs(1, anyTimestamp, tokens("1000"));
    expect(await token.currentSnapshotId()).to.equal(1n);
  });

  it("reports balances as of each snapshot, however they move afterwards", async function () {
    const { token, alice, bob, carol, reserve } = await networkHelpers.loadFixture(tokenFixture);
    await expect(token.balanceOfAt(alice.address, 1))
      .to.be.revertedWithCustomError(token, "SnapshotNotTaken")
      .withArgs(1, 0);
    await token.connect(reserve).snapshot(); // 1: alice 600, bob 400, carol 0
    await token.connect(alice).transfer(carol.address, tokens("100"));
    await token.connect(alice).transfer(carol.address, tokens("100"));
    await token.connect(reserve).snapshot(); // 2: alice 400, bob 400, carol 200
    await token.connect(reserve).snapshot(); // 3: unchanged
    await token.connect(bob).transfer(alice.address, tokens("400"));
    const expected: Record<number, bigint[]> = {
      1: [tokens("600"), tokens("400"), 0n],
      2: [tokens("400"), tokens("400"), tokens("200")],
      3: [tokens("400"), tokens("400"), tokens("200")],
    };
    for (const [id, balances] of Object.entries(expected)) {
      const actual = await Promise.all([alice, bob, carol].map((s) => token.balanceOfAt(s.address, id)));
      expect(actual, `snapshot ${id}`).to.deep.equal(balances);
      expect(await token.totalSupplyAt(id)).to.equal(tokens("1000"));
    }
    await expect(token.balanceOfAt(alice.address, 0))
      .to.be.revertedWithCustomError(token, "SnapshotNotTaken")
      .withArgs(0, 3);
    await expect(token.totalSupplyAt(4)).to.be.revertedWithCustomError(token, "SnapshotNotTaken").withArgs(4, 3);
  });
});

function anyTimestamp(value: bigint): boolean {
  return value > 0n;
}
