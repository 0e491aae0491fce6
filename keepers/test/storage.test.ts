// The storage market end to end on anvil with the `local` genesis (an epoch is a minute, the
// proof window 15 s): three provider agents form one copy group, a tenant rents with
// `keepers rent`, the keeper daemon opens, seeds and settles epochs, and the provider that
// deleted its copy is the only one slashed, while rent reaches the other two.
import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEther, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { StorageMarketAbi } from "../../abis/StorageMarket.ts";
import { StorageProofsAbi } from "../../abis/StorageProofs.ts";
import {
  graphql,
  fundWithTokens,
  KEEPER_KEYS,
  PROVIDER_KEYS,
  setIntervalMining,
  startKeepers,
  startProvider,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import { freePort, indexChain, logLines, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

interface IndexedStorage {
  landlords: {
    items: {
      address: string;
      capacityMB: string;
      collateral: string;
      leaseCount: number;
      proofsPassed: number;
      proofsFailed: number;
      slashed: string;
      status: string;
    }[];
  };
  leases: { items: { leaseId: string; landlords: string[]; state: string }[] };
  storageEpoch: { proofs: number; failedLandlords: number; rent: string };
  storageProofs: { items: { landlord: string }[] };
  marketStates: { items: { price: string; pool: string; booked: string }[] };
  poolFundings: { items: { kind: string; amount: string }[] };
}
const STORAGE_QUERY = `query ($epoch: BigInt!) {
  landlords { items { address capacityMB collateral leaseCount proofsPassed proofsFailed slashed status } }
  leases { items { leaseId landlords state } }
  storageEpoch(epoch: $epoch) { proofs failedLandlords rent }
  storageProofs(where: { epoch: $epoch }) { items { landlord } }
  marketStates(orderBy: "timestamp", orderDirection: "asc", limit: 1000) { items { price pool booked } }
  poolFundings(where: { kind: "drip" }) { items { kind amount } }
}`;
const STORAGE_JOBS = "storage-open-epoch,storage-record-seed,storage-settle-epoch,storage-drip";

describe("storage market end to end (anvil)", function () {
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

  const at = (name: string) => chain.deployments.contracts[name].address;

  async function landlord(address: Address) {
    return chain.client.readContract({
      address: at("LandlordRegistry"),
      abi: LandlordRegistryAbi,
      functionName: "landlordOf",
      args: [address],
    });
  }

  async function epochNow() {
    return chain.client.readContract({
      address: at("StorageMarket"),
      abi: StorageMarketAbi,
      functionName: "currentEpoch",
    });
  }

  async function jumpToEpochStart(epoch: bigint) {
    const start = await chain.client.readContract({
      address: at("StorageMarket"),
      abi: StorageMarketAbi,
      functionName: "epochStart",
      args: [epoch],
    });
    const now = (await chain.client.getBlock()).timestamp;
    if (start > now) await chain.test.increaseTime({ seconds: Number(start - now) });
    await chain.test.mine({ blocks: 1 });
  }

  it("stores a tenant's file with three providers, proves it every epoch, and slashes only the one that lost it", async function () {
    const providers = PROVIDER_KEYS.map((key) => privateKeyToAccount(key).address);
    await fundWithTokens(chain.anvil.url, chain.deploymentsFile, providers, parseEther("1000"));
    await setIntervalMining(chain.anvil.url, 1);

    const dataDirs: string[] = [];
    const ports: number[] = [];
    const agents: Service[] = [];
    for (const key of PROVIDER_KEYS) {
      const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-provider-"));
      const port = await freePort();
      dataDirs.push(dir);
      ports.push(port);
      const agent = startProvider(key, {
        rpcUrl: chain.anvil.url,
        deploymentsFile: chain.deploymentsFile,
        dataDir: dir,
        port,
        capacityMB: 64,
        intervalMs: 500,
      });
      agents.push(agent);
      running.push(agent);
    }
    running.push(
      startKeepers(["run", "--jobs", STORAGE_JOBS, "--interval", "500", "--metrics-port", "0"], {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      }),
    );
    await waitFor(
      "three landlords registered",
      async () => (await Promise.all(providers.map(landlord))).every((l) => l.status === 1),
      60_000,
    );

    // The pool starts empty: the first drip fills it one epoch after genesis.
    await jumpToEpochStart((await epochNow()) + 1n);
    await waitFor(
      "the first subsidy drip",
      async () =>
        (
          await chain.client.readContract({
            address: at("StorageMarket"),
            abi: StorageMarketAbi,
            functionName: "state",
          })
        ).pool > 0n,
      60_000,
    );

    const file = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-tenant-")), "photo.bin");
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 131 + 7) & 0xff);
    writeFileSync(file, bytes);
    const tenant = startKeepers(["rent", "--file", file, "--days", "5"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: TOKEN_HOLDER_KEY,
    });
    expect(await tenant.exited, tenant.output()).to.equal(0);
    const summary = JSON.parse(tenant.output().slice(tenant.output().indexOf("{\n"))) as {
      leaseId: string;
      group: Address[];
      uploads: { status: number }[];
    };
    expect(summary.uploads.map((u) => u.status)).to.deep.equal([201, 201, 201]);
    expect([...summary.group].sort()).to.deep.equal([...providers].sort());
    const leaseId = BigInt(summary.leaseId);

    // An upload whose root differs from the lease's dataRoot is refused.
    const refused = await fetch(`http://127.0.0.1:${ports[0]}/leases/${leaseId}`, {
      method: "PUT",
      body: new Uint8Array(10),
    });
    expect(refused.status).to.equal(422);

    // The third provider loses its copy.
    const lost = dataDirs[2];
    for (const name of readdirSync(lost)) rmSync(path.join(lost, name));
    const collateral = (await landlord(providers[0])).collateral;

    const proofEpoch = (await epochNow()) + 1n;
    await jumpToEpochStart(proofEpoch);
    const proved = (who: Address) =>
      chain.client.readContract({
        address: at("StorageProofs"),
        abi: StorageProofsAbi,
        functionName: "hasProved",
        args: [who, proofEpoch],
      });
    await waitFor(
      "the two providers holding the data to prove",
      async () => (await proved(providers[0])) && (await proved(providers[1])),
      60_000,
    );
    expect(await proved(providers[2])).to.equal(false);

    await waitFor(
      "the epoch to be settled",
      async () => (await Promise.all(providers.map(landlord))).every((l) => BigInt(l.nextSettleEpoch) > proofEpoch),
      90_000,
    );
    const [first, second, third] = await Promise.all(providers.map(landlord));
    expect(first.collateral).to.equal(collateral);
    expect(second.collateral).to.equal(collateral);
    expect(third.collateral).to.equal(collateral - collateral / 20n);
    expect(third.failures).to.equal(1);

    // Rent of the proof epoch reached the two that proved; the agents claim it themselves.
    const passedEvents = await chain.client.getContractEvents({
      address: at("LandlordRegistry"),
      abi: LandlordRegistryAbi,
      eventName: "LandlordPassed",
      args: { epoch: proofEpoch },
      fromBlock: 0n,
    });
    const rentOf = (who: Address) => passedEvents.find((e) => e.args.landlord === who)?.args.rent;
    expect(rentOf(providers[0])).to.be.greaterThan(0n);
    expect(rentOf(providers[1])).to.equal(rentOf(providers[0]));
    expect(rentOf(providers[2])).to.equal(undefined);
    await waitFor(
      "the first provider to claim its rent",
      async () =>
        (
          await chain.client.getContractEvents({
            address: at("LandlordRegistry"),
            abi: LandlordRegistryAbi,
            eventName: "RentClaimed",
            args: { landlord: providers[0] },
            fromBlock: 0n,
          })
        ).length > 0,
      60_000,
    );
    const missing = logLines(agents[2]).filter(
      (line) => line.msg === "challenged on a lease whose data is missing: cannot prove",
    );
    expect(missing.length).to.be.greaterThan(0);
    for (const agent of agents.slice(0, 2)) {
      expect(logLines(agent).filter((line) => (line.level ?? 0) >= 50)).to.deep.equal([]);
    }

    // The indexer tells the same story over GraphQL.
    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<IndexedStorage>(indexer.graphql, STORAGE_QUERY, { epoch: String(proofEpoch) });
    const byAddress = new Map(indexed.landlords.items.map((l) => [l.address.toLowerCase(), l]));
    const chainLandlords = await Promise.all(providers.map(landlord));
    providers.forEach((provider, i) => {
      const row = byAddress.get(provider.toLowerCase())!;
      expect(row.collateral).to.equal(chainLandlords[i].collateral.toString());
      expect(row.capacityMB).to.equal("64");
      expect(row.leaseCount).to.equal(1);
      expect(row.proofsFailed).to.equal(i === 2 ? 1 : 0);
      expect(row.proofsPassed).to.be.greaterThan(0);
      expect(row.status).to.equal("active");
    });
    expect(byAddress.get(providers[2].toLowerCase())!.slashed).to.equal((collateral / 20n).toString());
    const [indexedLease] = indexed.leases.items;
    expect(indexedLease.leaseId).to.equal(summary.leaseId);
    expect(indexedLease.landlords.map((a) => a.toLowerCase()).sort()).to.deep.equal(
      summary.group.map((a) => a.toLowerCase()).sort(),
    );
    expect(indexedLease.state).to.equal("active");
    expect(indexed.storageEpoch.proofs).to.equal(2);
    expect(indexed.storageEpoch.failedLandlords).to.equal(1);
    expect(BigInt(indexed.storageEpoch.rent)).to.be.greaterThan(0n);
    expect(indexed.storageProofs.items.map((p) => p.landlord.toLowerCase()).sort()).to.deep.equal(
      providers
        .slice(0, 2)
        .map((a) => a.toLowerCase())
        .sort(),
    );
    // The keepers' subsidy drips are indexed as pool funding.
    expect(indexed.poolFundings.items.length).to.be.greaterThan(0);
    expect(indexed.poolFundings.items.every((drip) => BigInt(drip.amount) > 0n)).to.equal(true);
    // The price series: the rent moved the price up from where the drip left it.
    const prices = indexed.marketStates.items.map((point) => BigInt(point.price));
    expect(prices.length).to.be.greaterThan(1);
    expect(prices.some((price, i) => i > 0 && price > prices[i - 1])).to.equal(true);
  });
});
