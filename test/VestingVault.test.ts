import { expect } from "chai";
import { parseUnits, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { anyTime, earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const tokens = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400n;

interface Terms {
  total: bigint;
  start: bigint;
  cliff: bigint;
  trancheInterval: bigint;
  trancheCount: number;
  unlockedAtStartBps: number;
}

/** What the design says should be unlocked: initial at start, tranche k at start + k*interval, none before the cliff. */
function expectedVested(t: Terms, at: bigint): bigint {
  if (at < t.start) return 0n;
  const initial = (t.total * BigInt(t.unlockedAtStartBps)) / 10_000n;
  if (at < t.start + t.cliff) return initial;
  let k = (at - t.start) / t.trancheInterval;
  if (k > BigInt(t.trancheCount)) k = BigInt(t.trancheCount);
  return initial + ((t.total - initial) * k) / BigInt(t.trancheCount);
}

describe("VestingVault", function () {
  async function vaultFixture() {
    const [admin, funder, beneficiary, keeper, stranger] = await ethers.getSigners();
    const token = await ethers.deployContract("BaseToken", [
      "Jiaozi",
      "JZ",
      [{ holder: funder.address, amount: tokens("5000000000") }],
      admin.address,
    ]);
    const rewards = await ethers.deployContract("KeeperRewards", [await token.getAddress(), admin.address]);
    const vault = await ethers.deployContract("VestingVault", [
      await token.getAddress(),
      await rewards.getAddress(),
      admin.address,
    ]);
    await rewards.registerKind(await vault.RELEASE_KIND(), await vault.getAddress(), tokens("10"));
    await token.connect(funder).transfer(await rewards.getAddress(), tokens("25"));
    await vault.grantRole(await vault.SCHEDULE_MANAGER_ROLE(), admin.address);
    await token.connect(funder).transfer(await vault.getAddress(), tokens("1000000000"));
    const now = BigInt(await time.latest());
    return { token, rewards, vault, admin, funder, beneficiary, keeper, stranger, now };
  }

  const shapes: Record<string, (start: bigint) => Terms> = {
    "locked four years, released yearly (CPChain)": (start) => ({
      total: tokens("350000000"),
      start,
      cliff: 365n * DAY,
      trancheInterval: 365n * DAY,
      trancheCount: 4,
      unlockedAtStartBps: 0,
    }),
    "10% at start, then 10% every six months (CST)": (start) => ({
      total: tokens("400000000"),
      start,
      cliff: 0n,
      trancheInterval: 182n * DAY,
      trancheCount: 9,
      unlockedAtStartBps: 1000,
    }),
    "monthly tranches behind a 90-day cliff": (start) => ({
      total: tokens("1200") + 7n, // not divisible by the tranche count: rounding must not lose wei
      start,
      cliff: 90n * DAY,
      trancheInterval: 30n * DAY,
      trancheCount: 12,
      unlockedAtStartBps: 250,
    }),
    "everything at start": (start) => ({
      total: tokens("1000"),
      start,
      cliff: 0n,
      trancheInterval: DAY,
      trancheCount: 1,
      unlockedAtStartBps: 10_000,
    }),
  };

  for (const [shape, build] of Object.entries(shapes)) {
    it(`pays ${shape} exactly at every boundary, never a second before`, async function () {
      const { token, vault, beneficiary, keeper, now } = await networkHelpers.loadFixture(vaultFixture);
      const terms = build(now + 10n * DAY);
      await vault.createSchedule(beneficiary.address, terms, false);

      const boundaries = new Set<bigint>([terms.start, terms.start + terms.cliff]);
      for (let k = 1n; k <= BigInt(terms.trancheCount); k++) boundaries.add(terms.start + k * terms.trancheInterval);
      let paid = 0n;
      for (const boundary of [...boundaries].sort((a, b) => (a < b ? -1 : 1))) {
        if (boundary - 1n > BigInt(await time.latest())) await time.increaseTo(boundary - 1n);
        expect(await vault.releasable(0)).to.equal(expectedVested(terms, boundary - 1n) - paid, "just before");
        expect(await vault.vestedAmount(0, boundary - 1n)).to.equal(expectedVested(terms, boundary - 1n));
        expect(await vault.vestedAmount(0, boundary)).to.equal(expectedVested(terms, boundary));

        const due = expectedVested(terms, boundary) - paid;
        await time.setNextBlockTimestamp(boundary);
        if (due === 0n) {
          await expect(vault.connect(keeper).release(0)).to.be.revertedWithCustomError(vault, "NotDue");
          continue;
        }
        await expect(vault.connect(keeper).release(0))
          .to.emit(vault, "Released")
          .withArgs(0, beneficiary.address, keeper.address, due, paid + due);
        paid += due;
        expect(await token.balanceOf(beneficiary)).to.equal(paid);
      }
      expect(paid).to.equal(terms.total);
      expect(await vault.nextUnlockAt(0)).to.equal(0n);
      expect(await vault.totalObligations()).to.equal(0n);
    });
  }

  it("pays the caller of each due release its bounty, and releases unpaid once the budget is gone", async function () {
    const { token, rewards, vault, beneficiary, keeper, stranger, now } =
      await networkHelpers.loadFixture(vaultFixture);
    const kind = await vault.RELEASE_KIND();
    const terms = shapes["10% at start, then 10% every six months (CST)"](now + DAY);
    await vault.createSchedule(beneficiary.address, terms, false);

    await time.increaseTo(terms.start);
    await expect(vault.connect(keeper).release(0))
      .to.emit(rewards, "BountyPaid")
      .withArgs(kind, keeper.address, await vault.getAddress(), 1, tokens("10"), 1, tokens("15"));
    expect(await token.balanceOf(keeper)).to.equal(tokens("10"));

    // A lost race pays nothing and counts no job.
    await expect(vault.connect(stranger).release(0)).to.be.revertedWithCustomError(vault, "NotDue");
    expect(await rewards.jobsOf(stranger)).to.equal(0n);

    await time.increaseTo(terms.start + terms.trancheInterval);
    await vault.connect(keeper).release(0);
    expect(await rewards.budget()).to.equal(tokens("5"));

    // 5 tokens left is short of the 10-token bounty: the release still succeeds, unpaid.
    await time.increaseTo(terms.start + 2n * terms.trancheInterval);
    await expect(vault.connect(keeper).release(0))
      .to.emit(vault, "Released")
      .and.to.emit(rewards, "BountyUnpaid")
      .withArgs(kind, keeper.address, await vault.getAddress(), 1, tokens("10"), 3, tokens("5"));
    expect(await token.balanceOf(keeper)).to.equal(tokens("20"));
    expect(await rewards.jobsOf(keeper)).to.equal(3n);
    expect(await rewards.earnedBy(keeper)).to.equal(tokens("20"));
  });

  it("counts one unit of work per schedule released, however many tranches it catches up; only the manager makes such work", async function () {
    const { rewards, vault, beneficiary, keeper, stranger, now } = await networkHelpers.loadFixture(vaultFixture);
    const kind = await vault.RELEASE_KIND();
    const terms = shapes["10% at start, then 10% every six months (CST)"](now + DAY);
    await expect(vault.connect(stranger).createSchedule(stranger.address, terms, false))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await vault.SCHEDULE_MANAGER_ROLE());
    await vault.createSchedule(beneficiary.address, terms, false);
    // Three unlocks (start and two tranches) released late, at once: one beneficiary paid, one unit.
    await time.increaseTo(terms.start + 2n * terms.trancheInterval);
    await expect(vault.connect(keeper).release(0))
      .to.emit(rewards, "BountyPaid")
      .withArgs(kind, keeper.address, await vault.getAddress(), 1, tokens("10"), 1, tokens("15"));
    expect(await vault.releasable(0)).to.equal(0n);
  });

  it("refuses a double release with NotDue naming the next unlock", async function () {
    const { vault, beneficiary, keeper, stranger, now } = await networkHelpers.loadFixture(vaultFixture);
    const terms = shapes["10% at start, then 10% every six months (CST)"](now + DAY);
    await vault.createSchedule(beneficiary.address, terms, false);
    await time.increaseTo(terms.start);
    await vault.connect(keeper).release(0);
    await expect(vault.connect(stranger).release(0))
      .to.be.revertedWithCustomError(vault, "NotDue")
      .withArgs(terms.start + terms.trancheInterval, earlierThan(terms.start + terms.trancheInterval));
  });

  it("refuses a release before start with NotDue(start)", async function () {
    const { vault, beneficiary, now } = await networkHelpers.loadFixture(vaultFixture);
    const terms = shapes["monthly tranches behind a 90-day cliff"](now + DAY);
    await vault.createSchedule(beneficiary.address, terms, false);
    await expect(vault.release(0))
      .to.be.revertedWithCustomError(vault, "NotDue")
      .withArgs(terms.start, earlierThan(terms.start));
    await expect(vault.release(1)).to.be.revertedWithCustomError(vault, "UnknownSchedule").withArgs(1, 1);
  });

  it("revokes a revocable schedule: vested stays with the beneficiary, the rest returns", async function () {
    const { token, vault, beneficiary, now } = await networkHelpers.loadFixture(vaultFixture);
    const terms = shapes["10% at start, then 10% every six months (CST)"](now + DAY);
    await vault.createSchedule(beneficiary.address, terms, true);
    const revokeAt = terms.start + 2n * terms.trancheInterval + 5n;
    await time.setNextBlockTimestamp(revokeAt);
    const vested = expectedVested(terms, revokeAt);
    const unallocatedBefore = await vault.unallocated();
    await expect(vault.revoke(0))
      .to.emit(vault, "ScheduleRevoked")
      .withArgs(0, beneficiary.address, vested, terms.total - vested);
    expect(await vault.unallocated()).to.equal(unallocatedBefore + terms.total - vested);
    await expect(vault.revoke(0)).to.be.revertedWithCustomError(vault, "AlreadyRevoked").withArgs(0);

    await time.increase(10n * 365n * DAY);
    expect(await vault.releasable(0)).to.equal(vested);
    expect(await vault.vestedAmount(0, terms.start + 10n * 365n * DAY)).to.equal(vested);
    await vault.release(0);
    expect(await token.balanceOf(beneficiary)).to.equal(vested);
    await expect(vault.release(0)).to.be.revertedWithCustomError(vault, "NotDue").withArgs(0, anyTime);
  });

  it("refuses to revoke a schedule the profile did not mark revocable, or for a non-manager", async function () {
    const { vault, beneficiary, stranger, now } = await networkHelpers.loadFixture(vaultFixture);
    await vault.createSchedule(beneficiary.address, shapes["everything at start"](now + DAY), false);
    await vault.createSchedule(beneficiary.address, shapes["everything at start"](now + DAY), true);
    await expect(vault.revoke(0)).to.be.revertedWithCustomError(vault, "NotRevocable").withArgs(0);
    await expect(vault.connect(stranger).revoke(1))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await vault.SCHEDULE_MANAGER_ROLE());
    expect((await vault.getSchedule(1)).revoked).to.equal(false);
  });

  it("rejects each invalid schedule term with its value and leaves no state", async function () {
    const { vault, beneficiary, stranger, now } = await networkHelpers.loadFixture(vaultFixture);
    const good = shapes["monthly tranches behind a 90-day cliff"](now);
    const cases: [Partial<Terms> & { beneficiary?: string }, string, unknown[]][] = [
      [{ beneficiary: ZeroAddress }, "InvalidBeneficiary", [ZeroAddress]],
      [{ total: 0n }, "InvalidScheduleTotal", [0]],
      [{ trancheInterval: 0n }, "InvalidTrancheInterval", [0]],
      [{ trancheCount: 0 }, "InvalidTrancheCount", [0]],
      [{ unlockedAtStartBps: 10_001 }, "InvalidUnlockedAtStartBps", [10_001]],
      [{ cliff: 360n * DAY + 1n }, "CliffAfterLastTranche", [360n * DAY + 1n, 360n * DAY]],
      [
        { total: tokens("1000000000") + 1n },
        "InsufficientUnallocated",
        [tokens("1000000000") + 1n, tokens("1000000000")],
      ],
    ];
    for (const [change, error, args] of cases) {
      const { beneficiary: who = beneficiary.address, ...terms } = change;
      await expect(vault.createSchedule(who, { ...good, ...terms }, false))
        .to.be.revertedWithCustomError(vault, error)
        .withArgs(...args);
    }
    await expect(vault.connect(stranger).createSchedule(beneficiary.address, good, false))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await vault.SCHEDULE_MANAGER_ROLE());
    expect(await vault.scheduleCount()).to.equal(0n);
    expect(await vault.totalObligations()).to.equal(0n);
    // The edge: a cliff exactly at the last tranche is accepted.
    await vault.createSchedule(beneficiary.address, { ...good, cliff: 360n * DAY }, false);
    expect(await vault.scheduleCount()).to.equal(1n);
  });

  it("creates schedules with a full event and lists them per beneficiary", async function () {
    const { vault, beneficiary, stranger, now } = await networkHelpers.loadFixture(vaultFixture);
    const terms = shapes["monthly tranches behind a 90-day cliff"](now + DAY);
    await expect(vault.createSchedule(beneficiary.address, terms, true))
      .to.emit(vault, "ScheduleCreated")
      .withArgs(
        0,
        beneficiary.address,
        terms.total,
        terms.start,
        terms.cliff,
        terms.trancheInterval,
        terms.trancheCount,
        terms.unlockedAtStartBps,
        true,
      );
    await vault.createSchedule(stranger.address, terms, false);
    await vault.createSchedule(beneficiary.address, terms, false);
    expect(await vault.schedulesOf(beneficiary.address)).to.deep.equal([0n, 2n]);
    expect(await vault.totalObligations()).to.equal(3n * terms.total);
  });

  it("pages the releasable schedules for keepers by ids scanned", async function () {
    const { vault, beneficiary, now } = await networkHelpers.loadFixture(vaultFixture);
    const soon = shapes["everything at start"](now + DAY);
    const later = shapes["everything at start"](now + 100n * DAY);
    for (const terms of [soon, later, soon, soon, later]) await vault.createSchedule(beneficiary.address, terms, false);
    await time.increaseTo(now + DAY);
    expect(await vault.releasableSchedules(0, 2)).to.deep.equal([[0n], 2n]);
    expect(await vault.releasableSchedules(2, 2)).to.deep.equal([[2n, 3n], 4n]);
    expect(await vault.releasableSchedules(4, 2)).to.deep.equal([[], 5n]);
    expect(await vault.releasableSchedules(9, 2)).to.deep.equal([[], 5n]);
  });
});
