// The dashboard in a real Chromium against a chain of its own (issue 20): a fresh anvil with the
// `local` genesis, the fixed scenario of scenario.ts (every module: referenda passed, defeated and
// open, an election, issuers compliant and cured, a lease with a missed proof, a staking round, a
// paid and an expired policy, a released milestone), then the indexer and the static server of
// `npm start`, all on free ports; the scenario's daemons are stopped first, so that the chain
// only moves when a test moves it. Every page
// is opened; the figures it shows are checked against viem reads of the contracts (never the
// indexer), a vote sent on chain must show in the open referendum's tally within 3 s without a
// reload, the stale banner must show within 5 s of stopping the indexer, any request leaving
// 127.0.0.1 fails the test, every page has no serious or critical axe-core violation
// (WCAG 2.1 A and AA), and each page leaves a screenshot in web/test-results/screens.
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createWalletClient, erc20Abi, http, stringToHex, zeroAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { AliasRegistryAbi } from "../../abis/AliasRegistry.ts";
import { BaseTokenAbi } from "../../abis/BaseToken.ts";
import { BancorMarketAbi } from "../../abis/BancorMarket.ts";
import { CharityCampaignsAbi } from "../../abis/CharityCampaigns.ts";
import { CommitteeAbi } from "../../abis/Committee.ts";
import { CouncilAbi } from "../../abis/Council.ts";
import { EconomicPoolAbi } from "../../abis/EconomicPool.ts";
import { InsuranceMarketAbi } from "../../abis/InsuranceMarket.ts";
import { KeeperRewardsAbi } from "../../abis/KeeperRewards.ts";
import { ReferendumAbi } from "../../abis/Referendum.ts";
import { ReputationAbi } from "../../abis/Reputation.ts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../abis/StorageProofs.ts";
import { TokenizationFactoryAbi } from "../../abis/TokenizationFactory.ts";
import { ENUMS } from "../../abis/vocabulary.ts";
import { HONOR_NODE_KEYS, STAKER_KEYS } from "../../scripts/stakingDemo.ts";
import {
  KEEPER_KEYS,
  ROOT,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitForIndexed,
  writeWithMargin,
  type Service,
} from "../../scripts/stack.ts";
import { freePort, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";
import { ensureWebBuilt, serveDashboard, type WebServer } from "../../scripts/web.ts";
import { formatAmount, formatInteger } from "../src/format.ts";
import { seedScenario, type Scenario } from "./scenario.ts";

const SCREENS = path.join(ROOT, "web", "test-results", "screens");
/** IChoice.Choice: None, Against, For, Abstain. */
const AGAINST = 1;

// Serial: one seeded chain for every page. Figure checks are soft, so that one wrong figure still
// lets the other pages be checked (the test fails at its end).
test.describe.configure({ mode: "serial" });

let chain: TestChain;
let indexer: Service & { url: string; graphql: string };
let web: WebServer;
let scenario: Scenario;
let token: Address;
let market: Address;
const holder = privateKeyToAccount(TOKEN_HOLDER_KEY).address;
const team = privateKeyToAccount(TEAM_KEY).address;
/** Requests the page tried to send beyond 127.0.0.1 (aborted; the test fails on any). */
const escaped: string[] = [];
const timings: Record<string, number> = {};

const at = (name: string) => chain.deployments.contracts[name].address as Address;
const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
const wallet = (key: Hex) =>
  createWalletClient({ chain: foundry, transport: http(chain.anvil.url), account: privateKeyToAccount(key) });
const proposalOf = (id: bigint) =>
  chain.client.readContract({ address: at("Referendum"), abi: ReferendumAbi, functionName: "proposalOf", args: [id] });
const proposalState = (id: bigint) =>
  chain.client.readContract({ address: at("Referendum"), abi: ReferendumAbi, functionName: "state", args: [id] });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  await ensureWebBuilt();
  chain = await startChainWithGenesis();
  scenario = await seedScenario(chain);
  console.log(`scenario seeded (s): ${JSON.stringify(scenario.timings)}`);
  for (const service of scenario.services.splice(0)) await service.stop();
  token = scenario.token;

  // The holder's alias, which every page shows beside its address.
  const full = privateKeyToAccount(TEAM_KEY).publicKey;
  const publicKey = `0x${BigInt(`0x${full.slice(68)}`) & 1n ? "03" : "02"}${full.slice(4, 68)}`;
  await cli(TOKEN_HOLDER_KEY, "alias", "register", "alice", "--public-key", publicKey, "--no-commit");

  indexer = await indexChain(chain);
  await waitForIndexed(indexer.url, chain.anvil.url);
  web = await serveDashboard({ port: await freePort(), indexerUrl: indexer.url, rpcUrl: chain.anvil.url });
  mkdirSync(SCREENS, { recursive: true });
});

