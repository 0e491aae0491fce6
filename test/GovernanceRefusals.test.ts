// Every refusal of the governance contracts names its reason: bad parameters at deployment and
// by the Timelock, upkeep before it is due or in the wrong state, and the edges of the council's
// count (more candidates with votes than fallback seats), each with the offending values.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BOUNTY,
  CHOICE,
  DAY,
  deployGovernance,
  PROFILE,
  STATE,
  tokens,
  type Governance,
  proposeBudget as propose,
} from "./helpers/governanceFixture.ts";
import { earlierThan } from "./helpers/upkeep.ts";

const { ethers, networkHelpers, ignition } = await network.create();
const { time, loadFixture } = networkHelpers;
const DEPOSIT = PROFILE.governance.referendum.proposalDeposit;

async function fixture() {
  return deployGovernance(ethers, networkHelpers, ignition);
}

describe("governance refusals", function () {
  it("Referendum refuses every bad parameter by name", async function () {
    const g = await loadFixture(fixture);
    const timelock = await g.asTimelock();
    const p = PROFILE.governance.referendum;
    const bad: [string, Record<string, unknown>][] = [
      ["proposalDeposit", { proposalDeposit: 2n ** 96n, upkeepFee: 0n }],
      ["responseThreshold", { responseThreshold: 0n }],
      ["referendumThreshold", { referendumThreshold: p.responseThreshold - 1n }],
      ["quorum", { quorum: 0n }],
      ["constitutionalQuorum", { constitutionalQuorum: p.quorum - 1n }],
      ["majority", { majority: { numerator: 5n, denominator: 5n } }],
      ["constitutionalMajority", { constitutionalMajority: { numerator: 4n, denominator: 3n } }],
      ["supportPeriod", { supportPeriod: 0n }],
      ["responsePeriod", { responsePeriod: 0n }],
      ["day", { day: 0n }],
      ["minPublicityDays", { minPublicityDays: 31 }],
      ["maxPublicityDays", { day: 2n ** 24n }],
      ["executionPeriod", { executionPeriod: 0n }],
    ];
    for (const [name, change] of bad) {
      await expect(g.referendum.connect(timelock).setParameters({ ...p, ...change }), name)
        .to.be.revertedWithCustomError(g.referendum, "InvalidParameter")
        .withArgs(name, (value: unknown) => value !== undefined);
    }
    await expect(g.referendum.connect(timelock).setParameters({ ...p, quorum: p.quorum + 1n })).to.emit(
      g.referendum,
      "ParametersChanged",
    );
    expect((await g.referendum.parameters()).quorum).to.equal(p.quorum + 1n);
  });

  it("Referendum refuses upkeep in the wrong state or too late", async function () {
    const g = await loadFixture(fixture);
    const whale = g.voters[0];
    await g.fund(whale, tokens(100_000_000));
    const id = await propose(g);
    await expect(g.referendum.recordMissedResponse(id))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Proposed);
    await expect(g.referendum.closeReferendum(id))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Proposed);
    await expect(g.referendum.queue(id, [], [], []))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Proposed);
    await expect(g.referendum.expire(id))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Proposed);
    await expect(g.referendum.castBlocVote(id)).to.be.revertedWithCustomError(g.referendum, "VotingClosed");
    expect(await g.referendum.hasSupported(id, whale)).to.equal(false);
    await g.referendum.connect(whale).support(id);
    expect(await g.referendum.hasSupported(id, whale)).to.equal(true);
    await expect(g.referendum.connect(g.proposer).cancel(id))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Referendum);
    await expect(g.referendum.lapse(id))
      .to.be.revertedWithCustomError(g.referendum, "UnexpectedState")
      .withArgs(id, STATE.Referendum);
    expect(await g.referendum.hasVoted(id, whale)).to.equal(false);

    // A second proposal whose support window closes.
    const late = await propose(g);
    await time.increaseTo((await g.referendum.proposalOf(late)).supportDeadline + 1n);
    await expect(g.referendum.connect(whale).support(late)).to.be.revertedWithCustomError(
      g.referendum,
      "SupportClosed",
    );
  });

  it("Referendum moves the bloc vote from against to for, and keeps at least what was paid at a refund", async function () {
    const g = await loadFixture(fixture);
    const whale = g.voters[0];
    await g.fund(whale, tokens(100_000_000));
    const id = await propose(g);
    await g.referendum.connect(whale).support(id);
    const subject = await g.referendum.blocSubject(id);
    for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.against);
    await g.referendum.castBlocVote(id);
    for (const m of g.members.slice(0, 2)) await g.council.connect(m).memberVote(subject, CHOICE.for);
    await g.referendum.castBlocVote(id);
    const p = await g.referendum.proposalOf(id);
    expect([p.againstVotes, p.forVotes > 0n]).to.deep.equal([0n, true]);

    // No upkeep fee: the refund still keeps what the upkeep already paid.
    const timelock = await g.asTimelock();
    await g.referendum.connect(timelock).setParameters({ ...PROFILE.governance.referendum, upkeepFee: 0n });
    await g.fund(g.proposer, tokens(100_000));
    const [other] = [g.voters[2]];
    await g.fund(other, tokens(100_000));
    await networkHelpers.mine();
    const second = await propose(g);
    await g.referendum.connect(g.proposer).support(second);
    await time.increaseTo((await g.referendum.proposalOf(second)).responseDeadline + 1n);
    await g.referendum.connect(g.keeper).recordMissedResponse(second);
    await expect(g.referendum.connect(other).support(second))
      .to.emit(g.referendum, "DepositRefunded")
      .withArgs(second, g.proposer.address, DEPOSIT - BOUNTY);
    expect(await g.referendum.proposalCost(second)).to.deep.equal([BOUNTY, BOUNTY]);

    // No deposit at all: cancelling forfeits nothing.
    await g.referendum
      .connect(timelock)
      .setParameters({ ...PROFILE.governance.referendum, proposalDeposit: 0n, upkeepFee: 0n });
    const targets = [await g.reserve.getAddress()];
    const calldatas = [g.reserve.interface.encodeFunctionData("approveBudget", [tokens(1)])];
    await g.referendum.connect(g.keeper).propose(targets, [0n], calldatas, "ipfs://free", false, 7);
    const free = await g.referendum.proposalCount();
    await expect(g.referendum.connect(g.keeper).cancel(free)).not.to.emit(g.referendum, "DepositForfeited");
  });

  it("Council refuses bad deployments and parameters by name", async function () {
    const g = await loadFixture(fixture);
    const factory = await ethers.getContractFactory("Council");
    const c = PROFILE.governance.council;
    const args = (members: string[], term = PROFILE.governance.transitionalTerm, parameters = c) =>
      [g.token, g.votingPower, g.rewards, g.timelock, parameters, members, term] as const;
    const m = g.members.map((s) => s.address);
    await expect(factory.deploy(...args(m, c.nominationPeriod + c.votingPeriod)))
      .to.be.revertedWithCustomError(g.council, "InvalidParameter")
      .withArgs("transitionalTerm", c.nominationPeriod + c.votingPeriod);
    await expect(factory.deploy(...args([])))
      .to.be.revertedWithCustomError(g.council, "InvalidParameter")
      .withArgs("transitionalMembers", 0);
    const many = Array.from({ length: 65 }, (_, i) => ethers.toBeHex(i + 1, 20));
    await expect(factory.deploy(...args(many)))
      .to.be.revertedWithCustomError(g.council, "TooManyMembers")
      .withArgs(65, 64);
    await expect(factory.deploy(...args([ethers.ZeroAddress])))
      .to.be.revertedWithCustomError(g.council, "InvalidMember")
      .withArgs(ethers.ZeroAddress);
    await expect(factory.deploy(...args([m[0], m[0]])))
      .to.be.revertedWithCustomError(g.council, "DuplicateMember")
      .withArgs(m[0]);
    const timelock = await g.asTimelock();
    const bad: [string, Record<string, unknown>][] = [
      ["candidateBond", { candidateBond: 0n }],
      ["nominationPeriod", { nominationPeriod: 0n }],
      ["votingPeriod", { votingPeriod: 0n }],
      ["term", { term: c.nominationPeriod + c.votingPeriod }],
    ];
    for (const [name, change] of bad) {
      await expect(g.council.connect(timelock).setParameters({ ...c, ...change }), name)
        .to.be.revertedWithCustomError(g.council, "InvalidParameter")
        .withArgs(name, (value: unknown) => value !== undefined);
    }
  });

  it("Council refuses election calls out of their windows, and counts more voted candidates than seats", async function () {
    const g = await loadFixture(fixture);
    await expect(g.council.declareCandidacy(1n, "ipfs://c")).to.be.revertedWithCustomError(g.council, "NoElection");
    await expect(g.council.finalizeElection(1)).to.be.revertedWithCustomError(g.council, "NoElection");
    await expect(g.council.voteCandidates([], [])).to.be.revertedWithCustomError(g.council, "NotInVoting");
    await expect(g.council.connect(await g.asTimelock()).removeMember(g.keeper.address))
      .to.be.revertedWithCustomError(g.council, "NotSittingMember")
      .withArgs(g.keeper.address);
    await g.council.connect(g.members[0]).openElection();
    expect(await g.council.electionDueAt()).to.equal(ethers.MaxUint256);
    const candidates = await g.newAccounts(7);
    const bond = PROFILE.governance.council.candidateBond;
    for (const candidate of candidates) {
      await g.token.connect(g.treasury).transfer(candidate.address, bond);
      await g.token.connect(candidate).approve(g.council, bond);
      await g.council.connect(candidate).declareCandidacy(bond, "ipfs://c");
    }
    const election = await g.council.electionOf(1);
    await expect(g.council.finalizeElection(1))
      .to.be.revertedWithCustomError(g.council, "NotDue")
      .withArgs(election.votingEnd + 1n, earlierThan(election.votingEnd + 1n));
    const voter = g.voters[0];
    await g.fund(voter, tokens(100));
    await time.increaseTo(election.votingStart + 1n);
    const addresses = candidates.map((c) => c.address);
    await expect(g.council.connect(voter).voteCandidates(addresses, [1n]))
      .to.be.revertedWithCustomError(g.council, "LengthMismatch")
      .withArgs(7, 1);
    // Ascending votes (and one zero weight, skipped): each new candidate moves ahead of the others.
    const weights = [0n, 1n, 2n, 3n, 4n, 5n, 6n].map((w) => tokens(w));
    await g.council.connect(voter).voteCandidates(addresses, weights);
    expect(await g.council.allocationOf(1, voter)).to.have.length(6);
    await time.increaseTo(election.votingEnd + 1n);
    await expect(g.council.finalizeElection(0))
      .to.be.revertedWithCustomError(g.council, "InvalidParameter")
      .withArgs("batch", 0);
    await g.council.finalizeElection(64);
    const seated = await g.council.sittingMembers();
    expect(seated).to.deep.equal(addresses.slice(2).reverse());
    // After the term, no term is live: no decision, nobody sits.
    const [, term] = await g.council.currentTerm();
    await time.increaseTo(term.end);
    expect(await g.council.decision(ethers.ZeroHash)).to.equal(0);
  });

  it("CouncilReserve refuses bad parameters, zero budgets and unknown distributions", async function () {
    const g = await loadFixture(fixture);
    const timelock = await g.asTimelock();
    const r = { ...PROFILE.governance.reserve, rewardsReserve: await g.rewardsReserve.getAddress() };
    const bad: [string, Record<string, unknown>][] = [
      ["liquidityBps", { liquidityBps: 10_001 }],
      ["liquidityWindow", { liquidityWindow: 0n }],
      ["claimPeriod", { claimPeriod: 0n }],
      ["rewardsReserve", { rewardsReserve: ethers.ZeroAddress }],
    ];
    for (const [name, change] of bad) {
      await expect(g.reserve.connect(timelock).setParameters({ ...r, ...change }), name)
        .to.be.revertedWithCustomError(g.reserve, "InvalidParameter")
        .withArgs(name, (value: unknown) => value !== undefined);
    }
    await g.reserve.connect(timelock).setParameters({ ...r, claimPeriod: 2n * DAY });
    expect((await g.reserve.parameters()).claimPeriod).to.equal(2n * DAY);
    await expect(g.reserve.connect(timelock).approveBudget(0))
      .to.be.revertedWithCustomError(g.reserve, "InvalidAmount")
      .withArgs(0);
    await expect(g.reserve.connect(timelock).grantLiquidity(g.keeper.address, 0, ethers.ZeroHash))
      .to.be.revertedWithCustomError(g.reserve, "InvalidAmount")
      .withArgs(0);
    await expect(g.reserve.connect(g.keeper).claim(7, g.keeper.address))
      .to.be.revertedWithCustomError(g.reserve, "UnknownDistribution")
      .withArgs(7);
    expect(await g.reserve.claimable(7, g.keeper.address)).to.equal(0n);
  });
});
