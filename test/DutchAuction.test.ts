import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const tokens = (n: bigint | number) => BigInt(n) * 10n ** 18n;

const START = tokens(1_000);
const FLOOR = tokens(200);
const DURATION = 1_000n;

async function fixture() {
  const [seller, buyer, other] = await ethers.getSigners();
  const base = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: buyer.address, amount: tokens(10_000) }],
    seller.address,
  ]);
  const collections = await ethers.deployContract("CollectionFactory");
  const auctions = await ethers.deployContract("DutchAuction", [base, collections, ethers.ZeroAddress]);
  const receipt = await (
    await collections.connect(seller).createCollection({
      name: "Dumplings",
      symbol: "DMP",
      baseURI: "ipfs://dumplings/",
      maxSupply: 3,
    })
  ).wait();
  const created = receipt!.logs.map((log) => collections.interface.parseLog(log)).find((e) => e?.name)!;
  const collection = await ethers.getContractAt("Collection", created.args.collection);
  await collection.connect(seller).mint(seller, 2);
  await collection.connect(seller).setApprovalForAll(auctions, true);
  await base.connect(buyer).approve(auctions, ethers.MaxUint256);
  return { seller, buyer, other, base, collections, auctions, collection };
}

async function auctioned() {
  const f = await loadFixture(fixture);
  await f.auctions.connect(f.seller).createAuction(f.collection, 1n, START, FLOOR, DURATION);
  const { startTime } = await f.auctions.auctionOf(1n);
  return { ...f, startTime };
}

describe("CollectionFactory", function () {
  it("creates a collection from its configuration, minted by its owner up to the maximum", async function () {
    const f = await loadFixture(fixture);
    expect(await f.collection.name()).to.equal("Dumplings");
    expect(await f.collection.symbol()).to.equal("DMP");
    expect(await f.collection.owner()).to.equal(f.seller.address);
    expect(await f.collection.maxSupply()).to.equal(3n);
    expect(await f.collection.tokenURI(2n)).to.equal("ipfs://dumplings/2");
    await expect(f.collection.connect(f.seller).mint(f.seller, 2))
      .to.be.revertedWithCustomError(f.collection, "MaxSupplyExceeded")
      .withArgs(2n, 1n);
    await expect(f.collection.connect(f.other).mint(f.other, 1))
      .to.be.revertedWithCustomError(f.collection, "NotOwner")
      .withArgs(f.other.address, f.seller.address);
    await expect(f.collection.connect(f.seller).mint(ethers.ZeroAddress, 1))
      .to.be.revertedWithCustomError(f.collection, "InvalidRecipient")
      .withArgs(ethers.ZeroAddress);
    await f.collection.connect(f.seller).mint(f.other, 1);
    expect(await f.collection.ownerOf(3n)).to.equal(f.other.address);
    expect(await f.collection.totalMinted()).to.equal(3n);
  });

  for (const [field, config] of [
    ["name", { name: "", symbol: "X", baseURI: "", maxSupply: 1 }],
    ["symbol", { name: "X", symbol: "", baseURI: "", maxSupply: 1 }],
    ["maxSupply", { name: "X", symbol: "X", baseURI: "", maxSupply: 0 }],
  ] as const) {
    it(`refuses a collection without ${field}`, async function () {
      const f = await loadFixture(fixture);
      await expect(f.collections.createCollection(config))
        .to.be.revertedWithCustomError(f.collections, "MissingField")
        .withArgs(field);
    });
  }
});

