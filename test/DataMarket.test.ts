// DataMarket flows, events and the attacks of issue 18 (part 7: a silent buyer pays the seller
// after the window and not a second before; a dispute decided for the buyer refunds and slashes a
// lying proxy; a proxy that never delivers is refunded). Each attack test was first run against
// the contract without its defence: attacks 1 and 9 against the code before their fix (commits in
// the branch history), the others against mutants with the defence removed (all at once: no party
// exclusion, no ProxyBusy, no slash of pending, release a second early, no AlreadyVoted, fee =
// bounty), each of which failed its test.
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { hexlify, id, randomBytes } from "ethers";
import { network } from "hardhat";
import { BOUNTY, DATA_PARAMETERS, DAY, deployDataMarket, E18 } from "./helpers/dataMarketFixture.ts";
import { anyTime, earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const PRICE = 100n * E18;
const COLLATERAL = 2_000n * E18;
const FEE_BPS = 1_000n; // 10%
const CONTENT = id("the data set");
const ENCRYPTED_FOR_PROXY = hexlify(randomBytes(97));
const ENCRYPTED_FOR_BUYER = hexlify(randomBytes(97));
const State = { None: 0n, Paid: 1n, Delivered: 2n, Disputed: 3n, Completed: 4n, Refunded: 5n };

const base = () => deployDataMarket(ethers);

/** The timestamp of the block that mined `tx`. */
async function minedAt(tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>) {
  const receipt = (await (await tx).wait())!;
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

async function withListing() {
  const f = await deployDataMarket(ethers);
  const { market, seller, proxy } = f;
  await market.connect(seller).list("Weather 2025", "weather,csv", "ipfs://desc", PRICE, CONTENT, 7n, "");
  await market.connect(proxy).registerProxy(COLLATERAL, FEE_BPS);
  await market.connect(seller).shareKey(1n, proxy.address, ENCRYPTED_FOR_PROXY);
  return f;
}

async function withOrder() {
  const f = await withListing();
  await f.market.connect(f.buyer).buy(1n, f.proxy.address);
  return f;
}

async function withDelivery() {
  const f = await withOrder();
  await f.market.connect(f.proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT);
  return f;
}

async function withDispute() {
  const f = await withDelivery();
  await f.market.connect(f.buyer).dispute(1n, "ipfs://evidence");
  return f;
}

async function balances(token: { balanceOf(a: string): Promise<bigint> }, addresses: string[]) {
  return Promise.all(addresses.map((a) => token.balanceOf(a)));
}

describe("DataMarket", function () {
  describe("listings", function () {
    it("lists data in a lease or at a URL and emits everything the indexer needs", async function () {
      const { market, seller } = await loadFixture(base);
      await expect(market.connect(seller).list("T", "a,b", "ipfs://d", PRICE, CONTENT, 7n, ""))
        .to.emit(market, "Listed")
        .withArgs(1n, seller.address, "T", "a,b", "ipfs://d", PRICE, CONTENT, 7n, "");
      await expect(market.connect(seller).list("U", "", "", PRICE, CONTENT, 0n, "https://x/data.bin"))
        .to.emit(market, "Listed")
        .withArgs(2n, seller.address, "U", "", "", PRICE, CONTENT, 0n, "https://x/data.bin");
      const listing = await market.listingOf(1n);
      expect(listing.seller).to.equal(seller.address);
      expect(listing.leaseId).to.equal(7n);
      expect(listing.active).to.equal(true);
      expect(await market.listingCount()).to.equal(2n);
    });

    it("refuses bad listings with the offending values", async function () {
      const { market, seller } = await loadFixture(base);
      const min = DATA_PARAMETERS.minPrice;
      await expect(market.connect(seller).list("T", "", "", min - 1n, CONTENT, 7n, ""))
        .to.be.revertedWithCustomError(market, "InvalidPrice")
        .withArgs(min - 1n, min);
      await expect(
        market.connect(seller).list("T", "", "", PRICE, ethers.ZeroHash, 7n, ""),
      ).to.be.revertedWithCustomError(market, "InvalidContentHash");
      await expect(market.connect(seller).list("T", "", "", PRICE, CONTENT, 0n, ""))
        .to.be.revertedWithCustomError(market, "InvalidLocation")
        .withArgs(0n, "");
      await expect(market.connect(seller).list("T", "", "", PRICE, CONTENT, 7n, "https://x"))
        .to.be.revertedWithCustomError(market, "InvalidLocation")
        .withArgs(7n, "https://x");
      await expect(market.connect(seller).list("T", "", "", PRICE, CONTENT, 8n, ""))
        .to.be.revertedWithCustomError(market, "UnknownLease")
        .withArgs(8n);
      expect(await market.listingCount()).to.equal(0n);
    });

    it("only the seller delists or shares its key; a delisted listing sells nothing", async function () {
      const { market, seller, buyer, proxy, mallory } = await loadFixture(withListing);
      await expect(market.connect(mallory).delist(1n))
        .to.be.revertedWithCustomError(market, "NotSeller")
        .withArgs(1n, mallory.address, seller.address);
      await expect(market.connect(mallory).shareKey(1n, proxy.address, "0x01"))
        .to.be.revertedWithCustomError(market, "NotSeller")
        .withArgs(1n, mallory.address, seller.address);
      await expect(market.connect(seller).shareKey(1n, mallory.address, "0x01"))
        .to.be.revertedWithCustomError(market, "NotProxy")
        .withArgs(mallory.address);
      await expect(market.connect(seller).shareKey(1n, proxy.address, "0x")).to.be.revertedWithCustomError(
        market,
        "InvalidEncryptedKey",
      );
      await expect(market.connect(seller).delist(2n))
        .to.be.revertedWithCustomError(market, "UnknownListing")
        .withArgs(2n);
      await expect(market.connect(seller).delist(1n)).to.emit(market, "Delisted").withArgs(1n, seller.address);
      await expect(market.connect(seller).delist(1n))
        .to.be.revertedWithCustomError(market, "ListingInactive")
        .withArgs(1n);
      await expect(market.connect(seller).shareKey(1n, proxy.address, "0x01"))
        .to.be.revertedWithCustomError(market, "ListingInactive")
        .withArgs(1n);
      await expect(market.connect(buyer).buy(1n, proxy.address))
        .to.be.revertedWithCustomError(market, "ListingInactive")
        .withArgs(1n);
    });
  });

  describe("proxies", function () {
    it("registers with collateral and a public key; fee bounded", async function () {
      const { market, proxy, other, token, aliases } = await loadFixture(base);
      const max = DATA_PARAMETERS.maxFeeBps;
      await expect(market.connect(proxy).registerProxy(COLLATERAL, max + 1n))
        .to.be.revertedWithCustomError(market, "FeeTooHigh")
        .withArgs(max + 1n, max);
      const min = DATA_PARAMETERS.minCollateral;
      await expect(market.connect(proxy).registerProxy(min - 1n, FEE_BPS))
        .to.be.revertedWithCustomError(market, "InsufficientCollateral")
        .withArgs(proxy.address, min - 1n, min);
      await expect(market.connect(proxy).registerProxy(COLLATERAL, FEE_BPS))
        .to.emit(market, "ProxyRegistered")
        .withArgs(proxy.address, COLLATERAL, FEE_BPS);
      expect(await token.balanceOf(market)).to.equal(COLLATERAL);
      await expect(market.connect(proxy).registerProxy(COLLATERAL, FEE_BPS))
        .to.be.revertedWithCustomError(market, "AlreadyRegistered")
        .withArgs(proxy.address);
      await aliases.connect(other).release("user-other");
      await expect(market.connect(other).registerProxy(COLLATERAL, FEE_BPS))
        .to.be.revertedWithCustomError(market, "NoPublicKey")
        .withArgs(other.address);
      await expect(market.connect(proxy).setProxyFee(max + 1n))
        .to.be.revertedWithCustomError(market, "FeeTooHigh")
        .withArgs(max + 1n, max);
      await expect(market.connect(proxy).setProxyFee(5n))
        .to.emit(market, "ProxyFeeChanged")
        .withArgs(proxy.address, 5n);
      await expect(market.connect(other).setProxyFee(5n)).to.be.revertedWithCustomError(market, "NotProxy");
      await expect(market.connect(proxy).addCollateral(10n))
        .to.emit(market, "CollateralAdded")
        .withArgs(proxy.address, 10n, COLLATERAL + 10n);
      await expect(market.connect(proxy).addCollateral(0n)).to.be.revertedWithCustomError(market, "InvalidAmount");
      expect(await market.totalCollateral()).to.equal(COLLATERAL + 10n);
    });

    it("withdraws after the delay, not before; what stays is zero or at least the minimum", async function () {
      const { market, proxy, token } = await loadFixture(withListing);
      const min = DATA_PARAMETERS.minCollateral;
      await expect(market.connect(proxy).requestWithdraw(COLLATERAL - min + 1n))
        .to.be.revertedWithCustomError(market, "InsufficientCollateral")
        .withArgs(proxy.address, min - 1n, min);
      await expect(market.connect(proxy).requestWithdraw(COLLATERAL + 1n)).to.be.revertedWithCustomError(
        market,
        "InvalidAmount",
      );
      await expect(market.completeWithdraw(proxy.address))
        .to.be.revertedWithCustomError(market, "NothingPending")
        .withArgs(proxy.address);
      await market.connect(proxy).requestWithdraw(COLLATERAL - min);
      const payableAt = (await market.proxyOf(proxy.address)).payableAt;
      await expect(market.completeWithdraw(proxy.address))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(payableAt, earlierThan(payableAt));
      await time.increaseTo(payableAt);
      const [before] = await balances(token, [proxy.address]);
      await expect(market.completeWithdraw(proxy.address))
        .to.emit(market, "WithdrawCompleted")
        .withArgs(proxy.address, COLLATERAL - min);
      expect((await balances(token, [proxy.address]))[0] - before).to.equal(COLLATERAL - min);
      expect(await market.totalCollateral()).to.equal(min);
    });

    it("attack 10: a proxy that withdraws everything cannot leave its open orders without collateral", async function () {
      const { market, proxy, buyer } = await loadFixture(withOrder);
      await market.connect(proxy).requestWithdraw(COLLATERAL);
      // No new order through a proxy without collateral.
      await expect(market.connect(buyer).buy(1n, proxy.address))
        .to.be.revertedWithCustomError(market, "InsufficientCollateral")
        .withArgs(proxy.address, 0n, DATA_PARAMETERS.minCollateral);
      await time.increase(DATA_PARAMETERS.withdrawDelay);
      await expect(market.completeWithdraw(proxy.address))
        .to.be.revertedWithCustomError(market, "ProxyBusy")
        .withArgs(proxy.address, 1n);
      await time.increase(DATA_PARAMETERS.deliveryWindow);
      await market.refund([1n]);
      await expect(market.completeWithdraw(proxy.address)).to.emit(market, "WithdrawCompleted");
    });
  });

  describe("orders", function () {
    it("buy: escrows the price, takes the upkeep fee, names the buyer's public key", async function () {
      const { market, token, buyer, seller, proxy, keys } = await loadFixture(withListing);
      const fee = await market.upkeepFee();
      expect(fee).to.equal(BOUNTY + DATA_PARAMETERS.minUpkeepFee);
      const [before] = await balances(token, [buyer.address]);
      const tx = market.connect(buyer).buy(1n, proxy.address);
      const deliverBy = (await minedAt(tx)) + DATA_PARAMETERS.deliveryWindow;
      await expect(tx)
        .to.emit(market, "OrderPlaced")
        .withArgs(
          1n,
          1n,
          buyer.address,
          seller.address,
          proxy.address,
          PRICE,
          FEE_BPS,
          fee,
          keys.buyer.publicKey,
          deliverBy,
        );
      expect(before - (await balances(token, [buyer.address]))[0]).to.equal(PRICE + fee);
      const order = await market.orderOf(1n);
      expect(order.state).to.equal(State.Paid);
      expect(order.price).to.equal(PRICE);
      expect(await market.escrowed()).to.equal(PRICE);
      expect(await market.heldFees()).to.equal(fee);
      expect((await market.proxyOf(proxy.address)).openOrders).to.equal(1n);
    });

    it("buy refuses a proxy the seller did not share its key with, and a buyer without a public key", async function () {
      const { market, buyer, mallory, aliases, proxy } = await loadFixture(withListing);
      await expect(market.connect(buyer).buy(1n, mallory.address))
        .to.be.revertedWithCustomError(market, "KeyNotShared")
        .withArgs(1n, mallory.address);
      await expect(market.connect(buyer).buy(9n, proxy.address))
        .to.be.revertedWithCustomError(market, "UnknownListing")
        .withArgs(9n);
      await aliases.connect(buyer).release("user-buyer");
      await expect(market.connect(buyer).buy(1n, proxy.address))
        .to.be.revertedWithCustomError(market, "NoPublicKey")
        .withArgs(buyer.address);
    });

    it("audit F6: a proxy that raises its fee after the key was shared charges at most the fee the seller accepted; the seller can unshare", async function () {
      const { market, token, buyer, seller, proxy, mallory } = await loadFixture(withListing);
      const maxFeeBps = (await market.parameters()).maxFeeBps;
      await market.connect(proxy).setProxyFee(maxFeeBps);
      expect(await market.feeBpsOf(1n, proxy.address)).to.equal(FEE_BPS);
      await expect(market.connect(buyer).buy(1n, proxy.address))
        .to.emit(market, "OrderPlaced")
        .withArgs(1n, 1n, buyer.address, seller.address, proxy.address, PRICE, FEE_BPS, anyValue, anyValue, anyValue);
      // A lower fee later is passed on; a re-share accepts the fee of the moment.
      await market.connect(proxy).setProxyFee(0n);
      expect(await market.feeBpsOf(1n, proxy.address)).to.equal(0n);
      await expect(market.connect(seller).shareKey(1n, proxy.address, "0x1234"))
        .to.emit(market, "KeyShared")
        .withArgs(1n, proxy.address, "0x1234", 0n);
      await expect(market.connect(mallory).unshareKey(1n, proxy.address)).to.be.revertedWithCustomError(
        market,
        "NotSeller",
      );
      await expect(market.connect(seller).unshareKey(1n, proxy.address))
        .to.emit(market, "KeyUnshared")
        .withArgs(1n, proxy.address);
      expect(await market.keyShared(1n, proxy.address)).to.equal(false);
      await expect(market.connect(buyer).buy(1n, proxy.address))
        .to.be.revertedWithCustomError(market, "KeyNotShared")
        .withArgs(1n, proxy.address);
      await expect(market.connect(seller).unshareKey(1n, proxy.address))
        .to.be.revertedWithCustomError(market, "KeyNotShared")
        .withArgs(1n, proxy.address);
      expect(await token.balanceOf(market)).to.be.greaterThan(0n);
    });

    it("deliver: only the order's proxy, once, before its deadline", async function () {
      const { market, proxy, mallory, buyer } = await loadFixture(withOrder);
      await expect(market.connect(mallory).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT))
        .to.be.revertedWithCustomError(market, "NotOrderProxy")
        .withArgs(1n, mallory.address, proxy.address);
      await expect(market.connect(proxy).deliver(1n, "0x", CONTENT)).to.be.revertedWithCustomError(
        market,
        "InvalidEncryptedKey",
      );
      await expect(market.connect(proxy).deliver(2n, "0x01", CONTENT))
        .to.be.revertedWithCustomError(market, "UnknownOrder")
        .withArgs(2n);
      await expect(market.connect(buyer).confirm(1n))
        .to.be.revertedWithCustomError(market, "WrongState")
        .withArgs(1n, State.Paid);
      const tx = market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT);
      const confirmBy = (await minedAt(tx)) + DATA_PARAMETERS.confirmationWindow;
      await expect(tx)
        .to.emit(market, "Delivered")
        .withArgs(1n, proxy.address, ENCRYPTED_FOR_BUYER, CONTENT, confirmBy);
      await expect(market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT))
        .to.be.revertedWithCustomError(market, "WrongState")
        .withArgs(1n, State.Delivered);
    });

    it("deliver is refused at the delivery deadline", async function () {
      const { market, proxy } = await loadFixture(withOrder);
      const deadline = (await market.orderOf(1n)).deadline;
      await time.setNextBlockTimestamp(deadline);
      await expect(market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT))
        .to.be.revertedWithCustomError(market, "WindowClosed")
        .withArgs(1n, deadline, deadline);
    });

    it("confirm: the buyer pays the seller the price minus the proxy's fee", async function () {
      const { market, token, buyer, seller, proxy, mallory } = await loadFixture(withDelivery);
      await expect(market.connect(mallory).confirm(1n))
        .to.be.revertedWithCustomError(market, "NotBuyer")
        .withArgs(1n, mallory.address, buyer.address);
      const before = await balances(token, [seller.address, proxy.address]);
      const fee = (PRICE * FEE_BPS) / 10_000n;
      await expect(market.connect(buyer).confirm(1n))
        .to.emit(market, "OrderCompleted")
        .withArgs(1n, seller.address, proxy.address, PRICE - fee, fee, buyer.address);
      const after = await balances(token, [seller.address, proxy.address]);
      expect(after[0] - before[0]).to.equal(PRICE - fee);
      expect(after[1] - before[1]).to.equal(fee);
      expect(await market.escrowed()).to.equal(0n);
      expect((await market.orderOf(1n)).state).to.equal(State.Completed);
      await expect(market.connect(buyer).confirm(1n))
        .to.be.revertedWithCustomError(market, "WrongState")
        .withArgs(1n, State.Completed);
    });

    it("the proxy's fee is fixed in the order when placed", async function () {
      const { market, token, buyer, seller, proxy } = await loadFixture(withOrder);
      await market.connect(proxy).setProxyFee(DATA_PARAMETERS.maxFeeBps);
      await market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT);
      const [before] = await balances(token, [seller.address]);
      await market.connect(buyer).confirm(1n);
      expect((await balances(token, [seller.address]))[0] - before).to.equal(PRICE - (PRICE * FEE_BPS) / 10_000n);
    });
  });

  describe("issue 18 part 7", function () {
    it("a buyer who stays silent pays the seller after the window and not a second before", async function () {
      const { market, token, seller, keeper, buyer, rewards } = await loadFixture(withDelivery);
      const deadline = (await market.orderOf(1n)).deadline;
      expect((await market.dueOf(1n)).releasable).to.equal(false);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(market.connect(keeper).release([1n]))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(deadline, deadline - 1n);
      // At the deadline the window is closed to the buyer's dispute and open to release.
      await time.setNextBlockTimestamp(deadline);
      await expect(market.connect(buyer).dispute(1n, "late"))
        .to.be.revertedWithCustomError(market, "WindowClosed")
        .withArgs(1n, deadline, deadline);
      const before = await balances(token, [seller.address, keeper.address, await rewards.getAddress()]);
      const fee = (PRICE * FEE_BPS) / 10_000n;
      await expect(market.connect(keeper).release([1n]))
        .to.emit(market, "OrderCompleted")
        .withArgs(1n, seller.address, await market.orderOf(1n).then((o) => o.proxy), PRICE - fee, fee, keeper.address)
        .and.to.emit(rewards, "BountyPaid");
      const after = await balances(token, [seller.address, keeper.address, await rewards.getAddress()]);
      expect(after[0] - before[0]).to.equal(PRICE - fee);
      expect(after[1] - before[1]).to.equal(BOUNTY);
      // The order's upkeep fee was forwarded to KeeperRewards before the bounty left it: the
      // budget gained what the fee exceeds the bounty by.
      expect(after[2] - before[2]).to.equal(DATA_PARAMETERS.minUpkeepFee);
      expect(await market.heldFees()).to.equal(0n);
      await expect(market.connect(keeper).release([1n]))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(0n, anyTime);
    });

    it("a dispute decided for the buyer refunds and slashes a lying proxy", async function () {
      const { market, token, buyer, proxy, m1, m2, m3, reserve } = await loadFixture(withDispute);
      const d = await market.disputeOf(1n);
      expect(d.eligibleSeats).to.equal(7n);
      expect(d.needed).to.equal(2n);
      await expect(market.connect(proxy).testify(1n, "ipfs://testimony"))
        .to.emit(market, "Testified")
        .withArgs(1n, proxy.address, "ipfs://testimony");
      await expect(market.connect(m1).vote(1n, 0n, true))
        .to.emit(market, "DisputeVoted")
        .withArgs(1n, 0n, m1.address, true, 1n);
      await market.connect(m3).vote(1n, 2n, false);
      const [before] = await balances(token, [buyer.address]);
      const slashed = (COLLATERAL * DATA_PARAMETERS.slashBps) / 10_000n;
      await expect(market.connect(m2).vote(1n, 1n, true))
        .to.emit(market, "DisputeResolved")
        .withArgs(1n, true, true, slashed, buyer.address)
        .and.to.emit(market, "ProxySlashed")
        .withArgs(proxy.address, 1n, slashed, COLLATERAL - slashed, 0n)
        .and.to.emit(market, "OrderRefunded")
        .withArgs(1n, buyer.address, PRICE, m2.address);
      expect((await balances(token, [buyer.address]))[0] - before).to.equal(PRICE + DATA_PARAMETERS.disputeBond);
      expect(await reserve.held()).to.equal(slashed);
      expect((await market.proxyOf(proxy.address)).collateral).to.equal(COLLATERAL - slashed);
      expect(await market.totalCollateral()).to.equal(COLLATERAL - slashed);
      expect(await market.escrowed()).to.equal(0n);
      expect(await market.bonds()).to.equal(0n);
      expect((await market.orderOf(1n)).state).to.equal(State.Refunded);
    });

    it("a dispute decided for the seller pays as on confirmation and gives the bond to the seller", async function () {
      const { market, token, seller, m1, m2 } = await loadFixture(withDispute);
      await market.connect(m1).vote(1n, 0n, false);
      const [before] = await balances(token, [seller.address]);
      const fee = (PRICE * FEE_BPS) / 10_000n;
      await expect(market.connect(m2).vote(1n, 1n, false))
        .to.emit(market, "DisputeResolved")
        .withArgs(1n, false, true, 0n, seller.address)
        .and.to.emit(market, "OrderCompleted");
      expect((await balances(token, [seller.address]))[0] - before).to.equal(PRICE - fee + DATA_PARAMETERS.disputeBond);
      expect(await market.bonds()).to.equal(0n);
    });

    it("a proxy that never delivers is refunded to the buyer (permissionless, after the deadline)", async function () {
      const { market, token, buyer, keeper, proxy } = await loadFixture(withOrder);
      const deadline = (await market.orderOf(1n)).deadline;
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(market.connect(keeper).refund([1n]))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(deadline, deadline - 1n);
      await time.setNextBlockTimestamp(deadline);
      const before = await balances(token, [buyer.address, keeper.address]);
      await expect(market.connect(keeper).refund([1n]))
        .to.emit(market, "OrderRefunded")
        .withArgs(1n, buyer.address, PRICE, keeper.address);
      const after = await balances(token, [buyer.address, keeper.address]);
      expect(after[0] - before[0]).to.equal(PRICE);
      expect(after[1] - before[1]).to.equal(BOUNTY);
      expect((await market.proxyOf(proxy.address)).collateral).to.equal(COLLATERAL);
      await expect(market.connect(keeper).refund([1n]))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(0n, anyTime);
    });

    it("a dispute nobody decides refunds the buyer with its bond after the deadline, no slash", async function () {
      const { market, token, buyer, keeper, proxy, m1 } = await loadFixture(withDispute);
      await market.connect(m1).vote(1n, 0n, false);
      const deadline = (await market.orderOf(1n)).deadline;
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(market.connect(keeper).refund([1n]))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(deadline, deadline - 1n);
      await time.setNextBlockTimestamp(deadline);
      const [before] = await balances(token, [buyer.address]);
      await expect(market.connect(keeper).refund([1n]))
        .to.emit(market, "DisputeResolved")
        .withArgs(1n, true, false, 0n, buyer.address);
      expect((await balances(token, [buyer.address]))[0] - before).to.equal(PRICE + DATA_PARAMETERS.disputeBond);
      expect((await market.proxyOf(proxy.address)).collateral).to.equal(COLLATERAL);
      await expect(market.connect(m1).vote(1n, 1n, true))
        .to.be.revertedWithCustomError(market, "WrongState")
        .withArgs(1n, State.Refunded);
    });
  });

  describe("attacks", function () {
    it("attack 1: a self-made order (buyer, seller and proxy one person) costs more than the bounty it earns", async function () {
      const { market, token, mallory, rewards } = await loadFixture(base);
      await market.connect(mallory).registerProxy(DATA_PARAMETERS.minCollateral, 0n);
      await market.connect(mallory).list("junk", "", "", DATA_PARAMETERS.minPrice, CONTENT, 0n, "https://junk");
      await market.connect(mallory).shareKey(1n, mallory.address, "0x01");
      const [before] = await balances(token, [mallory.address]);
      await market.connect(mallory).buy(1n, mallory.address);
      await time.increase(DATA_PARAMETERS.deliveryWindow);
      await market.connect(mallory).refund([1n]);
      const [after] = await balances(token, [mallory.address]);
      expect(after).to.be.lessThan(before);
      expect(await market.upkeepFee()).to.be.greaterThanOrEqual(
        (await rewards.kindOf(await market.REFUND_KIND())).bounty,
      );
    });

    it("attack 2: the upkeep fee follows a raised bounty", async function () {
      const { market, rewards } = await loadFixture(base);
      await rewards.setBounty(await market.RELEASE_KIND(), 3n * E18);
      expect(await market.upkeepFee()).to.equal(3n * E18 + DATA_PARAMETERS.minUpkeepFee);
    });

    it("attack 3: a member votes once; a seat of another member, a party's seat, a seat after the snapshot are refused", async function () {
      const f = await withListing();
      const { market, committee, buyer, proxy, m1, m2, m3, other, mallory } = f;
      // m3 is the order's proxy too: its seat is not counted.
      await committee.setMembers(0n, [m1.address, m2.address, proxy.address, m3.address]);
      await market.connect(buyer).buy(1n, proxy.address);
      await market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT);
      await market.connect(buyer).dispute(1n, "e");
      const d = await market.disputeOf(1n);
      expect(d.eligibleSeats).to.equal(0b1011n);
      expect(d.needed).to.equal(2n);
      await expect(market.connect(proxy).vote(1n, 2n, false))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 2n, proxy.address);
      await expect(market.connect(mallory).vote(1n, 0n, true))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 0n, mallory.address);
      await expect(market.connect(m1).vote(1n, 9n, true))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 9n, m1.address);
      await market.connect(m1).vote(1n, 0n, true);
      await expect(market.connect(m1).vote(1n, 0n, true))
        .to.be.revertedWithCustomError(market, "AlreadyVoted")
        .withArgs(1n, 0n);
      await expect(market.connect(m1).vote(1n, 0n, false))
        .to.be.revertedWithCustomError(market, "AlreadyVoted")
        .withArgs(1n, 0n);
      // A seat added after the dispute opened is not among the snapshot's.
      await committee.setMembers(0n, [m1.address, m2.address, proxy.address, m3.address, other.address]);
      await expect(market.connect(other).vote(1n, 4n, true))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 4n, other.address);
      // An impeached member (seat emptied) loses its vote.
      await committee.empty(0n, 1n);
      await expect(market.connect(m2).vote(1n, 1n, true))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 1n, m2.address);
      expect((await market.orderOf(1n)).state).to.equal(State.Disputed);
    });

    it("attack 4: no committee sitting: nobody can decide, the buyer is refunded at the deadline without slash", async function () {
      const f = await withDelivery();
      const { market, committee, buyer, m1 } = f;
      await committee.setTerm(5n);
      await market.connect(buyer).dispute(1n, "e");
      expect((await market.disputeOf(1n)).eligibleSeats).to.equal(0n);
      await expect(market.connect(m1).vote(1n, 0n, false)).to.be.revertedWithCustomError(market, "NotEligible");
    });

    it("attack 5: only the buyer disputes, only the proxy testifies; nobody redirects a refund or a payout", async function () {
      const { market, buyer, mallory, proxy } = await loadFixture(withDelivery);
      await expect(market.connect(mallory).dispute(1n, "x"))
        .to.be.revertedWithCustomError(market, "NotBuyer")
        .withArgs(1n, mallory.address, buyer.address);
      await market.connect(buyer).dispute(1n, "x");
      await expect(market.connect(mallory).testify(1n, "x"))
        .to.be.revertedWithCustomError(market, "NotOrderProxy")
        .withArgs(1n, mallory.address, proxy.address);
      await expect(market.connect(buyer).dispute(1n, "x"))
        .to.be.revertedWithCustomError(market, "WrongState")
        .withArgs(1n, State.Disputed);
    });

    it("attack 6: a slash reaches the proxy's pending withdrawal too", async function () {
      const { market, proxy, buyer, m1, m2, reserve } = await loadFixture(withDelivery);
      const min = DATA_PARAMETERS.minCollateral;
      await market.connect(proxy).requestWithdraw(COLLATERAL - min);
      await market.connect(buyer).dispute(1n, "e");
      await market.connect(m1).vote(1n, 0n, true);
      await market.connect(m2).vote(1n, 1n, true);
      const slashBps = DATA_PARAMETERS.slashBps;
      const expected = (min * slashBps) / 10_000n + ((COLLATERAL - min) * slashBps) / 10_000n;
      expect(await reserve.held()).to.equal(expected);
      const record = await market.proxyOf(proxy.address);
      expect(record.pending).to.equal(COLLATERAL - min - ((COLLATERAL - min) * slashBps) / 10_000n);
    });

    it("attack 7: the same bounty total in one batch or many; orders not due and unknown ids are skipped", async function () {
      const f = await withListing();
      const { market, buyer, proxy, keeper, token } = f;
      for (let i = 0; i < 4; i++) await market.connect(buyer).buy(1n, proxy.address);
      for (let i = 1n; i <= 3n; i++) await market.connect(proxy).deliver(i, ENCRYPTED_FOR_BUYER, CONTENT);
      await time.increase(DATA_PARAMETERS.confirmationWindow);
      const [before] = await balances(token, [keeper.address]);
      expect(await market.connect(keeper).release.staticCall([1n, 4n, 99n])).to.equal(1n);
      await market.connect(keeper).release([1n, 4n, 99n]);
      await market.connect(keeper).release([2n, 3n, 1n]);
      const [after] = await balances(token, [keeper.address]);
      expect(after - before).to.equal(3n * BOUNTY);
      expect(await market.escrowed()).to.equal(PRICE);
    });

    it("attack 9: a member seated twice in the snapshot counts once (no double vote through two seats)", async function () {
      const f = await withListing();
      const { market, committee, buyer, proxy, m1, m2, m3 } = f;
      await committee.setMembers(0n, [m1.address, m1.address, m2.address, m3.address]);
      await market.connect(buyer).buy(1n, proxy.address);
      await market.connect(proxy).deliver(1n, ENCRYPTED_FOR_BUYER, CONTENT);
      await market.connect(buyer).dispute(1n, "e");
      const d = await market.disputeOf(1n);
      expect(d.eligibleSeats).to.equal(0b1101n);
      expect(d.needed).to.equal(2n);
      await market.connect(m1).vote(1n, 0n, true);
      await expect(market.connect(m1).vote(1n, 1n, true))
        .to.be.revertedWithCustomError(market, "NotEligible")
        .withArgs(1n, 1n, m1.address);
      expect((await market.orderOf(1n)).state).to.equal(State.Disputed);
    });

    it("attack 8: setParameters is the Timelock's and refuses nonsense", async function () {
      const { market, timelock, mallory } = await loadFixture(base);
      await expect(market.connect(mallory).setParameters(DATA_PARAMETERS))
        .to.be.revertedWithCustomError(market, "NotTimelock")
        .withArgs(mallory.address, timelock.address);
      for (const bad of [
        { minPrice: 0n },
        { minCollateral: 0n },
        { minUpkeepFee: 0n },
        { maxFeeBps: 10_001n },
        { slashBps: 0n },
        { slashBps: 10_001n },
        { deliveryWindow: 0n },
        { confirmationWindow: 366n * DAY },
        { disputeWindow: 0n },
        { withdrawDelay: 0n },
      ]) {
        await expect(
          market.connect(timelock).setParameters({ ...DATA_PARAMETERS, ...bad }),
        ).to.be.revertedWithCustomError(market, "InvalidParameters");
      }
      await expect(market.connect(timelock).setParameters({ ...DATA_PARAMETERS, disputeBond: 0n })).to.emit(
        market,
        "ParametersChanged",
      );
      expect((await market.parameters()).disputeBond).to.equal(0n);
    });
  });
});
