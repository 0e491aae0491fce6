// GovernanceLens against the real governance contracts: at the exact edges of every timing rule
// (t - 1, t, t + 1) the lens says an upkeep is due exactly when the upkeep call itself, run on
// the same block, does not revert (NotDue, UnexpectedState, Lapsed, VotingClosed…).
import { expect } from "chai";
import { network } from "hardhat";
import { CHOICE, deployGovernance, FOR, PROFILE, tokens, type Governance } from "./helpers/governanceFixture.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const DEPOSIT = PROFILE.governance.referendum.proposalDeposit;
const EXECUTION_PERIOD = PROFILE.governance.referendum.executionPeriod;

async function fixture() {
  const g = await deployGovernance(ethers, networkHelpers, ignition);
  const lens = await ethers.deployContract("GovernanceLens", [g.referendum, g.council, g.reserve]);
  return { ...g, lens };
}
type Fixture = Governance & { lens: Awaited<ReturnType<typeof fixture>>["lens"] };

type Flag = "lapse" | "missedResponse" | "blocVote" | "close" | "queue" | "execute" | "expire";

async function budgetActions(g: Governance) {
  return {
    targets: [await g.reserve.getAddress()],
    values: [0n],
    calldatas: [g.reserve.interface.encodeFunctionData("approveBudget", [tokens(1)])],
  };
}

async function propose(g: Governance) {
  const actions = await budgetActions(g);
  await g.fund(g.proposer, DEPOSIT);
  await g.token.connect(g.proposer).approve(g.referendum, DEPOSIT);
  await g.referendum
    .connect(g.proposer)
    .propose(actions.targets, actions.values, actions.calldatas, "ipfs://lens", false, 7);
  return g.referendum.proposalCount();
}

/** A proposal whose referendum is open, with 1,000,000,000 votes for (a quorum that passes). */
async function openReferendum(g: Governance) {
  const [whale] = g.voters;
  if ((await g.token.balanceOf(whale)) === 0n) await g.fund(whale, tokens(1_000_000_000));
  const id = await propose(g);
  await g.referendum.connect(whale).support(id);
  await g.referendum.connect(whale).castVote(id, FOR);
  return id;
}

/** The lens's flag for `id`, read on the latest block (false when the proposal is not listed). */
async function flag(g: Fixture, id: bigint, name: Flag): Promise<boolean> {
  const [due] = await g.lens.dueProposals(id, 1);
  return due.length === 1 && due[0][name];
}

const passes = (call: Promise<unknown>) =>
  call.then(
    () => true,
    () => false,
  );

/**
 * At `edge - 1`, `edge` and `edge + 1` (each a mined block), the lens's `name` flag equals whether
 * `call()` runs on that block; it is `dueBefore` (default: the opposite of `dueAfter`) a second
 * before the edge and `dueAfter` a second after it.
 */
async function agreesAround(
  g: Fixture,
  edge: bigint,
  id: bigint,
  checks: { name: Flag; call: () => Promise<unknown>; dueAfter: boolean; dueBefore?: boolean }[],
) {
  for (const t of [edge - 1n, edge, edge + 1n]) {
    if (BigInt(await time.latest()) < t) await time.increaseTo(t);
    else expect(BigInt(await time.latest())).to.equal(t, "the edge is in the past");
    for (const { name, call, dueAfter, dueBefore } of checks) {
      const due = await flag(g, id, name);
      expect(due, `${name} at edge ${t - edge}`).to.equal(await passes(call()));
      if (t === edge - 1n) expect(due, `${name} before the edge`).to.equal(dueBefore ?? !dueAfter);
    }
  }
  for (const { name, dueAfter } of checks) expect(await flag(g, id, name), `${name} after`).to.equal(dueAfter);
}

