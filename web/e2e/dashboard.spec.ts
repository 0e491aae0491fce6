// The dashboard in a real Chromium against a chain of its own (issue 20): a fresh anvil with the
// `local` genesis, a seeded scenario (a referendum with votes, an issued token with a purchase, a
// storage lease), the indexer and the static server of `npm start`, all on free ports. Every page
// is opened; the figures it shows are checked against viem reads of the contracts (never the
// indexer), a vote sent on chain must show in the open referendum's tally within 3 s without a
// reload, the stale banner must show within 5 s of stopping the indexer, any request leaving
// 127.0.0.1 fails the test, every page has no serious or critical axe-core violation
// (WCAG 2.1 A and AA), and each page leaves a screenshot in web/test-results/screens.
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createWalletClient, erc20Abi, http, keccak256, parseEther, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { AliasRegistryAbi } from "../../abis/AliasRegistry.ts";
import { BaseTokenAbi } from "../../abis/BaseToken.ts";
import { BancorMarketAbi } from "../../abis/BancorMarket.ts";
import { CouncilAbi } from "../../abis/Council.ts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { ReferendumAbi } from "../../abis/Referendum.ts";
import { StorageMarketAbi } from "../../abis/StorageMarket.ts";
import { TokenizationFactoryAbi } from "../../abis/TokenizationFactory.ts";
import {
  fundWithTokens,
  PROVIDER_KEYS,
  ROOT,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitForIndexed,
  writeWithMargin,
  type Service,
} from "../../scripts/stack.ts";
import {
  elapse,
  freePort,
  indexChain,
  runCommand,
  startChainWithGenesis,
  type TestChain,
} from "../../scripts/testchain.ts";
import { ensureWebBuilt, serveDashboard, type WebServer } from "../../scripts/web.ts";
import { formatAmount, formatInteger } from "../src/format.ts";

const SCREENS = path.join(ROOT, "web", "test-results", "screens");
const CLOSE_KIND = stringToHex("Referendum.close", { size: 32 });
/** IChoice.Choice: None, Against, For, Abstain. */
const AGAINST = 1;

// Serial: one seeded chain for every page. Figure checks are soft, so that one wrong figure still
// lets the other pages be checked (the test fails at its end).
test.describe.configure({ mode: "serial" });

let chain: TestChain;
let indexer: Service & { url: string; graphql: string };
let web: WebServer;
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

test.beforeAll(async () => {
  test.setTimeout(600_000);
  await ensureWebBuilt();
  chain = await startChainWithGenesis();
  const scratch = mkdtempSync(path.join(tmpdir(), "jiaozi-web-"));

  // A referendum: the team (200,000) supports and the holder's support opens it; the holder votes for.
  await fundWithTokens(chain.anvil.url, chain.deploymentsFile, [team], parseEther("200000"));
  await cli(TOKEN_HOLDER_KEY, "gov", "delegate");
  await cli(TEAM_KEY, "gov", "delegate");
  await elapse(chain, 2);
  const actions = path.join(scratch, "actions.json");
  writeFileSync(
    actions,
    JSON.stringify([{ target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [CLOSE_KIND, "20"] }]),
  );
  await cli(
    TOKEN_HOLDER_KEY,
    "gov",
    "propose",
    "--actions",
    actions,
    "--description",
    "ipfs://web-test",
    "--publicity-days",
    "7",
  );
  await elapse(chain, 2);
  await cli(TEAM_KEY, "gov", "support", "--proposal", "1");
  const opened = await cli(TOKEN_HOLDER_KEY, "gov", "support", "--proposal", "1");
  expect(opened.state).toBe("Referendum");
  await cli(TOKEN_HOLDER_KEY, "gov", "vote", "--proposal", "1", "--side", "for");

  // The holder's alias, which every page shows beside its address.
  const full = privateKeyToAccount(TEAM_KEY).publicKey;
  const publicKey = `0x${BigInt(`0x${full.slice(68)}`) & 1n ? "03" : "02"}${full.slice(4, 68)}`;
  await cli(TOKEN_HOLDER_KEY, "alias", "register", "alice", "--public-key", publicKey, "--no-commit");

  // An issued token with a purchase on its market.
  const issuerFile = path.join(scratch, "issuer.json");
  writeFileSync(
    issuerFile,
    JSON.stringify({
      name: "Dumpling Coffee",
      symbol: "DUMP",
      metadataURI: "ipfs://dumpling-whitepaper",
      supply: "1000000",
      seedReserve: "10000",
      connectorWeight: "50%",
      commitment: { period: "7m", minimum: "1000" },
    }),
  );
  const launched = await cli(TOKEN_HOLDER_KEY, "issuer", "launch", "--config", issuerFile);
  token = launched.token as Address;
  await cli(TOKEN_HOLDER_KEY, "issuer", "buy", "--token", token, "--amount", "500");

  // A landlord (capacity for the market to sell), and a storage lease of 1 MB for 5 epochs,
  // rented and waiting for its copy group.
  const landlord = wallet(PROVIDER_KEYS[0]);
  await fundWithTokens(chain.anvil.url, chain.deploymentsFile, [landlord.account.address], parseEther("10000"));
  const collateral = await chain.client.readContract({
    address: at("LandlordRegistry"),
    abi: LandlordRegistryAbi,
    functionName: "collateralFor",
    args: [1024n],
  });
  await writeWithMargin(chain.client, landlord, {
    address: at("BaseToken"),
    abi: erc20Abi,
    functionName: "approve",
    args: [at("LandlordRegistry"), collateral],
  });
  await writeWithMargin(chain.client, landlord, {
    address: at("LandlordRegistry"),
    abi: LandlordRegistryAbi,
    functionName: "registerLandlord",
    args: [1024n, "http://127.0.0.1:9/"],
  });
  const tenant = wallet(TOKEN_HOLDER_KEY);
  const cost = await chain.client.readContract({
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "quote",
    args: [1n, 5n],
  });
  const upkeep = await chain.client.readContract({
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "upkeepFee",
  });
  await writeWithMargin(chain.client, tenant, {
    address: at("BaseToken"),
    abi: erc20Abi,
    functionName: "approve",
    args: [at("StorageMarket"), cost * 2n + upkeep],
  });
  await writeWithMargin(chain.client, tenant, {
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "rent",
    args: [1n, 5n, keccak256(stringToHex("web test data")), 3n, cost * 2n],
  });

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
    args: [1n],
  });
  await expect.soft(page.getByTestId("mb-leased")).toHaveText(formatInteger(lease.sizeMB));
  await expect.soft(page.getByTestId("active-proposals")).toHaveText("1");
  const reserve = await chain.client.readContract({
    address: at("BaseToken"),
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [at("CouncilReserve")],
  });
  await expect.soft(page.getByTestId("council-reserve")).toHaveText(formatAmount(reserve));
  await expect.soft(page.getByTestId("issued-count")).toHaveText("1");
  // Freshness: the badge's head is the chain's block number.
  const head = await chain.client.getBlockNumber();
  await expect.soft(page.getByTestId("head-block")).toHaveText(formatInteger(head));
  await audit(page, "overview");
});

