// StorageMarket flows: pricing against exact rationals, leases (rent, extend, resize, renew,
// reclaim), rent accounting, subsidy and donations.
import { expect } from "chai";
import { network } from "hardhat";
import { DAY, deployStorage, leaseData, MARKET_PARAMS, tokens } from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

/** M·((R/(R−x))^5 − 1) rounded up, in exact integers. */
function referenceCost(pool: bigint, remaining: bigint, amount: bigint): bigint {
  const num = pool * (remaining ** 5n - (remaining - amount) ** 5n);
  const den = (remaining - amount) ** 5n;
  return (num + den - 1n) / den;
}

describe("StorageMarket", function () {
  async function storageFixture() {
    return deployStorage(ethers);
  }

  async function atEpoch(market: Awaited<ReturnType<typeof storageFixture>>["market"], epoch: bigint) {
    await time.increaseTo((await market.epochStart(epoch)) + 60n);
  }

  it("prices by the curve: state, spot price and quotes against exact rationals", async function () {
    const { market } = await networkHelpers.loadFixture(storageFixture);
    const state = await market.state();
    // Four landlords of 1,024 MB, replication 3: W = 1,365 MB, T = 365·W.
    expect(state.worldDiskMB).to.equal(4096n / 3n);
    expect(state.sellable).to.equal((4096n * 365n) / 3n);
    expect(state.booked).to.equal(0n);
    expect(state.remaining).to.equal(state.sellable);
    expect(state.pool).to.equal(tokens(1_000_000));
    expect(await market.price()).to.equal((5n * state.pool) / state.remaining);
    for (const [size, days] of [
      [1n, 1n],
      [10n, 30n],
      [100n, 365n],
      [1365n, 364n], // up to the last MDs below R
    ]) {
      expect(await market.quote(size, days)).to.equal(referenceCost(state.pool, state.remaining, size * days));
    }
    await expect(market.quote(1366n, 365n))
      .to.be.revertedWithCustomError(market, "AmountExceedsStock")
      .withArgs(1366n * 365n, state.remaining);
  });

  it("rents to a copy group of 3 distinct landlords drawn among those with room, for exactly the quote", async function () {
    const { market, registry, token, tenant } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 1000);
    const cost = await market.quote(10, 30);
    const epoch = await market.currentEpoch();
    const tx = market.connect(tenant).rent(10, 30, root, cost);
    await expect(tx)
      .to.emit(market, "LeaseRented")
      .withArgs(1n, tenant.address, 10n, epoch + 1n, epoch + 31n, root, cost);
    await expect(tx).to.changeTokenBalances(ethers, token, [tenant, market], [-cost, cost]);
    await expect(tx).to.emit(registry, "LeaseAssigned");

    const group = await registry.groupOf(1);
    expect(new Set(group).size).to.equal(3);
    for (const landlord of group) {
      const record = await registry.landlordOf(landlord);
      expect(record.assignedMB).to.equal(10n);
      expect(record.leaseCount).to.equal(1n);
    }
    const state = await market.state();
    expect(state.booked).to.equal(300n);
    expect(state.pool).to.equal(tokens(1_000_000) + cost);
    expect(await market.leaseOf(1)).to.deep.equal([tenant.address, 10n, epoch + 1n, epoch + 31n]);
  });

  it("refuses bad rents with the wrong values and leaves nothing behind", async function () {
    const { market, registry, tenant } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await expect(market.connect(tenant).rent(0, 1, root, tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidSize")
      .withArgs(0n);
    await expect(market.connect(tenant).rent(1, 366, root, tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidDays")
      .withArgs(366n, 365n);
    await expect(market.connect(tenant).rent(1, 0, root, tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidDays")
      .withArgs(0n, 365n);
    await expect(market.connect(tenant).rent(1, 1, ethers.ZeroHash, tokens(1))).to.be.revertedWithCustomError(
      market,
      "InvalidDataRoot",
    );
    const cost = await market.quote(1, 10);
    await expect(market.connect(tenant).rent(1, 10, root, cost - 1n))
      .to.be.revertedWithCustomError(market, "CostExceedsMax")
      .withArgs(cost, cost - 1n);
    // Each landlord has 1,024 MB: a 1,025 MB lease has no copy group although the curve has stock.
    await expect(market.connect(tenant).rent(1025, 1, root, tokens(1_000_000)))
      .to.be.revertedWithCustomError(registry, "InsufficientCapacity")
      .withArgs(1025n, 4n);
    expect(await market.leaseCount()).to.equal(0n);
    expect((await market.state()).booked).to.equal(0n);

    // The longest term, 365 days, is accepted.
    await expect(market.connect(tenant).rent(1, 365, root, tokens(1_000_000)))
      .to.emit(market, "LeaseRented")
      .withArgs(1n, tenant.address, 1n, 1n, 366n, root, (cost: bigint) => cost > 0n);
  });

  it("refuses to sell from an empty pool", async function () {
    const { market, tenant } = await deployStorage(ethers, { pool: 0n });
    await expect(market.connect(tenant).quote(1, 1)).to.be.revertedWithCustomError(market, "EmptyPool");
    await expect(market.connect(tenant).rent(1, 1, leaseData(1, 1).root, tokens(1))).to.be.revertedWithCustomError(
      market,
      "EmptyPool",
    );
  });

  it("costs the same to buy in one purchase or in parts, up to rounding in the pool's favour", async function () {
    const { market, tenant } = await networkHelpers.loadFixture(storageFixture);
    const whole = await market.quote(40, 100);
    const { root } = leaseData(1, 10);
    let paid = 0n;
    for (let part = 0; part < 4; part++) {
      const cost = await market.quote(10, 100);
      await market.connect(tenant).rent(10, 100, root, cost);
      paid += cost;
    }
    expect(paid).to.be.gte(whole);
    expect(paid - whole).to.be.lte(4n);
  });

  it("charges each epoch's usage at its start: M·used/B leaves the pool as rent", async function () {
    const { market, tenant } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(10, 5, root, tokens(1_000_000));
    const start = (await market.leaseOf(1)).startEpoch;
    const before = await market.state();
    await atEpoch(market, start);
    const expectedRent = (before.pool * 10n) / before.booked;
    await expect(market.accrue()).to.emit(market, "EpochCharged").withArgs(start, 10n, expectedRent);
    const after = await market.state();
    expect(after.booked).to.equal(before.booked - 10n);
    expect(after.pool).to.equal(before.pool - expectedRent);
    expect(await market.rentEscrow()).to.equal(expectedRent);
    expect(await market.epochRent(start)).to.equal(expectedRent);

    // Five epochs later the lease is used up: B is empty and the charges stop.
    await atEpoch(market, start + 6n);
    await market.accrue();
    expect((await market.state()).booked).to.equal(0n);
    expect(await market.nextChargeEpoch()).to.equal(start + 7n);
  });

  it("extends a lease by whole epochs for its quote, up to the 365-day term", async function () {
    const { market, tenant, stranger } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(4, 10, root, tokens(1_000_000));
    const lease = await market.leaseOf(1);
    const cost = await market.quote(4, 20);
    await expect(market.connect(stranger).extend(1, 20, cost))
      .to.emit(market, "LeaseExtended")
      .withArgs(1n, stranger.address, lease.endEpoch + 20n, cost);
    expect((await market.state()).booked).to.equal(4n * 30n);
    await expect(market.connect(tenant).extend(1, 336, tokens(1_000_000)))
      .to.be.revertedWithCustomError(market, "TermTooLong")
      .withArgs(366n, 365n);
  });

  it("resizes a lease keeping its megabyte-days: shrinking moves expiry later, growing earlier", async function () {
    const { market, registry, tenant } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    const newRoot = leaseData(2, 10).root;
    await market.connect(tenant).rent(10, 30, root, tokens(1_000_000));
    const { startEpoch } = await market.leaseOf(1);

    // 300 MD at 4 MB: ceil(300 / 4) = 75 epochs, buying the 0 MD difference.
    await expect(market.connect(tenant).resize(1, 4, newRoot, 0))
      .to.emit(market, "LeaseResized")
      .withArgs(1n, 4n, startEpoch, startEpoch + 75n, newRoot, 0n);
    expect(await market.dataRootOf(1)).to.equal(newRoot);
    // 300 MD at 7 MB: ceil(300 / 7) = 43 epochs, buying 1 MD to round up.
    const oneMD = await market.quote(1, 1);
    await expect(market.connect(tenant).resize(1, 7, newRoot, oneMD))
      .to.emit(market, "LeaseResized")
      .withArgs(1n, 7n, startEpoch, startEpoch + 43n, newRoot, oneMD);
    expect((await market.state()).booked).to.equal(301n);
    for (const landlord of await registry.groupOf(1))
      expect((await registry.landlordOf(landlord)).assignedMB).to.equal(7n);

    // A started lease resizes what is left: after 3 charged epochs, 301 − 21 = 280 MD remain.
    await atEpoch(market, startEpoch + 2n);
    await market.connect(tenant).resize(1, 14, newRoot, tokens(1_000_000));
    expect(await market.leaseOf(1)).to.deep.equal([tenant.address, 14n, startEpoch + 3n, startEpoch + 23n]);
    expect((await market.state()).booked).to.equal(280n);

    await expect(market.resize(1, 2, newRoot, 0)).to.be.revertedWithCustomError(market, "NotTenant");
    await expect(market.connect(tenant).resize(1, 2000, newRoot, tokens(1_000_000))).to.be.revertedWithCustomError(
      registry,
      "InsufficientCapacity",
    );
  });

  it("locks a lease at expiry, renews it with back-pay during grace, and reclaims it after", async function () {
    const { market, registry, tenant, keeper, rewards } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(2, 3, root, tokens(1_000_000));
    await market.connect(tenant).rent(2, 3, root, tokens(1_000_000));
    const { endEpoch } = await market.leaseOf(1);

    await atEpoch(market, endEpoch);
    await expect(market.connect(tenant).extend(1, 1, tokens(1)))
      .to.be.revertedWithCustomError(market, "LeaseLocked")
      .withArgs(1n, endEpoch, endEpoch);
    await atEpoch(market, endEpoch + 4n);
    // Every booked MD is used, so M·used/B has paid the whole pool out as rent: refill it.
    expect((await market.state()).pool).to.equal(0n);
    await market.connect(tenant).donate(tokens(1_000));
    // Held unpaid for epochs end..end+4: 5 epochs × 2 MB back-paid with the new 10 epochs.
    const cost = await market.quote(2, 15);
    await expect(market.connect(tenant).renew(1, 10, cost))
      .to.emit(market, "LeaseRenewed")
      .withArgs(1n, endEpoch + 5n, endEpoch + 15n, 10n, cost);
    expect((await market.state()).booked).to.equal(20n);

    await atEpoch(market, endEpoch + 29n);
    await expect(market.reclaim(2))
      .to.be.revertedWithCustomError(market, "NotDue")
      .withArgs(endEpoch + 30n);
    await atEpoch(market, endEpoch + 30n);
    await expect(market.connect(tenant).renew(2, 1, tokens(1_000_000)))
      .to.be.revertedWithCustomError(market, "GraceOver")
      .withArgs(2n, endEpoch + 30n, endEpoch + 30n);
    const group = await registry.groupOf(2);
    await expect(market.connect(keeper).reclaim(2))
      .to.emit(market, "LeaseReclaimed")
      .withArgs(2n, keeper.address)
      .and.to.emit(rewards, "BountyPaid");
    const renewedGroup = await registry.groupOf(1);
    for (const landlord of group) {
      const record = await registry.landlordOf(landlord);
      const holdsRenewed = renewedGroup.includes(landlord) ? 1n : 0n;
      expect(record.assignedMB).to.equal(2n * holdsRenewed);
      expect(record.leaseCount).to.equal(holdsRenewed);
    }
    await expect(market.leaseOf(2)).to.be.revertedWithCustomError(market, "UnknownLease").withArgs(2n);
    await expect(market.reclaim(2)).to.be.revertedWithCustomError(market, "UnknownLease").withArgs(2n);
  });

  it("drips the subsidy once per epoch on schedule and takes donations into M", async function () {
    const { market, token, admin, keeper, rewards } = await networkHelpers.loadFixture(storageFixture);
    await token.transfer(await market.getAddress(), tokens(1_000_000_000));
    expect(await market.subsidyReserve()).to.equal(tokens(1_000_000_000));
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(1n);

    await time.increase(DAY * 3n);
    const pool = (await market.state()).pool;
    const amount = MARKET_PARAMS.dripPerEpoch * 3n;
    await expect(market.connect(keeper).drip())
      .to.emit(market, "SubsidyDripped")
      .withArgs(3n, amount, tokens(1_000_000_000) - amount)
      .and.to.emit(rewards, "BountyPaid");
    expect((await market.state()).pool).to.equal(pool + amount);
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(4n);

    await token.approve(await market.getAddress(), tokens(5));
    await expect(market.donate(tokens(5)))
      .to.emit(market, "Donated")
      .withArgs(admin.address, tokens(5));
    expect((await market.state()).pool).to.equal(pool + amount + tokens(5));
    await expect(market.donate(0)).to.be.revertedWithCustomError(market, "InvalidAmount");
  });

  it("lets only the registry settle and pay rent", async function () {
    const { market, stranger } = await networkHelpers.loadFixture(storageFixture);
    await expect(market.connect(stranger).settleRent(0, 1, 0))
      .to.be.revertedWithCustomError(market, "NotRegistry")
      .withArgs(stranger.address);
    await expect(market.connect(stranger).payRent(stranger.address, 1))
      .to.be.revertedWithCustomError(market, "NotRegistry")
      .withArgs(stranger.address);
  });
});
