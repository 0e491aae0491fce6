// The dashboard test's fixed scenario (issue 20), seeded on a fresh `local` chain before the indexer
// starts: every module with something to show. The keeper daemon (every job), the oracle feeder,
// an honor node settling storage epochs and three storage providers run beside it as in
// `npm start`; time moves with evm_increaseTime (a local day is 60 s) and the daemons get real
// time (blocks mined every 250 ms) at each step.
//
// What the chain holds afterwards:
// - governance: proposal 1 passed and executed (the holder for, the transitional council's bloc
//   vote for), proposal 2 voted down (the holder and the team against), proposal 3 open in its
//   referendum with the holder's vote for; the first council election (opened by a transitional
//   member, five candidates, the holder's votes split over them) finalized; the holder's alias;
// - tokenization: DUMP (the holder's, 1,200 consumed in every period: compliant) and LATE (the
//   team's, nothing consumed in its first period: defaulted, then cured by a buyback; 1,200 in
//   each period after), a purchase on DUMP's market;
// - storage: three landlords, one 1 MB lease of 150 days proved in its first epoch by two of its three
//   holders (the third's provider stopped for that epoch: a missed proof);
// - staking: seven honor nodes (the first committee drawn from them), three economic stakers, the
//   pool's first round locked and settled by the keepers;
// - insurance: the flight-delay product, one policy paid (137 minutes late) and one expired;
// - community: a charity campaign of two milestones, the first released by two of three verifiers.
// Every step that the chain must have done is checked here (a missing state fails the seeding, not
// a page test later); the pages are then checked against the chain itself, not against this list.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createWalletClient,
  http,
  keccak256,
  parseEther,
  stringToHex,
  type Address,
  type Hex,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { InsuranceMarketAbi } from "../../abis/InsuranceMarket.ts";
import { ENUMS } from "../../abis/vocabulary.ts";
import {
  approveEvidence,
  createCampaign,
  donate,
  submitEvidence,
} from "../../keepers/src/community/charity/campaigns.ts";
import { call, contract, contractAt } from "../../keepers/src/core/contracts.ts";
import { transact } from "../../keepers/src/core/send.ts";
import { declareCandidacy, voteCandidates } from "../../keepers/src/governance/candidacy.ts";
import { memberVote } from "../../keepers/src/governance/council.ts";
import { delegateVotes } from "../../keepers/src/governance/delegate.ts";
import { propose } from "../../keepers/src/governance/propose.ts";
import { support } from "../../keepers/src/governance/support.ts";
import { castVote } from "../../keepers/src/governance/vote.ts";
import { rentAndUpload } from "../../keepers/src/storage/tenant/rent.ts";
import { parseLaunchFile } from "../../keepers/src/tokenization/issuer/config.ts";
import { launchToken } from "../../keepers/src/tokenization/issuer/launch.ts";
import { buy, buyback, consume } from "../../keepers/src/tokenization/issuer/trade.ts";
import { setUpInsurance } from "../../scripts/insuranceDemo.ts";
import {
  COUNCIL_KEYS,
  fundWithTokens,
  PROVIDER_KEYS,
  startProvider,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  type Service,
} from "../../scripts/stack.ts";
import { fund, fundStakers, stakeEconomicPool, stakeHonorNodes } from "../../scripts/stakingDemo.ts";
import {
  freePort,
  jobContext,
  startDaemons,
  whileMining as whileMiningOn,
  type TestChain,
} from "../../scripts/testchain.ts";

const DAY = 60;
const USER_KEYS: Hex[] = Array.from({ length: 6 }, (_, i) => keccak256(stringToHex(`jiaozi-web-user-${i}`)));
const PROPOSAL_STATES: readonly string[] = ENUMS.IReferendum.ProposalState;
const REFERENDUM = PROPOSAL_STATES.indexOf("Referendum");
const DEFEATED = PROPOSAL_STATES.indexOf("Defeated");
const EXECUTED = PROPOSAL_STATES.indexOf("Executed");
const POLICY_STATES: readonly string[] = ENUMS.IInsuranceMarket.PolicyState;
const POLICY_SETTLED = [POLICY_STATES.indexOf("Paid"), POLICY_STATES.indexOf("Expired")];

export interface Scenario {
  /** DUMP: compliant. */
  token: Address;
  /** LATE: defaulted in its first period, cured. */
  lapsed: Address;
  passed: bigint;
  defeated: bigint;
  open: bigint;
  electionId: bigint;
  candidates: Address[];
  campaignId: bigint;
  leaseId: bigint;
  /** The insurance demo's policies: the delayed flight's, then the on-time one's. */
  policies: bigint[];
  /** The lease's copy group and the epoch its first proofs were due (one of them missed). */
  group: readonly Address[];
  proofEpoch: bigint;
  /** The daemons and providers, still running (the test stops them). */
  services: Service[];
  /** What each step took, in seconds. */
  timings: Record<string, number>;
}