/** Issue 20: first data painted within 1.5 s on the local stack. The median of the pages is held to
 * it (one page on a loaded machine may take longer); every page's time is printed. */
const FIRST_DATA_BUDGET_MS = Number(process.env.JIAOZI_FIRST_DATA_BUDGET_MS ?? 1500);
const PAGE_TIMINGS = [
  "overview",
  "proposals",
  "referendum",
  "holders",
  "issuers",
  "storage",
  "council",
  "staking",
  "insurance",
  "community",
  "keepers",
];

test.afterAll(async () => {
  console.log(`first data painted (ms): ${JSON.stringify(timings)}`);
  await web?.close();
  await indexer?.stop();
  for (const service of scenario?.services ?? []) await service.stop();
  await chain?.stop();
});

test.beforeEach(async ({ page }) => {
  // Only 127.0.0.1 may be reached: anything else is recorded and aborted, and fails the test.
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    escaped.push(route.request().url());
    return route.abort();
  });
});

test.afterEach(() => {
  expect(escaped, "requests beyond 127.0.0.1").toEqual([]);
});

/** Opens `hash`, waits for `ready` to show, records the time to it, and checks axe and takes the screenshot. */
async function open(page: Page, name: string, hash: string, ready: string): Promise<void> {
  const started = Date.now();
  await page.goto(`${web.url}${hash}`);
  await expect(page.getByTestId(ready)).toBeVisible({ timeout: 15_000 });
  timings[name] = await firstDataPainted(page, started);
  await expect(page.getByTestId("query-error")).toHaveCount(0);
  await expect(page.getByTestId("indexed-block")).not.toHaveText("…");
}

/** Milliseconds from the navigation's start to the app's "jiaozi:first-data" mark (the first
 * figures from the indexer painted), or the wall time since `started` if the mark is missing. */
async function firstDataPainted(page: Page, started: number): Promise<number> {
  const mark = await page.evaluate(() => performance.getEntriesByName("jiaozi:first-data")[0]?.startTime);
  return Math.round(mark ?? Date.now() - started);
}

