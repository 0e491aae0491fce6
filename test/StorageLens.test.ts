// StorageLens against the real storage contracts: at the exact edges of every timing rule (a
// second, a block or an epoch before, at and after) the lens says an upkeep is due exactly when
// the upkeep call itself, run on the same block, does not revert (NotDue, WrongStatus,
// NotExpiring, NotMovable, NothingToMove…); pages follow their cursors.
import { expect } from "chai";
import { network } from "hardhat";
import {
  acceptAll,
  deployStorage,
  leaseData,
  mineBlocks,
  MARKET_PARAMS,
  REGISTRY_PARAMS,
  rentAssigned,
  tokens,
  fullLength,
} from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine, loadFixture } = networkHelpers;

async function fixture() {
  const suite = await deployStorage(ethers, { landlords: 5 });
  const lens = await ethers.deployContract("StorageLens", [suite.market, suite.registry, suite.proofs]);
  return { ...suite, lens };
}
type Suite = Awaited<ReturnType<typeof fixture>>;

const passes = (call: Promise<unknown>) =>
  call.then(
    () => true,
    () => false,
  );

/**
 * At `edge - 1`, `edge` and `edge + 1` (each a mined block), `due()` equals whether `call()` runs
 * on that block; it is `!dueAfter` a second before the edge and `dueAfter` from the edge on.
 */
async function agreesAround(
  edge: bigint,
  checks: { name: string; due: () => Promise<boolean>; call: () => Promise<unknown>; dueAfter: boolean }[],
) {
  for (const t of [edge - 1n, edge, edge + 1n]) {
    if (BigInt(await time.latest()) < t) await time.increaseTo(t);
    else expect(BigInt(await time.latest())).to.equal(t, "the edge is in the past");
    for (const { name, due, call, dueAfter } of checks) {
      const flag = await due();
      expect(flag, `${name} at edge ${t - edge}`).to.equal(await passes(call()));
      expect(flag, `${name} at edge ${t - edge}`).to.equal(t === edge - 1n ? !dueAfter : dueAfter);
    }
  }
}

/** The lens's entry for `leaseId` (undefined when nothing is due on it). */
async function leaseEntry(lens: Suite["lens"], leaseId: bigint) {
  const page = await lens.dueLeases(leaseId, 1);
  return page.due.find((entry) => entry.leaseId === leaseId);
}

async function leaseFlag(lens: Suite["lens"], leaseId: bigint, name: "assign" | "expire" | "reclaim") {
  const entry = await leaseEntry(lens, leaseId);
  return entry !== undefined && entry[name];
}

/** Whether the lens lists `landlord` as movable now on `leaseId`. */
async function movable(lens: Suite["lens"], leaseId: bigint, landlord: string) {
  const entry = await leaseEntry(lens, leaseId);
  return entry !== undefined && entry.movable.includes(landlord);
}