describe("DutchAuction", function () {
  it("prices linearly: the start price, the middle, the floor at the end and after", async function () {
    const f = await auctioned();
    expect(await f.auctions.priceOf(1n)).to.equal(START);
    await time.increaseTo(f.startTime + DURATION / 2n);
    expect(await f.auctions.priceOf(1n)).to.equal((START + FLOOR) / 2n);
    await time.increaseTo(f.startTime + DURATION);
    expect(await f.auctions.priceOf(1n)).to.equal(FLOOR);
    await time.increaseTo(f.startTime + DURATION * 2n);
    expect(await f.auctions.priceOf(1n)).to.equal(FLOOR);
    expect(await f.collection.ownerOf(1n)).to.equal(await f.auctions.getAddress());
  });

  it("sells to the first buyer at the current price, taking no more than that price", async function () {
    const f = await auctioned();
    await time.setNextBlockTimestamp(f.startTime + 250n);
    const price = START - ((START - FLOOR) * 250n) / DURATION;
    const sellerBefore = await f.base.balanceOf(f.seller);
    const buyerBefore = await f.base.balanceOf(f.buyer);
    await expect(f.auctions.connect(f.buyer).buy(1n, START))
      .to.emit(f.auctions, "AuctionSold")
      .withArgs(1n, f.buyer.address, price, START);
    expect(await f.collection.ownerOf(1n)).to.equal(f.buyer.address);
    expect((await f.base.balanceOf(f.seller)) - sellerBefore).to.equal(price);
    // The buyer offered the start price; everything above the current price stayed with it.
    expect(buyerBefore - (await f.base.balanceOf(f.buyer))).to.equal(price);
    await expect(f.auctions.connect(f.other).buy(1n, START))
      .to.be.revertedWithCustomError(f.auctions, "AuctionClosed")
      .withArgs(1n, 2);
  });

  it("refuses a purchase above the buyer's maximum and after the end", async function () {
    const f = await auctioned();
    await time.setNextBlockTimestamp(f.startTime + 1n);
    const price = START - (START - FLOOR) / DURATION;
    await expect(f.auctions.connect(f.buyer).buy(1n, price - 1n))
      .to.be.revertedWithCustomError(f.auctions, "PriceAboveMax")
      .withArgs(price, price - 1n);
    await time.setNextBlockTimestamp(f.startTime + DURATION);
    await expect(f.auctions.connect(f.buyer).buy(1n, START))
      .to.be.revertedWithCustomError(f.auctions, "AuctionEnded")
      .withArgs(1n, f.startTime + DURATION);
  });

  it("returns an unsold item to its seller after the end, not before", async function () {
    const f = await auctioned();
    await expect(f.auctions.connect(f.other).returnUnsold(1n))
      .to.be.revertedWithCustomError(f.auctions, "NotEnded")
      .withArgs(1n, f.startTime + DURATION);
    await time.increaseTo(f.startTime + DURATION);
    await expect(f.auctions.connect(f.other).returnUnsold(1n))
      .to.emit(f.auctions, "AuctionReturned")
      .withArgs(1n, f.seller.address);
    expect(await f.collection.ownerOf(1n)).to.equal(f.seller.address);
    await expect(f.auctions.returnUnsold(1n)).to.be.revertedWithCustomError(f.auctions, "AuctionClosed");
  });

  it("refuses an item of a collection the CollectionFactory did not create (a fake that reports transfers it never makes)", async function () {
    const f = await loadFixture(fixture);
    const fake = await ethers.deployContract("FakeCollection");
    // The fake even answers ownerOf with the auction contract after its "transfer".
    await expect(f.auctions.connect(f.seller).createAuction(fake, 1n, START, FLOOR, DURATION))
      .to.be.revertedWithCustomError(f.auctions, "NotACollection")
      .withArgs(await fake.getAddress());
    // Nor an ERC721 that is not a clone of the factory's implementation, nor an account without code.
    await expect(f.auctions.connect(f.seller).createAuction(f.base, 1n, START, FLOOR, DURATION))
      .to.be.revertedWithCustomError(f.auctions, "NotACollection")
      .withArgs(await f.base.getAddress());
    await expect(f.auctions.connect(f.seller).createAuction(f.other, 1n, START, FLOOR, DURATION))
      .to.be.revertedWithCustomError(f.auctions, "NotACollection")
      .withArgs(f.other.address);
    expect(await f.auctions.auctionCount()).to.equal(0n);
    expect(await f.auctions.isAuctionable(fake)).to.equal(false);
    expect(await f.auctions.isAuctionable(f.collection)).to.equal(true);
    expect(await f.auctions.collectionFactory()).to.equal(await f.collections.getAddress());
  });

  it("refuses prices that rise, an empty duration and unknown auctions", async function () {
    const f = await loadFixture(fixture);
    await expect(f.auctions.createAuction(f.collection, 2n, FLOOR, START, DURATION))
      .to.be.revertedWithCustomError(f.auctions, "InvalidPrices")
      .withArgs(FLOOR, START);
    await expect(f.auctions.createAuction(f.collection, 2n, START, FLOOR, 0n))
      .to.be.revertedWithCustomError(f.auctions, "InvalidDuration")
      .withArgs(0n);
    await expect(f.auctions.priceOf(9n)).to.be.revertedWithCustomError(f.auctions, "UnknownAuction").withArgs(9n);
    await expect(f.auctions.buy(9n, START)).to.be.revertedWithCustomError(f.auctions, "UnknownAuction");
    expect(await f.auctions.auctionCount()).to.equal(0n);
  });
});