async function audit(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

test("overview: supply, proposals, seats, leases and issuers as the chain has them", async ({ page }) => {
  await open(page, "overview", "#/", "total-supply");
  const supply = await chain.client.readContract({
    address: at("BaseToken"),
    abi: erc20Abi,
    functionName: "totalSupply",
  });
  await expect.soft(page.getByTestId("total-supply")).toHaveText(formatAmount(supply));
  // Burned: every transfer of the base token to the zero address, from the chain's logs.
  const burns = await chain.client.getContractEvents({
    address: at("BaseToken"),
    abi: erc20Abi,
    eventName: "Transfer",
    args: { to: zeroAddress },
    fromBlock: 0n,
  });
  const burned = burns.reduce((total, log) => total + log.args.value!, 0n);
  await expect.soft(page.getByTestId("burned")).toHaveText(formatAmount(burned));
  // Insured now: the sum insured of the policies still active (the scenario's two are settled).
  const policies = await Promise.all(
    scenario.policies.map((id) =>
      chain.client.readContract({
        address: at("InsuranceMarket"),
        abi: InsuranceMarketAbi,
        functionName: "policyOf",
        args: [id],
      }),
    ),
  );
  const active = ENUMS.IInsuranceMarket.PolicyState.indexOf("Active");
  const insured = policies.filter((p) => p.state === active).reduce((total, p) => total + p.sumInsured, 0n);
  await expect.soft(page.getByTestId("insured-now")).toHaveText(formatAmount(insured));
  const sitting = await chain.client.readContract({
    address: at("Council"),
    abi: CouncilAbi,
    functionName: "sittingMembers",
  });
  await expect.soft(page.getByTestId("seats")).toHaveText(formatInteger(sitting.length));
  const lease = await chain.client.readContract({
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "leaseOf",
    args: [scenario.leaseId],
  });
  const leaseStatus = ENUMS.IStorageMarket.LeaseStatus[lease.status];
  const leased = leaseStatus === "Pending" || leaseStatus === "Active" ? lease.sizeMB : 0n;
  expect(leaseStatus).toBe("Active");
  await expect.soft(page.getByTestId("mb-leased")).toHaveText(formatInteger(leased));
  await expect.soft(page.getByTestId("active-proposals")).toHaveText("1");
  const reserve = await chain.client.readContract({
    address: at("BaseToken"),
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [at("CouncilReserve")],
  });
  await expect.soft(page.getByTestId("council-reserve")).toHaveText(formatAmount(reserve));
  await expect.soft(page.getByTestId("issued-count")).toHaveText("2");
  // Freshness: the badge's head is the chain's block number.
  const head = await chain.client.getBlockNumber();
  await expect.soft(page.getByTestId("head-block")).toHaveText(formatInteger(head));
  await audit(page, "overview");
});

test("proposals: the open referendum with its tally, filtered by state in the URL", async ({ page }) => {
  await open(page, "proposals", "#/proposals?state=Referendum", "proposals");
  const p = await proposalOf(scenario.open);
  const row = page.getByTestId("proposals").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-col="for"]')).toHaveText(formatAmount(p.forVotes));
  await expect(row.locator('[data-col="state"]')).toHaveText("Referendum");
  // The proposer (the holder) by its alias, as the AliasRegistry resolves it.
  const aliasOf = await chain.client.readContract({
    address: at("AliasRegistry"),
    abi: AliasRegistryAbi,
    functionName: "aliasOf",
    args: [holder],
  });
  expect(aliasOf).toBe("alice");
  await expect.soft(row.locator('[data-col="proposer"] b')).toHaveText(aliasOf);
  // The passed and the defeated proposal under their states, as Referendum.state has them.
  for (const [state, id] of [
    ["Executed", scenario.passed],
    ["Defeated", scenario.defeated],
  ] as const) {
    expect(ENUMS.IReferendum.ProposalState[await proposalState(id)]).toBe(state);
    await page.getByLabel("State").selectOption(state);
    await expect(page).toHaveURL(new RegExp(`state=${state}`));
    await expect(row).toHaveCount(1);
    await expect.soft(row.locator('[data-col="id"]')).toContainText(String(id));
    await expect.soft(row.locator('[data-col="state"]')).toHaveText(state);
  }
  await page.getByLabel("State").selectOption("Expired");
  await expect(page.getByText("No proposals match.")).toBeVisible();
  await page.getByLabel("State").selectOption("Referendum");
  await audit(page, "proposals");
});

test("referendum: live tally against its majority line and the quorum; a new vote shows within 3 s", async ({
  page,
}) => {
  await open(page, "referendum", `#/proposals/${scenario.open}`, "tally-for");
  let p = await proposalOf(scenario.open);
  await expect.soft(page.getByTestId("tally-for")).toHaveText(formatAmount(p.forVotes));
  await expect.soft(page.getByTestId("tally-against")).toHaveText(formatAmount(p.againstVotes));
  await expect(page.getByTestId("proposal-state")).toHaveText("Referendum");
  await expect(page.getByTestId("steps").locator("li")).toHaveCount(3); // Proposed, CouncilResponse, Referendum
  await expect(page.getByTestId("votes").locator("tbody tr")).toHaveCount(1);

  // The team votes against on chain; the open page shows it without a reload.
  const before = await page.evaluate(() => performance.timeOrigin);
  await writeWithMargin(chain.client, wallet(TEAM_KEY), {
    address: at("Referendum"),
    abi: ReferendumAbi,
    functionName: "castVote",
    args: [scenario.open, AGAINST],
  });
  const sent = Date.now();
  p = await proposalOf(scenario.open);
  expect(p.againstVotes).toBeGreaterThan(0n); // the team's weight at the snapshot
  await expect.soft(page.getByTestId("tally-against")).toHaveText(formatAmount(p.againstVotes), { timeout: 3_000 });
  timings["vote-to-tally"] = Date.now() - sent;
  expect(await page.evaluate(() => performance.timeOrigin)).toBe(before); // no reload
  await expect.soft(page.getByTestId("tally-voters")).toHaveText("2");
  const forShare = (p.forVotes * 10_000n) / (p.forVotes + p.againstVotes);
  await expect
    .soft(page.getByTestId("tally-for-share"))
    .toHaveText(`${forShare / 100n}.${(forShare % 100n).toString().padStart(2, "0")}%`);

  // Votes sorted by weight (the URL keeps it) and filtered by side.
  const weights = page.getByTestId("votes").locator('tbody [data-col="weight"]');
  await expect(weights).toHaveText([formatAmount(p.forVotes), formatAmount(p.againstVotes)]);
  await page.getByRole("button", { name: /Weight/ }).click();
  await expect(page).toHaveURL(/sort=weight%3Aasc|sort=weight:asc/);
  await expect(weights).toHaveText([formatAmount(p.againstVotes), formatAmount(p.forVotes)]);
  await page.getByLabel("Side").selectOption("against");
  await expect(page.getByTestId("votes").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("votes").locator('tbody [data-col="voter"] [data-address]')).toHaveAttribute(
    "data-address",
    team.toLowerCase(),
  );
  await audit(page, "referendum");
});