describe("StorageLens (against the storage contracts' own rules)", function () {
  describe("proof epochs", function () {
    it("openEpoch: due from the epoch's start until its seed deadline, exactly when openEpoch runs", async function () {
      const s = await loadFixture(fixture);
      await time.increaseTo(await s.market.epochStart(1n));
      const open = async () => (await s.lens.dueEpoch()).open;
      expect(await open()).to.equal(true);
      const seedDeadline = await s.proofs.seedDeadline(1n);
      const status = await s.lens.dueEpoch();
      expect([status.epoch, status.requestId, status.seedDeadline, status.proofDeadline]).to.deep.equal([
        1n,
        0n,
        seedDeadline,
        await s.proofs.proofDeadline(1n),
      ]);
      await agreesAround(seedDeadline, [
        { name: "open", due: open, call: () => s.proofs.openEpoch.staticCall(), dueAfter: false },
      ]);
      // The next epoch is due at its start, not a second before.
      await agreesAround(await s.market.epochStart(2n), [
        { name: "open", due: open, call: () => s.proofs.openEpoch.staticCall(), dueAfter: true },
      ]);
      await s.proofs.openEpoch();
      expect(await open()).to.equal(false);
      await expect(s.proofs.openEpoch.staticCall()).to.be.revertedWithCustomError(s.proofs, "NotDue");
    });

    it("reseed: due from the block after the seed block, not before, until recorded", async function () {
      const s = await loadFixture(fixture);
      await time.increaseTo((await s.market.epochStart(1n)) + 10n);
      await s.proofs.openEpoch();
      const record = async () => (await s.lens.dueEpoch()).recordSeed;
      const { seedBlock } = await s.randomness.requestOf(1n);
      expect((await s.lens.dueEpoch()).seedBlock).to.equal(seedBlock);
      // Block by block: false (and NotDue) until the seed block is mined, then due.
      let flips = 0;
      let before = await record();
      expect(before).to.equal(false);
      for (let i = 0; i < 4; i++) {
        const flag = await record();
        expect(flag, `block ${await ethers.provider.getBlockNumber()}`).to.equal(
          await passes(s.proofs.reseed.staticCall(1n)),
        );
        if (flag !== before) flips++;
        before = flag;
        await mine(1);
      }
      expect(flips).to.equal(1);
      expect(before).to.equal(true);
      await expect(s.proofs.reseed(1n)).to.emit(s.proofs, "SeedRecorded");
      expect(await record()).to.equal(false);
      await expect(s.proofs.reseed.staticCall(1n)).to.be.revertedWithCustomError(s.proofs, "NotDue");
    });

    it("reseed: due on a missed seed block (re-seed), not again before the new block, never from the seed deadline", async function () {
      const s = await loadFixture(fixture);
      await time.increaseTo((await s.market.epochStart(1n)) + 10n);
      await s.proofs.openEpoch();
      await mine(300);
      const record = async () => (await s.lens.dueEpoch()).recordSeed;
      expect(await record()).to.equal(true);
      await expect(s.proofs.reseed(1n)).to.emit(s.proofs, "EpochReseeded");
      expect(await record()).to.equal(await passes(s.proofs.reseed.staticCall(1n)));
      expect(await record()).to.equal(false);
      await mine(2);
      await agreesAround(await s.proofs.seedDeadline(1n), [
        { name: "recordSeed", due: record, call: () => s.proofs.reseed.staticCall(1n), dueAfter: false },
      ]);
    });
  });

  describe("drip", function () {
    it("drip: due while an epoch is undripped and subsidy is left, from the next epoch's start", async function () {
      const s = await loadFixture(fixture);
      const due = async () => (await s.lens.dueDrip())[0];
      // No subsidy reserve (the fixture's pool is donated): never due.
      expect(await s.market.subsidyReserve()).to.equal(0n);
      expect(await due()).to.equal(false);
      await expect(s.market.drip.staticCall()).to.be.revertedWithCustomError(s.market, "NotDue");
      // Tokens sent to the market (not donated) are the subsidy reserve: due at once. More than one
      // epoch's drip, so that some is left for epoch 1.
      await s.token.transfer(s.market, MARKET_PARAMS.dripPerEpoch * 3n);
      expect(await due()).to.equal(true);
      await s.market.drip();
      expect(await due()).to.equal(false);
      await agreesAround(await s.market.epochStart(1n), [
        { name: "drip", due, call: () => s.market.drip.staticCall(), dueAfter: true },
      ]);
      expect((await s.lens.dueDrip())[1]).to.equal(1n);
      // The reserve runs out with the third drip: from then on never due.
      await s.market.drip();
      await time.increaseTo(await s.market.epochStart(3n));
      expect(await due()).to.equal(true);
      await s.market.drip();
      expect(await s.market.subsidyReserve()).to.equal(0n);
      await time.increaseTo(await s.market.epochStart(4n));
      expect(await due()).to.equal(false);
      await expect(s.market.drip.staticCall()).to.be.revertedWithCustomError(s.market, "NotDue");
    });
  });

  describe("leases", function () {
    it("assign: due from the block after the randomness block, exactly when assign runs", async function () {
      const s = await loadFixture(fixture);
      const { root } = leaseData(1, 5000);
      await s.market.connect(s.tenant).rent(1, 30, root, fullLength(1), tokens(1_000_000_000));
      const at = await s.market.assignableAt(1n);
      let flips = 0;
      let before = await leaseFlag(s.lens, 1n, "assign");
      expect(before).to.equal(false);
      for (let i = 0; i < 4; i++) {
        const flag = await leaseFlag(s.lens, 1n, "assign");
        expect(flag).to.equal(await passes(s.market.assign.staticCall(1n)));
        if (flag !== before) flips++;
        before = flag;
        if ((await leaseEntry(s.lens, 1n)) !== undefined) {
          expect((await leaseEntry(s.lens, 1n))!.assignableAt).to.equal(at);
        }
        await mine(1);
      }
      expect([flips, before]).to.deep.equal([1, true]);
      await s.market.assign(1n);
      expect(await leaseFlag(s.lens, 1n, "assign")).to.equal(false);
    });

    it("expire and reclaim: expire from the last epoch, reclaim from the grace's end", async function () {
      const s = await loadFixture(fixture);
      const { root } = leaseData(1, 5000);
      const leaseId = await rentAssigned(ethers, s, 1, 2, root);
      await acceptAll(ethers, s, leaseId, root);
      const { endEpoch } = await s.market.leaseOf(leaseId);
      expect(endEpoch).to.equal(3n);
      await agreesAround(await s.market.epochStart(endEpoch - 1n), [
        {
          name: "expire",
          due: () => leaseFlag(s.lens, leaseId, "expire"),
          call: () => s.proofs.expireLease.staticCall(leaseId),
          dueAfter: true,
        },
      ]);
      await s.proofs.expireLease(leaseId);
      expect(await leaseFlag(s.lens, leaseId, "expire")).to.equal(false);
      await expect(s.proofs.expireLease.staticCall(leaseId)).to.be.revertedWithCustomError(s.proofs, "NotExpiring");
      await agreesAround(await s.market.epochStart(endEpoch + MARKET_PARAMS.graceEpochs), [
        {
          name: "reclaim",
          due: () => leaseFlag(s.lens, leaseId, "reclaim"),
          call: () => s.market.reclaim.staticCall(leaseId),
          dueAfter: true,
        },
      ]);
      await s.market.reclaim(leaseId);
      expect(await leaseEntry(s.lens, leaseId)).to.equal(undefined);
      // A reclaimed lease is final: the open cursor moves past it.
      expect((await s.lens.dueLeases(1, 10)).openFromId).to.equal(leaseId + 1n);
    });

    it("reassignMember: due when the acceptance window is over, at once after a rejection", async function () {
      const s = await loadFixture(fixture);
      const { root } = leaseData(1, 5000);
      const leaseId = await rentAssigned(ethers, s, 1, 30, root);
      const [late, rejecting] = await s.registry.groupOf(leaseId);
      await acceptAll(ethers, s, leaseId, root, [late, rejecting]);
      await s.proofs.connect(await ethers.getSigner(rejecting)).rejectData(leaseId, root);
      const entry = (await leaseEntry(s.lens, leaseId))!;
      expect(entry.movable).to.include(rejecting);
      expect(entry.rejected[entry.movable.indexOf(rejecting)]).to.equal(true);
      expect(entry.movable).to.not.include(late);
      const [at, rejected] = await s.registry.movableAt(leaseId, late);
      expect(rejected).to.equal(false);
      await agreesAround(at, [
        {
          name: "reassignMember",
          due: () => movable(s.lens, leaseId, late),
          call: () => s.registry.reassignMember.staticCall(leaseId, late),
          dueAfter: true,
        },
      ]);
      const after = (await leaseEntry(s.lens, leaseId))!;
      expect(after.rejected[after.movable.indexOf(late)]).to.equal(false);
      await s.registry.reassignMember(leaseId, late);
      expect(await movable(s.lens, leaseId, late)).to.equal(false);
      // A member that accepted is never movable.
      const accepted = (await s.registry.groupOf(leaseId)).find((m) => m !== rejecting && m !== late)!;
      expect(await movable(s.lens, leaseId, accepted)).to.equal(false);
    });

    it("pages leases by cursor and moves the open cursor past final leases only", async function () {
      const s = await loadFixture(fixture);
      // 900 MB leases on 1 GB landlords: lease 2 is drawn first, then leases 1 and 3 find only
      // two landlords with room and are refunded.
      const big = { root: ethers.id("900 MB of data") };
      for (let i = 0; i < 3; i++) {
        await s.market.connect(s.tenant).rent(900, 30, big.root, fullLength(900), tokens(1_000_000_000));
      }
      await mineBlocks(ethers, 2);
      await expect(s.market.assign(2n)).to.emit(s.market, "LeaseStarted");
      await expect(s.market.assign(1n)).to.emit(s.market, "LeaseRefunded");
      await expect(s.market.assign(3n)).to.emit(s.market, "LeaseRefunded");
      await acceptAll(ethers, s, 2n, big.root);
      // Leases 4 and 5 pending (assign due), lease 2 active with nothing due yet.
      const small = leaseData(2, 5000);
      for (let i = 0; i < 2; i++) {
        await s.market.connect(s.tenant).rent(1, 30, small.root, fullLength(1), tokens(1_000_000_000));
      }
      await mineBlocks(ethers, 2);
      const all = await s.lens.dueLeases(0, 10);
      expect(all.due.map((e) => e.leaseId)).to.deep.equal([4n, 5n]);
      expect([all.nextFromId, all.openFromId, all.epoch]).to.deep.equal([0n, 2n, 0n]);
      const first = await s.lens.dueLeases(1, 3);
      expect([first.due.length, first.nextFromId, first.openFromId]).to.deep.equal([0, 4n, 2n]);
      const second = await s.lens.dueLeases(first.nextFromId, 3);
      expect(second.due.map((e) => e.leaseId)).to.deep.equal([4n, 5n]);
      expect([second.nextFromId, second.openFromId]).to.deep.equal([0n, 4n]);
      // From the refunded lease 3: it is final, the cursor moves past it.
      const third = await s.lens.dueLeases(3, 1);
      expect([third.due.length, third.nextFromId, third.openFromId]).to.deep.equal([0, 4n, 4n]);
      // Past the end and empty pages.
      const past = await s.lens.dueLeases(9, 5);
      expect([past.due.length, past.nextFromId, past.openFromId]).to.deep.equal([0, 0n, 9n]);
      const none = await s.lens.dueLeases(1, 0);
      expect([none.due.length, none.nextFromId]).to.deep.equal([0, 1n]);
    });
  });

  describe("settlement", function () {
    /** Two leases accepted in epoch 0; epoch 1 opened and proved by nobody. */
    async function settlingFixture() {
      const s = await fixture();
      for (const seed of [1, 2]) {
        const lease = leaseData(seed, 5000 + seed);
        const leaseId = await rentAssigned(ethers, s, 1, 30, lease.root);
        await acceptAll(ethers, s, leaseId, lease.root);
      }
      await time.increaseTo((await s.market.epochStart(1n)) + 10n);
      await s.proofs.openEpoch();
      await mine(2);
      return s;
    }

    it("settleEpoch: an epoch is settleable from its proof deadline, not a second before", async function () {
      const s = await loadFixture(settlingFixture);
      const landlords = s.landlords.map((l) => l.address);
      const settleable = async () => (await s.lens.settleableEpochs(1n, 5n))[0].includes(1n);
      await agreesAround(await s.proofs.proofDeadline(1n), [
        {
          name: "settleEpoch",
          due: settleable,
          call: () => s.proofs.settleEpoch.staticCall(1n, landlords),
          dueAfter: true,
        },
      ]);
      const [epochs, next] = await s.lens.settleableEpochs(0n, 5n);
      expect([epochs, next]).to.deep.equal([[0n, 1n], 2n]);
      const [capped, cappedNext] = await s.lens.settleableEpochs(0n, 1n);
      expect([capped, cappedNext]).to.deep.equal([[0n], 1n]);
      const [none, noneNext] = await s.lens.settleableEpochs(2n, 5n);
      expect([none, noneNext]).to.deep.equal([[], 2n]);
      const [batches] = await s.lens.dueSettlements(1n, 200n, 10n);
      expect(batches.map((b) => [b.epoch, [...b.landlords]])).to.deep.equal([[1n, landlords]]);
    });

    it("dueSettlements: a keeper away for epochs catches up oldest first; every batch sent in order settles", async function () {
      const s = await loadFixture(settlingFixture);
      const landlords = s.landlords.map((l) => l.address);
      await time.increaseTo(await s.proofs.proofDeadline(3n));
      const [batches] = await s.lens.dueSettlements(0n, 200n, 10n);
      expect(batches.map((b) => b.epoch)).to.deep.equal([1n, 2n, 3n]);
      for (const batch of batches) {
        expect([...batch.landlords]).to.deep.equal(landlords);
        await expect(s.proofs.settleEpoch(batch.epoch, [...batch.landlords])).to.emit(s.proofs, "EpochSettled");
      }
      expect((await s.lens.dueSettlements(0n, 200n, 10n))[0]).to.deep.equal([]);
      // At most maxEpochs epochs per read.
      await time.increaseTo(await s.proofs.proofDeadline(6n));
      const [capped] = await s.lens.dueSettlements(0n, 200n, 2n);
      expect(capped.map((b) => b.epoch)).to.deep.equal([4n, 5n]);
    });

    it("unsettledLandlords and dueSettlements page by landlord id; a landlord settled ahead is left out", async function () {
      const s = await loadFixture(settlingFixture);
      const landlords = s.landlords.map((l) => l.address);
      await time.increaseTo(await s.proofs.proofDeadline(2n));
      await s.proofs.settleEpoch(1n, [landlords[0]]);
      const [e1, next1] = await s.lens.unsettledLandlords(1n, 1n, 3n);
      expect([[...e1], next1]).to.deep.equal([landlords.slice(1, 3), 4n]);
      const [e1b, next1b] = await s.lens.unsettledLandlords(1n, next1, 3n);
      expect([[...e1b], next1b]).to.deep.equal([landlords.slice(3), 0n]);
      const [e2] = await s.lens.unsettledLandlords(2n, 0n, 10n);
      expect([...e2]).to.deep.equal(landlords);
      // Landlord 1 alone: only epoch 2 is due for it.
      const [own, ownNext] = await s.lens.dueSettlements(1n, 1n, 10n);
      expect(own.map((b) => [b.epoch, [...b.landlords]])).to.deep.equal([[2n, [landlords[0]]]]);
      expect(ownNext).to.equal(2n);
      const [rest] = await s.lens.dueSettlements(2n, 10n, 10n);
      expect(rest.map((b) => [b.epoch, [...b.landlords]])).to.deep.equal([
        [1n, landlords.slice(1)],
        [2n, landlords.slice(1)],
      ]);
      // A batch of only landlords behind the epoch settles nobody: NotDue, as the lens's order says.
      await expect(s.proofs.settleEpoch.staticCall(2n, landlords.slice(1))).to.be.revertedWithCustomError(
        s.proofs,
        "NotDue",
      );
      expect((await s.lens.unsettledLandlords(1n, 9n, 10n))[0]).to.deep.equal([]);
      expect((await s.lens.dueSettlements(9n, 10n, 10n))[0]).to.deep.equal([]);
    });

    it("a Retired landlord is settled up to its closing epoch only", async function () {
      const s = await loadFixture(settlingFixture);
      const [, , , , , , , , , newcomer] = await ethers.getSigners();
      await s.token.transfer(newcomer, tokens(10_000));
      await s.token.connect(newcomer).approve(s.registry, ethers.MaxUint256);
      await s.registry.connect(newcomer).registerLandlord(REGISTRY_PARAMS.minCapacityMB, "http://new");
      // Registered in epoch 1: its first epoch is 2. No memberships: it retires at once (closed in 1).
      await s.registry.connect(newcomer).retire();
      expect((await s.registry.landlordOf(newcomer)).status).to.equal(4n);
      await time.increaseTo(await s.proofs.proofDeadline(2n));
      expect((await s.lens.unsettledLandlords(2n, 0n, 10n))[0]).to.not.include(newcomer.address);
      const [batches] = await s.lens.dueSettlements(0n, 10n, 10n);
      for (const batch of batches) expect(batch.landlords).to.not.include(newcomer.address);
      // Only the newcomer: nothing due.
      expect((await s.lens.dueSettlements(6n, 1n, 10n))[0]).to.deep.equal([]);
    });
  });

  describe("reassign", function () {
    it("reassign: due for Retiring and Blacklisted landlords with memberships, exactly when reassign runs", async function () {
      const s = await loadFixture(fixture);
      const { root } = leaseData(1, 5000);
      const leaseId = await rentAssigned(ethers, s, 1, 30, root);
      const [member] = await s.registry.groupOf(leaseId);
      const all = s.landlords.map((l) => l.address);
      const due = async () => [...(await s.lens.dueReassigns(0n, 10n))[0]];
      expect(await due()).to.deep.equal([]);
      await s.registry.connect(await ethers.getSigner(member)).retire();
      expect(await due()).to.deep.equal([member]);
      for (const landlord of all) {
        expect(await passes(s.registry.reassign.staticCall(landlord, 20n)), landlord).to.equal(landlord === member);
      }
      const id = (await s.registry.landlordOf(member)).id;
      const [page, next] = await s.lens.dueReassigns(id, 1n);
      expect([[...page], next]).to.deep.equal([[member], id === 5n ? 0n : id + 1n]);
      expect((await s.lens.dueReassigns(9n, 1n))[0]).to.deep.equal([]);
      await s.registry.reassign(member, 20n);
      expect(await due()).to.deep.equal([]);
    });
  });
});
