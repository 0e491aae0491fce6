// Governance end to end on anvil with the `local` genesis (a day is a minute): token holders
// propose, support and vote with `npm run gov`, the transitional council decides the reserve's
// bloc vote, and from there only the keeper daemon moves the proposal: it casts the bloc vote,
// records the council's missed response, closes the referendum, queues it on the Timelock and
// executes it. The executed action changes a KeeperRewards bounty. The indexer, following the
// chain from the start, shows each step over GraphQL.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createWalletClient, http, parseEther, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { CouncilAbi } from "../../abis/Council.ts";
import { CouncilReserveAbi } from "../../abis/CouncilReserve.ts";
import { KeeperRewardsAbi } from "../../abis/KeeperRewards.ts";
import { ReferendumAbi } from "../../abis/Referendum.ts";
import {
  COUNCIL_KEYS,
  fundWithTokens,
  graphql,
  KEEPER_KEYS,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
  writeWithMargin,
} from "../../scripts/stack.ts";
import {
  elapse as elapseOn,
  runCommand,
  startChainWithGenesis,
  type TestChain,
  indexChain,
} from "../../scripts/testchain.ts";
import { JOBS } from "../src/jobs.ts";

const GOVERNANCE_JOBS = Object.keys(JOBS)
  .filter((name) => /^(council|referendum|reserve)-/.test(name))
  .join(",");
/** The local profile's periods: the 1440th part of the mainnet days. */
const LOCAL_DAY = 60;
const VOTING_PERIOD = 7 * LOCAL_DAY;
const RESPONSE_PERIOD = 14 * LOCAL_DAY;
const TIMELOCK_DELAY = 2 * LOCAL_DAY;
const SUPPORT_PERIOD = 60 * LOCAL_DAY;
const EXECUTION_PERIOD = 30 * LOCAL_DAY;
const CLAIM_PERIOD = 365 * LOCAL_DAY;
const CLOSE_KIND = stringToHex("Referendum.close", { size: 32 });

interface IndexedProposal {
  proposal: {
    state: string;
    depositStatus: string;
    upkeepFee: string | null;
    support: string;
    supporters: number;
    responseMissed: boolean;
    forVotes: string;
    againstVotes: string;
    abstainVotes: string;
    voters: number;
    blocSide: string | null;
    blocWeight: string | null;
    succeeded: boolean | null;
    eta: string | null;
    executor: string | null;
    steps: { items: { state: string }[] };
  } | null;
}
const PROPOSAL_QUERY = `query ($id: BigInt!) {
  proposal(proposalId: $id) {
    state depositStatus upkeepFee support supporters responseMissed forVotes againstVotes abstainVotes voters
    blocSide blocWeight succeeded eta executor
    steps(orderBy: "id", orderDirection: "asc") { items { state } }
  }
}`;