test("holders: balances, votes and delegates as the token has them; 'this is my address' marks your vote", async ({
  page,
}) => {
  await open(page, "holders", "#/holders", "holders");
  const read = (functionName: "balanceOf" | "getVotes" | "delegates", who: Address) =>
    chain.client.readContract({ address: at("BaseToken"), abi: BaseTokenAbi, functionName, args: [who] });
  const row = page
    .getByTestId("holders")
    .locator("tbody tr", { has: page.locator(`[data-address="${holder.toLowerCase()}"]`) });
  await expect(row).toHaveCount(1);
  await expect.soft(row.locator('[data-col="balance"]')).toHaveText(formatAmount(await read("balanceOf", holder)));
  await expect.soft(row.locator('[data-col="votes"]')).toHaveText(formatAmount(await read("getVotes", holder)));
  // Sorted by balance, largest first, exactly as the chain orders them.
  const shown = await page
    .getByTestId("holders")
    .locator('tbody [data-col="address"] [data-address]')
    .evaluateAll((nodes) => nodes.slice(0, 5).map((n) => n.getAttribute("data-address") as Address));
  const balances = await Promise.all(shown.map((a) => read("balanceOf", a)));
  expect.soft(balances).toEqual([...balances].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  await audit(page, "holders");

  await row.locator("a").click();
  await expect(page).toHaveURL(new RegExp(`#/holders/${holder}`, "i"));
  await expect(page.getByTestId("holder-balance")).toHaveText(formatAmount(await read("balanceOf", holder)));
  await expect.soft(page.getByTestId("holder-votes")).toHaveText(formatAmount(await read("getVotes", holder)));
  await expect
    .soft(page.getByTestId("holder-delegate").locator("[data-address]"))
    .toHaveAttribute("data-address", ((await read("delegates", holder)) as Address).toLowerCase());
  // The holder voted on all three proposals.
  await expect.soft(page.getByTestId("holder-votes-list").locator("tbody tr")).toHaveCount(3);
  await audit(page, "holder");

  // "You": the holder's vote (the only one for) is marked on the referendum's page.
  await page.getByRole("button", { name: "This is my address" }).click();
  await expect(page.getByText("This is your address.")).toBeVisible();
  await page.goto(`${web.url}#/proposals/${scenario.open}`);
  const p = await proposalOf(scenario.open);
  await expect.soft(page.getByTestId("you-voted")).toContainText(`You voted for with ${formatAmount(p.forVotes)} JZ`);
  await expect.soft(page.getByTestId("votes").locator(".you")).toHaveCount(1);
  // The council's response: asked when the referendum opened, with its deadline.
  await expect.soft(page.getByTestId("council-response")).toContainText(/Due by|missed/);
  await page.evaluate(() => localStorage.removeItem("jiaozi.me"));
});

test("issuers and an issuer's page: supply, credit record, reserve and price from the tokens and their markets", async ({
  page,
}) => {
  await open(page, "issuers", "#/issuers", "issuers");
  const rows = page.getByTestId("issuers").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  // DUMP kept its first period's commitment; LATE defaulted and cured it: the factory's record.
  for (const [symbol, address] of [
    ["DUMP", scenario.token],
    ["LATE", scenario.lapsed],
  ] as const) {
    const row = rows.filter({ hasText: symbol });
    const [supply, record] = await Promise.all([
      chain.client.readContract({ address, abi: erc20Abi, functionName: "totalSupply" }),
      chain.client.readContract({
        address: at("TokenizationFactory"),
        abi: TokenizationFactoryAbi,
        functionName: "creditRecord",
        args: [address],
      }),
    ]);
    // The scenario's credit records: DUMP never defaulted, LATE defaulted once and cured it.
    expect
      .soft([record.compliant > 0, record.defaulted, record.cured, record.inDefault], symbol)
      .toEqual(symbol === "DUMP" ? [true, 0, 0, false] : [true, 1, 1, false]);
    await expect.soft(row.locator('[data-col="supply"]')).toHaveText(formatAmount(supply));
    await expect.soft(row.locator('[data-col="compliant"]')).toHaveText(formatInteger(record.compliant));
    await expect.soft(row.locator('[data-col="defaulted"]')).toHaveText(formatInteger(record.defaulted));
    await expect.soft(row.locator('[data-col="cured"]')).toHaveText(formatInteger(record.cured));
    await expect.soft(row.locator('[data-col="inDefault"]')).toHaveText(record.inDefault ? "yes" : "no");
  }
  await audit(page, "issuers");

  const supply = await chain.client.readContract({ address: token, abi: erc20Abi, functionName: "totalSupply" });
  await rows.filter({ hasText: "DUMP" }).getByRole("link").click();
  await expect.soft(page.getByTestId("issuer-supply")).toHaveText(formatAmount(supply));
  // The token's market, from the factory (the chain, not the indexer).
  market = await chain.client.readContract({
    address: at("TokenizationFactory"),
    abi: TokenizationFactoryAbi,
    functionName: "marketOf",
    args: [token],
  });
  const [reserve, price] = await Promise.all([
    chain.client.readContract({ address: market, abi: BancorMarketAbi, functionName: "reserve" }),
    chain.client.readContract({ address: market, abi: BancorMarketAbi, functionName: "price" }),
  ]);
  await expect.soft(page.getByTestId("issuer-reserve")).toHaveText(formatAmount(reserve));
  await expect.soft(page.getByTestId("issuer-price")).toHaveText(formatAmount(price));
  await expect(page.getByTestId("trades").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("chart")).toBeVisible();
  await audit(page, "issuer");
});

test("storage: the lease, its holders' proofs (one missed), the quote and the curve as the market holds them", async ({
  page,
}) => {
  await open(page, "storage", "#/storage", "leases");
  const lease = await chain.client.readContract({
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "leaseOf",
    args: [scenario.leaseId],
  });
  const row = page.getByTestId("leases").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-col="size"]')).toHaveText(formatInteger(lease.sizeMB));
  await expect(row.locator('[data-col="term"]')).toHaveText(formatInteger(lease.termEpochs));
  await expect(row.locator('[data-col="tenant"] [data-address]')).toHaveAttribute("data-address", holder.toLowerCase());
  // Each landlord's proof record: its epochs settled passed and failed, from the registry's
  // LandlordPassed and LandlordFailed logs on the chain; the holder that missed the first epoch's
  // proof (StorageProofs.hasProved) has a failure on it.
  const landlords = page.getByTestId("landlords").locator("tbody tr");
  await expect(landlords).toHaveCount(3);
  const settled = async (eventName: "LandlordPassed" | "LandlordFailed") =>
    (
      await chain.client.getContractEvents({
        address: at("LandlordRegistry"),
        abi: LandlordRegistryAbi,
        eventName,
        fromBlock: 0n,
      })
    ).map((log) => (log.args as { landlord: Address }).landlord.toLowerCase());
  const [passedLogs, failedLogs] = await Promise.all([settled("LandlordPassed"), settled("LandlordFailed")]);
  const missed: Address[] = [];
  for (const landlord of scenario.group) {
    const proved = await chain.client.readContract({
      address: at("StorageProofs"),
      abi: StorageProofsAbi,
      functionName: "hasProved",
      args: [landlord, scenario.proofEpoch],
    });
    const passed = passedLogs.filter((a) => a === landlord.toLowerCase()).length;
    const failed = failedLogs.filter((a) => a === landlord.toLowerCase()).length;
    if (!proved) {
      missed.push(landlord);
      expect.soft(failed, `${landlord} missed epoch ${scenario.proofEpoch}`).toBeGreaterThan(0);
    }
    const cell = landlords
      .filter({ has: page.locator(`[data-address="${landlord.toLowerCase()}"]`) })
      .locator('[data-col="proofs"]');
    await expect.soft(cell).toContainText(passed + failed === 0 ? "no proofs yet" : `(${passed}/${passed + failed})`);
  }
  expect(missed).toHaveLength(1);
  // The quote calculator and the curve's current point: StorageMarket.quote and price at the
  // block of the latest market state the page shows.
  await page.getByLabel("MB", { exact: true }).fill("2");
  await page.getByLabel("days", { exact: true }).fill("7");
  await expect(page).toHaveURL(/qsize=2/);
  const blockNumber = BigInt((await page.getByTestId("quote-block").innerText()).replace(/,/g, ""));
  const [quote, price] = await Promise.all([
    chain.client.readContract({
      address: at("StorageMarket"),
      abi: StorageMarketAbi,
      functionName: "quote",
      args: [2n, 7n],
      blockNumber,
    }),
    chain.client.readContract({
      address: at("StorageMarket"),
      abi: StorageMarketAbi,
      functionName: "price",
      blockNumber,
    }),
  ]);
  await expect.soft(page.getByTestId("quote")).toHaveText(`${formatAmount(quote)} JZ for 2 MB for 7 days`);
  await expect
    .soft(page.getByTestId("curve").locator("tbody tr", { hasText: "(now)" }).locator('[data-col="price"]'))
    .toHaveText(formatAmount(price));
  await audit(page, "storage");
});

