// The council's own governance end to end on anvil with the `local` genesis (a day is a minute):
// four members are elected, declare for chair and elect one over two rounds (the keeper closes the
// first), then three of them remove the fourth by peers (`jiaozi council remove`), which appeals
// (`jiaozi council appeal`); the holder passes the restoration referendum, the keepers close,
// queue and execute it (or the test does, the appeal paying no bounties), and the member sits
// again. The indexer shows the ballot round by round, the chair and the removal's outcome.
import { expect } from "chai";
import { parseEther, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CouncilAbi } from "../../abis/Council.ts";
import { CouncilChairAbi } from "../../abis/CouncilChair.ts";
import { ReferendumAbi } from "../../abis/Referendum.ts";
import {
  COUNCIL_KEYS,
  fundWithTokens,
  graphql,
  KEEPER_KEYS,
  PROVIDER_KEYS,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import {
  elapse as elapseOn,
  indexChain,
  runCommand,
  startChainWithGenesis,
  type TestChain,
} from "../../scripts/testchain.ts";
import { JOBS } from "../src/jobs.ts";

const GOVERNANCE_JOBS = Object.keys(JOBS)
  .filter((name) => /^(council|referendum|reserve)-/.test(name))
  .join(",");
const LOCAL_DAY = 60;

describe("council chair, removal by peers and appeal end to end (anvil)", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let indexer: Service & { url: string; graphql: string };
  const running: Service[] = [];
  const members: Hex[] = [TEAM_KEY, COUNCIL_KEYS[0], KEEPER_KEYS[1], PROVIDER_KEYS[0]];
  const addresses = members.map((key) => privateKeyToAccount(key).address);

  before(async function () {
    chain = await startChainWithGenesis();
    indexer = await indexChain(chain);
    running.push(indexer);
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const at = (name: string) => chain.deployments.contracts[name].address;
  const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const elapse = (seconds: number) => elapseOn(chain, seconds);
  const now = async () => (await chain.client.getBlock()).timestamp;
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    chain.client.readContract({
      address,
      abi: abi as never,
      functionName: functionName as never,
      args: args as never,
    }) as Promise<T>;

  it("elects a chair over two rounds, removes a member by peers and restores it on appeal, all in GraphQL", async function () {
    const council = at("Council");
    const chair = at("CouncilChair");
    const referendum = at("Referendum");
    await fundWithTokens(chain.anvil.url, chain.deploymentsFile, addresses, parseEther("10000"));
    await cli(TOKEN_HOLDER_KEY, "gov", "delegate");

    // An election of the four, opened by the keeper when due.
    await elapse(Number((await read<bigint>(council, CouncilAbi, "electionDueAt")) - (await now())) + 1);
    running.push(
      startKeepers(["run", "--jobs", GOVERNANCE_JOBS, "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );
    await waitFor(
      "the election to open",
      async () => (await read<bigint>(council, CouncilAbi, "latestElectionId")) === 1n,
      120_000,
    );
    for (const key of members) await cli(key, "gov", "declare", "--bond", "10000", "--profile", "ipfs://profile");
    const election = await read<{ votingStart: number | bigint; votingEnd: number | bigint }>(
      council,
      CouncilAbi,
      "electionOf",
      [1n],
    );
    await elapse(Number(BigInt(election.votingStart) - (await now())) + 1);
    await cli(TOKEN_HOLDER_KEY, "gov", "vote-candidates", ...addresses.flatMap((a) => ["--candidate", `${a}=1000000`]));
    await elapse(Number(BigInt(election.votingEnd) - (await now())) + 1);
    await waitFor(
      "the keeper to seat the council",
      async () => (await read<Address[]>(council, CouncilAbi, "sittingMembers")).length === 4,
      120_000,
    );

    // The chair: three declare; round 1 is 2-1-1 (no majority of 4), the keeper closes it and the
    // latest of the fewest goes; in round 2 the first reaches 3 of 4 and wins at once.
    for (const key of members.slice(0, 3)) await cli(key, "council", "chair-declare");
    const [a, b, c] = addresses;
    for (const [key, candidate] of [
      [members[0], a],
      [members[1], b],
      [members[2], c],
      [members[3], a],
    ] as const)
      await cli(key, "council", "chair-vote", "--candidate", candidate);
    await elapse(3 * LOCAL_DAY + 1);
    await waitFor(
      "the keeper to close round 1",
      async () => (await read<{ round: number }>(chair, CouncilChairAbi, "ballotOf", [1n])).round === 2,
      60_000,
    );
    // Votes are per round: round 2 starts empty; the third vote for the first is a majority of 4.
    await cli(members[0], "council", "chair-vote", "--candidate", a);
    await cli(members[1], "council", "chair-vote", "--candidate", a);
    const won = await cli(members[2], "council", "chair-vote", "--candidate", a);
    expect(won.chair.toLowerCase()).to.equal(a.toLowerCase());
    await cli(members[0], "council", "report", "--uri", "ipfs://report-1");

    // Removal by peers of the fourth, then its appeal.
    const d = addresses[3];
    for (const key of members.slice(0, 2))
      await cli(key, "council", "remove", "--member", d, "--grounds", "ipfs://grounds", "--choice", "for");
    const removed = await cli<{ removalId: string }>(
      members[2],
      "council",
      "remove",
      "--member",
      d,
      "--grounds",
      "ipfs://grounds",
      "--choice",
      "for",
      "--execute",
    );
    expect(removed.removalId).to.equal("1");
    expect(await read<boolean>(council, CouncilAbi, "isSittingMember", [d])).to.equal(false);
    const appealed = await cli<{ proposalId: string }>(
      members[3],
      "council",
      "appeal",
      "--removal",
      "1",
      "--description",
      "ipfs://appeal",
    );
    const proposalId = BigInt(appealed.proposalId);
    await cli(TOKEN_HOLDER_KEY, "gov", "vote", "--proposal", appealed.proposalId, "--side", "for");
    const proposal = await read<{ voteStart: number; voteDuration: number }>(referendum, ReferendumAbi, "proposalOf", [
      proposalId,
    ]);
    await elapse(Number(BigInt(proposal.voteStart) + BigInt(proposal.voteDuration) - (await now())) + 1);
    await waitFor(
      "the keeper to close the appeal",
      async () => (await read<number>(referendum, ReferendumAbi, "state", [proposalId])) >= 4,
      60_000,
    );
    await waitFor(
      "the keeper to queue the appeal",
      async () => (await read<number>(referendum, ReferendumAbi, "state", [proposalId])) >= 5,
      60_000,
    );
    await elapse(2 * LOCAL_DAY + 1);
    await waitFor(
      "the keeper to execute the appeal",
      async () => (await read<number>(referendum, ReferendumAbi, "state", [proposalId])) === 6,
      60_000,
    );
    expect(await read<boolean>(council, CouncilAbi, "isSittingMember", [d])).to.equal(true);

    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      councilChair: { chair: Address; round: number; candidates: Address[] };
      councilChairBallots: {
        items: {
          round: number;
          closed: boolean;
          votes: number[] | null;
          eliminated: Address | null;
          chair: Address | null;
        }[];
      };
      councilReports: { items: { uri: string; chair: Address }[] };
      councilRemoval: {
        member: Address;
        groundsURI: string;
        votes: number;
        others: number;
        appealProposalId: string;
        outcome: string;
      };
      councilMembers: { items: { member: Address }[] };
    }>(
      indexer.graphql,
      `
        {
          councilChair(ballotId: "1") {
            chair
            round
            candidates
          }
          councilChairBallots(where: { ballotId: "1" }, orderBy: "round", orderDirection: "asc") {
            items {
              round
              closed
              votes
              eliminated
              chair
            }
          }
          councilReports {
            items {
              uri
              chair
            }
          }
          councilRemoval(removalId: "1") {
            member
            groundsURI
            votes
            others
            appealProposalId
            outcome
          }
          councilMembers(where: { termId: "1", sitting: true }) {
            items {
              member
            }
          }
        }
      `,
    );
    expect(indexed.councilChair).to.deep.include({ chair: a.toLowerCase(), round: 2 });
    expect(indexed.councilChairBallots.items).to.deep.equal([
      { round: 1, closed: true, votes: [2, 1, 1], eliminated: c.toLowerCase(), chair: null },
      { round: 2, closed: false, votes: null, eliminated: null, chair: a.toLowerCase() },
    ]);
    expect(indexed.councilReports.items).to.deep.equal([{ uri: "ipfs://report-1", chair: a.toLowerCase() }]);
    expect(indexed.councilRemoval).to.deep.equal({
      member: d.toLowerCase(),
      groundsURI: "ipfs://grounds",
      votes: 3,
      others: 3,
      appealProposalId: appealed.proposalId,
      outcome: "restored",
    });
    expect(indexed.councilMembers.items).to.have.length(4);
  });
});
