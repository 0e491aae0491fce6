// Issue 13, storage market: each attack of the audit as a test that passes because the attack
// fails (and that failed on the code before the fix), plus `extend` by a stranger and the pool
// refusing rents (EmptyPool) from genesis until the first drip.
import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { bytesToHex, concat, keccak256 } from "viem";
import { leafHash } from "../keepers/src/storage/segmentMerkle.ts";
import {
  BOUNTY,
  PROOF_WINDOW,
  deployStorage,
  leaseData,
  segmentProof,
  tokens,
  fullLength,
} from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;

type Suite = Awaited<ReturnType<typeof deployStorage>>;
type Data = ReturnType<typeof leaseData>;
// The calls of the two-step flow, reached through `any` so that this file also runs (and fails)
// against the code before issue 13, which lacks them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (contract: unknown) => contract as any;
const MAX = tokens(1_000_000_000);

async function signerOf(address: string): Promise<Signer> {
  return ethers.getSigner(address);
}

/** Rents a lease and, with the two-step flow, assigns it once its randomness exists. */
async function rentLease(
  s: Suite,
  sizeMB: number,
  days: number,
  root: string,
  tenant: Signer = s.tenant,
  dataLength: number | bigint = fullLength(sizeMB),
) {
  const leaseId = (await s.market.leaseCount()) + 1n;
  await s.market.connect(tenant).rent(sizeMB, days, root, dataLength, MAX);
  if (loose(s.market).assign !== undefined) {
    await mine(2);
    await loose(s.market).connect(s.keeper).assign(leaseId);
  }
  return leaseId;
}

/** Every member of the lease's group (but `except`) confirms it received `root`. */
async function acceptAll(s: Suite, leaseId: bigint, root: string, except: string[] = []) {
  if (loose(s.proofs).acceptData === undefined) return;
  for (const member of await s.registry.groupOf(leaseId)) {
    if (except.includes(member)) continue;
    await loose(s.proofs)
      .connect(await signerOf(member))
      .acceptData(leaseId, root);
  }
}

async function openEpoch(s: Suite, epoch: bigint) {
  const start = await s.market.epochStart(epoch);
  if ((await time.latest()) < start + 10n) await time.increaseTo(start + 10n);
  await s.proofs.connect(s.keeper).openEpoch();
  await mine(3);
}

/** Each landlord (but `except`) proves its challenge of `epoch` from the data it holds. */
async function proveAll(s: Suite, epoch: bigint, data: Map<bigint, Data>, except: string[] = [], accounts?: string[]) {
  let proved = 0;
  for (const address of accounts ?? s.landlords.map((l) => l.address)) {
    if (except.includes(address)) continue;
    const challenge = await s.proofs.challengeOf(address, epoch);
    if (!challenge.due) continue;
    const lease = data.get(challenge.leaseId)!;
    const sizeMB = Number(loose(challenge).sizeMB ?? (await s.market.leaseOf(challenge.leaseId)).sizeMB);
    const { segment, proof } = segmentProof(lease.data, lease.tree, sizeMB, Number(challenge.segmentIndex));
    await s.proofs
      .connect(await signerOf(address))
      .prove(epoch, challenge.leaseId, challenge.segmentIndex, segment, proof);
    proved++;
  }
  return proved;
}

async function settle(s: Suite, epoch: bigint, accounts?: string[]) {
  const deadline = await s.proofs.proofDeadline(epoch);
  if ((await time.latest()) < deadline) await time.increaseTo(deadline);
  return s.proofs.connect(s.keeper).settleEpoch(epoch, accounts ?? s.landlords.map((l) => l.address));
}

/** One 1 MB lease rented in epoch 0 whose three holders accepted its data; now in epoch 1, open. */
async function heldLease() {
  const s = await deployStorage(ethers);
  const lease = leaseData(7, 9_000);
  const leaseId = await rentLease(s, 1, 30, lease.root);
  await acceptAll(s, leaseId, lease.root);
  await openEpoch(s, 1n);
  return { ...s, lease, leaseId, data: new Map([[leaseId, lease]]) };
}