describe("GovernanceLens (against the contracts' own rules)", function () {
  it("lapse: due after the support deadline, exactly when lapse runs", async function () {
    const g = await loadFixture(fixture);
    const id = await propose(g);
    const { supportDeadline } = await g.referendum.proposalOf(id);
    await agreesAround(g, supportDeadline, id, [
      { name: "lapse", call: () => g.referendum.lapse.staticCall(id), dueAfter: true },
    ]);
    await g.referendum.lapse(id);
    expect(await flag(g, id, "lapse")).to.equal(false);
  });

  it("missed response: due after the response deadline, not when the council answered in time", async function () {
    const g = await loadFixture(fixture);
    await g.fund(g.voters[1], tokens(100_000));
    const missed = await propose(g);
    await g.referendum.connect(g.voters[1]).support(missed);
    const answered = await propose(g);
    await g.referendum.connect(g.voters[1]).support(answered);
    const subject = await g.council.statementSubject(0, answered, ethers.ZeroAddress, "ipfs://support");
    for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
    await g.council.issueStatement(0, answered, ethers.ZeroAddress, "ipfs://support");

    const { responseDeadline } = await g.referendum.proposalOf(missed);
    await agreesAround(g, responseDeadline, missed, [
      {
        name: "missedResponse",
        call: () => g.referendum.recordMissedResponse.staticCall(missed),
        dueAfter: true,
      },
    ]);
    expect(await flag(g, answered, "missedResponse")).to.equal(false);
    expect(await passes(g.referendum.recordMissedResponse.staticCall(answered))).to.equal(false);
  });

  it("bloc vote and close: the bloc vote until the vote ends, close after it", async function () {
    const g = await loadFixture(fixture);
    const id = await openReferendum(g);
    expect(await flag(g, id, "blocVote")).to.equal(false);
    const subject = await g.referendum.blocSubject(id);
    for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
    const { voteStart, voteDuration } = await g.referendum.proposalOf(id);
    await agreesAround(g, voteStart + voteDuration, id, [
      { name: "blocVote", call: () => g.referendum.castBlocVote.staticCall(id), dueAfter: false },
      { name: "close", call: () => g.referendum.closeReferendum.staticCall(id), dueAfter: true },
    ]);
  });

  it("bloc vote: cast, then due again only when the council changes its mind", async function () {
    const g = await loadFixture(fixture);
    const id = await openReferendum(g);
    const subject = await g.referendum.blocSubject(id);
    for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.for);
    expect(await flag(g, id, "blocVote")).to.equal(true);
    await g.referendum.castBlocVote(id);
    expect(await flag(g, id, "blocVote")).to.equal(false);
    expect(await passes(g.referendum.castBlocVote.staticCall(id))).to.equal(false);
    for (const member of g.members.slice(0, 2)) await g.council.connect(member).memberVote(subject, CHOICE.against);
    expect(await flag(g, id, "blocVote")).to.equal(true);
    expect(await passes(g.referendum.castBlocVote.staticCall(id))).to.equal(true);
  });

  it("queue, execute and expire at the edges of the Timelock delay and the execution period", async function () {
    const g = await loadFixture(fixture);
    const actions = await budgetActions(g);
    const left = await openReferendum(g);
    const queued = await openReferendum(g);
    const { voteStart, voteDuration } = await g.referendum.proposalOf(queued);
    await time.increaseTo(voteStart + voteDuration + 1n);
    await g.referendum.closeReferendum(left);
    await g.referendum.closeReferendum(queued);
    const args = [actions.targets, actions.values, actions.calldatas] as const;
    await g.referendum.queue(queued, ...args);
    const { eta } = await g.referendum.proposalOf(queued);
    const { closedAt } = await g.referendum.proposalOf(left);

    const executeChecks = [
      { name: "execute" as const, call: () => g.referendum.execute.staticCall(queued, ...args), dueAfter: true },
      {
        name: "expire" as const,
        call: () => g.referendum.expire.staticCall(queued),
        dueAfter: false,
        dueBefore: false,
      },
    ];
    await agreesAround(g, eta, queued, executeChecks);
    await agreesAround(g, closedAt + EXECUTION_PERIOD, left, [
      { name: "queue", call: () => g.referendum.queue.staticCall(left, ...args), dueAfter: false },
      { name: "expire", call: () => g.referendum.expire.staticCall(left), dueAfter: true },
    ]);
    await agreesAround(g, eta + EXECUTION_PERIOD, queued, [
      { name: "execute", call: () => g.referendum.execute.staticCall(queued, ...args), dueAfter: false },
      { name: "expire", call: () => g.referendum.expire.staticCall(queued), dueAfter: true },
    ]);
    const [due] = await g.lens.dueProposals(0, 10);
    expect(due.map((entry) => entry.proposalId)).to.deep.equal([left, queued]);
    expect(due[1].actionsHash).to.equal(
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]", "bytes[]"], [...args])),
    );
  });

  it("elections: open from electionDueAt, finalize after the voting period", async function () {
    const g = await loadFixture(fixture);
    const dueAt = await g.council.electionDueAt();
    const openCheck = async () => {
      const election = await g.lens.dueElection();
      return [election.open, await passes(g.council.connect(g.keeper).openElection.staticCall())];
    };
    for (const t of [dueAt - 1n, dueAt, dueAt + 1n]) {
      await time.increaseTo(t);
      const [lens, contract] = await openCheck();
      expect(lens, `open at edge ${t - dueAt}`).to.equal(contract);
      if (t === dueAt - 1n) expect(lens, "not open before the edge").to.equal(false);
    }
    expect((await g.lens.dueElection()).open).to.equal(true);
    await g.council.connect(g.keeper).openElection();
    const electionId = await g.council.latestElectionId();
    const { votingEnd } = await g.council.electionOf(electionId);
    const opened = await g.lens.dueElection();
    expect([opened.electionId, opened.openDueAt, opened.open, opened.finalize]).to.deep.equal([
      electionId,
      ethers.MaxUint256,
      false,
      false,
    ]);
    for (const t of [votingEnd - 1n, votingEnd, votingEnd + 1n]) {
      await time.increaseTo(t);
      const due = await g.lens.dueElection();
      expect(due.finalize, `finalize at edge ${t - votingEnd}`).to.equal(
        await passes(g.council.finalizeElection.staticCall(50)),
      );
      if (t === votingEnd - 1n) expect(due.finalize, "not before the edge").to.equal(false);
    }
    expect((await g.lens.dueElection()).finalize).to.equal(true);
  });

  it("sweep: due after a distribution's claim period; council pay: not due without an elected council", async function () {
    const g = await loadFixture(fixture);
    await g.token.connect(g.treasury).transfer(g.reserve, tokens(1_000_000));
    await g.reserve.connect(g.keeper).distributeExcess();
    const { claimDeadline } = await g.reserve.distributionOf(1);
    for (const t of [claimDeadline - 1n, claimDeadline, claimDeadline + 1n]) {
      await time.increaseTo(t);
      const [ids, next] = await g.lens.dueSweeps(0, 10);
      expect(next).to.equal(0n);
      expect(ids.length === 1, `sweep at edge ${t - claimDeadline}`).to.equal(
        await passes(g.reserve.sweep.staticCall(1)),
      );
      if (t === claimDeadline - 1n) expect(ids.length, "not before the edge").to.equal(0);
    }
    await g.reserve.sweep(1);
    expect((await g.lens.dueSweeps(1, 10))[0]).to.deep.equal([]);
    const payment = await g.lens.duePayment();
    expect(payment.due).to.equal(false);
    expect(payment.dueAt).to.equal(ethers.MaxUint256);
    expect(await passes(g.reserve.payCouncil.staticCall())).to.equal(false);
  });
});