test("council: the sitting members, the election, its candidates' votes and outcome as the Council holds them", async ({
  page,
}) => {
  await open(page, "council", "#/council", "sitting");
  const council = { address: at("Council"), abi: CouncilAbi } as const;
  const sitting = await chain.client.readContract({ ...council, functionName: "sittingMembers" });
  const members = page.getByTestId("sitting").locator("tbody [data-address]");
  await expect(members).toHaveCount(sitting.length);
  const shown = await members.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-address")));
  expect(shown.sort()).toEqual(sitting.map((m) => m.toLowerCase()).sort());

  const election = await chain.client.readContract({
    ...council,
    functionName: "electionOf",
    args: [scenario.electionId],
  });
  expect(election.finalized).toBe(true);
  const electionRow = page.getByTestId("elections").locator(`tbody tr[data-row="${scenario.electionId}"]`);
  await expect.soft(electionRow.locator('[data-col="candidates"]')).toHaveText(formatInteger(election.candidateCount));
  const candidates = page.getByTestId("candidates").locator("tbody tr");
  await expect(candidates).toHaveCount(scenario.candidates.length);
  for (const candidate of scenario.candidates) {
    const record = await chain.client.readContract({
      ...council,
      functionName: "candidateOf",
      args: [scenario.electionId, candidate],
    });
    const row = candidates.filter({ has: page.locator(`[data-address="${candidate.toLowerCase()}"]`) });
    await expect.soft(row.locator('[data-col="votes"]')).toHaveText(formatAmount(record.votes));
    await expect.soft(row.locator('[data-col="bond"]')).toHaveText(formatAmount(record.bond));
    await expect.soft(row.locator('[data-col="elected"]')).toHaveText(record.elected ? "yes" : "no");
  }
  await audit(page, "council");
});

