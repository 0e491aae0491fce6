// The data market end to end on anvil with the `local` genesis (issue 18 part 8): a seller encrypts
// a data set with `jiaozi data prepare`, stores the encrypted bytes in a StorageMarket lease (three
// landlords registered on chain whose endpoint serves GET /leases/<id>, as the provider agents do),
// lists it with `jiaozi data list --lease`, and shares the key with a proxy; a buyer buys with
// `jiaozi data buy`; the proxy daemon (`jiaozi proxy`) fetches the data from the lease's
// providers, checks it, and delivers the key re-encrypted to the buyer; the buyer decrypts with
// `jiaozi data decrypt` (a stranger's key cannot) and confirms. A second purchase is disputed; no
// committee sits on the local chain, so the keepers' data-refund refunds it at the dispute's
// deadline. GraphQL shows the listing, both orders, the delivery and the dispute's verdict.
import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createWalletClient,
  erc20Abi,
  http,
  maxUint256,
  parseEther,
  toBytes,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { DataMarketAbi } from "../../abis/DataMarket.ts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../abis/StorageMarket.ts";
import { publicKeyOf } from "../src/community/data/crypto.ts";
import { leaseTree } from "../src/storage/leaseData.ts";
import {
  fundWithTokens,
  graphql,
  KEEPER_KEYS,
  PROVIDER_KEYS,
  rpc,
  startKeepers,
  waitFor,
  waitForIndexed,
  type Service,
  writeWithMargin,
} from "../../scripts/stack.ts";
import {
  elapse,
  freePort,
  indexChain,
  runCommand,
  startChainWithGenesis,
  type TestChain,
} from "../../scripts/testchain.ts";

const DATA = toBytes("station,day,temperature\nzurich,2025-01-01,-2.5\ngeneva,2025-01-01,0.5\n".repeat(20));

