// An elected council of `count` members on the governance fixture (test/helpers/governanceFixture.ts):
// one election opened by a transitional member, `count` candidates each voted in by a fresh voter
// with the election threshold, finalized. The members are funded wallets (signers).
import type { HDNodeWallet } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { deployGovernance, FOR, PROFILE, tokens, type Governance } from "./governanceFixture.ts";

const BOND = PROFILE.governance.council.candidateBond;
const THRESHOLD = PROFILE.governance.council.electionThreshold;

/** Elects `count` members (in declaration order) and returns them; the term starts at the finalization. */
export async function electCouncil(g: Governance, helpers: NetworkHelpers, count: number): Promise<HDNodeWallet[]> {
  await g.council.connect(g.members[0]).openElection();
  const electionId = await g.council.latestElectionId();
  const candidates = await g.newAccounts(count);
  const voters = await g.newAccounts(count);
  for (const candidate of candidates) {
    await g.token.connect(g.treasury).transfer(candidate.address, BOND);
    await g.token.connect(candidate).approve(g.council, BOND);
    await g.council.connect(candidate).declareCandidacy(BOND, "ipfs://profile");
  }
  for (const voter of voters) await g.fund(voter, THRESHOLD);
  const election = await g.council.electionOf(electionId);
  await helpers.time.increaseTo(election.votingStart + 1n);
  for (let i = 0; i < count; i++) {
    await g.council.connect(voters[i]).voteCandidates([candidates[i].address], [THRESHOLD]);
  }
  await helpers.time.increaseTo(election.votingEnd + 1n);
  await g.council.finalizeElection(100);
  return candidates;
}

/** Grounds of the removals the tests make. */
export const GROUNDS = "ipfs://grounds";

/** `voters` choose For on removing `member` with `grounds`. */
export async function voteRemoval(g: Governance, member: HDNodeWallet, voters: HDNodeWallet[], grounds = GROUNDS) {
  const subject = await g.council.removalSubject(member.address, grounds);
  for (const voter of voters) await g.council.connect(voter).memberVote(subject, FOR);
  return subject;
}

/** Removes m[target] with the votes of all the others; returns the removal id. */
export async function removeByAll(g: Governance, m: HDNodeWallet[], target: number) {
  await voteRemoval(
    g,
    m[target],
    m.filter((_, i) => i !== target),
  );
  await g.council.removeByPeers(m[target].address, GROUNDS);
  return g.council.removalCount();
}

/** The appeal's proposal with a voter holding the quorum (funded before the appeal's block). */
export async function appealWithVoter(g: Governance, member: HDNodeWallet, removalId: bigint) {
  const voter = g.voters[0];
  await g.fund(voter, PROFILE.governance.referendum.quorum + tokens(1));
  await g.council.connect(member).appeal(removalId, g.referendum, "ipfs://appeal");
  const proposalId = await g.referendum.proposalCount();
  const action = {
    targets: [await g.council.getAddress()],
    values: [0n],
    calldatas: [g.council.interface.encodeFunctionData("restoreMember", [member.address, removalId])],
  };
  return { voter, proposalId, action };
}

/**
 * A fixture (for `loadFixture`: make it once per file) that deploys the governance suite and elects
 * a council of `count`; resolves to the suite and the members.
 */
export function councilFixture(
  connection: { ethers: HardhatEthers; networkHelpers: NetworkHelpers; ignition: NetworkConnection["ignition"] },
  count: number,
) {
  return async function council() {
    const g = await deployGovernance(connection.ethers, connection.networkHelpers, connection.ignition);
    return { g, m: await electCouncil(g, connection.networkHelpers, count) };
  };
}