test("staking: the pool's total, each staker's principal, the settled round and the committee as the pools hold them", async ({
  page,
}) => {
  await open(page, "staking", "#/staking", "economic-staked");
  const pool = { address: at("EconomicPool"), abi: EconomicPoolAbi } as const;
  const [totalStaked, settledRounds] = await Promise.all([
    chain.client.readContract({ ...pool, functionName: "totalStaked" }),
    chain.client.readContract({ ...pool, functionName: "settledRounds" }),
  ]);
  expect(settledRounds).toBeGreaterThan(0n);
  await expect.soft(page.getByTestId("economic-staked")).toHaveText(formatAmount(totalStaked));
  await expect.soft(page.getByTestId("rounds").locator("tbody tr")).not.toHaveCount(0);
  const stakers = page.getByTestId("stakers").locator("tbody tr");
  await expect(stakers).toHaveCount(STAKER_KEYS.length);
  for (const key of STAKER_KEYS) {
    const staker = privateKeyToAccount(key).address;
    const principal = await chain.client.readContract({ ...pool, functionName: "principalOf", args: [staker] });
    await expect
      .soft(
        stakers
          .filter({ has: page.locator(`[data-address="${staker.toLowerCase()}"]`) })
          .locator('[data-col="principal"]'),
      )
      .toHaveText(formatAmount(principal));
  }
  // The first committee, drawn from the seven honor nodes.
  const honor = page.getByTestId("honor-nodes").locator("tbody tr");
  await expect(honor).toHaveCount(HONOR_NODE_KEYS.length);
  await expect
    .soft(page.getByTestId("committee-terms").locator('tbody tr[data-row="0"] [data-col="members"]'))
    .toHaveText(String(HONOR_NODE_KEYS.length));
  // Term 0's reputation factors: what the Reputation lens gave for the candidacy's close at the
  // block the Committee froze each node's weight (CandidateFrozen). The lens's answer for that past
  // timepoint is not the same later (7.04% against 5% at the freeze here), so the block is part of
  // the read.
  const committee = { address: at("Committee"), abi: CommitteeAbi } as const;
  const [reputation, closesAt, frozen] = await Promise.all([
    chain.client.readContract({ ...committee, functionName: "reputation" }),
    chain.client.readContract({ ...committee, functionName: "candidacyCloseOf", args: [0n] }),
    chain.client.getContractEvents({ ...committee, eventName: "CandidateFrozen", args: { term: 0n }, fromBlock: 0n }),
  ]);
  expect(frozen).toHaveLength(HONOR_NODE_KEYS.length);
  const bps = (value: number | bigint) => `${formatAmount(BigInt(value), { decimals: 2 })}%`;
  const factors = page.getByTestId("reputation-factors").locator("tbody tr");
  for (const { args, blockNumber } of frozen) {
    const node = args.node!;
    const f = await chain.client.readContract({
      address: reputation,
      abi: ReputationAbi,
      functionName: "factorsOf",
      args: [node, closesAt - 1n],
      blockNumber,
    });
    // The Committee's draw weight: the RPT at the close, capped by the RPT it declared with, at least 1.
    const weight = BigInt(args.reputation!);
    expect.soft(weight === 1n || weight <= BigInt(f.rpt), `${node}: weight ${weight}, RPT ${f.rpt}`).toBe(true);
    const row = factors
      .filter({ has: page.locator(`[data-address="${node.toLowerCase()}"]`) })
      .filter({ has: page.locator('[data-col="term"]', { hasText: /^0$/ }) });
    await expect.soft(row.locator('[data-col="ab"]')).toHaveText(bps(f.abBps));
    await expect.soft(row.locator('[data-col="dc"]')).toHaveText(bps(f.dcBps));
    await expect.soft(row.locator('[data-col="rpt"]')).toHaveText(bps(f.rpt));
  }
  await audit(page, "staking");
});