describe("governance end to end (anvil)", function () {
  this.timeout(400_000);
  let chain: TestChain;
  let indexer: Service & { url: string; graphql: string };
  const running: Service[] = [];
  const holder = privateKeyToAccount(TOKEN_HOLDER_KEY).address;
  const team = privateKeyToAccount(TEAM_KEY).address;
  const keeper = privateKeyToAccount(KEEPER_KEYS[0]).address;

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

  /** Runs `npm run gov -- <args>` as `key` and returns the JSON it printed. */
  const gov = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, ["gov", ...args]);
  const elapse = (seconds: number) => elapseOn(chain, seconds);

  async function indexedProposal(id: bigint) {
    await waitForIndexed(indexer.url, chain.anvil.url);
    const { proposal } = await graphql<IndexedProposal>(indexer.graphql, PROPOSAL_QUERY, { id: id.toString() });
    return proposal!;
  }

  /** Sitting members `keys` choose "for" on the proposal's bloc subject (`gov member-vote`); waits
   * for the keeper's bloc vote. */
  async function decideBlocVote(id: bigint, keys: readonly Hex[]) {
    const choices = [];
    for (const key of keys) choices.push(await gov(key, "member-vote", "--bloc", id.toString(), "--choice", "for"));
    expect(choices.at(-1)).to.include({ choice: "for", decision: "for" });
    await waitFor(
      "the keeper to cast the bloc vote",
      async () =>
        (
          await chain.client.readContract({
            address: at("Referendum"),
            abi: ReferendumAbi,
            functionName: "proposalOf",
            args: [id],
          })
        ).blocVoted,
      60_000,
    );
  }

  const proposalState = async (id: bigint) =>
    chain.client.readContract({ address: at("Referendum"), abi: ReferendumAbi, functionName: "state", args: [id] });

  it("takes a proposal to an executed bounty change with only the keepers doing upkeep, each step in GraphQL", async function () {
    // The voters: the public distribution's holder and the team account, which gets 200,000.
    await fundWithTokens(chain.anvil.url, chain.deploymentsFile, [team], parseEther("200000"));
    expect((await gov(TOKEN_HOLDER_KEY, "delegate")).delegatee).to.equal(holder);
    expect((await gov(TEAM_KEY, "delegate")).delegatee).to.equal(team);
    await elapse(2);

    // Propose: raise the bounty for closing referenda from 10 to 20 tokens.
    const actions = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-gov-")), "actions.json");
    const newBounty = parseEther("20");
    writeFileSync(
      actions,
      JSON.stringify([
        { target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [CLOSE_KIND, newBounty.toString()] },
      ]),
    );
    const created = await gov(
      TOKEN_HOLDER_KEY,
      "propose",
      "--actions",
      actions,
      "--description",
      "ipfs://bafy-close-bounty",
      "--publicity-days",
      "7",
    );
    expect(created).to.include({ proposalId: "1", deposit: "1000" });
    const id = 1n;
    expect((await indexedProposal(id)).state).to.equal("Proposed");

    // 200,000 support asks the council to respond and refunds the deposit.
    await elapse(2);
    expect(await gov(TEAM_KEY, "support", "--proposal", "1")).to.include({
      state: "CouncilResponse",
      totalSupport: "200000",
    });
    let indexed = await indexedProposal(id);
    // Refunded less the upkeep fee, which funds the keepers' bounties for this proposal.
    expect(indexed).to.include({
      state: "CouncilResponse",
      depositStatus: "refunded",
      upkeepFee: parseEther("100").toString(),
      supporters: 1,
    });

    // The holder's support passes 100,000,000: the referendum opens.
    const opened = await gov(TOKEN_HOLDER_KEY, "support", "--proposal", "1");
    expect(opened.state).to.equal("Referendum");
    indexed = await indexedProposal(id);
    expect(indexed.state).to.equal("Referendum");
    expect(indexed.support).to.equal((parseEther("200000") + parseEther(opened.weight)).toString());

    // The keepers start now; nothing is due yet.
    running.push(
      startKeepers(["run", "--jobs", GOVERNANCE_JOBS, "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );

    // The holder signs a ballot; the team account submits it (vote by signature), then votes against.
    const ballot = await gov(TOKEN_HOLDER_KEY, "sign-vote", "--proposal", "1", "--side", "for");
    expect(ballot.voter).to.equal(holder);
    const relayed = await gov(
      TEAM_KEY,
      "vote-by-sig",
      "--proposal",
      "1",
      "--side",
      "for",
      "--voter",
      holder,
      "--signature",
      ballot.signature,
    );
    expect(relayed).to.include({ voter: holder, side: "for" });
    const against = await gov(TEAM_KEY, "vote", "--proposal", "1", "--side", "against");
    expect(against).to.include({ voter: team, side: "against", weight: "200000" });

    // Two of the three transitional members decide the reserve votes for; the keeper casts it.
    await decideBlocVote(id, [COUNCIL_KEYS[0], COUNCIL_KEYS[2]]);
    const reserveVotes = parseEther("1000000000");
    indexed = await indexedProposal(id);
    expect(indexed).to.include({ blocSide: "for", blocWeight: reserveVotes.toString(), voters: 2 });
    expect(BigInt(indexed.forVotes)).to.equal(reserveVotes + parseEther(relayed.weight));
    expect(indexed.againstVotes).to.equal(parseEther("200000").toString());
    // The dashboard's list of open referenda carries the same live tally.
    const open = await graphql<{ proposals: { items: { proposalId: string; forVotes: string; voteEnd: string }[] } }>(
      indexer.graphql,
      `
        {
          proposals(where: { state: Referendum }, orderBy: "voteEnd") {
            items {
              proposalId
              forVotes
              voteEnd
            }
          }
        }
      `,
    );
    expect(open.proposals.items).to.have.length(1);
    expect(open.proposals.items[0]).to.include({ proposalId: "1", forVotes: indexed.forVotes });

    // Past the voting period and the council's response deadline: the keepers close the
    // referendum, record the missed response and queue the proposal.
    await elapse(Math.max(VOTING_PERIOD, RESPONSE_PERIOD) + 1);
    await waitFor("the keepers to queue the proposal", async () => (await proposalState(id)) === 5, 60_000);
    indexed = await indexedProposal(id);
    expect(indexed).to.include({ state: "Queued", succeeded: true });
    await waitFor("the missed response on record", async () => (await indexedProposal(id)).responseMissed, 30_000);

    // After the Timelock's delay the keepers execute it: the bounty is now 20.
    await elapse(TIMELOCK_DELAY + 1);
    await waitFor("the keepers to execute the proposal", async () => (await proposalState(id)) === 6, 60_000);
    const { bounty } = await chain.client.readContract({
      address: at("KeeperRewards"),
      abi: KeeperRewardsAbi,
      functionName: "kindOf",
      args: [CLOSE_KIND],
    });
    expect(bounty).to.equal(newBounty);

    indexed = await indexedProposal(id);
    expect(indexed.state).to.equal("Executed");
    expect(indexed.executor?.toLowerCase()).to.equal(keeper.toLowerCase());
    expect(indexed.steps.items.map((step) => step.state)).to.deep.equal([
      "Proposed",
      "CouncilResponse",
      "Referendum",
      "Succeeded",
      "Queued",
      "Executed",
    ]);

    // Every upkeep along the way was the keeper's, and paid its bounty; the new bounty is indexed.
    const upkeep = await graphql<{
      keeperBountys: { items: { kind: Hex; keeper: Address; paid: boolean }[] };
      upkeepKind: { bounty: string };
    }>(
      indexer.graphql,
      `
        query ($kind: String!) {
          keeperBountys(limit: 100) {
            items {
              kind
              keeper
              paid
            }
          }
          upkeepKind(kind: $kind) {
            bounty
          }
        }
      `,
      { kind: CLOSE_KIND },
    );
    const kinds = ["castBlocVote", "close", "missedResponse", "queue", "execute"].map((name) =>
      stringToHex(`Referendum.${name}`, { size: 32 }),
    );
    const paidUpkeep = upkeep.keeperBountys.items.filter((row) => kinds.includes(row.kind));
    expect(paidUpkeep.map((row) => row.kind).sort()).to.deep.equal([...kinds].sort());
    expect(paidUpkeep.every((row) => row.keeper.toLowerCase() === keeper.toLowerCase() && row.paid)).to.equal(true);
    expect(upkeep.upkeepKind.bounty).to.equal(newBounty.toString());
    // The governed modules' rule sets from genesis, in GraphQL.
    const rules = await graphql<{ parameterChanges: { items: { module: string; parameters: string }[] } }>(
      indexer.graphql,
      `
        {
          parameterChanges(orderBy: "id") {
            items {
              module
              parameters
            }
          }
        }
      `,
    );
    expect(rules.parameterChanges.items.map((row) => row.module).sort()).to.deep.equal([
      "AliasRegistry",
      "CharityCampaigns",
      "Committee",
      "Council",
      "CouncilReserve",
      "DataMarket",
      "EconomicPool",
      "HonorPool",
      "ProcurementVote",
      "Referendum",
      "RewardsReserve",
      "TokenizationFactory",
    ]);
    const referendumRules = JSON.parse(
      rules.parameterChanges.items.find((row) => row.module === "Referendum")!.parameters,
    ) as { quorum: string };
    // The local profile halves the quorums: only the public distribution is liquid on a new local chain.
    expect(referendumRules.quorum).to.equal(parseEther("500000000").toString());

    // The dashboard's other questions: a voter's history and the sitting council.
    const dashboard = await graphql<{
      votes: { items: { proposalId: string; side: string; weight: string; proposal: { state: string } }[] };
      councilMembers: { items: { member: Address; termId: string }[] };
    }>(
      indexer.graphql,
      `
        query ($voter: String!) {
          votes(where: { voter: $voter }) {
            items {
              proposalId
              side
              weight
              proposal {
                state
              }
            }
          }
          councilMembers(where: { sitting: true }) {
            items {
              member
              termId
            }
          }
        }
      `,
      { voter: holder },
    );
    expect(dashboard.votes.items).to.deep.equal([
      { proposalId: "1", side: "for", weight: parseEther(relayed.weight).toString(), proposal: { state: "Executed" } },
    ]);
    const sitting = await chain.client.readContract({
      address: at("Council"),
      abi: CouncilAbi,
      functionName: "sittingMembers",
    });
    expect(dashboard.councilMembers.items.map((m) => m.member.toLowerCase()).sort()).to.deep.equal(
      sitting.map((m) => m.toLowerCase()).sort(),
    );
  });
  it("lapses an unsupported proposal, distributes the forfeited deposit, runs a council election and pays the council, all by the keepers", async function () {
    const reserve = at("CouncilReserve");
    const council = at("Council");
    const now = async () => (await chain.client.getBlock()).timestamp;

    // An action nobody supports: after the support window the keeper lapses it, the deposit goes
    // to the reserve, which is then above its cap, and the keeper distributes the excess.
    const actions = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-gov-")), "actions.json");
    writeFileSync(
      actions,
      JSON.stringify([{ target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [CLOSE_KIND, "1"] }]),
    );
    const { proposalId } = await gov(TOKEN_HOLDER_KEY, "propose", "--actions", actions);
    const id = BigInt(proposalId);
    await elapse(SUPPORT_PERIOD + 1);
    await waitFor("the keeper to lapse the proposal", async () => (await proposalState(id)) === 7, 60_000);
    await waitFor(
      "the keeper to distribute the forfeited deposit",
      async () =>
        (await chain.client.readContract({
          address: reserve,
          abi: CouncilReserveAbi,
          functionName: "distributionCount",
        })) === 1n,
      60_000,
    );
    // Only the holder (or a claimer it named) claims its share (issue 13, attack 9).
    await writeWithMargin(
      chain.client,
      createWalletClient({
        chain: foundry,
        transport: http(chain.anvil.url),
        account: privateKeyToAccount(TOKEN_HOLDER_KEY),
      }),
      { address: reserve, abi: CouncilReserveAbi, functionName: "claim", args: [1n, holder] },
    );
    const lapsed = await indexedProposal(id);
    expect(lapsed).to.include({ state: "Expired", depositStatus: "forfeited" });
    expect(lapsed.steps.items.map((step) => step.state)).to.deep.equal(["Proposed", "Expired"]);

    // The transitional council's successor: the keeper opens the election when it is due.
    const dueAt = await chain.client.readContract({ address: council, abi: CouncilAbi, functionName: "electionDueAt" });
    await elapse(Number(dueAt - (await now())) + 1);
    await waitFor(
      "the keeper to open the election",
      async () =>
        (await chain.client.readContract({ address: council, abi: CouncilAbi, functionName: "latestElectionId" })) ===
        1n,
      60_000,
    );
    const declared = await gov(TEAM_KEY, "declare", "--bond", "10000", "--profile", "ipfs://team-profile");
    expect(declared).to.include({ candidate: team, bond: "10000" });
    const election = await chain.client.readContract({
      address: council,
      abi: CouncilAbi,
      functionName: "electionOf",
      args: [1n],
    });
    await elapse(Number(BigInt(election.votingStart) - (await now())) + 1);
    const voted = await gov(TOKEN_HOLDER_KEY, "vote-candidates", "--candidate", `${team}=500000000`);
    expect(voted.voter).to.equal(holder);

    // After the vote the keepers seat the council and pay its first installment.
    await elapse(Number(BigInt(election.votingEnd) - (await now())) + 1);
    await waitFor(
      "the keeper to pay the new council",
      async () =>
        (
          await chain.client.readContract({ address: reserve, abi: CouncilReserveAbi, functionName: "nextInstallment" })
        )[1] === 1n,
      60_000,
    );
    expect(
      await chain.client.readContract({ address: council, abi: CouncilAbi, functionName: "sittingMembers" }),
    ).to.deep.equal([team]);

    // A year after the distribution, what the holders left unclaimed is swept.
    const distribution = await chain.client.readContract({
      address: reserve,
      abi: CouncilReserveAbi,
      functionName: "distributionOf",
      args: [1n],
    });
    await elapse(Number(BigInt(distribution.claimDeadline) - (await now())) + 1);
    await waitFor(
      "the keeper to sweep the distribution",
      async () =>
        (
          await chain.client.readContract({
            address: reserve,
            abi: CouncilReserveAbi,
            functionName: "distributionOf",
            args: [1n],
          })
        ).swept,
      60_000,
    );

    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      distribution: { amount: string; claimed: string; claims: number; swept: boolean; sweptAmount: string };
      election: { status: string; candidateCount: number; voters: number; termId: string };
      candidates: { items: { candidate: Address; votes: string; elected: boolean }[] };
      councilMembers: { items: { member: Address; termId: string }[] };
      councilTerm: { current: boolean; seats: number; installmentsPaid: number };
      reservePayments: { items: { purpose: string; to: Address; amount: string }[] };
    }>(
      indexer.graphql,
      `
        {
          distribution(distributionId: "1") {
            amount
            claimed
            claims
            swept
            sweptAmount
          }
          election(electionId: "1") {
            status
            candidateCount
            voters
            termId
          }
          candidates(where: { electionId: "1" }) {
            items {
              candidate
              votes
              elected
            }
          }
          councilMembers(where: { sitting: true }) {
            items {
              member
              termId
            }
          }
          councilTerm(termId: "1") {
            current
            seats
            installmentsPaid
          }
          reservePayments {
            items {
              purpose
              to
              amount
            }
          }
        }
      `,
    );
    expect(indexed.distribution).to.include({ amount: parseEther("1000").toString(), claims: 1, swept: true });
    expect(BigInt(indexed.distribution.claimed) + BigInt(indexed.distribution.sweptAmount)).to.equal(
      parseEther("1000"),
    );
    expect(indexed.election).to.deep.equal({ status: "seated", candidateCount: 1, voters: 1, termId: "1" });
    expect(indexed.candidates.items).to.deep.equal([
      { candidate: team.toLowerCase(), votes: parseEther("500000000").toString(), elected: true },
    ]);
    expect(indexed.councilMembers.items).to.deep.equal([{ member: team.toLowerCase(), termId: "1" }]);
    expect(indexed.councilTerm).to.deep.equal({ current: true, seats: 1, installmentsPaid: 1 });
    expect(indexed.reservePayments.items).to.deep.equal([
      { purpose: "infrastructure", to: team.toLowerCase(), amount: parseEther("200000").toString() },
    ]);
  });
  it("keeps a passed proposal whose action reverts queued, then the keeper expires it", async function () {
    const actions = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-gov-")), "actions.json");
    const unknownKind = stringToHex("Nope.never", { size: 32 });
    writeFileSync(
      actions,
      JSON.stringify([{ target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [unknownKind, "1"] }]),
    );
    const { proposalId } = await gov(TOKEN_HOLDER_KEY, "propose", "--actions", actions);
    const id = BigInt(proposalId);
    await elapse(2);
    expect((await gov(TOKEN_HOLDER_KEY, "support", "--proposal", proposalId)).state).to.equal("Referendum");
    await gov(TOKEN_HOLDER_KEY, "vote", "--proposal", proposalId, "--side", "for");
    // The elected council (the team account alone) puts the reserve behind it.
    await decideBlocVote(id, [TEAM_KEY]);

    await elapse(VOTING_PERIOD + 1);
    await waitFor("the keepers to queue the proposal", async () => (await proposalState(id)) === 5, 60_000);
    // Executable, but its action reverts: the keeper's simulation refuses it and nothing is sent.
    await elapse(TIMELOCK_DELAY + 1);
    await sleep(3_000);
    expect(await proposalState(id)).to.equal(5);
    await elapse(EXECUTION_PERIOD);
    await waitFor("the keeper to expire the proposal", async () => (await proposalState(id)) === 7, 60_000);
    const indexed = await indexedProposal(id);
    expect(indexed.steps.items.map((step) => step.state)).to.deep.equal([
      "Proposed",
      "CouncilResponse",
      "Referendum",
      "Succeeded",
      "Queued",
      "Expired",
    ]);
    expect(indexed.executor).to.equal(null);

    // The council (the team account alone) decides a statement and a liquidity grant by `gov
    // member-vote`; anyone then issues the one and makes the other.
    const about = ["--proposal", proposalId, "--uri", "ipfs://bafy-postmortem"];
    const undecided = await gov(TOKEN_HOLDER_KEY, "statement", "--kind", "reserve", ...about).catch(
      (error: Error) => error.message,
    );
    expect(undecided).to.include("NotDecided");
    const chose = await gov(TEAM_KEY, "member-vote", "--statement", "reserve", ...about, "--choice", "for");
    expect(chose).to.include({ choice: "for", decision: "for" });
    const issued = await gov(TOKEN_HOLDER_KEY, "statement", "--kind", "reserve", ...about);
    expect(issued).to.include({ kind: "Reserve", proposalId, subject: chose.subject });
    const grant = ["--to", holder, "--amount", "1000", "--ref", "liquidity for DMP"];
    await gov(TEAM_KEY, "member-vote", "--payment", "issuerLiquidity", ...grant, "--choice", "for");
    expect(await gov(TOKEN_HOLDER_KEY, "pay", "--purpose", "issuerLiquidity", ...grant)).to.include({
      purpose: "issuerLiquidity",
      to: holder,
      amount: "1000",
    });

    await waitForIndexed(indexer.url, chain.anvil.url);
    const council = await graphql<{
      statements: { items: { kind: string; uri: string }[] };
      reservePayments: { items: { to: Address; amount: string }[] };
    }>(
      indexer.graphql,
      `
        query ($id: BigInt!) {
          statements(where: { proposalId: $id }) {
            items {
              kind
              uri
            }
          }
          reservePayments(where: { purpose: "issuerLiquidity" }) {
            items {
              to
              amount
            }
          }
        }
      `,
      { id: proposalId },
    );
    expect(council.statements.items).to.deep.equal([{ kind: "Reserve", uri: "ipfs://bafy-postmortem" }]);
    expect(council.reservePayments.items).to.deep.equal([
      { to: holder.toLowerCase(), amount: parseEther("1000").toString() },
    ]);
  });
});