describe("Storage market attacks (issue 13)", function () {
  this.timeout(600_000);

  it("attack 1: a free root swap slashes honest landlords", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    const group = await s.registry.groupOf(s.leaseId);
    const bogus = ethers.keccak256(ethers.toUtf8Bytes("bogus"));
    // The swap is no longer free: a root change costs at least the MD price of the upload.
    await expect(
      s.market.connect(s.tenant).resize(s.leaseId, 1, bogus, fullLength(1), 0n),
    ).to.be.revertedWithCustomError(s.market, "CostExceedsMax");
    const poolBefore = (await s.market.state()).pool;
    await s.market.connect(s.tenant).resize(s.leaseId, 1, bogus, fullLength(1), MAX);
    expect((await s.market.state()).pool).to.be.gt(poolBefore);
    // Holders never received the bogus data: they say so and are not slashed for it.
    for (const member of group) {
      await expect(
        loose(s.proofs)
          .connect(await signerOf(member))
          .rejectData(s.leaseId, bogus),
      ).to.emit(s.proofs, "DataRejected");
    }
    // They keep proving the root they accepted, this epoch and the next ones.
    for (const epoch of [1n, 2n, 3n]) {
      if (epoch > 1n) await openEpoch(s, epoch);
      for (const member of group) {
        const challenge = await s.proofs.challengeOf(member, epoch);
        expect(challenge.due).to.equal(true);
        expect(loose(challenge).dataRoot).to.equal(s.lease.root);
      }
      expect(await proveAll(s, epoch, s.data)).to.equal(3);
      const tx = await settle(s, epoch);
      await expect(tx).to.not.emit(s.registry, "LandlordFailed");
    }
    for (const member of group) expect((await s.registry.landlordOf(member)).failures).to.equal(0n);

    // `rent` takes no unverifiable root into effect: a lease whose data nobody accepted is not
    // challenged, so a tenant renting with a bogus root gets nobody slashed.
    const leaseId = await rentLease(s, 1, 30, bogus);
    const bogusGroup = await s.registry.groupOf(leaseId);
    await openEpoch(s, 4n);
    for (const member of bogusGroup) {
      const challenge = await s.proofs.challengeOf(member, 4n);
      expect(challenge.leaseId).to.not.equal(leaseId);
    }
    await proveAll(s, 4n, s.data);
    await expect(await settle(s, 4n)).to.not.emit(s.registry, "LandlordFailed");
  });

  it("attack 2: rent captured by declared capacity", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    const squatter = s.stranger;
    // The squatter declares 1,000 GB for 1,000 tokens, stores nothing and proves nothing.
    await s.registry.connect(squatter).registerLandlord(1_000 * 1024, "http://squatter");
    await proveAll(s, 1n, s.data);
    await settle(s, 1n);
    await openEpoch(s, 2n);
    await proveAll(s, 2n, s.data);
    const accounts = [...s.landlords.map((l) => l.address), squatter.address];
    await settle(s, 2n, accounts);
    const rent = await s.market.epochRent(2n);
    expect(rent).to.be.gt(0n);
    // It held nothing: it earns nothing; the holders that proved share the epoch's rent.
    expect((await s.registry.landlordOf(squatter.address)).rentOwed).to.equal(0n);
    let credited = 0n;
    for (const member of await s.registry.groupOf(s.leaseId)) {
      const owed = (await s.registry.landlordOf(member)).rentOwed;
      expect(owed).to.be.gt(0n);
      credited += owed;
    }
    // Epochs 1 and 2 were both credited to the holders (each capped at used × spot, audit H1),
    // but for the settle bounties taken from their shares (3 per epoch, audit H3).
    const rents = rent + (await s.market.epochRent(1n));
    expect(credited).to.be.lte(rents);
    expect(credited + 6n * BOUNTY).to.be.gt((rents * 99n) / 100n);

    // Retiring does not hand the collateral back at once: it stays slashable while unbonding.
    await s.registry.connect(squatter).retire();
    const before = await s.token.balanceOf(squatter.address);
    await s.registry
      .connect(squatter)
      .retire()
      .catch(() => undefined);
    await expect(s.registry.connect(squatter).retire()).to.be.revertedWithCustomError(s.registry, "Unbonding");
    expect(await s.token.balanceOf(squatter.address)).to.equal(before);
  });

  it("attack 3: bounty farming with Sybil landlords", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    // Landlords of 1 MB are refused: a landlord is at least 1 GB of collateral-backed capacity.
    await expect(s.registry.connect(s.stranger).registerLandlord(1, "http://sybil"))
      .to.be.revertedWithCustomError(s.registry, "BelowMinimumCapacity")
      .withArgs(1n, 1024n);
    await proveAll(s, 1n, s.data);
    await time.increaseTo(await s.proofs.proofDeadline(1n));
    // Settling one landlord at a time pays what one batch pays: a bounty per landlord that held
    // something (3 holders), nothing for the landlord that holds nothing.
    const before = await s.token.balanceOf(s.keeper.address);
    for (const landlord of s.landlords) {
      await s.proofs
        .connect(s.keeper)
        .settleEpoch(1n, [landlord.address])
        .catch(() => undefined);
    }
    expect((await s.token.balanceOf(s.keeper.address)) - before).to.equal(BOUNTY * 3n);

    // The same epoch settled in one batch pays the same total.
    const b = await networkHelpers.loadFixture(heldLease);
    await proveAll(b, 1n, b.data);
    const start = await b.token.balanceOf(b.keeper.address);
    await settle(b, 1n);
    expect((await b.token.balanceOf(b.keeper.address)) - start).to.equal(BOUNTY * 3n);
  });

  it("attack 4: copy-group draw DoS (1,000 small landlords, a rent still finds room)", async function () {
    const s = await deployStorage(ethers, { landlords: 0 });
    const funder = s.admin;
    const big: string[] = [];
    for (let i = 0; i < 1_003; i++) {
      const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
      await networkHelpers.setBalance(wallet.address, 10n ** 20n);
      await s.token.connect(funder).transfer(wallet.address, tokens(10));
      await s.token.connect(wallet).approve(await s.registry.getAddress(), ethers.MaxUint256);
      // 1,000 landlords of the minimum size and, among them, three with room for 3 GB.
      const capacity = i % 334 === 333 ? 4 * 1024 : 1024;
      await s.registry.connect(wallet).registerLandlord(capacity, "http://p");
      if (capacity > 1024) big.push(wallet.address);
    }
    expect(big.length).to.equal(3);
    const root = ethers.keccak256(ethers.toUtf8Bytes("three gigabytes"));
    const leaseId = await rentLease(s, 3 * 1024, 1, root);
    expect([...(await s.registry.groupOf(leaseId))].sort()).to.deep.equal([...big].sort());
  });

  it("attack 5: a landlord escapes its slash by retiring and reassigning before settlement", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    const [escaper] = await s.registry.groupOf(s.leaseId);
    const challenge = await s.proofs.challengeOf(escaper, 1n);
    expect(challenge.due).to.equal(true);
    // Anyone's rent during the epoch (new leases for the same landlord) changes nothing.
    for (let i = 0; i < 3; i++) await rentLease(s, 1, 30, leaseData(20 + i, 100).root);
    // The landlord retires and the keeper moves its leases away before it would have to prove.
    await s.registry.connect(await signerOf(escaper)).retire();
    await s.registry.connect(s.keeper).reassign(escaper, 10);
    const after = await s.proofs.challengeOf(escaper, 1n);
    expect([after.due, after.leaseId, after.segmentIndex]).to.deep.equal([
      true,
      challenge.leaseId,
      challenge.segmentIndex,
    ]);
    await proveAll(s, 1n, s.data, [escaper]);
    const tx = await settle(s, 1n);
    await expect(tx).to.emit(s.registry, "LandlordFailed");
    expect((await s.registry.landlordOf(escaper)).failures).to.equal(1n);
  });

  it("attack 5: reclaiming a lease during the epoch does not change its holders' challenge", async function () {
    const s = await deployStorage(ethers);
    const lease = leaseData(8, 2_000);
    const leaseId = await rentLease(s, 1, 1, lease.root);
    await acceptAll(s, leaseId, lease.root);
    // The lease ran epoch 1 and its grace; in epoch 32 it is still held, then reclaimed.
    const epoch = 2n + (await s.market.graceEpochs());
    await openEpoch(s, epoch);
    const [holder] = await s.registry.groupOf(leaseId);
    const challenge = await s.proofs.challengeOf(holder, epoch);
    await s.market.connect(s.keeper).reclaim(leaseId);
    const after = await s.proofs.challengeOf(holder, epoch);
    expect([after.due, after.leaseId, after.segmentIndex]).to.deep.equal([
      challenge.due,
      challenge.leaseId,
      challenge.segmentIndex,
    ]);
    expect(challenge.due).to.equal(true);
  });

  it("attack 6: a missed seed passes everyone", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    // Nobody records epoch 1's seed: its block falls out of the 256-block window.
    await mine(300);
    expect(await s.proofs.seedOf(1n)).to.equal(ethers.ZeroHash);
    const rent = await s.market.epochRent(1n);
    expect(rent).to.be.gt(0n);
    const tx = await settle(s, 1n);
    // Nobody is slashed for the void epoch and nobody is paid unchecked: the rent is withheld.
    await expect(tx).to.not.emit(s.registry, "LandlordFailed");
    await expect(tx).to.not.emit(s.registry, "LandlordPassed");
    // (Shares round down: at most a wei per landlord stays in the rent escrow.) The settle
    // bounties come out of the shares (audit H3), all the rest is withheld.
    const fees = 3n * BOUNTY;
    await expect(tx)
      .to.emit(s.market, "RentSettled")
      .withArgs(1n, fees, (withheld: bigint) => withheld <= rent - fees && withheld >= rent - fees - 3n);
    for (const landlord of s.landlords) expect((await s.registry.landlordOf(landlord.address)).rentOwed).to.equal(0n);

    // An epoch nobody opened is void too.
    await time.increaseTo((await s.market.epochStart(3n)) + 10n);
    await s.market.accrue();
    const rent2 = await s.market.epochRent(2n);
    expect(rent2).to.be.gt(0n);
    const tx2 = await settle(s, 2n);
    await expect(tx2)
      .to.emit(s.market, "RentSettled")
      .withArgs(2n, fees, (withheld: bigint) => withheld <= rent2 - fees && withheld >= rent2 - fees - 3n);
    await expect(tx2).to.not.emit(s.registry, "LandlordPassed");

    // A missed seed is re-seeded with a new window, and the epoch is then proved as usual.
    await s.proofs.connect(s.keeper).openEpoch();
    await mine(300);
    await expect(s.proofs.connect(s.keeper).reseed(3n)).to.emit(s.proofs, "EpochReseeded");
    await mine(3);
    expect(await s.proofs.seedOf(3n)).to.not.equal(ethers.ZeroHash);
    expect(await proveAll(s, 3n, s.data)).to.equal(3);
    await expect(await settle(s, 3n)).to.emit(s.registry, "LandlordPassed");
  });

  it("attack 7: the copy group can be steered", async function () {
    const s = await deployStorage(ethers);
    const lease = leaseData(9, 100);
    const leaseId = (await s.market.leaseCount()) + 1n;
    // `rent` draws nothing: no group exists in the renting transaction, so a contract renting
    // cannot revert until a chosen landlord is drawn.
    await expect(s.market.connect(s.tenant).rent(1, 30, lease.root, fullLength(1), MAX)).to.not.emit(
      s.registry,
      "LeaseAssigned",
    );
    await expect(s.registry.groupOf(leaseId)).to.be.revertedWithCustomError(s.registry, "UnknownAssignment");
    // The draw comes from a later block, by a keeper, paid a bounty.
    await expect(loose(s.market).assign(leaseId)).to.be.revertedWithCustomError(s.market, "NotDue");
    await mine(2);
    await expect(loose(s.market).connect(s.keeper).assign(leaseId))
      .to.emit(s.registry, "LeaseAssigned")
      .and.to.emit(s.rewards, "BountyPaid");

    // A lease no group has room for is refunded in full (one landlord still has room: a size
    // larger than every landlord's room is refused at rent, audit M1).
    await rentLease(s, 1023, 10, lease.root);
    const size = await s.registry.largestFreeMB();
    const big = (await s.market.leaseCount()) + 1n;
    const cost = await s.market.quote(size, 10);
    const before = await s.token.balanceOf(s.tenant.address);
    await s.market.connect(s.tenant).rent(size, 10, lease.root, fullLength(size), MAX);
    // The upkeep fee (audit H3) is kept on refund.
    const fee = await loose(s.market).upkeepFee();
    expect(await s.token.balanceOf(s.tenant.address)).to.equal(before - cost - fee);
    await mine(2);
    await expect(loose(s.market).connect(s.keeper).assign(big))
      .to.emit(s.market, "LeaseRefunded")
      .withArgs(big, s.tenant.address, cost, s.keeper.address);
    expect(await s.token.balanceOf(s.tenant.address)).to.equal(before - fee);
  });

  it("also: extend by someone other than the tenant is refused", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    await expect(s.market.connect(s.stranger).extend(s.leaseId, 300, MAX))
      .to.be.revertedWithCustomError(s.market, "NotTenant")
      .withArgs(s.leaseId, s.stranger.address, s.tenant.address);
    await expect(s.market.connect(s.tenant).extend(s.leaseId, 10, MAX)).to.emit(s.market, "LeaseExtended");
  });

  it("also: the pool is open from genesis and keeps a floor while leases are booked", async function () {
    // Genesis: the subsidy share sits in the reserve, nothing donated, nothing dripped yet.
    const s = await deployStorage(ethers, { pool: 0n });
    await s.token.transfer(await s.market.getAddress(), tokens(10_000_000));
    const lease = leaseData(1, 100);
    // The first rent, in epoch 0, opens the pool with the subsidy due.
    const leaseId = await rentLease(s, 1, 1, lease.root);
    expect((await s.market.leaseOf(leaseId)).tenant).to.equal(s.tenant.address);
    // Once every booked MD is used, rent leaves the floor in the pool: a later rent is priced.
    await time.increaseTo(await s.market.epochStart(2n));
    await s.market.accrue();
    expect((await s.market.state()).pool).to.be.gt(0n);
    const floor = await loose(s.market).poolFloor();
    expect(floor).to.be.gt(0n);
    expect((await s.market.state()).pool).to.be.gte(floor);
    await rentLease(s, 1, 1, lease.root);
  });

  // ----- regressions of the outside audit after issue 13 (/work/briefs/audit-storage.md) -----

  /** Fresh accounts (signers 12+) funded by the admin, approved to market and registry. */
  async function auditAccounts(s: Suite, count: number) {
    const accounts = (await ethers.getSigners()).slice(12, 12 + count);
    for (const a of accounts) {
      await s.token.connect(s.admin).transfer(a.address, tokens(10_000_000));
      await s.token.connect(a).approve(await s.market.getAddress(), ethers.MaxUint256);
      await s.token.connect(a).approve(await s.registry.getAddress(), ethers.MaxUint256);
    }
    return accounts;
  }

  /** Opens `epoch`, waits for its seed and proves every due challenge whose data is known. */
  async function auditProve(s: Suite, epoch: bigint, files: Map<string, Data>, accounts: string[]) {
    const start = await s.market.epochStart(epoch);
    if ((await time.latest()) < start + 10n) await time.increaseTo(start + 10n);
    await s.proofs.connect(s.keeper).openEpoch();
    await mine(2);
    for (const address of accounts) {
      const c = await s.proofs.challengeOf(address, epoch);
      if (!c.due) continue;
      const file = files.get(`${c.dataRoot}:${c.sizeMB}`);
      if (file === undefined) continue;
      const { segment, proof } = segmentProof(file.data, file.tree, Number(c.sizeMB), Number(c.segmentIndex));
      await s.proofs.connect(await signerOf(address)).prove(epoch, c.leaseId, c.segmentIndex, segment, proof);
    }
    const deadline = await s.proofs.proofDeadline(epoch);
    if ((await time.latest()) < deadline) await time.increaseTo(deadline);
    await s.proofs.connect(s.keeper).settleEpoch(epoch, accounts);
  }

  /** Three attacker landlords of 1,000 GB (most of the free capacity) and the attacker tenant. */
  async function auditSetup(s: Suite) {
    const [a1, a2, a3] = await auditAccounts(s, 3);
    for (const a of [a1, a2, a3]) await s.registry.connect(a).registerLandlord(1_024_000, "http://attacker");
    const mine3 = [a1.address, a2.address, a3.address];
    return { holders: [a1, a2, a3], mine3, everyone: [...s.landlords.map((l) => l.address), ...mine3] };
  }

  it("audit H1: a self-dealt one-day lease no longer drains the pool (epoch rent capped at used x spot price)", async function () {
    const s = await deployStorage(ethers);
    const files = new Map<string, Data>();
    const honest = leaseData(1, 5_000);
    files.set(`${honest.root}:1`, honest);
    const honestLease = await rentLease(s, 1, 10, honest.root);
    await acceptAll(s, honestLease, honest.root);
    const { holders, mine3, everyone } = await auditSetup(s);
    const attacker = s.stranger;
    const wallets = [attacker, ...holders];
    const before = await Promise.all(wallets.map((w) => s.token.balanceOf(w)));

    const junk = leaseData(9, 32, 16);
    files.set(`${junk.root}:16`, junk);
    const cost = await s.market.quote(16, 1);
    const lease = await rentLease(s, 16, 1, junk.root, attacker);
    expect([...(await s.registry.groupOf(lease))].sort()).to.deep.equal([...mine3].sort());
    await acceptAll(s, lease, junk.root);
    const start = (await s.market.leaseOf(lease)).startEpoch;
    const poolBefore = (await s.market.state()).pool;
    await auditProve(s, start, files, everyone);
    const rent = await s.market.epochRent(start);
    for (const w of holders) await s.registry.connect(w).claimRent();
    const after = await Promise.all(wallets.map((w) => s.token.balanceOf(w)));
    const gain = after.reduce((x, y) => x + y, 0n) - before.reduce((x, y) => x + y, 0n);
    // 17 MB in use at (about) the spot price: the rent is of the order of what the MDs cost, a
    // tiny fraction of the pool, and the self-dealer gets back at most about what it paid.
    expect(rent).to.be.lessThan(poolBefore / 1_000n);
    expect(gain).to.be.lessThan(cost);
  });

  it("audit H2: holders that never accept a shrink hold at most the new size (held MB clipped from the next epoch)", async function () {
    const s = await deployStorage(ethers);
    const files = new Map<string, Data>();
    const honest = leaseData(1, 5_000);
    files.set(`${honest.root}:1`, honest);
    const honestLease = await rentLease(s, 1, 30, honest.root);
    await acceptAll(s, honestLease, honest.root);
    const honestHolder = (await s.registry.groupOf(honestLease))[0];
    const { mine3, everyone } = await auditSetup(s);
    const attacker = s.stranger;

    const junk = leaseData(9, 32, 16);
    files.set(`${junk.root}:16`, junk);
    const lease = await rentLease(s, 16, 1, junk.root, attacker);
    expect([...(await s.registry.groupOf(lease))].sort()).to.deep.equal([...mine3].sort());
    await acceptAll(s, lease, junk.root);
    await s.market.connect(attacker).resize(lease, 1, junk.root, fullLength(1), MAX);
    const start = (await s.market.leaseOf(lease)).startEpoch;
    const target = start + 5n;
    // Held MB never exceeds the lease's size: 1 MB, as the honest holder of a 1 MB lease.
    expect(await s.registry.heldMBAt(mine3[0], start)).to.equal(1n);
    expect(await s.registry.heldMBAt(mine3[0], target)).to.equal(1n);
    expect(await s.registry.totalHeldMBAt(target)).to.equal(6n);
    for (let e = start; e <= start + 2n; e++) await auditProve(s, e, files, everyone);
    const attackerRent = (await s.registry.landlordOf(mine3[0])).rentOwed;
    const honestRent = (await s.registry.landlordOf(honestHolder)).rentOwed;
    expect(attackerRent).to.be.lessThanOrEqual(honestRent);
  });

  it("audit H3: the assign and reclaim bounties of a lease are paid by its tenant's upkeep fee at rent", async function () {
    const s = await deployStorage(ethers);
    const rewards = await s.market.keeperRewards();
    const budget = () => s.token.balanceOf(rewards);
    const fee = await loose(s.market).upkeepFee();
    expect(fee).to.equal(2n * BOUNTY);
    const before = await budget();
    const { root } = leaseData(1, 10);
    const leaseId = await rentLease(s, 1, 1, root);
    // rent paid the fee, assign took one bounty of it: the budget did not pay for the lease's work.
    expect(await budget()).to.equal(before + BOUNTY);
    const { endEpoch } = await s.market.leaseOf(leaseId);
    await time.increaseTo(await s.market.epochStart(endEpoch + (await s.market.graceEpochs())));
    await s.market.connect(s.keeper).reclaim(leaseId);
    expect(await budget()).to.equal(before);
  });

  it("audit event: assign's re-seed path emits AssignReseeded with the new assignableAt", async function () {
    const s = await deployStorage(ethers);
    const { root } = leaseData(1, 10);
    await s.market.connect(s.tenant).rent(1, 1, root, fullLength(1), MAX);
    const { requestId } = await s.market.leaseOf(1n);
    await mine(300);
    const tx = s.market.connect(s.keeper).assign(1n);
    const next = (await ethers.provider.getBlockNumber()) + 1;
    await expect(tx).to.emit(s.market, "AssignReseeded");
    expect(await s.market.assignableAt(1n)).to.be.greaterThan(BigInt(next));
    const logs = await s.market.queryFilter(s.market.filters.AssignReseeded(1n));
    expect(logs[0].args.requestId).to.equal(requestId);
    expect(logs[0].args.assignableAt).to.equal(await s.market.assignableAt(1n));
  });

  // ----- the audit's follow-ups, part 2 (H3 rest, H4, H5, M1, M2, M4) -----

  /** Sum of a named event's `field` over the receipt's logs of `contract`. */
  async function sumEvent(
    contract: { interface: { parseLog(log: unknown): { name: string; args: Record<string, unknown> } | null } },
    tx: { wait(): Promise<unknown> },
    name: string,
    field: string,
  ) {
    const receipt = (await tx.wait()) as { logs: unknown[] };
    let total = 0n;
    for (const log of receipt.logs) {
      try {
        const parsed = contract.interface.parseLog(log);
        if (parsed?.name === name) total += BigInt(parsed.args[field] as bigint);
      } catch {
        /* another contract's log */
      }
    }
    return total;
  }

  it("audit H3: a landlord settled is a paid unit only if its rent share covers the bounty, which is taken from that share (self-dealt cheap leases pay no settle bounties)", async function () {
    const s = await deployStorage(ethers);
    const files = new Map<string, Data>();
    const { mine3, everyone } = await auditSetup(s);
    const attacker = s.stranger;
    const junk = leaseData(3, 64, 1);
    files.set(`${junk.root}:1`, junk);
    const lease = await rentLease(s, 1, 1, junk.root, attacker);
    expect([...(await s.registry.groupOf(lease))].sort()).to.deep.equal([...mine3].sort());
    await acceptAll(s, lease, junk.root);
    const { startEpoch } = await s.market.leaseOf(lease);
    const budget = await s.rewards.budget();
    let units = 0n;
    for (let e = startEpoch; e <= startEpoch + 2n; e++) {
      const at = await s.market.epochStart(e);
      if ((await time.latest()) < at + 10n) await time.increaseTo(at + 10n);
      await s.proofs.connect(s.keeper).openEpoch();
      await mine(2);
      for (const address of mine3) {
        const c = await s.proofs.challengeOf(address, e);
        if (!c.due) continue;
        const { segment, proof } = segmentProof(junk.data, junk.tree, 1, Number(c.segmentIndex));
        await s.proofs.connect(await signerOf(address)).prove(e, c.leaseId, c.segmentIndex, segment, proof);
      }
      await time.increaseTo(await s.proofs.proofDeadline(e));
      const tx = await s.proofs.connect(attacker).settleEpoch(e, everyone);
      units += await sumEvent(s.proofs, tx, "EpochSettled", "units");
    }
    // The lease's rent (a cheap MD at the spot price, split in 3) is far below the bounty: no
    // settle unit, in the live epoch or in grace; the budget paid nothing for them.
    expect(units).to.equal(0n);
    // (The budget paid the three openEpoch bounties only.)
    expect(await s.rewards.budget()).to.equal(budget - 3n * BOUNTY);

    // An honest epoch: each holder's share covers the bounty; the three bounties come out of
    // the shares, so KeeperRewards' budget is unchanged by the settlement.
    const h = await networkHelpers.loadFixture(heldLease);
    await proveAll(h, 1n, h.data);
    const rent = await h.market.epochRent(1n);
    const before = await h.rewards.budget();
    const earned = await h.token.balanceOf(h.keeper.address);
    const tx = await settle(h, 1n);
    await expect(tx)
      .to.emit(h.registry, "SettleBountiesFunded")
      .withArgs(1n, 3n, BOUNTY * 3n);
    expect(await h.rewards.budget()).to.equal(before);
    expect((await h.token.balanceOf(h.keeper.address)) - earned).to.equal(BOUNTY * 3n);
    let credited = 0n;
    for (const member of await h.registry.groupOf(h.leaseId)) {
      credited += (await h.registry.landlordOf(member)).rentOwed;
    }
    expect(credited + BOUNTY * 3n).to.be.lte(rent);
    expect(credited + BOUNTY * 3n).to.be.gte(rent - 3n);
  });

  it("audit H4: each paid reassign move is taken from the moved landlord's collateral (ping-pong pays for itself; no collateral, no paid move)", async function () {
    const s = await deployStorage(ethers);
    const { holders, mine3 } = await auditSetup(s);
    const attacker = s.stranger;
    for (let i = 0; i < 5; i++) await rentLease(s, 1, 1, ethers.id(`junk${i}`), attacker);
    const [fresh] = (await ethers.getSigners()).slice(15, 16);
    await s.token.connect(s.admin).transfer(fresh.address, tokens(10_000_000));
    await s.token.connect(fresh).approve(await s.registry.getAddress(), ethers.MaxUint256);
    await s.registry.connect(fresh).registerLandlord(1_024_000, "http://attacker");
    const from = holders[0];
    await s.registry.connect(from).retire();
    const count = await s.registry.leaseCountOf(mine3[0]);
    expect(count).to.be.gte(4n);
    const collateral = (await s.registry.landlordOf(mine3[0])).collateral;
    const budget = await s.rewards.budget();
    const earned = await s.rewards.earnedBy(attacker.address);
    const tx = await s.registry.connect(attacker).reassign(mine3[0], count);
    await expect(tx)
      .to.emit(s.registry, "MoveFeesTaken")
      .withArgs(mine3[0], count, BOUNTY * count, collateral - BOUNTY * count);
    // The keeper is paid per move, from the moved landlord's collateral: budget neutral.
    expect((await s.rewards.earnedBy(attacker.address)) - earned).to.equal(BOUNTY * count);
    expect(await s.rewards.budget()).to.equal(budget);
    expect((await s.registry.landlordOf(mine3[0])).collateral).to.equal(collateral - BOUNTY * count);

    // A 1 GB landlord (1 token of collateral) pays for one move; the others are moved unpaid.
    const h = await deployStorage(ethers);
    for (let i = 0; i < 3; i++) await rentLease(h, 1, 30, ethers.id(`lease${i}`));
    const counts = await Promise.all(h.landlords.map((l) => h.registry.leaseCountOf(l.address)));
    const retiree = h.landlords[counts.indexOf(counts.reduce((a, b) => (b > a ? b : a)))];
    const memberships = await h.registry.leaseCountOf(retiree.address);
    expect(memberships).to.be.gte(2n);
    await h.registry.connect(retiree).retire();
    const before = await h.rewards.budget();
    const moved = h.registry.connect(h.keeper).reassign(retiree.address, memberships);
    await expect(moved).to.emit(h.registry, "MoveFeesTaken").withArgs(retiree.address, 1n, BOUNTY, 0n);
    await expect(moved).to.emit(h.rewards, "BountyPaid");
    expect(await h.rewards.budget()).to.equal(before);
    expect(await h.registry.leaseCountOf(retiree.address)).to.equal(0n);
  });

  it("audit M1: rent refuses a size larger than the largest free landlord (no free price-inflating pending rent)", async function () {
    const s = await deployStorage(ethers);
    await expect(s.market.connect(s.stranger).rent(2_000, 50, ethers.id("nothing"), fullLength(2_000), MAX))
      .to.be.revertedWithCustomError(s.market, "NoRoom")
      .withArgs(2_000n, 1_024n);
    // A size that fits is rented as before.
    await expect(s.market.connect(s.tenant).rent(1_024, 1, ethers.id("fits"), fullLength(1_024), MAX)).to.emit(
      s.market,
      "LeaseRented",
    );
  });

  it("audit M2: an epoch can be opened only in the first half of its proof window, and a seed recorded after the midpoint voids the epoch (nobody slashed)", async function () {
    const s = await deployStorage(ethers);
    const honest = leaseData(1, 5_000);
    const leaseId = await rentLease(s, 1, 30, honest.root);
    await acceptAll(s, leaseId, honest.root);
    const holders = [...(await s.registry.groupOf(leaseId))];
    const epoch = (await s.market.leaseOf(leaseId)).startEpoch;
    const deadline = await s.proofs.proofDeadline(epoch);
    const midpoint = await loose(s.proofs).seedDeadline(epoch);
    expect(midpoint).to.equal((await s.market.epochStart(epoch)) + PROOF_WINDOW / 2n);
    const collateral = (await s.registry.landlordOf(holders[0])).collateral;
    // The attacker opens in the last second of the window: refused.
    await time.setNextBlockTimestamp(deadline - 1n);
    await expect(s.proofs.connect(s.stranger).openEpoch()).to.be.revertedWithCustomError(s.proofs, "NotDue");
    const tx = await settle(s, epoch);
    await expect(tx).to.not.emit(s.registry, "LandlordFailed");
    await expect(tx).to.emit(s.registry, "LandlordVoid");
    expect((await s.registry.landlordOf(holders[0])).collateral).to.equal(collateral);

    // Opened just before the midpoint, its seed first recorded after it: void as well.
    const next = epoch + 1n;
    const mid = await loose(s.proofs).seedDeadline(next);
    await time.setNextBlockTimestamp(mid - 2n);
    await s.proofs.connect(s.stranger).openEpoch();
    await time.increaseTo(mid + 1n);
    await expect(s.proofs.connect(s.keeper).reseed(next)).to.be.revertedWithCustomError(s.proofs, "NotDue");
    const late = await settle(s, next);
    await expect(late).to.not.emit(s.registry, "LandlordFailed");
    await expect(late).to.not.emit(s.registry, "LandlordPassed");
    await expect(late)
      .to.emit(s.proofs, "EpochSettled")
      .withArgs(next, s.keeper.address, 4n, 0n, () => true, true);
  });

  it("audit H5: members that never accept are slashed and moved after the acceptance window (squatters lose every copy group); a rejecting member is moved unpaid, never slashed", async function () {
    const s = await deployStorage(ethers);
    const { mine3: squat } = await auditSetup(s);
    const window = await loose(s.registry).acceptWindow();
    const leases: bigint[] = [];
    const roots = new Map<bigint, string>();
    let squatted = 0;
    for (let i = 0; i < 10; i++) {
      const d = leaseData(100 + i, 1_000);
      const id = await rentLease(s, 1, 30, d.root);
      leases.push(id);
      roots.set(id, d.root);
      for (const m of await s.registry.groupOf(id)) {
        if (squat.includes(m)) squatted++;
        else await s.proofs.connect(await signerOf(m)).acceptData(id, d.root);
      }
    }
    expect(squatted).to.be.gte(27);
    const [first] = leases;
    const squatter = (await s.registry.groupOf(first)).find((m) => squat.includes(m))!;
    const [at] = await loose(s.registry).movableAt(first, squatter);
    expect([...(await loose(s.registry).movableAt(first, s.stranger.address))]).to.deep.equal([0n, false]);
    expect(at).to.be.gt(0n);
    await expect(loose(s.registry).connect(s.keeper).reassignMember(first, squatter))
      .to.be.revertedWithCustomError(s.registry, "NotMovable")
      .withArgs(first, squatter, at);
    const budget = await s.rewards.budget();
    let moves = 0n;
    // A move may draw another squatter (it has most of the free capacity) until it is
    // blacklisted: each round waits out the newcomers' window and moves what lapsed.
    for (let round = 0; round < 6; round++) {
      await time.increase(window);
      let left = 0;
      for (const id of leases) {
        for (const m of await s.registry.groupOf(id)) {
          if (!squat.includes(m)) {
            // An honest newcomer receives the data and accepts it: it is not movable.
            if (!(await s.proofs.hasAccepted(id, m))) {
              await s.proofs.connect(await signerOf(m)).acceptData(id, roots.get(id)!);
            }
            await expect(loose(s.registry).reassignMember(id, m))
              .to.be.revertedWithCustomError(s.registry, "NotMovable")
              .withArgs(id, m, 0n);
            continue;
          }
          left++;
          const tx = loose(s.registry).connect(s.keeper).reassignMember(id, m);
          await expect(tx).to.emit(s.registry, "AcceptanceLapsed");
          await expect(tx).to.emit(s.registry, "LandlordFailed");
          await expect(tx).to.emit(s.registry, "LeaseReassigned");
          moves++;
        }
      }
      if (left === 0) break;
    }
    // Every squatted copy moved to a landlord that can accept it; the squatters were slashed and
    // blacklisted, and paid the keepers' bounties from their collateral (budget neutral).
    for (const id of leases) for (const m of await s.registry.groupOf(id)) expect(squat).to.not.include(m);
    for (const m of squat) {
      const record = await s.registry.landlordOf(m);
      expect(record.status).to.equal(3n); // Blacklisted
      expect(record.collateral).to.be.lt(await s.registry.collateralFor(1_024_000));
    }
    expect(moves).to.be.gte(BigInt(squatted));
    expect(await s.rewards.budget()).to.equal(budget);

    // A member that rejects the data is movable at once, moved unpaid and never slashed.
    const h = await deployStorage(ethers);
    const d = leaseData(7, 100);
    const id = await rentLease(h, 1, 30, d.root);
    const [rejecter] = await h.registry.groupOf(id);
    await h.proofs.connect(await signerOf(rejecter)).rejectData(id, d.root);
    const [when, rejected] = await loose(h.registry).movableAt(id, rejecter);
    expect(rejected).to.equal(true);
    expect(when).to.be.gt(0n);
    const move = loose(h.registry).connect(h.keeper).reassignMember(id, rejecter);
    await expect(move).to.emit(h.registry, "AcceptanceLapsed").withArgs(id, rejecter, true, when);
    await expect(move).to.emit(h.registry, "LeaseReassigned");
    await expect(move).to.not.emit(h.registry, "LandlordFailed");
    await expect(move).to.not.emit(h.rewards, "BountyPaid");
    expect((await h.registry.landlordOf(rejecter)).collateral).to.equal(tokens(1));
    // The newcomer has its own window from its joining.
    const original = [rejecter];
    const newcomer = (await h.registry.groupOf(id)).find((m) => !original.includes(m))!;
    const [due, rejects] = await loose(h.registry).movableAt(id, newcomer);
    expect(rejects).to.equal(false);
    expect(due).to.be.gte(BigInt(await time.latest()) + (await loose(h.registry).acceptWindow()) - 1n);
  });

  it("audit H5 edge: a member that never accepted becomes movable exactly at movableAt, not a second before", async function () {
    const s = await networkHelpers.loadFixture(heldLease);
    const data = leaseData(8, 100);
    const leaseId = await rentLease(s, 1, 30, data.root);
    const [member] = await s.registry.groupOf(leaseId);
    const [at, rejected] = await loose(s.registry).movableAt(leaseId, member);
    expect(rejected).to.equal(false);
    expect(at).to.be.gt(BigInt(await time.latest()));
    await time.setNextBlockTimestamp(at - 1n);
    await expect(loose(s.registry).connect(s.keeper).reassignMember(leaseId, member))
      .to.be.revertedWithCustomError(s.registry, "NotMovable")
      .withArgs(leaseId, member, at);
    await time.setNextBlockTimestamp(at);
    await expect(loose(s.registry).connect(s.keeper).reassignMember(leaseId, member))
      .to.emit(s.registry, "AcceptanceLapsed")
      .withArgs(leaseId, member, false, at);
    expect(await s.registry.groupOf(leaseId)).to.not.include(member);
  });

  it("audit M4: an expired lease stops earning from its end epoch (expireLease in its last epoch), and renew counts it again", async function () {
    const s = await deployStorage(ethers);
    const files = new Map<string, Data>();
    const honest = leaseData(1, 5_000);
    files.set(`${honest.root}:1`, honest);
    const honestLease = await rentLease(s, 1, 60, honest.root);
    await acceptAll(s, honestLease, honest.root);
    const honestHolder = (await s.registry.groupOf(honestLease))[0];
    const { mine3, everyone } = await auditSetup(s);
    const junk = leaseData(9, 32, 4);
    files.set(`${junk.root}:4`, junk);
    const lease = await rentLease(s, 4, 1, junk.root, s.stranger);
    expect([...(await s.registry.groupOf(lease))].sort()).to.deep.equal([...mine3].sort());
    await acceptAll(s, lease, junk.root);
    const { startEpoch, endEpoch } = await s.market.leaseOf(lease);
    // Not before the lease's last epoch.
    await expect(loose(s.proofs).expireLease(lease))
      .to.be.revertedWithCustomError(s.proofs, "NotExpiring")
      .withArgs(lease, endEpoch, startEpoch - 1n);
    for (let e = startEpoch; e <= endEpoch + 2n; e++) {
      if (e === startEpoch) {
        // The lease's last epoch: a keeper (or any live holder) expires it from endEpoch on.
        await time.increaseTo((await s.market.epochStart(e)) + 5n);
        await expect(loose(s.proofs).connect(s.keeper).expireLease(lease))
          .to.emit(s.proofs, "LeaseExpired")
          .withArgs(lease, endEpoch, s.keeper.address);
        await expect(loose(s.proofs).expireLease(lease)).to.be.revertedWithCustomError(s.proofs, "NotExpiring");
        expect(await loose(s.proofs).isExpired(lease)).to.equal(true);
        expect(await loose(s.proofs).isExpired(1n)).to.equal(false);
      }
      const before = [
        (await s.registry.landlordOf(mine3[0])).rentOwed,
        (await s.registry.landlordOf(honestHolder)).rentOwed,
      ];
      await auditProve(s, e, files, everyone);
      if (e >= endEpoch) {
        const a = (await s.registry.landlordOf(mine3[0])).rentOwed - before[0];
        const h = (await s.registry.landlordOf(honestHolder)).rentOwed - before[1];
        // The expired lease's holders share nothing; the live lease's holder gets its share.
        expect(await s.registry.heldMBAt(mine3[0], e)).to.equal(0n);
        expect(a).to.equal(0n);
        expect(h).to.be.gt(0n);
      }
    }
    // Renewing in grace puts its holders' MB back from the next epoch.
    const epoch = await s.market.currentEpoch();
    await s.market.connect(s.stranger).renew(lease, 5, MAX);
    expect(await s.registry.heldMBAt(mine3[0], epoch + 1n)).to.equal(4n);
    expect(await loose(s.proofs).isExpired(lease)).to.equal(false);
    // A reclaimed (or refunded, or pending) lease cannot be expired.
    await expect(loose(s.proofs).expireLease(99n)).to.be.revertedWithCustomError(s.market, "UnknownLease");
    expect(await s.registry.totalHeldMBAt(epoch + 1n)).to.equal(15n);
  });

  it("audit H1 edge: at B = c·R exactly the pool share M·used/B and the spot cap used·M/(c·R) are the same rent", async function () {
    // 4 landlords of 1,026 MB: T = 4,104 × 365 / 3 = 499,320 MD. One lease of 228 MB × 365 days
    // books B = 83,220 = T / 6, so R = T − B = 5·B when its first epoch is charged.
    const s = await deployStorage(ethers, { landlords: 0 });
    for (const a of await auditAccounts(s, 4)) await s.registry.connect(a).registerLandlord(1_026, "http://p");
    const { sellable } = await s.market.state();
    expect(sellable).to.equal(499_320n);
    // (Rent is charged only while someone holds data; no proof is needed, so any root does.)
    const root = ethers.id("edge");
    const leaseId = await rentLease(s, 228, 365, root);
    await acceptAll(s, leaseId, root);
    const { startEpoch } = await s.market.leaseOf(leaseId);
    const before = await s.market.state();
    expect(before.booked).to.equal(83_220n);
    expect(before.remaining).to.equal(5n * before.booked);
    const pool = before.pool - (await s.market.leaseEscrow());
    await time.increaseTo((await s.market.epochStart(startEpoch)) + 10n);
    await s.market.accrue();
    const rent = await s.market.epochRent(startEpoch);
    const share = (pool * 228n) / before.booked;
    const cap = (pool * 5n * 228n) / before.remaining;
    expect(share).to.equal(cap);
    expect(rent).to.equal(share);
    expect(rent).to.be.gt(0n);
  });

  it("audit M6: a holder that keeps 6 hashes instead of the tenant's bytes cannot prove zero padding (challenges only below the committed data length)", async function () {
    const s = await deployStorage(ethers);
    // The victim's 9,000 bytes (36 segments of 256) in a 1 MB lease (4,096 segments, the rest
    // zeros), committed with their length.
    const victim = leaseData(5, 9_000);
    const bad = (length: bigint) =>
      expect(s.market.connect(s.tenant).rent(1, 30, victim.root, length, MAX))
        .to.be.revertedWithCustomError(s.market, "InvalidDataLength")
        .withArgs(length, 1n);
    await bad(0n);
    await bad(fullLength(1) + 1n);
    const leaseId = await rentLease(s, 1, 30, victim.root, s.tenant, 9_000);
    expect(await s.proofs.dataOf(leaseId)).to.deep.equal([victim.root, 1n, 9_000n]);
    await acceptAll(s, leaseId, victim.root);
    const [cheat, ...honest] = [...(await s.registry.groupOf(leaseId))];
    // What the cheat keeps (the audit's exploit): the leftmost subtree roots of heights 6 to 11,
    // which hold all the data; every other sibling is a hash of all-zero segments.
    const kept = new Map<number, string>();
    for (let h = 6; h < victim.tree.depth; h++) kept.set(h, bytesToHex(victim.tree.levels[h][0]));
    const zero = [leafHash(new Uint8Array(256))];
    for (let h = 1; h <= victim.tree.depth; h++) zero.push(keccak256(concat(["0x01", zero[h - 1], zero[h - 1]])));
    const forge = (index: number) => {
      const proof: string[] = [];
      for (let h = 0; h < victim.tree.depth; h++) {
        const sibling = (index >> h) ^ 1;
        proof.push(h >= 6 && sibling === 0 ? kept.get(h)! : zero[h]);
      }
      return proof;
    };
    const zeroSegment = bytesToHex(new Uint8Array(256));
    const data = new Map([[leaseId, victim]]);
    const start = (await s.market.leaseOf(leaseId)).startEpoch;
    for (let e = start; e < start + 3n; e++) {
      await openEpoch(s, e);
      for (const h of honest) expect((await s.proofs.challengeOf(h, e)).segmentIndex).to.be.lessThan(36n);
      const c = await s.proofs.challengeOf(cheat, e);
      expect(c.segmentIndex).to.be.lessThan(36n);
      await expect(
        s.proofs
          .connect(await signerOf(cheat))
          .prove(e, c.leaseId, c.segmentIndex, zeroSegment, forge(Number(c.segmentIndex))),
      ).to.be.revertedWithCustomError(s.proofs, "InvalidProof");
      expect(await proveAll(s, e, data, [cheat], honest)).to.equal(2);
      await settle(s, e);
    }
    const info = await s.registry.landlordOf(cheat);
    expect(info.rentOwed).to.equal(0n);
    expect(info.failures).to.equal(3n);
    for (const h of honest) expect((await s.registry.landlordOf(h)).rentOwed).to.be.gt(0n);
  });

  it("audit M3: the challenged lease is drawn by held MB, so a holder that accepted a 64 MB lease without its bytes besides 9 small ones is challenged on it 64 times in 73 (and fails)", async function () {
    const s = await deployStorage(ethers);
    // The victim's 64 MB lease on the honest landlords; the cheat accepts without the bytes.
    const victim = leaseData(5, 10_000, 64);
    const victimLease = await rentLease(s, 64, 60, victim.root);
    await acceptAll(s, victimLease, victim.root);
    const cheat = (await s.registry.groupOf(victimLease))[0];
    const cheatSigner = await signerOf(cheat);
    // The cheat also holds 9 tiny 1 MB leases it stores (self-rented).
    const small = leaseData(6, 64, 1);
    const data = new Map<bigint, Data>([[victimLease, victim]]);
    let held = 0;
    for (let i = 0; i < 40 && held < 9; i++) {
      const id = await rentLease(s, 1, 60, small.root, cheatSigner);
      await acceptAll(s, id, small.root);
      data.set(id, small);
      if ((await s.registry.membershipOf(id, cheat))[0]) held++;
    }
    expect(held).to.equal(9);
    const start = (await s.market.currentEpoch()) + 1n;
    await openEpoch(s, start);
    expect(await s.registry.heldMBAt(cheat, start)).to.equal(73n);
    // Every draw modulo the 73 MB held: 64 land on the victim's lease, 1 on each small one.
    const draws = async (epoch: bigint, total: bigint) => {
      const counts = new Map<bigint, number>();
      for (let draw = 0n; draw < total; draw++) {
        const id = await s.registry.challengeLease(cheat, epoch, draw + total * 1_000_003n);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    const counts = await draws(start, 73n);
    expect(counts.get(victimLease)).to.equal(64);
    expect(counts.size).to.equal(10);
    for (const [id, n] of counts) if (id !== victimLease) expect(n).to.equal(1);
    // Nothing done during the epoch changes it: the tenant shrinks the victim's lease to 32 MB
    // (its holders count 32 MB from the next epoch, audit H2).
    await s.market.connect(s.tenant).resize(victimLease, 32, victim.root, fullLength(32), MAX);
    expect(await draws(start, 73n)).to.deep.equal(counts);
    // Over four epochs the cheat proves only when its challenge is a small lease it stores.
    const everyone = s.landlords.map((l) => l.address);
    let credited = 0n;
    let failures = 0;
    const { collateral } = await s.registry.landlordOf(cheat);
    for (let e = start; e < start + 4n; e++) {
      if (e > start) await openEpoch(s, e);
      if (e === start + 1n) {
        // From the next epoch the victim's lease weighs its new 32 MB of the 41 held.
        expect(await s.registry.heldMBAt(cheat, e)).to.equal(41n);
        expect((await draws(e, 41n)).get(victimLease)).to.equal(32);
      }
      for (const address of everyone) {
        const c = await s.proofs.challengeOf(address, e);
        if (!c.due) continue;
        if (address === cheat && c.leaseId === victimLease) {
          failures++;
          continue; // it does not have these bytes
        }
        const file = data.get(c.leaseId)!;
        const { segment, proof } = segmentProof(file.data, file.tree, Number(c.sizeMB), Number(c.segmentIndex));
        await s.proofs.connect(await signerOf(address)).prove(e, c.leaseId, c.segmentIndex, segment, proof);
      }
      const before = (await s.registry.landlordOf(cheat)).rentOwed;
      await settle(s, e, everyone);
      credited += (await s.registry.landlordOf(cheat)).rentOwed - before;
    }
    console.log(
      `      cheat challenged on the 64 MB it lacks in ${failures}/4 epochs; credited ${ethers.formatEther(credited)}`,
    );
    // Expected 64/73 + 3 × 32/41 ≈ 3.2 failures in 4 epochs (the audit's uniform draw: 0.4). The
    // draws above prove the weighting exactly; this part only shows the cheat caught and slashed,
    // so it asks for one failure: at least 2 failed in about 3% of seeds (a flaky test), none
    // fails in about 0.1%. (More epochs would blacklist the cheat at 3 failures in a row.)
    expect(failures).to.be.gte(1);
    expect((await s.registry.landlordOf(cheat)).collateral).to.be.lessThan(collateral); // slashed
  });

  it("audit M5: a minority landlord can no longer steer assign by adding capacity once the draw's randomness is public (assign re-seeds the lease instead)", async function () {
    const s = await deployStorage(ethers, { landlords: 8 });
    const [a1] = await auditAccounts(s, 1);
    await s.registry.connect(a1).registerLandlord(1024, "http://attacker"); // 1 of 9 equal landlords
    const me = await a1.getAddress();
    let captured = 0;
    let steered = 0;
    for (let i = 0; i < 5; i++) {
      const id = (await s.market.leaseCount()) + 1n;
      await s.market.connect(s.tenant).rent(1, 30, ethers.id(`victim${i}`), 1_000n, MAX);
      await mine(2);
      // The lease's randomness is public: the audit's search for the capacity that makes the
      // draw land on the attacker. Any increase now makes assign re-seed (no group is drawn).
      for (let k = 1n; k < 16n; k++) {
        const snap = await ethers.provider.send("evm_snapshot", []);
        await s.registry.connect(a1).addCapacity(k * 64n);
        const assigned = s.market.connect(a1).assign(id);
        await expect(assigned).to.emit(s.market, "AssignReseeded");
        await expect(assigned).to.not.emit(s.registry, "LeaseAssigned");
        if ((await s.market.leaseOf(id)).status !== 1n) steered++; // no longer Pending
        await ethers.provider.send("evm_revert", [snap]);
      }
      // Without an increase the draw is the one the randomness gives.
      await s.market.connect(s.keeper).assign(id);
      if ((await s.registry.groupOf(id)).includes(me)) captured++;
    }
    // The increase that re-seeded a lease counts for its new randomness, drawn from a later block.
    const id = (await s.market.leaseCount()) + 1n;
    await s.market.connect(s.tenant).rent(1, 30, ethers.id("late"), 1_000n, MAX);
    await mine(2);
    await s.registry.connect(a1).addCapacity(64n);
    const before = (await s.market.leaseOf(id)).requestId;
    await expect(s.market.connect(a1).assign(id)).to.emit(s.market, "AssignReseeded");
    const { requestId } = await s.market.leaseOf(id);
    expect(requestId).to.not.equal(before);
    const at = await s.market.assignableAt(id);
    await expect(s.market.connect(s.keeper).assign(id))
      .to.be.revertedWithCustomError(s.market, "NotDue")
      .withArgs(at, at - 1n);
    await mine(2);
    await expect(s.market.connect(s.keeper).assign(id)).to.emit(s.market, "LeaseStarted");
    console.log(`      attacker (1/9 of capacity) in ${captured}/5 victim groups; steered assigns ${steered}`);
    expect(steered).to.equal(0);
  });
});
