// StorageMarket flows: pricing against exact rationals, leases (rent, extend, resize, renew,
// reclaim), rent accounting, subsidy and donations.
import { expect } from "chai";
import { network } from "hardhat";
import {
  acceptAll,
  BOUNTY,
  DAY,
  deployStorage,
  leaseData,
  MARKET_PARAMS,
  rentAssigned,
  tokens,
  fullLength,
} from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;
const MAX = tokens(1_000_000);
const [PENDING, ACTIVE, REFUNDED, RECLAIMED] = [1n, 2n, 3n, 4n];

/** M·((R/(R−x))^5 − 1) rounded up, in exact integers. */
function referenceCost(pool: bigint, remaining: bigint, amount: bigint): bigint {
  const num = pool * (remaining ** 5n - (remaining - amount) ** 5n);
  const den = (remaining - amount) ** 5n;
  return (num + den - 1n) / den;
}

/** An epoch's rent: M·used/B, capped at used × spot price M·c/R (c = 1/5; audit H1). */
function cappedRent(state: { pool: bigint; booked: bigint; remaining: bigint }, used: bigint) {
  const share = (state.pool * used) / state.booked;
  if (state.remaining === 0n) return share;
  const cap = (state.pool * 5n * used) / state.remaining;
  return share < cap ? share : cap;
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

  it("rents in two steps: commits and escrows at rent, draws 3 distinct landlords at assign from a later block", async function () {
    const { market, registry, token, tenant, keeper, rewards, randomness } =
      await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 1000);
    const cost = await market.quote(10, 30);
    const tx = market.connect(tenant).rent(10, 30, root, fullLength(10), cost);
    const block = (await ethers.provider.getBlockNumber()) + 1;
    await expect(tx)
      .to.emit(market, "LeaseRented")
      .withArgs(1n, tenant.address, 10n, 30n, root, cost, 1n, block + 2);
    // The upkeep fee (assign + reclaim bounties, audit H3) goes to KeeperRewards.
    const fee = await market.upkeepFee();
    await expect(tx).to.emit(market, "UpkeepFeePaid").withArgs(1n, tenant.address, fee);
    await expect(tx).to.changeTokenBalances(ethers, token, [tenant, market], [-cost - fee, cost]);
    await expect(tx).to.not.emit(registry, "LeaseAssigned");
    await expect(tx)
      .to.emit(randomness, "RandomnessRequested")
      .withArgs(1n, await market.getAddress(), block + 1);
    // Pending: its MDs are booked and its escrow prices the curve, but it has no group yet.
    expect(await market.leaseOf(1)).to.deep.equal([tenant.address, 10n, 0n, 0n, 30n, PENDING, 1n, cost]);
    expect(await market.leaseEscrow()).to.equal(cost);
    expect(await market.assignableAt(1)).to.equal(BigInt(block + 2));
    let state = await market.state();
    expect(state.booked).to.equal(300n);
    expect(state.pool).to.equal(MAX + cost);
    await expect(market.assign(1))
      .to.be.revertedWithCustomError(market, "NotDue")
      .withArgs(block + 2, block + 1);

    await mine(1);
    const epoch = await market.currentEpoch();
    const assign = market.connect(keeper).assign(1);
    await expect(assign).to.emit(registry, "LeaseAssigned");
    await expect(assign)
      .to.emit(market, "LeaseStarted")
      .withArgs(1n, epoch + 1n, epoch + 31n, keeper.address);
    await expect(assign)
      .to.emit(rewards, "BountyPaid")
      .withArgs(
        ethers.encodeBytes32String("StorageMarket.assign"),
        keeper.address,
        await market.getAddress(),
        1n,
        BOUNTY,
        1n,
        (left: bigint) => left > 0n,
      );
    await expect(market.assign(1)).to.be.revertedWithCustomError(market, "WrongStatus").withArgs(1n, ACTIVE);
    expect(await market.assignableAt(1)).to.equal(0n);

    const group = await registry.groupOf(1);
    expect(new Set(group).size).to.equal(3);
    for (const landlord of group) {
      const record = await registry.landlordOf(landlord);
      expect(record.assignedMB).to.equal(10n);
      expect(record.memberships).to.equal(1n);
      expect(await registry.membershipOf(1, landlord)).to.deep.equal([true, false]);
    }
    expect(await registry.freeCapacityMB()).to.equal(4n * 1024n - 30n);
    state = await market.state();
    expect(state.booked).to.equal(300n);
    expect(state.pool).to.equal(MAX + cost);
    expect(await market.leaseEscrow()).to.equal(0n);
    expect(await market.leaseOf(1)).to.deep.equal([tenant.address, 10n, epoch + 1n, epoch + 31n, 30n, ACTIVE, 1n, 0n]);
  });

  it("re-seeds an assignment whose randomness block was missed, and refunds a lease no group has room for", async function () {
    const { market, registry, token, tenant, keeper, randomness } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(1, 5, root, fullLength(1), MAX);
    await mine(300);
    const now = await ethers.provider.getBlockNumber();
    await expect(market.connect(keeper).assign(1))
      .to.emit(randomness, "RandomnessReseeded")
      .and.to.not.emit(registry, "LeaseAssigned");
    expect((await market.leaseOf(1)).status).to.equal(PENDING);
    expect(await market.assignableAt(1)).to.equal(BigInt(now + 3));
    await mine(2);
    await expect(market.connect(keeper).assign(1)).to.emit(registry, "LeaseAssigned");

    // Each landlord has 1,024 MB and three of them hold lease 1: a 1,024 MB lease fits only one
    // (a larger one is refused at rent, NoRoom), so it is committed, then refunded in full.
    const cost = await market.quote(1024, 1);
    const booked = (await market.state()).booked;
    await market.connect(tenant).rent(1024, 1, root, fullLength(1024), MAX);
    expect((await market.state()).booked).to.equal(booked + 1024n);
    await mine(2);
    const refund = market.connect(keeper).assign(2);
    await expect(refund).to.emit(market, "LeaseRefunded").withArgs(2n, tenant.address, cost, keeper.address);
    await expect(refund).to.changeTokenBalances(ethers, token, [tenant, market], [cost, -cost]);
    await expect(refund).to.not.emit(registry, "LeaseAssigned");
    expect((await market.leaseOf(2)).status).to.equal(REFUNDED);
    expect((await market.state()).booked).to.equal(booked);
    expect(await market.leaseEscrow()).to.equal(0n);
    await expect(registry.groupOf(2)).to.be.revertedWithCustomError(registry, "UnknownAssignment");
    await expect(market.assign(2)).to.be.revertedWithCustomError(market, "WrongStatus").withArgs(2n, REFUNDED);
    await expect(market.assign(9)).to.be.revertedWithCustomError(market, "UnknownLease").withArgs(9n);
  });

  it("lets every landlord retire while a lease is pending: B exceeds T by its MDs until assign refunds it", async function () {
    // Found by the StorageMarket invariant at CI depth: a pending lease books its MDs before any
    // landlord holds it, and landlords may still leave (a tenant must not be able to keep them).
    const { market, registry, token, tenant, keeper, landlords } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    const cost = await market.quote(2, 30);
    await market.connect(tenant).rent(2, 30, root, fullLength(2), MAX);
    for (const landlord of landlords) await registry.connect(landlord).retire();
    let state = await market.state();
    expect(state.sellable).to.equal(0n);
    expect(state.booked).to.equal(60n);
    expect(state.remaining).to.equal(0n);
    expect(await market.price()).to.equal(0n);
    await expect(market.connect(tenant).rent(1, 1, root, fullLength(1), MAX))
      .to.be.revertedWithCustomError(market, "NoRoom")
      .withArgs(1n, 0n);
    await mine(2);
    const refund = market.connect(keeper).assign(1);
    await expect(refund).to.emit(market, "LeaseRefunded").withArgs(1n, tenant.address, cost, keeper.address);
    await expect(refund).to.changeTokenBalances(ethers, token, [tenant, market], [cost, -cost]);
    state = await market.state();
    expect(state.booked).to.equal(0n);
    expect(await market.leaseEscrow()).to.equal(0n);
  });

  it("refuses bad rents with the wrong values and leaves nothing behind", async function () {
    const { market, tenant } = await networkHelpers.loadFixture(storageFixture);
    const { root } = leaseData(1, 10);
    await expect(market.connect(tenant).rent(0, 1, root, fullLength(0), tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidSize")
      .withArgs(0n);
    await expect(market.connect(tenant).rent(1, 366, root, fullLength(1), tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidDays")
      .withArgs(366n, 365n);
    await expect(market.connect(tenant).rent(1, 0, root, fullLength(1), tokens(1)))
      .to.be.revertedWithCustomError(market, "InvalidDays")
      .withArgs(0n, 365n);
    await expect(
      market.connect(tenant).rent(1, 1, ethers.ZeroHash, fullLength(1), tokens(1)),
    ).to.be.revertedWithCustomError(market, "InvalidDataRoot");
    const cost = await market.quote(1, 10);
    await expect(market.connect(tenant).rent(1, 10, root, fullLength(1), cost - 1n))
      .to.be.revertedWithCustomError(market, "CostExceedsMax")
      .withArgs(cost, cost - 1n);
    expect(await market.leaseCount()).to.equal(0n);
    expect((await market.state()).booked).to.equal(0n);

    // The longest term, 365 days, is accepted.
    await expect(market.connect(tenant).rent(1, 365, root, fullLength(1), tokens(1_000_000)))
      .to.emit(market, "LeaseRented")
      .withArgs(
        1n,
        tenant.address,
        1n,
        365n,
        root,
        (cost: bigint) => cost > 0n,
        1n,
        (at: bigint) => at > 0n,
      );
  });

  it("refuses to sell from an empty pool", async function () {
    const { market, tenant } = await deployStorage(ethers, { pool: 0n });
    await expect(market.connect(tenant).quote(1, 1)).to.be.revertedWithCustomError(market, "EmptyPool");
    await expect(
      market.connect(tenant).rent(1, 1, leaseData(1, 1).root, fullLength(1), tokens(1)),
    ).to.be.revertedWithCustomError(market, "EmptyPool");
  });

  it("costs the same to buy in one purchase or in parts, up to rounding in the pool's favour", async function () {
    const { market, tenant } = await networkHelpers.loadFixture(storageFixture);
    const whole = await market.quote(40, 100);
    const { root } = leaseData(1, 10);
    let paid = 0n;
    for (let part = 0; part < 4; part++) {
      const cost = await market.quote(10, 100);
      await market.connect(tenant).rent(10, 100, root, fullLength(10), cost);
      paid += cost;
    }
    expect(paid).to.be.gte(whole);
    expect(paid - whole).to.be.lte(4n);
  });

  it("charges each epoch's usage at its start: M·used/B leaves the pool as rent", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market } = suite;
    const { root } = leaseData(1, 10);
    await rentAssigned(ethers, suite, 10, 5, root);
    await acceptAll(ethers, suite, 1n, root);
    const start = (await market.leaseOf(1)).startEpoch;
    const before = await market.state();
    await atEpoch(market, start);
    const expectedRent = cappedRent(before, 10n);
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

  it("charges no rent for an epoch in which nobody held data, and never takes the pool below its floor", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market } = suite;
    const { root } = leaseData(1, 10);
    await rentAssigned(ethers, suite, 10, 2, root);
    const start = (await market.leaseOf(1)).startEpoch;
    const pool = (await market.state()).pool;
    await atEpoch(market, start);
    await expect(market.accrue()).to.emit(market, "EpochCharged").withArgs(start, 10n, 0n);
    expect((await market.state()).pool).to.equal(pool);
    // Held from the next epoch on; its last epoch uses every booked MD: M·used/B = M, capped at
    // used × spot price (audit H1), and never below the floor.
    await acceptAll(ethers, suite, 1n, root);
    const state = await market.state();
    await atEpoch(market, start + 1n);
    const floor = await market.poolFloor();
    const expected = cappedRent(state, 10n);
    expect(expected).to.be.lessThan(pool - floor);
    await expect(market.accrue())
      .to.emit(market, "EpochCharged")
      .withArgs(start + 1n, 10n, expected);
    expect((await market.state()).pool).to.equal(pool - expected);
    expect((await market.state()).booked).to.equal(0n);
  });

  it("extends a lease by whole epochs for its quote, up to the 365-day term", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market, tenant, stranger } = suite;
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(4, 10, root, fullLength(4), MAX);
    await expect(market.connect(tenant).extend(1, 20, MAX))
      .to.be.revertedWithCustomError(market, "WrongStatus")
      .withArgs(1n, PENDING);
    await mine(2);
    await market.assign(1);
    const lease = await market.leaseOf(1);
    const cost = await market.quote(4, 20);
    await expect(market.connect(stranger).extend(1, 20, cost))
      .to.be.revertedWithCustomError(market, "NotTenant")
      .withArgs(1n, stranger.address, tenant.address);
    await expect(market.connect(tenant).extend(1, 20, cost))
      .to.emit(market, "LeaseExtended")
      .withArgs(1n, tenant.address, lease.endEpoch + 20n, cost);
    expect((await market.state()).booked).to.equal(4n * 30n);
    await expect(market.connect(tenant).extend(1, 336, tokens(1_000_000)))
      .to.be.revertedWithCustomError(market, "TermTooLong")
      .withArgs(366n, 365n);
  });

  it("resizes a lease keeping its megabyte-days: shrinking moves expiry later, growing earlier", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market, registry, proofs, tenant } = suite;
    const { root } = leaseData(1, 10);
    const newRoot = leaseData(2, 10).root;
    await rentAssigned(ethers, suite, 10, 30, root);
    const { startEpoch } = await market.leaseOf(1);

    // 300 MD at 4 MB: ceil(300 / 4) = 75 epochs, buying the 0 MD difference; the new data costs
    // the price of 4 MD (one day of the new size) into the pool.
    let state = await market.state();
    const fee4 = referenceCost(state.pool, state.remaining, 4n);
    await expect(market.connect(tenant).resize(1, 4, newRoot, fullLength(4), fee4 - 1n))
      .to.be.revertedWithCustomError(market, "CostExceedsMax")
      .withArgs(fee4, fee4 - 1n);
    const first = market.connect(tenant).resize(1, 4, newRoot, fullLength(4), fee4);
    await expect(first)
      .to.emit(market, "LeaseResized")
      .withArgs(1n, 4n, startEpoch, startEpoch + 75n, newRoot, fee4);
    await expect(first).to.emit(proofs, "DataProposed").withArgs(1n, newRoot, 4n, fullLength(4), fee4);
    expect(await proofs.dataOf(1)).to.deep.equal([newRoot, 4n, fullLength(4)]);
    expect((await market.state()).pool).to.equal(state.pool + fee4);
    // 300 MD at 7 MB: ceil(300 / 7) = 43 epochs, buying 1 MD to round up, and the data fee.
    state = await market.state();
    const oneMD = referenceCost(state.pool, state.remaining, 1n);
    const fee7 = referenceCost(state.pool + oneMD, state.remaining, 7n);
    await expect(market.connect(tenant).resize(1, 7, newRoot, fullLength(7), oneMD + fee7))
      .to.emit(market, "LeaseResized")
      .withArgs(1n, 7n, startEpoch, startEpoch + 43n, newRoot, oneMD + fee7);
    expect((await market.state()).booked).to.equal(301n);
    for (const landlord of await registry.groupOf(1))
      expect((await registry.landlordOf(landlord)).assignedMB).to.equal(7n);
    // Same size and root: no data change, no fee.
    await expect(market.connect(tenant).resize(1, 7, newRoot, fullLength(7), 0))
      .to.emit(market, "LeaseResized")
      .withArgs(1n, 7n, startEpoch, startEpoch + 43n, newRoot, 0n)
      .and.to.not.emit(proofs, "DataProposed");

    // A started lease resizes what is left: after 3 charged epochs, 301 − 21 = 280 MD remain.
    await atEpoch(market, startEpoch + 2n);
    await market.connect(tenant).resize(1, 14, newRoot, fullLength(14), MAX);
    const lease = await market.leaseOf(1);
    expect([lease.sizeMB, lease.startEpoch, lease.endEpoch]).to.deep.equal([14n, startEpoch + 3n, startEpoch + 23n]);
    expect((await market.state()).booked).to.equal(280n);

    await expect(market.resize(1, 2, newRoot, fullLength(2), 0)).to.be.revertedWithCustomError(market, "NotTenant");
    await expect(market.connect(tenant).resize(1, 2000, newRoot, fullLength(2000), MAX)).to.be.revertedWithCustomError(
      registry,
      "InsufficientCapacity",
    );
  });

  it("changes a lease's data for the price of its size for one day, paid into the pool", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market, proofs, token, tenant, stranger } = suite;
    const { root } = leaseData(1, 10);
    const newRoot = leaseData(2, 10).root;
    await rentAssigned(ethers, suite, 10, 30, root);
    const state = await market.state();
    const fee = referenceCost(state.pool, state.remaining, 10n);
    expect(await market.dataFee(1)).to.equal(fee);
    await expect(market.connect(stranger).updateData(1, newRoot, 10n, MAX))
      .to.be.revertedWithCustomError(market, "NotTenant")
      .withArgs(1n, stranger.address, tenant.address);
    await expect(market.connect(tenant).updateData(1, ethers.ZeroHash, 10n, MAX)).to.be.revertedWithCustomError(
      market,
      "InvalidDataRoot",
    );
    await expect(market.connect(tenant).updateData(1, newRoot, 10n, fee - 1n))
      .to.be.revertedWithCustomError(market, "CostExceedsMax")
      .withArgs(fee, fee - 1n);
    const tx = market.connect(tenant).updateData(1, newRoot, 10n, fee);
    await expect(tx).to.emit(market, "DataUpdated").withArgs(1n, newRoot, 10n, fee);
    await expect(tx).to.emit(proofs, "DataProposed").withArgs(1n, newRoot, 10n, 10n, fee);
    await expect(tx).to.changeTokenBalances(ethers, token, [tenant, market], [-fee, fee]);
    expect((await market.state()).pool).to.equal(state.pool + fee);
    expect((await market.state()).booked).to.equal(state.booked);
    await expect(market.dataFee(9)).to.be.revertedWithCustomError(market, "UnknownLease").withArgs(9n);
    // Audit M6: the data length is 1 byte to the lease's size (10 MiB).
    for (const length of [0n, 10n * 1_048_576n + 1n]) {
      await expect(market.connect(tenant).updateData(1, newRoot, length, MAX))
        .to.be.revertedWithCustomError(market, "InvalidDataLength")
        .withArgs(length, 10n);
      await expect(market.connect(tenant).resize(1, 10, newRoot, length, MAX))
        .to.be.revertedWithCustomError(market, "InvalidDataLength")
        .withArgs(length, 10n);
    }
    // The same root with another length is a data change (it pays the fee, the holders accept anew).
    await expect(market.connect(tenant).resize(1, 10, newRoot, 11n, MAX)).to.emit(proofs, "DataProposed");
    expect(await proofs.dataOf(1)).to.deep.equal([newRoot, 10n, 11n]);
    await expect(market.connect(tenant).resize(1, 10, newRoot, 11n, MAX)).to.not.emit(proofs, "DataProposed");
    await expect(proofs.proposeData(1, newRoot, 1, 1, 0))
      .to.be.revertedWithCustomError(proofs, "NotMarket")
      .withArgs((await ethers.getSigners())[0].address);
  });

  it("locks a lease at expiry, renews it with back-pay during grace, and reclaims it after", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market, registry, tenant, keeper, rewards } = suite;
    const { root } = leaseData(1, 10);
    await rentAssigned(ethers, suite, 2, 3, root);
    await rentAssigned(ethers, suite, 2, 3, root);
    for (const leaseId of [1n, 2n]) await acceptAll(ethers, suite, leaseId, root);
    const { endEpoch } = await market.leaseOf(1);

    await atEpoch(market, endEpoch);
    await expect(market.connect(tenant).extend(1, 1, tokens(1)))
      .to.be.revertedWithCustomError(market, "LeaseLocked")
      .withArgs(1n, endEpoch, endEpoch);
    await atEpoch(market, endEpoch + 4n);
    // Every booked MD is used, so M·used/B would pay the whole pool out: the cap at used × spot
    // price (audit H1) keeps it well above the floor.
    expect((await market.state()).pool).to.be.greaterThan(await market.poolFloor());
    await expect(market.connect(keeper).renew(1, 10, MAX))
      .to.be.revertedWithCustomError(market, "NotTenant")
      .withArgs(1n, keeper.address, tenant.address);
    // Held unpaid for epochs end..end+4: 5 epochs × 2 MB back-paid with the new 10 epochs.
    const cost = await market.quote(2, 15);
    await expect(market.connect(tenant).renew(1, 10, cost))
      .to.emit(market, "LeaseRenewed")
      .withArgs(1n, endEpoch + 5n, endEpoch + 15n, 10n, cost);
    expect((await market.state()).booked).to.equal(20n);

    await atEpoch(market, endEpoch + 29n);
    await expect(market.reclaim(2))
      .to.be.revertedWithCustomError(market, "NotDue")
      .withArgs(endEpoch + 30n, endEpoch + 29n);
    await atEpoch(market, endEpoch + 30n);
    await expect(market.connect(tenant).renew(2, 1, MAX))
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
      expect(record.memberships).to.equal(holdsRenewed);
      expect(record.heldCount).to.equal(holdsRenewed);
    }
    // The record stays, Reclaimed: states only move forward.
    expect((await market.leaseOf(2)).status).to.equal(RECLAIMED);
    await expect(market.reclaim(2)).to.be.revertedWithCustomError(market, "WrongStatus").withArgs(2n, RECLAIMED);
    await expect(market.connect(tenant).renew(2, 1, MAX))
      .to.be.revertedWithCustomError(market, "WrongStatus")
      .withArgs(2n, RECLAIMED);
    await expect(market.reclaim(9)).to.be.revertedWithCustomError(market, "UnknownLease").withArgs(9n);
  });

  it("drips the subsidy from epoch 0 on schedule, also from any other call, and takes donations into M", async function () {
    const { market, token, admin, keeper, rewards } = await networkHelpers.loadFixture(storageFixture);
    await token.transfer(await market.getAddress(), tokens(1_000_000_000));
    expect(await market.subsidyReserve()).to.equal(tokens(1_000_000_000));
    const perEpoch = MARKET_PARAMS.dripPerEpoch;
    let pool = (await market.state()).pool;
    // The pool opens at genesis: epoch 0's drip is due at once (the views count it already).
    expect(pool).to.equal(tokens(1_000_000) + perEpoch);
    await expect(market.connect(keeper).drip())
      .to.emit(market, "SubsidyDripped")
      .withArgs(0n, perEpoch, tokens(1_000_000_000) - perEpoch)
      .and.to.emit(rewards, "BountyPaid");
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(1n, 0n);

    await time.increase(DAY * 3n);
    pool = (await market.state()).pool;
    const amount = perEpoch * 3n;
    await expect(market.connect(keeper).drip())
      .to.emit(market, "SubsidyDripped")
      .withArgs(3n, amount, tokens(1_000_000_000) - perEpoch - amount);
    expect((await market.state()).pool).to.equal(pool);
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(4n, 3n);

    await token.approve(await market.getAddress(), tokens(5));
    await expect(market.donate(tokens(5)))
      .to.emit(market, "Donated")
      .withArgs(admin.address, tokens(5));
    expect((await market.state()).pool).to.equal(pool + tokens(5));
    await expect(market.donate(0)).to.be.revertedWithCustomError(market, "InvalidAmount");

    // A day later, any call drips (here `accrue`), unpaid; the keeper's drip then finds nothing.
    await time.increase(DAY);
    await expect(market.accrue())
      .to.emit(market, "SubsidyDripped")
      .withArgs(4n, perEpoch, (left: bigint) => left > 0n);
    expect(await market.nextDripEpoch()).to.equal(5n);
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(5n, 4n);
  });

  it("stops dripping when the subsidy reserve is empty", async function () {
    const { market, token } = await networkHelpers.loadFixture(storageFixture);
    await token.transfer(await market.getAddress(), 5n);
    await expect(market.drip()).to.emit(market, "SubsidyDripped").withArgs(0n, 5n, 0n);
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(1n, 0n);
    await time.increase(DAY);
    await expect(market.drip()).to.be.revertedWithCustomError(market, "NotDue").withArgs(0n, 1n);
  });

  it("charges nothing for epochs with only pending leases, and refuses to renew a lease before expiry", async function () {
    const suite = await networkHelpers.loadFixture(storageFixture);
    const { market, tenant } = suite;
    const { root } = leaseData(1, 10);
    await market.connect(tenant).rent(3, 5, root, fullLength(3), MAX);
    const booked = (await market.state()).booked;
    await atEpoch(market, 2n);
    await expect(market.accrue()).to.not.emit(market, "EpochCharged");
    expect((await market.state()).booked).to.equal(booked);
    expect(await market.rentOwed()).to.equal(0n);
    await mine(1);
    await market.assign(1);
    const { endEpoch } = await market.leaseOf(1);
    await expect(market.connect(tenant).renew(1, 1, MAX))
      .to.be.revertedWithCustomError(market, "LeaseNotLocked")
      .withArgs(1n, endEpoch, 2n);
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