class ScenarioError extends Error {
  constructor(step: string, detail: string) {
    super(`the scenario's ${step} did not happen: ${detail}`);
    this.name = "ScenarioError";
  }
}

/** Seeds `chain`; on any failure, every daemon and provider it started is stopped first. */
export async function seedScenario(chain: TestChain): Promise<Scenario> {
  const live = new Set<Service>();
  try {
    return await seed(chain, live);
  } catch (error) {
    for (const service of [...live].reverse()) await service.stop();
    throw error;
  }
}

/** `live`: the services running (providers and daemons), for the caller to stop. */
async function seed(chain: TestChain, live: Set<Service>): Promise<Scenario> {
  const timings: Record<string, number> = {};
  let started = Date.now();
  const lap = (name: string) => {
    timings[name] = Math.round((Date.now() - started) / 1000);
    started = Date.now();
  };
  const { anvil, deploymentsFile } = chain;
  const context = jobContext(chain);
  const wallet = (key: Hex): WalletClient =>
    createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(key) });
  const holder = wallet(TOKEN_HOLDER_KEY);
  const team = wallet(TEAM_KEY);
  const users = USER_KEYS.map(wallet);
  const address = (w: WalletClient) => w.account!.address;
  const scratch = mkdtempSync(path.join(tmpdir(), "jiaozi-web-scenario-"));
  const now = async () => (await chain.client.getBlock()).timestamp;
  // Real time for the daemons: automine makes no block without a transaction.
  const whileMining = <T>(action: () => Promise<T>) => whileMiningOn(chain, action);
  const until = async (step: string, check: () => Promise<boolean>, timeoutMs = 90_000) =>
    whileMining(async () => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new ScenarioError(step, `not within ${timeoutMs / 1000} s`);
        await sleep(250);
      }
    });
  // The issuers' consumption, once at the start of each period: DUMP in every one, LATE from its
  // second on (its first is the default it cures). Time only moves by steps shorter than a period,
  // each followed by this, so no period passes unconsumed by mistake.
  const consumedPeriod = new Map<Address, bigint>();
  const issuers: { token: Address; issuer: WalletClient; from: bigint }[] = [];
  const keepCommitments = async () => {
    for (const { token, issuer, from } of issuers) {
      const period = await contractAt(context, "IssuedToken", token).read.currentPeriod();
      if (period < from || consumedPeriod.get(token) === period) continue;
      await consume(context, issuer, token, parseEther("1200"), keccak256(stringToHex(`${token}-${period}`)));
      consumedPeriod.set(token, period);
    }
  };
  /** Local days pass, `step` at a time (less than a period), each with real time for the daemons. */
  const days = async (count: number, step = 1, stepMs = 400) => {
    for (let d = 0; d < count; d += step) {
      await chain.test.increaseTime({ seconds: DAY * Math.min(step, count - d) });
      await chain.test.mine({ blocks: 1 });
      await keepCommitments();
      await whileMining(() => sleep(stepMs));
    }
  };
  /** Days pass, one at a time, until chain time is past `timestamp`. */
  const daysUntil = async (timestamp: bigint) => {
    const gap = Number(timestamp - (await now()));
    if (gap > 0) await days(Math.ceil(gap / DAY));
  };

  // ----- accounts, providers, the staking and insurance demos, the daemons
  await fund(anvil.url, deploymentsFile, USER_KEYS, parseEther("60000"));
  await fundWithTokens(anvil.url, deploymentsFile, [address(team)], parseEther("200000"));
  await fundWithTokens(
    anvil.url,
    deploymentsFile,
    PROVIDER_KEYS.map((k) => privateKeyToAccount(k).address),
    parseEther("10000"),
  );
  // ----- tokenization: DUMP keeps its commitment, LATE does not (yet). Launched before any
  // daemon runs: once, beside them under heavy load, a launch reverted on chain with no reason the
  // send path could name (its re-simulation at that block succeeded). Not reproduced and not
  // explained: its quarter margin (about 150,000) covers a checkpoint pushed instead of updated.
  const launch = async (issuer: WalletClient, name: string, symbol: string) => {
    const plan = parseLaunchFile({
      name,
      symbol,
      metadataURI: `ipfs://${symbol.toLowerCase()}-whitepaper`,
      supply: "1000000",
      seedReserve: "10000",
      connectorWeight: "50%",
      commitment: { period: "7m", minimum: "1000" },
    });
    return (await launchToken(context, issuer, plan)).token as Address;
  };
  const token = await launch(holder, "Dumpling Coffee", "DUMP");
  const lapsed = await launch(team, "Late Noodles", "LATE");
  issuers.push({ token, issuer: holder, from: 0n }, { token: lapsed, issuer: team, from: 1n });
  const providers = PROVIDER_KEYS.map((key, i) => ({
    address: privateKeyToAccount(key).address,
    service: undefined as Service | undefined,
    start: async () => {
      const service = startProvider(key, {
        rpcUrl: anvil.url,
        deploymentsFile,
        dataDir: path.join(scratch, `provider-${i}`),
        port: await freePort(),
        intervalMs: 300,
        name: `provider-${i + 1}`,
      });
      live.add(service);
      return service;
    },
  }));
  for (const provider of providers) provider.service = await provider.start();
  await stakeHonorNodes(anvil.url, deploymentsFile);
  await fundStakers(anvil.url, deploymentsFile);
  const insurance = await setUpInsurance(anvil.url, deploymentsFile);
  for (const daemon of startDaemons(chain)) live.add(daemon);
  for (const w of [holder, team, ...users]) await delegateVotes(context, w);
  await whileMining(() => stakeEconomicPool(anvil.url, deploymentsFile));
  lap("stack");

  // ----- DUMP's first week: a purchase and 1,200 consumed
  await buy(context, holder, token, parseEther("500"), 100);
  await keepCommitments();

  // ----- charity: two milestones, the first released by two of its three verifiers
  const [beneficiary, ...verifiers] = users.slice(2, 6);
  const deadline = Number(await now()) + 300 * DAY;
  const { campaignId } = await createCampaign(context, holder, {
    beneficiary: address(beneficiary),
    token: context.address("BaseToken"),
    deadline,
    releaseDeadline: deadline + 30 * DAY,
    committee: false,
    verifiers: verifiers.map(address),
    milestones: [
      { amount: parseEther("300"), evidence: "invoices for the first kitchen" },
      { amount: parseEther("700"), evidence: "delivery photos" },
    ],
    metadataURI: "ipfs://dumpling-kitchens",
  });
  await donate(context, users[0], campaignId, parseEther("400"));
  await donate(context, users[1], campaignId, parseEther("250"));
  await submitEvidence(context, beneficiary, campaignId, 0n, ["ipfs://invoices-1"], [keccak256(stringToHex("inv-1"))]);
  await approveEvidence(context, verifiers[0], campaignId, 0n);
  const released = await approveEvidence(context, verifiers[2], campaignId, 0n);
  if (released.released !== parseEther("300")) throw new ScenarioError("milestone release", String(released.released));
  lap("tokens and charity");

  // ----- storage: a lease proved in its first epoch, one holder's provider stopped for it; the
  // market sells nothing before the three providers registered their capacity
  const registry = contract(context, "LandlordRegistry");
  await until("three landlords", async () => (await registry.read.landlordCount()) === BigInt(providers.length));
  const lease = await whileMining(() =>
    rentAndUpload(context, holder, {
      data: new TextEncoder().encode("the dashboard's lease ".repeat(40)),
      sizeMB: 1,
      // Past the staking round's settlement (about 95 local days on): active when the pages open.
      days: 150,
      assignWaitSeconds: 10,
      startTimeoutSeconds: 60,
      acceptTimeoutSeconds: 60,
      pollMs: 250,
    }),
  );
  if (lease.status !== "active") throw new ScenarioError("rent", `lease ${lease.leaseId} is ${lease.status}`);
  const absent = providers.find((p) => lease.group.some((h) => h.toLowerCase() === p.address.toLowerCase()))!;
  if (absent.service) {
    await absent.service.stop();
    live.delete(absent.service);
    absent.service = undefined;
  }
  const market = contract(context, "StorageMarket");
  const storageProofs = contract(context, "StorageProofs");
  const epoch = (await market.read.currentEpoch()) + 1n;
  await chain.test.setNextBlockTimestamp({ timestamp: await market.read.epochStart([epoch]) });
  await chain.test.mine({ blocks: 1 });
  const proofDeadline = await storageProofs.read.proofDeadline([epoch]);
  const proved = () => Promise.all(lease.group.map((landlord) => storageProofs.read.hasProved([landlord, epoch])));
  // One block a second: chain time at real time through the proof window.
  for (;;) {
    await sleep(1_000);
    await chain.test.mine({ blocks: 1 });
    if ((await now()) > proofDeadline) break;
  }
  const proofs = await proved();
  if (proofs.filter(Boolean).length !== lease.group.length - 1)
    throw new ScenarioError("first epoch's proofs", `proved: ${proofs.join(", ")}`);
  absent.service = await absent.start();
  lap("storage");

  // ----- insurance: both flights observed early in the first committee term, settled by the keepers
  const insuranceMarket = contract(context, "InsuranceMarket");
  await daysUntil(insurance.observesAt + 1n);
  const bought = await chain.client.getContractEvents({
    address: insuranceMarket.address,
    abi: InsuranceMarketAbi,
    eventName: "PolicyBought",
    fromBlock: 0n,
  });
  const policies = bought.map((log) => log.args.policyId!);
  if (policies.length !== 2) throw new ScenarioError("insurance", `${policies.length} policies bought`);
  await until(
    "insurance settlement",
    async () => {
      const records = await Promise.all(policies.map((id) => insuranceMarket.read.policyOf([id])));
      return records.every((policy) => POLICY_SETTLED.includes(Number(policy.state)));
    },
    180_000,
  );
  lap("insurance");

  // ----- governance: one proposal to pass, one to fail; the first council election
  const referendum = contract(context, "Referendum");
  const closeKind = stringToHex("Referendum.close", { size: 32 });
  const proposal = async (bounty: number, description: string, publicityDays = 7) => {
    const { proposalId } = await propose(context, holder, {
      actions: [{ target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [closeKind, String(bounty)] }],
      descriptionURI: description,
      publicityDays,
    });
    await support(context, team, proposalId);
    await support(context, holder, proposalId);
    if ((await referendum.read.state([proposalId])) !== REFERENDUM)
      throw new ScenarioError("referendum", `proposal ${proposalId} is not in its referendum`);
    return proposalId;
  };
  const passed = await proposal(20, "ipfs://web-test-passes");
  const defeated = await proposal(21, "ipfs://web-test-fails");
  await castVote(context, holder, passed, "for");
  for (const key of [COUNCIL_KEYS[0], COUNCIL_KEYS[2]])
    await memberVote(context, wallet(key), { about: "bloc", proposalId: passed }, "for");
  await until("the bloc vote", async () => (await referendum.read.proposalOf([passed])).blocVoted);
  await castVote(context, holder, defeated, "against");
  await castVote(context, team, defeated, "against");

  const council = contract(context, "Council");
  const candidates = users.slice(0, 5);
  await transact(context, wallet(COUNCIL_KEYS[0]), call(context, "Council", "openElection", []));
  const electionId = await council.read.latestElectionId();
  for (const candidate of candidates)
    await declareCandidacy(context, candidate, parseEther("10000"), `ipfs://candidate-${address(candidate)}`);
  const election = await council.read.electionOf([electionId]);
  lap("proposals and candidacies");

  await days(8);
  // LATE's first period is over: the keepers judge it, the team cures its default.
  const factory = contract(context, "TokenizationFactory");
  await until("LATE's default", async () => (await factory.read.creditRecord([lapsed])).defaulted === 1);
  await buyback(context, team, lapsed, 0n, 500);
  await daysUntil(BigInt(election.votingStart) + 1n);
  const each = parseEther("190000000");
  await voteCandidates(
    context,
    holder,
    candidates.map((c) => ({ candidate: address(c), weight: each })),
  );
  await days(7);
  await until("proposal 1 executed, 2 defeated", async () => {
    const [a, b] = await Promise.all([referendum.read.state([passed]), referendum.read.state([defeated])]);
    return a === EXECUTED && b === DEFEATED;
  });
  await daysUntil(BigInt(election.votingEnd) + 1n);
  await days(15);
  await until("the election finalized", async () => (await council.read.electionOf([electionId])).finalized);
  lap("governance");

  // ----- staking: the economic pool's first round runs to its settlement
  const pool = contract(context, "EconomicPool");
  const schedule = await pool.read.schedule();
  const settledRounds = async () => (await pool.read.settledRounds()) > 0n;
  while (!(await settledRounds())) {
    if ((await now()) > BigInt(schedule.start) + 200n * BigInt(DAY))
      throw new ScenarioError("staking round", "not settled 200 local days after the pool's start");
    await days(6, 3, 250);
  }
  lap("staking");

  // ----- the open referendum the live-update test votes on (30 local days: half an hour of the
  // test's real time, the daemons stopped)
  const open = await proposal(22, "ipfs://web-test", 30);
  await castVote(context, holder, open, "for");
  lap("open referendum");
  return {
    token,
    lapsed,
    passed,
    defeated,
    open,
    electionId,
    candidates: candidates.map(address),
    campaignId,
    leaseId: lease.leaseId,
    policies,
    group: lease.group,
    proofEpoch: epoch,
    services: [...live],
    timings,
  };
}