test("insurance: the product's pool, the paid and the expired policy as the market holds them", async ({ page }) => {
  await open(page, "insurance", "#/insurance", "products");
  const insurance = { address: at("InsuranceMarket"), abi: InsuranceMarketAbi } as const;
  const pool = await chain.client.readContract({ ...insurance, functionName: "poolOf", args: [1n] });
  const product = page.getByTestId("products").locator("tbody tr");
  await expect(product).toHaveCount(1);
  await expect.soft(product.locator('[data-col="assets"]')).toHaveText(formatAmount(pool.assets));
  await expect.soft(product.locator('[data-col="locked"]')).toHaveText(formatAmount(pool.locked));
  const states = ENUMS.IInsuranceMarket.PolicyState.map((s) => s.toLowerCase());
  const seen: string[] = [];
  for (const id of scenario.policies) {
    const policy = await chain.client.readContract({ ...insurance, functionName: "policyOf", args: [id] });
    seen.push(states[policy.state]);
    const row = page.getByTestId("policies").locator(`tbody tr[data-row="${id}"]`);
    await expect.soft(row.locator('[data-col="state"]')).toHaveText(states[policy.state]);
    await expect.soft(row.locator('[data-col="sum"]')).toHaveText(formatAmount(policy.sumInsured));
  }
  expect(seen).toEqual(["paid", "expired"]);
  await page.getByLabel("Policy state").selectOption("paid");
  await expect(page).toHaveURL(/state=paid/);
  await expect(page.getByTestId("policies").locator("tbody tr")).toHaveCount(1);
  await audit(page, "insurance");
});

