// Regression tests of the outside audit of the staking pools (issue 15; docs/audit-staking-report.md).
// Each "audit Sx" test is the auditor's exploit (branch audit-staking, where it passed on the
// audited code) turned around: it asserts that the attack now fails.
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, type Signer } from "ethers";
import { network } from "hardhat";
import { COMMITTEE_PARAMETERS, deployCommittee, SETTLE_DELAY, TERM } from "./helpers/committeeFixture.ts";
import { REPUTATION_CAPS, WITHDRAW_DELAY } from "./helpers/honorFixture.ts";
import { DAY, GENESIS_SHARE, RESERVE_PARAMETERS, SUPPLY, tokens, YEAR } from "./helpers/stakingFixture.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time, mine, loadFixture } = networkHelpers;

const JOB = encodeBytes32String("Audit.upkeepJob");
const HONOR = tokens(200_000);
const LEAD = DAY;

/** The real HonorPool + Reputation + Committee wired as deploy/ignition/modules/StakingPools.ts
 * wires them (one-time bindings by the deployer), on a real KeeperRewards, RewardsReserve and
 * BlockRandomness; only the storage reads of the lens (LandlordRegistry, StorageMarket) are the
 * existing mock. `duty` is a duty source (what StorageProofs would be). */
async function deployStack() {
  const [deployer, treasury, timelock, keeper, duty, upkeepModule, ...nodes] = await ethers.getSigners();
  const token = await ethers.deployContract("BaseToken", [
    "Jiaozi",
    "JZ",
    [{ holder: treasury.address, amount: SUPPLY }],
    deployer.address,
  ]);
  const keeperRewards = await ethers.deployContract("KeeperRewards", [token, deployer.address]);
  const reserve = await ethers.deployContract("RewardsReserve", [
    token,
    timelock.address,
    GENESIS_SHARE,
    YEAR,
    RESERVE_PARAMETERS,
  ]);
  await token.connect(treasury).transfer(reserve, GENESIS_SHARE);
  await reserve.absorbGenesis();
  const randomness = await ethers.deployContract("BlockRandomness", [1]);
  const honorPool = await ethers.deployContract("HonorPool", [
    token,
    reserve,
    timelock.address,
    { minStake: HONOR, withdrawDelay: WITHDRAW_DELAY },
  ]);
  const storage = await ethers.deployContract("MockReputationSources");
  const reputation = await ethers.deployContract("Reputation", [
    honorPool,
    keeperRewards,
    storage,
    storage,
    "0x0000000000000000000000000000000000000000",
    timelock.address,
    REPUTATION_CAPS,
  ]);
  const start = BigInt(await time.latest()) + 2n * DAY;
  const committee = await ethers.deployContract("Committee", [
    [token, honorPool, reputation, reserve, randomness].map((c) => c.target as string) as [
      string,
      string,
      string,
      string,
      string,
    ],
    keeperRewards,
    timelock.address,
    { start, termLength: TERM, candidacyLead: LEAD, settleDelay: SETTLE_DELAY },
    COMMITTEE_PARAMETERS,
    [duty.address],
  ]);
  await reserve.bindCommittee(committee);
  await honorPool.bindCommittee(committee);
  await reputation.bindCommittee(committee);
  for (const kind of ["Committee.closeCandidacy", "Committee.draw", "Committee.settleTerm"]) {
    await keeperRewards.registerKind(encodeBytes32String(kind), committee, tokens(1));
  }
  // Any upkeep kind of the suite (here one whose module is a signer): its keeper's jobsOf grows
  // by the units of work it did, which is what the TX factor reads.
  await keeperRewards.registerKind(JOB, upkeepModule.address, 0n);
  await token.connect(treasury).transfer(keeperRewards, tokens(10_000));

  async function stake(who: Signer, amount = HONOR) {
    await token.connect(treasury).transfer(await who.getAddress(), amount);
    await token.connect(who).approve(honorPool, amount);
    await honorPool.connect(who).deposit(amount);
  }
  return {
    token,
    keeperRewards,
    reserve,
    randomness,
    honorPool,
    reputation,
    committee,
    storage,
    start,
    keeper,
    duty,
    upkeepModule,
    nodes,
    stake,
  };
}

