// Outside audit of the sit-out change (Committee: draw-time vacating, `_vacate` by address), turned
// into regressions: F1 and F3 were the auditor's working exploits and now fail; F2 is accepted
// (Committee's header says why) and pins the behaviour it describes.
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { COMMITTEE_PARAMETERS, deployCommittee, SETTLE_DELAY, TERM } from "../helpers/committeeFixture.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time, mine, loadFixture } = networkHelpers;

describe("audit: committee sit-out (draw-time vacate, _vacate by address)", function () {
  const committeeOnly = () => deployCommittee(ethers, networkHelpers);

  /** Term 0 seats a, b, x; x misses all its duties of term 0 (penalized at settleTerm(0)); the
   * three stand again for term 1. Returns the fixture, the trio in term-0 seat order and x. */
  async function lazyTermZero(extra = 0) {
    const f = await loadFixture(committeeOnly);
    const trio = f.nodes.slice(0, 3);
    await f.honor(trio, 5_000);
    await f.declare(trio);
    const members0 = await f.elect(0n);
    await time.increaseTo(f.start);
    const bySeat = members0.map((m) => trio.find((n) => n.address === m)!);
    const x = bySeat[2];
    await f.declare(trio);
    const others = f.nodes.slice(3, 3 + extra);
    for (let seat = 0n; seat < 3n; ++seat) {
      for (let i = 0; i < 3; ++i) await f.committee.connect(f.duty).recordDuty(0n, seat, seat !== 2n);
    }
    return { ...f, bySeat, x, others };
  }

  it("F1: a seat vacated mid-term moves no duty already due: the lazy member's missed duty lands on nobody", async function () {
    const { committee, duty, x, start, elect } = await lazyTermZero();
    const members1 = await elect(1n);
    expect(members1).to.include(x.address);
    // Term 1 runs; its first three duty keys (storage epochs), deadlines before settleTerm(0) is due.
    await time.increaseTo(start + TERM + 3600n);
    const deadline = start + TERM + 1800n;
    const before = [];
    for (let key = 0n; key < 3n; ++key) before.push(await committee.dutyOf(key, deadline));
    const xKey = before.findIndex((d) => d.member === x.address);
    expect(xKey).to.be.greaterThanOrEqual(0);
    // The honest members do their own duties in their windows (StorageProofs records done at once).
    for (const [key, d] of before.entries()) {
      if (key !== xKey) await committee.connect(duty).recordDuty(1n, d.seat, true);
    }
    // x lets its epoch lapse. Anyone settles term 0 when due: x penalized, its term-1 seat vacated.
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await expect(committee.settleTerm(0n)).to.emit(committee, "SeatVacated");
    // The duty that was x's at its deadline stays with x's seat, now nobody's; the others' stay put.
    const after = [];
    for (let key = 0n; key < 3n; ++key) after.push(await committee.dutyOf(key, deadline));
    expect(after[xKey].seat).to.equal(before[xKey].seat);
    expect(after[xKey].member).to.equal(ZeroAddress);
    for (const [key, d] of after.entries()) if (key !== xKey) expect(d.member).to.equal(before[key].member);
    // The late "missed" on that seat is ignored (an emptied seat, audit S4): nobody is blamed.
    await committee.connect(duty).recordDuty(1n, after[xKey].seat, false);
    await time.increaseTo(start + 2n * TERM + SETTLE_DELAY);
    await expect(committee.settleTerm(1n)).to.not.emit(committee, "MemberPenalized");
  });

  it("F2 (accepted): with a close so late that the previous settlement is due too, settling first seats another candidate", async function () {
    const seated: string[][] = [];
    let yAddress = "";
    for (const settleFirst of [true, false]) {
      const { committee, honor, declare, others, keeper, timelock, start } = await lazyTermZero(1);
      const [y] = others;
      yAddress = y.address;
      // Term 1: 3 seats; a fourth, low-reputation candidate y.
      await committee.connect(timelock).setParameters({ ...COMMITTEE_PARAMETERS, seats: 3 });
      await honor([y], 1);
      await declare([y]);
      // Every upkeep late (as in S3b): term 1's close and term 0's settlement are both due.
      await time.increaseTo(start + TERM + SETTLE_DELAY);
      if (settleFirst) {
        await committee.settleTerm(0n); // x frozen at 0 at the close
        await committee.connect(keeper).closeCandidacy(1n, 512);
      } else {
        await committee.connect(keeper).closeCandidacy(1n, 512); // x frozen with its weight
        await committee.settleTerm(0n);
      }
      await mine(2);
      await committee.connect(keeper).draw(1n);
      seated.push((await committee.membersOf(1n)).filter((m) => m !== ZeroAddress));
    }
    // settle first: y seated, three members; close first: x drawn and vacated, y left out, two.
    expect(seated[0]).to.include(yAddress).and.to.have.length(3);
    expect(seated[1]).to.not.include(yAddress);
    expect(seated[1]).to.have.length(2);
  });

  it("F3: a member vacated at the draw is locked no longer than had it been left out", async function () {
    const { committee, keeper, x, start } = await lazyTermZero();
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await committee.connect(keeper).closeCandidacy(1n, 512);
    await committee.settleTerm(0n);
    await mine(2);
    await expect(committee.connect(keeper).draw(1n)).to.emit(committee, "SeatVacated");
    expect(await committee.membersOf(1n)).to.not.include(x.address);
    // No seat in term 1: its lock is only its term-0 seat's, to term 2's start, as if left out.
    expect((await committee.lockOf(x.address)).until).to.equal(await committee.termStart(2n));
    await time.increaseTo(start + 2n * TERM + SETTLE_DELAY);
    await committee.settleTerm(1n);
    expect((await committee.lockOf(x.address)).until).to.equal(await committee.termStart(2n));
  });
});