test("proposals: the open referendum with its tally, filtered by state in the URL", async ({ page }) => {
  await open(page, "proposals", "#/proposals?state=Referendum", "proposals");
  const p = await proposalOf(1n);
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
  await page.getByLabel("State").selectOption("Executed");
  await expect(page).toHaveURL(/state=Executed/);
  await expect(page.getByText("No proposals match.")).toBeVisible();
  await page.getByLabel("State").selectOption("Referendum");
  await audit(page, "proposals");
});

test("referendum: live tally against the 3/5 line and the quorum; a new vote shows within 3 s", async ({ page }) => {
  await open(page, "referendum", "#/proposals/1", "tally-for");
  let p = await proposalOf(1n);
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
    args: [1n, AGAINST],
  });
  const sent = Date.now();
  p = await proposalOf(1n);
  expect(p.againstVotes).toBe(parseEther("200000"));
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
  await expect.soft(page.getByTestId("holder-votes-list").locator("tbody tr")).toHaveCount(1);
  await audit(page, "holder");

  // "You": the holder's vote (the only one for) is marked on the referendum's page.
  await page.getByRole("button", { name: "This is my address" }).click();
  await expect(page.getByText("This is your address.")).toBeVisible();
  await page.goto(`${web.url}#/proposals/1`);
  const p = await proposalOf(1n);
  await expect.soft(page.getByTestId("you-voted")).toContainText(`You voted for with ${formatAmount(p.forVotes)} JZ`);
  await expect.soft(page.getByTestId("votes").locator(".you")).toHaveCount(1);
  // The council's response: asked when the referendum opened, with its deadline.
  await expect.soft(page.getByTestId("council-response")).toContainText(/Due by|missed/);
  await page.evaluate(() => localStorage.removeItem("jiaozi.me"));
});

test("issuers and an issuer's page: supply, reserve and price from the token and its market", async ({ page }) => {
  await open(page, "issuers", "#/issuers", "issuers");
  const supply = await chain.client.readContract({ address: token, abi: erc20Abi, functionName: "totalSupply" });
  const row = page.getByTestId("issuers").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-col="supply"]')).toHaveText(formatAmount(supply));
  await audit(page, "issuers");

  await row.getByRole("link").click();
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

test("storage: the lease as the market holds it", async ({ page }) => {
  await open(page, "storage", "#/storage", "leases");
  const lease = await chain.client.readContract({
    address: at("StorageMarket"),
    abi: StorageMarketAbi,
    functionName: "leaseOf",
    args: [1n],
  });
  const row = page.getByTestId("leases").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-col="size"]')).toHaveText(formatInteger(lease.sizeMB));
  await expect(row.locator('[data-col="term"]')).toHaveText(formatInteger(lease.termEpochs));
  await expect(row.locator('[data-col="tenant"] [data-address]')).toHaveAttribute("data-address", holder.toLowerCase());
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

test("council: the sitting members as the Council lists them", async ({ page }) => {
  await open(page, "council", "#/council", "sitting");
  const sitting = await chain.client.readContract({
    address: at("Council"),
    abi: CouncilAbi,
    functionName: "sittingMembers",
  });
  const members = page.getByTestId("sitting").locator("tbody [data-address]");
  await expect(members).toHaveCount(sitting.length);
  const shown = await members.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-address")));
  expect(shown.sort()).toEqual(sitting.map((m) => m.toLowerCase()).sort());
  await audit(page, "council");
});

for (const [name, hash, heading] of [
  ["staking", "#/staking", "Staking"],
  ["insurance", "#/insurance", "Insurance"],
  ["community", "#/community", "Community"],
  ["keepers", "#/keepers", "Keepers"],
] as const) {
  test(`${name}: loads without an error state`, async ({ page }) => {
    const started = Date.now();
    await page.goto(`${web.url}${hash}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.locator("h2").first()).toBeVisible({ timeout: 15_000 });
    timings[name] = await firstDataPainted(page, started);
    await expect(page.getByTestId("query-error")).toHaveCount(0);
    await audit(page, name);
  });
}

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
