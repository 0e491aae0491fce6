// Charity end to end on anvil with the `local` genesis (issue 18 part 8): a campaign is created with
// `jiaozi charity create`, funded by three donors (`charity donate`) and by a charity auction (the
// seller's item sold by DutchAuction.createCharityAuction: the price is a donation for the seller),
// releases its first milestone (`charity submit-evidence`, two of three verifiers `charity approve`),
// misses its goal at the deadline and the keeper daemon's charity-refund job refunds the rest, each
// donor exactly its unspent half. `charity trace` and GraphQL show the donation-to-payment trace.
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, parseEther, parseEventLogs, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CharityCampaignsAbi } from "../../abis/CharityCampaigns.ts";
import { CollectionAbi } from "../../abis/Collection.ts";
import { CollectionFactoryAbi } from "../../abis/CollectionFactory.ts";
import { DutchAuctionAbi } from "../../abis/DutchAuction.ts";
import {
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
import { elapse, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

describe("charity end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const cli = <T = Record<string, unknown>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const at = (name: string) => chain.deployments.contracts[name].address;
  const wallet = (key: Hex) =>
    createWalletClient({ chain: foundry, transport: http(chain.anvil.url), account: privateKeyToAccount(key) });
  const low = (address: Address) => address.toLowerCase();
  const wei = (tokens: number) => parseEther(String(tokens)).toString();

  it("three donors and a charity auction fund a campaign; one milestone is released, the rest refunded, traced in GraphQL", async function () {
    const holder = wallet(TOKEN_HOLDER_KEY);
    const keys = { beneficiary: generatePrivateKey(), v: [0, 1, 2].map(() => generatePrivateKey()) };
    const donorKeys = [0, 1, 2].map(() => generatePrivateKey());
    const beneficiary = privateKeyToAccount(keys.beneficiary).address;
    const verifiers = keys.v.map((key) => privateKeyToAccount(key).address);
    const donors = donorKeys.map((key) => privateKeyToAccount(key).address);
    for (const account of [beneficiary, ...verifiers, ...donors])
      await chain.test.setBalance({ address: account, value: parseEther("10") });
    for (const donor of donors)
      await writeWithMargin(chain.client, holder, {
        address: at("BaseToken"),
        abi: erc20Abi,
        functionName: "transfer",
        args: [donor, parseEther("1000")],
      });

    const created = await cli<{ campaignId: string; goal: string }>(
      TOKEN_HOLDER_KEY,
      "charity",
      "create",
      "--beneficiary",
      beneficiary,
      "--deadline",
      "10m",
      "--release-window",
      "10m",
      "--milestone",
      "300:invoices for the first kitchen",
      "--milestone",
      "700:delivery photos",
      ...verifiers.flatMap((v) => ["--verifier", v]),
      "--metadata",
      "ipfs://dumpling-kitchens",
    );
    expect(created).to.include({ campaignId: "1", goal: "1000" });

    // Three donors: 100, 150, 250 (minimum donation on the local profile: 100).
    const amounts = [100, 150, 250];
    for (const [i, key] of donorKeys.entries()) {
      const donated = await cli<{ donationId: string; donor: Address }>(
        key,
        "charity",
        "donate",
        "1",
        String(amounts[i]),
      );
      expect(donated).to.include({ donationId: String(i + 1), donor: donors[i] });
    }

    // A charity auction: the team's item sells at a fixed 100; the price is a donation for the seller.
    const seller = wallet(TEAM_KEY);
    const made = await writeWithMargin(chain.client, seller, {
      address: at("CollectionFactory"),
      abi: CollectionFactoryAbi,
      functionName: "createCollection",
      args: [{ name: "Charity Dumplings", symbol: "CDMP", baseURI: "ipfs://cd/", maxSupply: 5 }],
    });
    const [collectionCreated] = parseEventLogs({
      abi: CollectionFactoryAbi,
      logs: made.logs,
      eventName: "CollectionCreated",
    });
    const nft = { address: collectionCreated.args.collection, abi: CollectionAbi } as const;
    await writeWithMargin(chain.client, seller, { ...nft, functionName: "mint", args: [seller.account.address, 1n] });
    await writeWithMargin(chain.client, seller, {
      ...nft,
      functionName: "setApprovalForAll",
      args: [at("DutchAuction"), true],
    });
    await writeWithMargin(chain.client, seller, {
      address: at("DutchAuction"),
      abi: DutchAuctionAbi,
      functionName: "createCharityAuction",
      args: [nft.address, 1n, parseEther("100"), parseEther("100"), 300, 1n],
    });
    const auctionId = await chain.client.readContract({
      address: at("DutchAuction"),
      abi: DutchAuctionAbi,
      functionName: "auctionCount",
    });
    await writeWithMargin(chain.client, holder, {
      address: at("BaseToken"),
      abi: erc20Abi,
      functionName: "approve",
      args: [at("DutchAuction"), parseEther("100")],
    });
    const sold = await writeWithMargin(chain.client, holder, {
      address: at("DutchAuction"),
      abi: DutchAuctionAbi,
      functionName: "buy",
      args: [auctionId, parseEther("100")],
    });
    const [proceeds] = parseEventLogs({ abi: DutchAuctionAbi, logs: sold.logs, eventName: "CharityProceeds" });
    expect(proceeds.args.donationId).to.equal(4n);

    // Milestone 0 (300 of the 600 raised): evidence, one approval (a minority) and a second (a majority).
    await cli(keys.beneficiary, "charity", "submit-evidence", "1", "0", "--evidence", "ipfs://invoices-1");
    const first = await cli<{ approvals: string; released: string | null }>(keys.v[0], "charity", "approve", "1", "0");
    expect(first).to.include({ approvals: "1", released: null });
    const second = await cli<{ approvals: string; released: string | null }>(keys.v[2], "charity", "approve", "1", "0");
    expect(second).to.include({ approvals: "2", released: "300" });

    const trace = await cli<{ payments: { milestone: string; amount: string }[]; unspent: string }>(
      TOKEN_HOLDER_KEY,
      "charity",
      "trace",
      "2",
    );
    expect(trace.payments).to.deep.equal([{ milestone: "0", amount: "75" }]);
    expect(trace.unspent).to.equal("75");

    // The deadline passes with 600 of the 1000 raised: the keeper daemon refunds every donation.
    const charity = { address: at("CharityCampaigns"), abi: CharityCampaignsAbi } as const;
    const { deadline } = await chain.client.readContract({ ...charity, functionName: "campaignOf", args: [1n] });
    const now = (await chain.client.getBlock()).timestamp;
    await elapse(chain, Number(deadline) - Number(now) + 1);
    const balancesBefore = await Promise.all(
      [...donors, seller.account.address].map((account) =>
        chain.client.readContract({
          address: at("BaseToken"),
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [account],
        }),
      ),
    );
    running.push(
      startKeepers(["run", "--jobs", "charity-refund", "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );
    await waitFor(
      "campaign 1 refunded",
      async () =>
        (await chain.client.readContract({ ...charity, functionName: "campaignOf", args: [1n] })).refunded ===
        parseEther("300"),
      90_000,
    );
    const balancesAfter = await Promise.all(
      [...donors, seller.account.address].map((account) =>
        chain.client.readContract({
          address: at("BaseToken"),
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [account],
        }),
      ),
    );
    // Each pushed refund keeps the refund fee (the keeper's bounty, which it funds).
    const fee = await chain.client.readContract({ ...charity, functionName: "refundFee", args: [1n] });
    expect(fee > 0n).to.equal(true);
    expect(balancesAfter.map((after, i) => after - balancesBefore[i])).to.deep.equal(
      [50, 75, 125, 50].map((n) => parseEther(String(n)) - fee),
    );
    expect(await chain.client.readContract({ ...charity, functionName: "campaignBalance", args: [1n] })).to.equal(0n);

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      charityCampaign: {
        status: string;
        failReason: string;
        raised: string;
        released: string;
        refunded: string;
        donationCount: number;
      };
      charityDonations: {
        items: {
          donationId: string;
          donor: Address;
          amount: string;
          spent: string;
          refunded: string;
          auctionId: string | null;
        }[];
      };
      charityPayments: { items: { milestone: number; amount: string; unspentBefore: string }[] };
      charityRefunds: { items: { donationId: string; amount: string; fee: string; failed: boolean }[] };
      charityTraces: { items: { donationId: string; milestone: number; amount: string }[] };
      charityApprovals: { items: { verifier: Address; approvals: number }[] };
      charityEvidences: { items: { uris: string[] }[] };
      auction: { status: string; campaignId: string | null; proceedsToSeller: boolean | null };
    }>(
      indexer.url,
      `
        {
          charityCampaign(campaignId: "1") {
            status
            failReason
            raised
            released
            refunded
            donationCount
          }
          charityDonations(orderBy: "donationId", orderDirection: "asc") {
            items {
              donationId
              donor
              amount
              spent
              refunded
              auctionId
            }
          }
          charityPayments {
            items {
              milestone
              amount
              unspentBefore
            }
          }
          charityRefunds(orderBy: "donationId", orderDirection: "asc") {
            items {
              donationId
              amount
              fee
              failed
            }
          }
          charityTraces(orderBy: "donationId", orderDirection: "asc") {
            items {
              donationId
              milestone
              amount
            }
          }
          charityApprovals(orderBy: "blockNumber", orderDirection: "asc") {
            items {
              verifier
              approvals
            }
          }
          charityEvidences {
            items {
              uris
            }
          }
          auction(auctionId: "${auctionId}") {
            status
            campaignId
            proceedsToSeller
          }
        }
      `,
    );
    expect(indexed.charityCampaign).to.deep.equal({
      status: "failed",
      failReason: "goalMissed",
      raised: wei(600),
      released: wei(300),
      refunded: wei(300),
      donationCount: 4,
    });
    expect(indexed.charityDonations.items).to.deep.equal(
      [...donors, seller.account.address].map((donor, i) => ({
        donationId: String(i + 1),
        donor: low(donor),
        amount: wei([100, 150, 250, 100][i]),
        spent: wei([50, 75, 125, 50][i]),
        refunded: wei([50, 75, 125, 50][i]),
        auctionId: i === 3 ? auctionId.toString() : null,
      })),
    );
    // The sale is the campaign's charity auction, and its price was donated (not sent to the seller).
    expect(indexed.auction).to.deep.equal({ status: "sold", campaignId: "1", proceedsToSeller: null });
    expect(indexed.charityPayments.items).to.deep.equal([{ milestone: 0, amount: wei(300), unspentBefore: wei(600) }]);
    expect(indexed.charityRefunds.items).to.deep.equal(
      [50, 75, 125, 50].map((amount, i) => ({
        donationId: String(i + 1),
        amount: wei(amount),
        fee: fee.toString(),
        failed: false,
      })),
    );
    expect(indexed.charityTraces.items).to.deep.equal(
      [50, 75, 125, 50].map((amount, i) => ({ donationId: String(i + 1), milestone: 0, amount: wei(amount) })),
    );
    expect(indexed.charityApprovals.items).to.deep.equal([
      { verifier: low(verifiers[0]), approvals: 1 },
      { verifier: low(verifiers[2]), approvals: 2 },
    ]);
    expect(indexed.charityEvidences.items).to.deep.equal([{ uris: ["ipfs://invoices-1"] }]);
  });
});
