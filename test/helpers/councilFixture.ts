// An elected council of `count` members on the governance fixture (test/helpers/governanceFixture.ts):
// one election opened by a transitional member, `count` candidates each voted in by a fresh voter
// with the election threshold, finalized. The members are funded wallets (signers).
import type { HDNodeWallet } from "ethers";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { PROFILE, type Governance } from "./governanceFixture.ts";

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