describe("staking audit regressions (issue 15)", function () {
  const stack = () => deployStack();
  const committeeOnly = () => deployCommittee(ethers, networkHelpers);

  it("audit S1: reputation boosted after the candidacy close (TX jobs) does not reach the draw weight", async function () {
    const { committee, reputation, keeperRewards, upkeepModule, keeper, nodes, stake } = await loadFixture(stack);
    const [attacker, honest] = nodes;
    await stake(attacker);
    await stake(honest);
    await mine();
    await committee.connect(attacker).declareCandidacy();
    await committee.connect(honest).declareCandidacy();
    const closesAt = await committee.candidacyCloseOf(0);
    await time.increaseTo(closesAt);
    expect(await reputation.reputationAt(attacker.address, closesAt - 1n)).to.equal(500n);
    await keeperRewards.connect(upkeepModule).reward(attacker.address, JOB, 1_000n);
    await mine();
    expect(await reputation.reputationAt(attacker.address, closesAt - 1n)).to.equal(2_000n);
    const close = committee.connect(keeper).closeCandidacy(0, 512);
    await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, attacker.address, 0n, 500n);
    await expect(close).to.emit(committee, "CandidateFrozen").withArgs(0n, honest.address, 1n, 500n);
  });

  it("audit S1b: a late-index candidate boosting between the batches of a close gains nothing", async function () {
    const { committee, keeperRewards, upkeepModule, keeper, nodes, stake } = await loadFixture(stack);
    const [honest, attacker] = nodes;
    await stake(honest);
    await stake(attacker);
    await mine();
    await committee.connect(honest).declareCandidacy();
    await committee.connect(attacker).declareCandidacy();
    await time.increaseTo(await committee.candidacyCloseOf(0));
    await committee.connect(keeper).closeCandidacy(0, 1);
    await time.increase(DAY);
    await keeperRewards.connect(upkeepModule).reward(attacker.address, JOB, 1_000n);
    await expect(committee.connect(keeper).closeCandidacy(0, 1))
      .to.emit(committee, "CandidateFrozen")
      .withArgs(0n, attacker.address, 1n, 500n);
  });

  it("audit S2: in a two-seat committee one member alone cannot impeach the other", async function () {
    const { committee, honor, declare, elect, nodes, start } = await loadFixture(committeeOnly);
    const [a, b] = nodes;
    await honor([a, b], 5_000);
    await declare([a, b]);
    const members = await elect(0n);
    const attackerSeat = members.indexOf(a.address);
    await time.increaseTo(start);
    await expect(committee.connect(a).voteImpeach(attackerSeat, 1 - attackerSeat))
      .to.emit(committee, "ImpeachmentVoted")
      .withArgs(0n, BigInt(attackerSeat), BigInt(1 - attackerSeat), 1n, 2n)
      .and.not.to.emit(committee, "MemberImpeached");
    expect((await committee.membersOf(0))[1 - attackerSeat]).to.equal(b.address);
  });

  it("audit S3: a member that missed more than a third of term T gives up its seat in T+1 and is not paid for it", async function () {
    const { committee, honor, declare, elect, nodes, duty, token, start } = await loadFixture(committeeOnly);
    const [lazy, ...others] = nodes.slice(0, 3);
    await honor([lazy, ...others], 5_000);
    await declare([lazy, ...others]);
    await elect(0n);
    await time.increaseTo(start);
    await declare([lazy, ...others]);
    const members0 = await committee.membersOf(0n);
    const lazySeat0 = BigInt(members0.indexOf(lazy.address));
    for (let seat = 0n; seat < 3n; ++seat) {
      for (let i = 0; i < 3; ++i) await committee.connect(duty).recordDuty(0n, seat, seat !== lazySeat0);
    }
    const members1 = await elect(1n);
    const seat1 = BigInt(members1.indexOf(lazy.address));
    expect(seat1).to.be.greaterThanOrEqual(0n);
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await expect(committee.settleTerm(0n)).to.emit(committee, "SeatVacated").withArgs(1n, lazy.address, seat1);
    expect((await committee.membersOf(1n))[Number(seat1)]).to.equal(ZeroAddress);
    // Its seat takes no duty in term 1, and its share of term 1 goes back.
    for (let key = 0n; key < 4n; ++key) {
      const [, seat, member] = await committee.dutyOf(key, start + TERM + 10n);
      expect(member).to.not.equal(lazy.address);
      if (seat === seat1) expect(member).to.equal(ZeroAddress); // its duties are nobody's
      await committee.connect(duty).recordDuty(1n, seat, true);
    }
    await time.increaseTo(start + 2n * TERM + SETTLE_DELAY);
    const before = await token.balanceOf(lazy.address);
    await committee.settleTerm(1n);
    expect(await token.balanceOf(lazy.address)).to.equal(before);
  });

  it("S3b: a member penalized after the next term closed but before its draw is drawn into no seat of it", async function () {
    const { committee, honor, declare, elect, nodes, duty, keeper, start } = await loadFixture(committeeOnly);
    const trio = nodes.slice(0, 3);
    await honor(trio, 5_000);
    await declare(trio);
    const members0 = await elect(0n);
    await time.increaseTo(start);
    await declare(trio);
    const lazy = trio.find((n) => n.address === members0[0])!;
    for (let seat = 0n; seat < 3n; ++seat) {
      for (let i = 0; i < 3; ++i) await committee.connect(duty).recordDuty(0n, seat, seat !== 0n);
    }
    // Every upkeep late: term 1 closed, term 0 settled (the lazy member penalized), then drawn.
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await committee.connect(keeper).closeCandidacy(1n, 512);
    await expect(committee.settleTerm(0n)).to.emit(committee, "MemberPenalized");
    await mine(2);
    const drawing = committee.connect(keeper).draw(1n);
    await expect(drawing).to.emit(committee, "SeatVacated");
    const members1 = await committee.membersOf(1n);
    expect(members1).to.not.include(lazy.address);
    expect(members1.filter((m) => m !== ZeroAddress)).to.have.length(2);
  });

  it("S3c: a member seated in T+1 that stands for T+2 before T is settled still gives up its T+1 seat", async function () {
    const { committee, honor, declare, elect, nodes, duty, start } = await loadFixture(committeeOnly);
    const trio = nodes.slice(0, 3);
    await honor(trio, 5_000);
    await declare(trio);
    const members0 = await elect(0n);
    await time.increaseTo(start);
    await declare(trio);
    const lazy = trio.find((n) => n.address === members0[0])!;
    for (let seat = 0n; seat < 3n; ++seat) {
      for (let i = 0; i < 3; ++i) await committee.connect(duty).recordDuty(0n, seat, seat !== 0n);
    }
    const members1 = await elect(1n);
    const seat1 = BigInt(members1.indexOf(lazy.address));
    expect(seat1).to.be.greaterThanOrEqual(0n);
    // Term 1 is drawn: its candidacy moves on to term 2, and the lazy member stands at once.
    await committee.connect(lazy).declareCandidacy();
    expect((await committee.nodeOf(lazy.address)).candidateTerm).to.equal(3n);
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await expect(committee.settleTerm(0n)).to.emit(committee, "SeatVacated").withArgs(1n, lazy.address, seat1);
    expect((await committee.membersOf(1n))[Number(seat1)]).to.equal(ZeroAddress);
  });

  it("I4: a member impeached after the next term closed holds no seat in it, whether drawn before or after", async function () {
    for (const drawFirst of [true, false]) {
      const { committee, honor, declare, elect, nodes, keeper, start } = await loadFixture(committeeOnly);
      const trio = nodes.slice(0, 3);
      await honor(trio, 5_000);
      await declare(trio);
      const members0 = await elect(0n);
      const signer = (address: string) => trio.find((n) => n.address === address)!;
      await time.increaseTo(start);
      await declare(trio);
      const target = members0[2];
      if (drawFirst) await elect(1n);
      else {
        await time.increaseTo(await committee.candidacyCloseOf(1n));
        await committee.connect(keeper).closeCandidacy(1n, 512);
      }
      await committee.connect(signer(members0[0])).voteImpeach(0, 2);
      const impeaching = committee.connect(signer(members0[1])).voteImpeach(1, 2);
      await expect(impeaching).to.emit(committee, "MemberImpeached");
      if (drawFirst) await expect(impeaching).to.emit(committee, "SeatVacated");
      else {
        await mine(2);
        await expect(committee.connect(keeper).draw(1n)).to.emit(committee, "SeatVacated");
      }
      expect(await committee.membersOf(1n), `drawn ${drawFirst ? "before" : "after"}`).to.not.include(target);
    }
  });

  it("audit S4: duties recorded for a settled term or an emptied seat are ignored", async function () {
    const { committee, honor, declare, elect, nodes, duty, start } = await loadFixture(committeeOnly);
    const members = nodes.slice(0, 3);
    await honor(members, 5_000);
    await declare(members);
    const seated = await elect(0n);
    await time.increaseTo(start);
    const target = seated[2];
    const voters = seated.slice(0, 2).map((m) => members.find((s) => s.address === m)!);
    await committee.connect(voters[0]).voteImpeach(0, 2);
    await expect(committee.connect(voters[1]).voteImpeach(1, 2)).to.emit(committee, "MemberImpeached");
    await expect(committee.connect(duty).recordDuty(0n, 2n, true)).to.not.emit(committee, "DutyRecorded");
    expect(await committee.dutiesDoneOf(target)).to.equal(0n);
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await committee.settleTerm(0n);
    await expect(committee.connect(duty).recordDuty(0n, 0n, true)).to.not.emit(committee, "DutyRecorded");
    const [assigned, done] = await committee.dutiesOf(0n);
    expect([...assigned, ...done].every((n) => n === 0n)).to.equal(true);
  });

  it("audit S5: a member stays locked until its term is settled, however late", async function () {
    const { committee, honorPool, nodes, duty, keeper, start, stake } = await loadFixture(stack);
    const [lazy, other] = nodes;
    await stake(lazy);
    await stake(other);
    await mine();
    await committee.connect(lazy).declareCandidacy();
    await committee.connect(other).declareCandidacy();
    await time.increaseTo(await committee.candidacyCloseOf(0));
    await committee.connect(keeper).closeCandidacy(0, 512);
    await mine(2);
    await committee.connect(keeper).draw(0);
    const members = await committee.membersOf(0n);
    const lazySeat = BigInt(members.indexOf(lazy.address));
    await time.increaseTo(start);
    for (let i = 0; i < 3; ++i) await committee.connect(duty).recordDuty(0n, lazySeat, false);
    await time.increaseTo(start + 2n * TERM);
    await expect(honorPool.connect(lazy).requestWithdraw(HONOR)).to.be.revertedWithCustomError(
      honorPool,
      "StakeLocked",
    );
    await expect(committee.settleTerm(0n))
      .to.emit(committee, "MemberPenalized")
      .withArgs(0n, lazy.address, 3n, 3n, HONOR / 100n, 2n);
    expect(await honorPool.stakeOf(lazy.address)).to.equal(HONOR - HONOR / 100n);
  });

  it("audit S6: a declared candidate cannot request its stake out, so no stake holds two candidacies", async function () {
    const { committee, honorPool, nodes, stake, start } = await loadFixture(stack);
    const [sybil] = nodes;
    await time.increaseTo(start - LEAD);
    await stake(sybil);
    await mine();
    await committee.connect(sybil).declareCandidacy();
    await expect(honorPool.connect(sybil).requestWithdraw(HONOR))
      .to.be.revertedWithCustomError(honorPool, "StakeLocked")
      .withArgs(sybil.address, 2n ** 48n - 1n);
  });

  it("audit S7: the genesis makes storage epoch settlement a committee duty (StorageProofs records it)", async function () {
    const { deployGenesis } = await import("../deploy/genesis.ts");
    const { loadProfile } = await import("../deploy/profile.ts");
    const profile = loadProfile("local");
    const genesis = async () => deployGenesis(connection, profile);
    const { deployments } = await loadFixture(genesis);
    const committee = await ethers.getContractAt("Committee", deployments.contracts.Committee.address);
    const proofs = await ethers.getContractAt("StorageProofs", deployments.contracts.StorageProofs.address);
    const reputation = await ethers.getContractAt("Reputation", deployments.contracts.Reputation.address);
    expect(await committee.isDutySource(proofs)).to.equal(true);
    expect(await proofs.committee()).to.equal(await committee.getAddress());
    expect(await proofs.settleWindow()).to.equal(profile.stakingPools.committee.settleWindow);
    expect(await reputation.serviceRecord()).to.equal(await proofs.getAddress());
  });

  it("audit S8: a term nobody stood for pays no close or settle bounty", async function () {
    const { committee, keeperRewards, keeper, start } = await loadFixture(committeeOnly);
    await time.increaseTo(await committee.candidacyCloseOf(0n));
    await expect(committee.connect(keeper).closeCandidacy(0n, 512)).to.not.emit(keeperRewards, "BountyPaid");
    await time.increaseTo(start + TERM + SETTLE_DELAY);
    await expect(committee.connect(keeper).settleTerm(0n)).to.not.emit(keeperRewards, "BountyPaid");
    expect(await keeperRewards.jobsOf(keeper.address)).to.equal(0n);
  });

  it("audit I2 and I3: no impeachment before the term starts; an impeached member sits out the next open term", async function () {
    const { committee, honor, declare, elect, nodes, start } = await loadFixture(committeeOnly);
    const trio = nodes.slice(0, 3);
    await honor(trio, 5_000);
    await declare(trio);
    const members = await elect(0n);
    const signer = (address: string) => trio.find((n) => n.address === address)!;
    await expect(committee.connect(signer(members[0])).voteImpeach(0, 2))
      .to.be.revertedWithCustomError(committee, "TermNotStarted")
      .withArgs(0n, start);
    await time.increaseTo(start);
    await committee.connect(signer(members[0])).voteImpeach(0, 2);
    await expect(committee.connect(signer(members[1])).voteImpeach(1, 2)).to.emit(committee, "MemberImpeached");
    // Term 1's candidacy is still open at start (it closes a day before term 1): it sits that one out.
    expect((await committee.nodeOf(members[2])).sitOutUntil).to.equal(2n);
    await expect(committee.connect(signer(members[2])).declareCandidacy())
      .to.be.revertedWithCustomError(committee, "SittingOut")
      .withArgs(members[2], 2n);
  });
});