describe("data market end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let server: Server;
  const running: Service[] = [];
  const stored = new Map<string, Uint8Array>();
  const seller = generatePrivateKey();
  const buyer = generatePrivateKey();
  const proxy = generatePrivateKey();
  const stranger = generatePrivateKey();

  before(async function () {
    chain = await startChainWithGenesis();
    // The landlords' endpoint: what a provider agent serves to anyone (GET /leases/<id>).
    server = createServer((request, response) => {
      const match = /^\/leases\/([0-9]+)/.exec(request.url ?? "");
      const data = match ? stored.get(match[1]) : undefined;
      if (data === undefined) response.writeHead(404).end();
      else response.writeHead(200, { "content-type": "application/octet-stream" }).end(data);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    server?.close();
    await chain?.stop();
  });

  const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const at = (name: string) => chain.deployments.contracts[name].address as Address;
  const send = async (key: Hex, address: Address, abi: Abi, functionName: string, args: unknown[]) => {
    const wallet = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(key),
    });
    return writeWithMargin(chain.client, wallet, { address, abi, functionName, args });
  };
  const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
    chain.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const order = (orderId: bigint) =>
    read<{ state: number; buyer: Address; deadline: number }>(at("DataMarket"), DataMarketAbi, "orderOf", [orderId]);
  const balanceOf = (account: Address) => read<bigint>(at("BaseToken"), erc20Abi, "balanceOf", [account]);

  it("stores a data set in a lease, sells it through a proxy, decrypts it; a disputed second purchase is refunded; all in GraphQL", async function () {
    const addressOf = (key: Hex) => privateKeyToAccount(key).address;
    for (const key of [seller, buyer, proxy, stranger])
      await rpc(chain.anvil.url, "anvil_setBalance", [addressOf(key), "0x56BC75E2D63100000"]);
    await fundWithTokens(
      chain.anvil.url,
      chain.deploymentsFile,
      [...[seller, buyer, proxy, stranger].map(addressOf), ...PROVIDER_KEYS.map((k) => addressOf(k))],
      parseEther("50000"),
    );

    // Three landlords announce the endpoint; the seller rents a lease for the encrypted bytes.
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    for (const key of PROVIDER_KEYS) {
      await send(key, at("BaseToken"), erc20Abi, "approve", [at("LandlordRegistry"), maxUint256]);
      await send(key, at("LandlordRegistry"), LandlordRegistryAbi, "registerLandlord", [1024n, endpoint]);
    }
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-data-"));
    writeFileSync(path.join(dir, "weather.csv"), DATA);
    const prepared = await cli<{ contentHash: Hex; dataKey: Hex; bytes: number }>(
      seller,
      "data",
      "prepare",
      "--file",
      path.join(dir, "weather.csv"),
      "--out",
      path.join(dir, "weather.enc"),
    );
    const encrypted = new Uint8Array(readFileSync(path.join(dir, "weather.enc")));
    const cost = await read<bigint>(at("StorageMarket"), StorageMarketAbi, "quote", [1n, 5n]);
    await send(seller, at("BaseToken"), erc20Abi, "approve", [at("StorageMarket"), maxUint256]);
    const root = leaseTree(encrypted, 1).root;
    await send(seller, at("StorageMarket"), StorageMarketAbi, "rent", [
      1n,
      5n,
      root,
      BigInt(encrypted.length),
      cost * 2n,
    ]);
    const leaseId = await read<bigint>(at("StorageMarket"), StorageMarketAbi, "leaseCount");
    stored.set(leaseId.toString(), encrypted);
    // The keepers' storage-assign draws its copy group once the randomness block exists.
    await rpc(chain.anvil.url, "anvil_mine", ["0x5"]);
    const assign = startKeepers(["run", "--job", "storage-assign", "--once"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
    });
    expect(await assign.exited, assign.output()).to.equal(0);
    const group = await read<readonly Address[]>(at("LandlordRegistry"), LandlordRegistryAbi, "groupOf", [leaseId]);
    expect(group.filter((a) => a !== "0x0000000000000000000000000000000000000000")).to.have.length(3);

    // Aliases with messaging keys for the proxy, the buyer and the stranger (the signer's own key).
    for (const [key, name] of [
      [proxy, "data-proxy"],
      [buyer, "data-buyer"],
      [stranger, "data-stranger"],
    ] as const) {
      await cli(key, "alias", "register", name, "--public-key", publicKeyOf(key), "--no-commit");
    }
    await cli(proxy, "data", "register-proxy", "--collateral", "10000", "--fee-bps", "500");
    const listed = await cli<{ listingId: string }>(
      seller,
      "data",
      "list",
      "--title",
      "Swiss weather 2025",
      "--tags",
      "weather,csv",
      "--price",
      "100",
      "--content-hash",
      prepared.contentHash,
      "--lease",
      leaseId.toString(),
    );
    expect(listed.listingId).to.equal("1");
    await cli(seller, "data", "share-key", "1", "--proxy", "data-proxy", "--data-key", prepared.dataKey);

    const proxyDaemon = startKeepers(["proxy", "--interval", "500"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: proxy,
      KEEPER_METRICS_PORT: String(await freePort()),
    });
    running.push(proxyDaemon);

    // First purchase: delivered by the proxy, decrypted by the buyer, confirmed.
    const bought = await cli<{ orderId: string }>(buyer, "data", "buy", "1", "--proxy", "data-proxy");
    expect(bought.orderId).to.equal("1");
    await waitFor("the proxy to deliver order 1", async () => (await order(1n)).state === 2, 60_000);
    const out = path.join(dir, "bought.csv");
    const decrypted = await cli<{ verified: boolean; contentHash: Hex }>(buyer, "data", "decrypt", "1", "--out", out);
    expect(decrypted.verified).to.equal(true);
    expect(decrypted.contentHash).to.equal(prepared.contentHash);
    expect(new Uint8Array(readFileSync(out))).to.deep.equal(DATA);
    // The key was handed to the buyer's public key: the stranger's key cannot open it.
    const wrong = startKeepers(["data", "decrypt", "1", "--out", path.join(dir, "stolen.csv")], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: stranger,
    });
    expect(await wrong.exited).to.not.equal(0);
    expect(wrong.output()).to.match(/not encrypted to this account's public key/);
    const sellerBefore = await balanceOf(addressOf(seller));
    await cli(buyer, "data", "confirm", "1");
    expect((await balanceOf(addressOf(seller))) - sellerBefore).to.equal(parseEther("95"));

    // Second purchase: delivered, disputed; undecided (no committee sits), refunded at the deadline.
    await cli(buyer, "data", "buy", "1", "--proxy", "data-proxy");
    await waitFor("the proxy to deliver order 2", async () => (await order(2n)).state === 2, 60_000);
    await cli(buyer, "data", "dispute", "2", "--evidence", "ipfs://the-data-was-wrong");
    const disputed = await order(2n);
    expect(disputed.state).to.equal(3);
    const buyerBefore = await balanceOf(addressOf(buyer));
    const now = (await chain.client.getBlock()).timestamp;
    await elapse(chain, Number(BigInt(disputed.deadline) - now) + 1);
    const refund = startKeepers(["run", "--job", "data-refund", "--once"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: KEEPER_KEYS[1],
    });
    expect(await refund.exited, refund.output()).to.equal(0);
    expect((await order(2n)).state).to.equal(5);
    const bond = (await read<{ disputeBond: bigint }>(at("DataMarket"), DataMarketAbi, "parameters")).disputeBond;
    expect((await balanceOf(addressOf(buyer))) - buyerBefore).to.equal(parseEther("100") + bond);

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url, undefined, 120_000);
    const indexed = await graphql<{
      dataListings: { items: { listingId: string; leaseId: string; orders: number; proxies: string[] }[] };
      dataOrders: { items: { orderId: string; state: string; sellerAmount: string | null; refunded: string | null }[] };
      dataDisputes: { items: { orderId: string; verdict: string; evidenceURI: string }[] };
    }>(
      indexer.graphql,
      `
        {
          dataListings {
            items {
              listingId
              leaseId
              orders
              proxies
            }
          }
          dataOrders(orderBy: "orderId") {
            items {
              orderId
              state
              sellerAmount
              refunded
            }
          }
          dataDisputes {
            items {
              orderId
              verdict
              evidenceURI
            }
          }
        }
      `,
    );
    expect(indexed.dataListings.items).to.deep.equal([
      { listingId: "1", leaseId: leaseId.toString(), orders: 2, proxies: [addressOf(proxy).toLowerCase()] },
    ]);
    expect(indexed.dataOrders.items).to.deep.equal([
      { orderId: "1", state: "completed", sellerAmount: parseEther("95").toString(), refunded: null },
      { orderId: "2", state: "refunded", sellerAmount: null, refunded: parseEther("100").toString() },
    ]);
    expect(indexed.dataDisputes.items).to.deep.equal([
      { orderId: "2", verdict: "default", evidenceURI: "ipfs://the-data-was-wrong" },
    ]);
  });
});
