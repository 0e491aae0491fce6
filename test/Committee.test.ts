// The Committee (DESIGN §7): candidacy, frozen reputation, the weighted draw from a later block,
// locks, duties, impeachment, term settlement with rewards by duties done and the penalty for
// missing more than a third.
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import {
  BOUNTY,
  COMMITTEE_PARAMETERS,
  deployCommittee,
  HONOR_STAKE,
  LEAD,
  SETTLE_DELAY,
  TERM,
} from "./helpers/committeeFixture.ts";
import { DAY } from "./helpers/stakingFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine, loadFixture } = networkHelpers;
const fixture = () => deployCommittee(ethers, networkHelpers);

describe("Committee", function () {
  describe("candidacy and draw", function () {
    it("declares for the next open term, freezes at close, draws 7 of 10 from a later block, and pays a bounty per step", async function () {
      const { committee, honor, declare, nodes, keeper, keeperRewards, randomness, start } = await loadFixture(fixture);
      const candidates = nodes.slice(0, 10);
      await honor(candidates, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
      // Term 0's candidacy closes a day before `start`.
      expect(await committee.candidacyCloseOf(0)).to.equal(start - LEAD);
      await expect(committee.connect(candidates[0]).declareCandidacy())
        .to.emit(committee, "CandidacyDeclared")
        .withArgs(0n, candidates[0].address, 0n);
      await declare(candidates.slice(1));
      await expect(committee.connect(candidates[0]).declareCandidacy())
        .to.be.revertedWithCustomError(committee, "AlreadyCandidate")
        .withArgs(candidates[0].address, 0n);
      await expect(committee.connect(nodes[12]).declareCandidacy())
        .to.be.revertedWithCustomError(committee, "NotHonorNode")
        .withArgs(nodes[12].address);

      const closesAt = start - LEAD;
      await time.setNextBlockTimestamp(closesAt - 1n);
      await expect(committee.connect(keeper).closeCandidacy(0, 512))
        .to.be.revertedWithCustomError(committee, "NotDue")
        .withArgs(closesAt, closesAt - 1n);
      // Candidacy for term 0 is over at its close: a declaration now is for term 1.
      await time.setNextBlockTimestamp(closesAt);
      await expect(committee.connect(nodes[10]).declareCandidacy()).to.be.revertedWithCustomError(
        committee,
        "NotHonorNode",
      );
      // Batched: 4, then the rest (the batch that completes the close pays the bounty).
      const partial = committee.connect(keeper).closeCandidacy(0, 4);
      await expect(partial).to.emit(committee, "CandidateFrozen").withArgs(0n, candidates[3].address, 3n, 400n);
      await expect(partial).to.not.emit(keeperRewards, "BountyPaid");
      expect((await committee.termOf(0)).frozen).to.equal(4n);
      const close = committee.connect(keeper).closeCandidacy(0, 512);
      await expect(close).to.emit(committee, "CandidacyClosed");
      await expect(close)
        .to.emit(keeperRewards, "BountyPaid")
        .withArgs(
          encodeBytes32String("Committee.closeCandidacy"),
          keeper.address,
          await committee.getAddress(),
          1n,
          BOUNTY,
          1n,
          (n: bigint) => n > 0n,
        );
      await expect(committee.connect(keeper).closeCandidacy(0, 512)).to.be.revertedWithCustomError(
        committee,
        "WrongTermState",
      );
      const record = await committee.termOf(0);
      const seedBlock = (await randomness.requestOf(record.requestId)).seedBlock;
      await expect(committee.connect(keeper).draw(0)).to.be.revertedWithCustomError(committee, "NotDue");
      await mine(Number(seedBlock) - (await ethers.provider.getBlockNumber()));
      const drawTx = committee.connect(keeper).draw(0);
      await expect(drawTx).to.emit(committee, "CommitteeDrawn");
      await expect(drawTx).to.emit(keeperRewards, "BountyPaid");
      const members = await committee.membersOf(0);
      expect(members).to.have.length(7);
      expect(new Set(members).size).to.equal(7);
      for (const member of members) expect(candidates.map((c) => c.address)).to.include(member);
      await expect(committee.draw(0)).to.be.revertedWithCustomError(committee, "WrongTermState").withArgs(0n);
    });

    it("seats every candidate when fewer than the seats declared; a term without candidates has no committee", async function () {
      const { committee, honor, declare, nodes, elect } = await loadFixture(fixture);
      await honor(nodes.slice(0, 3), 500);
      await declare(nodes.slice(0, 3));
      const members = await elect(0n);
      expect([...members].sort()).to.deep.equal(
        nodes
          .slice(0, 3)
          .map((n) => n.address)
          .sort(),
      );
      expect(await elect(1n)).to.deep.equal([]);
      expect((await committee.termOf(1)).drawn).to.equal(true);
      const [, , member] = await committee.dutyOf(5, await committee.termStart(1));
      expect(member).to.equal(ZeroAddress);
    });

    it("freezes reputation at the second before the close, never above the declaration's: a boost after it changes nothing", async function () {
      const { committee, honor, declare, nodes, reputation, keeper, start } = await loadFixture(fixture);
      await honor(nodes.slice(0, 2), [100, 200]);
      await declare(nodes.slice(0, 2));
      expect((await committee.nodeOf(nodes[0].address)).declaredReputation).to.equal(100n);
      await time.increaseTo(start - LEAD);
      // Boosted after the close (audit S1: only the stake is checkpointed): capped at the declaration.
      await reputation.setReputation(nodes[0].address, 10_000);
      const close = committee.connect(keeper).closeCandidacy(0, 512);
      await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, nodes[0].address, 0n, 100n);
      await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, nodes[1].address, 1n, 200n);
      await reputation.setReputation(nodes[1].address, 9_999);
      await mine(2);
      const drawn = committee.connect(keeper).draw(0);
      await expect(drawn)
        .to.emit(committee, "CommitteeDrawn")
        .withArgs(
          0n,
          (m: string[]) => m.length === 2,
          (r: bigint[]) => [...r].sort().join() === "100,200",
        );
    });

    it("excludes a candidate that stopped being an honor node or sits out (frozen at 0), and weighs reputation 0 as 1", async function () {
      const { committee, honor, declare, nodes, honorPool, keeper, start } = await loadFixture(fixture);
      await honor(nodes.slice(0, 3), [0, 300, 300]);
      await declare(nodes.slice(0, 3));
      await honorPool.setNode(nodes[2].address, false, 0);
      await time.increaseTo(start - LEAD);
      const close = committee.connect(keeper).closeCandidacy(0, 512);
      await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, nodes[0].address, 0n, 1n);
      await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, nodes[2].address, 2n, 0n);
      await mine(2);
      await committee.draw(0);
      expect([...(await committee.membersOf(0))].sort()).to.deep.equal([nodes[0].address, nodes[1].address].sort());
    });

    it("draws the same committee in any later block, and re-seeds a missed randomness block", async function () {
      const { committee, honor, declare, nodes, keeper, start } = await loadFixture(fixture);
      await honor(
        nodes.slice(0, 12),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((x) => x * 500),
      );
      await declare(nodes.slice(0, 12));
      await time.increaseTo(start - LEAD);
      await committee.connect(keeper).closeCandidacy(0, 512);
      await mine(2);
      const snapshot = await networkHelpers.takeSnapshot();
      await committee.draw(0);
      const first = await committee.membersOf(0);
      for (const wait of [5, 40, 200]) {
        await snapshot.restore();
        await mine(wait);
        await committee.connect(nodes[13]).draw(0);
        expect(await committee.membersOf(0)).to.deep.equal(first);
      }
      await snapshot.restore();
      await mine(300);
      await expect(committee.draw(0)).to.emit(committee, "DrawReseeded");
      expect((await committee.termOf(0)).drawn).to.equal(false);
      await mine(2);
      await expect(committee.draw(0)).to.emit(committee, "CommitteeDrawn");
    });
  });

  describe("locks", function () {
    it("locks a candidate from its declaration until the draw, a member through the next term and its settlement, and carries it over a new candidacy", async function () {
      const { committee, honor, declare, nodes, keeper, start, duty } = await loadFixture(fixture);
      const RELEASED = 2n ** 48n - 1n;
      const candidates = nodes.slice(0, 8);
      await honor(candidates, 500);
      await declare(candidates);
      // Audit S6: locked from the declaration, so no stake holds two candidacies.
      expect(await committee.lockOf(candidates[0].address)).to.deep.equal([true, RELEASED]);
      await time.increaseTo(start - LEAD);
      await committee.connect(keeper).closeCandidacy(0, 512);
      await mine(2);
      await committee.draw(0);
      const members = await committee.membersOf(0);
      const out = candidates.find((c) => !members.includes(c.address))!;
      expect((await committee.lockOf(out.address)).locked).to.equal(false);
      const member = candidates.find((c) => c.address === members[0])!;
      // Audit S5: until term 0 is settled, however late; then through term 1.
      expect(await committee.lockOf(member.address)).to.deep.equal([true, RELEASED]);
      // A new candidacy (term 1) keeps the seat's lock.
      await committee.connect(member).declareCandidacy();
      const record = await committee.nodeOf(member.address);
      expect([record.lockedUntil, record.seatTerm]).to.deep.equal([await committee.termStart(2), 1n]);
      await committee.connect(duty).recordDuty(0, 1, true);
      await time.increaseTo((await committee.termStart(1)) + TERM * 0n + DAY);
      await committee.settleTerm(0);
      await time.increaseTo(await committee.termStart(2));
      // Term 0 settled and term 2 begun: only term 1's pending draw still locks it.
      expect(await committee.lockOf(member.address)).to.deep.equal([true, RELEASED]);
    });

    it("refuses a new candidacy while the previous one waits for its draw", async function () {
      const { committee, honor, declare, nodes, keeper, start } = await loadFixture(fixture);
      await honor(nodes.slice(0, 2), 500);
      await declare(nodes.slice(0, 2));
      await time.increaseTo(start - LEAD);
      await committee.connect(keeper).closeCandidacy(0, 512);
      await expect(committee.connect(nodes[0]).declareCandidacy())
        .to.be.revertedWithCustomError(committee, "DrawPending")
        .withArgs(nodes[0].address, 0n);
    });
  });

  describe("duties, impeachment and settlement", function () {
    async function seatedTerm() {
      const f = await fixture();
      await f.honor(f.nodes.slice(0, 7), 500);
      await f.declare(f.nodes.slice(0, 7));
      const members = await f.elect(0n);
      const signerOf = (address: string) => f.nodes.find((n) => n.address === address)!;
      await time.increaseTo(f.start);
      return { ...f, members, signerOf };
    }

    it("assigns duties in turn over the seats and lets only duty sources record them", async function () {
      const { committee, members, duty, nodes, start, timelock } = await loadFixture(seatedTerm);
      for (let key = 0; key < 9; key++) {
        const [term, seat, member] = await committee.dutyOf(key, start + 10n);
        expect([term, seat, member]).to.deep.equal([0n, BigInt(key % 7), members[key % 7]]);
      }
      await expect(committee.connect(nodes[0]).recordDuty(0, 0, true))
        .to.be.revertedWithCustomError(committee, "NotDutySource")
        .withArgs(nodes[0].address);
      await expect(committee.connect(duty).recordDuty(0, 7, true))
        .to.be.revertedWithCustomError(committee, "UnknownSeat")
        .withArgs(0n, 7n);
      await expect(committee.connect(duty).recordDuty(0, 2, true))
        .to.emit(committee, "DutyRecorded")
        .withArgs(0n, 2n, members[2], duty.address, true);
      expect(await committee.dutiesDoneOf(members[2])).to.equal(1n);
      await expect(committee.connect(timelock).setDutySource(duty.address, false)).to.emit(committee, "DutySourceSet");
      await expect(committee.connect(duty).recordDuty(0, 2, true)).to.be.revertedWithCustomError(
        committee,
        "NotDutySource",
      );
    });

    it("impeaches at 4 of the 6 other members, not at 3: 5% slashed, seat emptied, its duties nobody's", async function () {
      const { committee, members, signerOf, honorPool, reserve, nodes, start } = await loadFixture(seatedTerm);
      const voter = (seat: number) => committee.connect(signerOf(members[seat]));
      for (const seat of [1, 2, 3]) {
        await expect(voter(seat).voteImpeach(seat, 0))
          .to.emit(committee, "ImpeachmentVoted")
          .withArgs(0n, BigInt(seat), 0n, BigInt(seat), 4n);
      }
      await expect(voter(1).voteImpeach(1, 0))
        .to.be.revertedWithCustomError(committee, "AlreadyVoted")
        .withArgs(0n, 1n, 0n);
      await expect(committee.connect(nodes[10]).voteImpeach(4, 0))
        .to.be.revertedWithCustomError(committee, "NotMember")
        .withArgs(nodes[10].address, 0n, 4n);
      await expect(voter(1).voteImpeach(1, 1)).to.be.revertedWithCustomError(committee, "UnknownSeat");
      expect((await committee.membersOf(0))[0]).to.equal(members[0]);
      const held = await reserve.held();
      const impeach = voter(4).voteImpeach(4, 0);
      await expect(impeach)
        .to.emit(committee, "MemberImpeached")
        .withArgs(0n, members[0], HONOR_STAKE / 20n);
      await expect(impeach)
        .to.emit(reserve, "Deposited")
        .withArgs(
          await honorPool.getAddress(),
          HONOR_STAKE / 20n,
          encodeBytes32String("Committee.impeached"),
          held + HONOR_STAKE / 20n,
        );
      expect((await committee.membersOf(0))[0]).to.equal(ZeroAddress);
      await expect(committee.connect(signerOf(members[0])).voteImpeach(0, 1)).to.be.revertedWithCustomError(
        committee,
        "UnknownSeat",
      );
      // The duties keep their seats (none already due moves); the emptied seat's are nobody's.
      const turns = [];
      for (let key = 0; key < 8; key++) {
        const [, seat, member] = await committee.dutyOf(key, start + 10n);
        turns.push([seat, member]);
      }
      expect(turns).to.deep.equal([
        [0n, ZeroAddress],
        ...[1, 2, 3, 4, 5, 6].map((seat) => [BigInt(seat), members[seat]]),
        [0n, ZeroAddress],
      ]);
    });

    it("settles a term in order after its delay: rewards by duties done, the rest back, a miss above a third slashed", async function () {
      const { committee, members, duty, reserve, token, keeper, honorPool, start, timelock } =
        await loadFixture(seatedTerm);
      // Seat 0 misses exactly 1 of 3 (no penalty); seat 1 misses 2 of 4 (penalty); seat 2 does
      // all 3; the other seats have none.
      const record = async (seat: number, results: boolean[]) => {
        for (const done of results) await committee.connect(duty).recordDuty(0, seat, done);
      };
      await record(0, [true, true, false]);
      await record(1, [true, false, true, false]);
      await record(2, [true, true, true]);
      const dueAt = (await committee.termStart(1)) + SETTLE_DELAY;
      await time.setNextBlockTimestamp(dueAt - 1n);
      await expect(committee.connect(keeper).settleTerm(0))
        .to.be.revertedWithCustomError(committee, "NotDue")
        .withArgs(dueAt, dueAt - 1n);
      await expect(committee.settleTerm(1)).to.be.revertedWithCustomError(committee, "OutOfOrder").withArgs(1n, 0n);
      await time.increaseTo(dueAt);
      const received = await reserve.releasable(1);
      expect(received).to.be.greaterThan(0n);
      const balances = await Promise.all(members.map((m) => token.balanceOf(m)));
      const settle = committee.connect(keeper).settleTerm(0);
      const total = 10n;
      const shares = [2n, 2n, 3n].map((done) => (received * done) / total);
      await expect(settle).to.emit(committee, "RewardPaid").withArgs(0n, members[2], shares[2], 3n);
      await expect(settle)
        .to.emit(committee, "MemberPenalized")
        .withArgs(0n, members[1], 4n, 2n, HONOR_STAKE / 100n, 2n);
      // Exactly a third missed (seat 0) is no penalty: one MemberPenalized, seat 1's.
      const receipt = await (await settle).wait();
      const penalized = receipt!.logs
        .map((log) => committee.interface.parseLog(log))
        .filter((log) => log?.name === "MemberPenalized");
      expect(penalized.map((log) => log!.args.member)).to.deep.equal([members[1]]);
      const returned = received - shares[0] - shares[1] - shares[2];
      await expect(settle)
        .to.emit(committee, "TermSettled")
        .withArgs(0n, received, received - returned, returned);
      await expect(settle)
        .to.emit(reserve, "Deposited")
        .withArgs(
          await committee.getAddress(),
          returned,
          encodeBytes32String("Committee.unearned"),
          (h: bigint) => h > 0n,
        );
      for (const seat of [0, 1, 2])
        expect(await token.balanceOf(members[seat])).to.equal(balances[seat] + shares[seat]);
      expect(await token.balanceOf(committee)).to.equal(0n);
      expect((await committee.nodeOf(members[1])).sitOutUntil).to.equal(2n);
      expect((await committee.nodeOf(members[0])).sitOutUntil).to.equal(0n);
      expect(await honorPool.stakeOf(members[1])).to.equal(HONOR_STAKE - HONOR_STAKE / 100n);
      await expect(committee.settleTerm(0)).to.be.revertedWithCustomError(committee, "OutOfOrder").withArgs(0n, 1n);
      // The penalized member sits out term 1 (it holds no seat there: it did not stand); it may
      // stand for term 2 (StakingAttacks, audit S3, for a member seated in term 1).
    });

    it("returns a term's whole reward when nobody sat or no duty was assigned", async function () {
      const { committee, reserve, keeper, start } = await loadFixture(fixture);
      await time.increaseTo(start + TERM + SETTLE_DELAY);
      const received = await reserve.releasable(1);
      await expect(committee.connect(keeper).settleTerm(0))
        .to.emit(committee, "TermSettled")
        .withArgs(0n, received, 0n, received);
      expect(await reserve.releasable(1)).to.equal(0n);
    });
  });

  describe("refusals", function () {
    it("refuses bad schedules and parameters with their values", async function () {
      const { committee, timelock, token, honorPool, reputation, reserve, randomness, keeperRewards } =
        await loadFixture(fixture);
      const factory = await ethers.getContractFactory("Committee");
      const contracts = [token, honorPool, reputation, reserve, randomness].map((c) => c.target as string) as [
        string,
        string,
        string,
        string,
        string,
      ];
      const good = { start: 10n * DAY, termLength: TERM, candidacyLead: LEAD, settleDelay: SETTLE_DELAY };
      for (const [name, patch, value] of [
        ["termLength", { termLength: 0n }, 0n],
        ["candidacyLead", { candidacyLead: 0n }, 0n],
        ["candidacyLead", { candidacyLead: TERM }, TERM],
        ["start", { start: LEAD - 1n }, LEAD - 1n],
        ["settleDelay", { settleDelay: TERM }, TERM],
      ] as const) {
        await expect(
          factory.deploy(contracts, keeperRewards, timelock.address, { ...good, ...patch }, COMMITTEE_PARAMETERS, []),
        )
          .to.be.revertedWithCustomError(factory, "InvalidParameter")
          .withArgs(name, value);
      }
      for (const [name, patch, value] of [
        ["seats", { seats: 0 }, 0n],
        ["seats", { seats: 8 }, 8n],
        ["maxCandidates", { maxCandidates: 512 }, 512n],
        ["missSlashBps", { missSlashBps: 10_001 }, 10_001n],
        ["impeachSlashBps", { impeachSlashBps: 10_001 }, 10_001n],
      ] as const) {
        await expect(committee.connect(timelock).setParameters({ ...COMMITTEE_PARAMETERS, ...patch }))
          .to.be.revertedWithCustomError(committee, "InvalidParameter")
          .withArgs(name, value);
      }
      await expect(committee.setParameters(COMMITTEE_PARAMETERS)).to.be.revertedWithCustomError(
        committee,
        "NotTimelock",
      );
      await expect(committee.connect(timelock).setDutySource(ZeroAddress, true))
        .to.be.revertedWithCustomError(committee, "InvalidParameter")
        .withArgs("dutySource", 0n);
    });

    it("caps the candidates of a term", async function () {
      const { committee, honor, declare, nodes, timelock } = await loadFixture(fixture);
      await committee.connect(timelock).setParameters({ ...COMMITTEE_PARAMETERS, maxCandidates: 2 });
      await honor(nodes.slice(0, 3), 500);
      await declare(nodes.slice(0, 2));
      await expect(committee.connect(nodes[2]).declareCandidacy())
        .to.be.revertedWithCustomError(committee, "TooManyCandidates")
        .withArgs(0n, 2n);
    });
  });
});