test("community: the campaign's raised and released, its released milestone, as CharityCampaigns holds them", async ({
  page,
}) => {
  await open(page, "community", "#/community", "campaigns");
  const charity = { address: at("CharityCampaigns"), abi: CharityCampaignsAbi } as const;
  const campaign = await chain.client.readContract({
    ...charity,
    functionName: "campaignOf",
    args: [scenario.campaignId],
  });
  const row = page.getByTestId("campaigns").locator(`tbody tr[data-row="${scenario.campaignId}"]`);
  await expect.soft(row.locator('[data-col="raised"]')).toHaveText(formatAmount(campaign.raised));
  await expect.soft(row.locator('[data-col="released"]')).toHaveText(formatAmount(campaign.released));
  await expect
    .soft(row.locator('[data-col="milestones"]'))
    .toHaveText(`${campaign.releasedCount} of ${campaign.milestoneCount}`);
  const first = await chain.client.readContract({
    ...charity,
    functionName: "milestoneOf",
    args: [scenario.campaignId, 0n],
  });
  const milestones = page.getByTestId("milestones").locator("tbody tr");
  await expect(milestones).toHaveCount(campaign.milestoneCount);
  await expect
    .soft(
      milestones
        .filter({ has: page.locator('[data-col="index"]', { hasText: /^0$/ }) })
        .locator('[data-col="approvals"]'),
    )
    .toHaveText(`${first.approvals} of ${first.threshold}`);
  // Each donation's trace: the milestone payments it funded and what is unspent, as traceOf has it.
  const donationCount = await chain.client.readContract({ ...charity, functionName: "donationCount" });
  const donations = page.getByTestId("donations").locator("tbody tr");
  await expect(donations).toHaveCount(Number(donationCount));
  for (let id = 1n; id <= donationCount; id++) {
    const [milestones, amounts, unspent] = await chain.client.readContract({
      ...charity,
      functionName: "traceOf",
      args: [id],
    });
    expect(milestones.length, `donation ${id} funded the released milestone`).toBeGreaterThan(0);
    const row = page.getByTestId("donations").locator(`tbody tr[data-row="${id}"]`);
    await expect
      .soft(row.locator('[data-col="paid"]'))
      .toHaveText(milestones.map((m, i) => `milestone ${m}: ${formatAmount(amounts[i])}`).join("; "));
    await expect.soft(row.locator('[data-col="unspent"]')).toHaveText(formatAmount(unspent));
  }
  await audit(page, "community");
});

test("keepers: each keeper's jobs and earnings, and the bounty the passed proposal set, as KeeperRewards holds them", async ({
  page,
}) => {
  await open(page, "keepers", "#/keepers", "keepers");
  const rewards = { address: at("KeeperRewards"), abi: KeeperRewardsAbi } as const;
  const rows = page.getByTestId("keepers").locator("tbody tr");
  const shown = await rows
    .locator('[data-col="address"] [data-address]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-address") as Address));
  expect(shown).toContain(privateKeyToAccount(KEEPER_KEYS[0]).address.toLowerCase());
  for (const keeper of shown) {
    const [jobs, earned] = await Promise.all([
      chain.client.readContract({ ...rewards, functionName: "jobsOf", args: [keeper] }),
      chain.client.readContract({ ...rewards, functionName: "earnedBy", args: [keeper] }),
    ]);
    const row = rows.filter({ has: page.locator(`[data-address="${keeper}"]`) });
    await expect.soft(row.locator('[data-col="jobs"]')).toHaveText(formatInteger(jobs));
    await expect.soft(row.locator('[data-col="earned"]')).toHaveText(formatAmount(earned));
  }
  // Proposal 1 set Referendum.close's bounty to 20 JZ.
  const { bounty } = await chain.client.readContract({
    ...rewards,
    functionName: "kindOf",
    args: [stringToHex("Referendum.close", { size: 32 })],
  });
  await expect
    .soft(
      page
        .getByTestId("upkeep-kinds")
        .locator("tbody tr", { hasText: "Referendum.close" })
        .locator('[data-col="bounty"]'),
    )
    .toHaveText(formatAmount(bounty));
  await audit(page, "keepers");
});

test("stale: the banner shows within 5 s of stopping the indexer", async ({ page }) => {
  await open(page, "stale-before", "#/", "total-supply");
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);
  await indexer.stop();
  const stopped = Date.now();
  await expect(page.getByTestId("stale-banner")).toBeVisible({ timeout: 5_000 });
  timings["indexer-stop-to-stale"] = Date.now() - stopped;
  // The last figures stay on the page, marked stale, instead of an empty page.
  await expect.soft(page.getByTestId("total-supply")).not.toHaveText("—");
  await audit(page, "stale");
});

test("first data painted: the median page within 1.5 s", () => {
  const times = PAGE_TIMINGS.map((name) => timings[name])
    .filter((t) => t !== undefined)
    .sort((a, b) => a - b);
  expect(times.length).toBe(PAGE_TIMINGS.length);
  const median = times[Math.floor(times.length / 2)];
  console.log(`first data painted: median ${median} ms, slowest ${times.at(-1)} ms`);
  expect(median).toBeLessThanOrEqual(FIRST_DATA_BUDGET_MS);
});
