// The indexer equals a fresh index of the final chain, table by table (issue 19): after reorgs of
// 1, 5, 15 and 30 blocks (Ponder's finality depth on 31337) whose replacement blocks carry other
// transactions across modules (base token, HonorPool, LandlordRegistry, CharityCampaigns), and
// after being killed (SIGKILL) in the middle of a backfill and of live indexing and restarted on the
// same database. "Every table" is read from GraphQL's own schema (introspection): each plural
// field's every row and every scalar column, paged, so a table added later is compared too.
// Runs on PGlite, and on PostgreSQL when JIAOZI_TEST_DATABASE_URL is set (one file each).
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createWalletClient, erc20Abi, http, parseEther, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { CharityCampaignsAbi } from "../../abis/CharityCampaigns.ts";
import { HonorPoolAbi } from "../../abis/HonorPool.ts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { freePort, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";
import { dumpTables, expectSameTables } from "./tables.ts";
import {
  graphql,
  rpc,
  startIndexer,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  writeWithMargin,
  type Service,
} from "../../scripts/stack.ts";

type Indexer = Service & { url: string; graphql: string };

/**
 * The consistency suite on one database. Two files call it (consistency.pglite.test.ts and
 * consistency.postgres.test.ts) so that the PGlite half runs beside the PostgreSQL suites, which
 * share the database's sync schema and run one after the other (scripts/test-runtime.ts).
 */
export function describeConsistency(database: { name: "PGlite" | "PostgreSQL"; url?: string }) {
  describe(`indexer consistency on ${database.name} (anvil)`, function () {
    this.timeout(600_000);
    let chain: TestChain;
    const running: Service[] = [];
    let schemaCount = 0;
    const actors = Array.from({ length: 24 }, () => generatePrivateKey());
    let campaignId = 0n;

    before(async function () {
      if (database.name === "PostgreSQL" && database.url === undefined) {
        if (process.env.JIAOZI_REQUIRE_POSTGRES === "1") throw new Error("JIAOZI_TEST_DATABASE_URL is not set");
        this.skip();
      }
      chain = await startChainWithGenesis();
      // Every actor holds ETH, 300,000 tokens and the approvals its one-transaction actions need.
      const holder = wallet(TOKEN_HOLDER_KEY);
      const c = chain.deployments.contracts;
      for (const key of actors) {
        const address = privateKeyToAccount(key).address;
        await chain.test.setBalance({ address, value: parseEther("10") });
        await writeWithMargin(chain.client, holder, {
          address: c.BaseToken.address,
          abi: erc20Abi,
          functionName: "transfer",
          args: [address, parseEther("300000")],
        });
        for (const spender of [c.HonorPool.address, c.LandlordRegistry.address, c.CharityCampaigns.address])
          await writeWithMargin(chain.client, wallet(key), {
            address: c.BaseToken.address,
            abi: erc20Abi,
            functionName: "approve",
            args: [spender, parseEther("300000")],
          });
      }
      await createCampaign(actors[0], 0);
      campaignId = await chain.client.readContract({
        address: c.CharityCampaigns.address,
        abi: CharityCampaignsAbi,
        functionName: "campaignCount",
      });
    });
    after(async function () {
      for (const service of running.splice(0)) await service.stop();
      await chain?.stop();
    });

    const wallet = (key: Hex) =>
      createWalletClient({ chain: foundry, transport: http(chain.anvil.url), account: privateKeyToAccount(key) });
    const head = async () => BigInt(await rpc<string>(chain.anvil.url, "eth_blockNumber"));

    async function index(
      options: { resume?: { dir?: string; schema: string; port: number }; waitReady?: boolean } = {},
    ) {
      const dir = options.resume?.dir ?? mkdtempSync(path.join(tmpdir(), "jiaozi-pglite-"));
      const schema = options.resume?.schema ?? `consistency_${process.pid}_${++schemaCount}`;
      const port = options.resume?.port ?? (await freePort());
      const indexer = await startIndexer({
        rpcUrl: chain.anvil.url,
        deploymentsFile: chain.deploymentsFile,
        port,
        databaseUrl: database.url,
        pgliteDir: dir,
        schema,
        keepDatabase: options.resume !== undefined,
        waitReady: options.waitReady,
        logLevel: "debug",
      });
      running.push(indexer);
      return { indexer, dir, schema, port };
    }
    async function stop(indexer: Indexer, signal: "SIGTERM" | "SIGKILL") {
      running.splice(running.indexOf(indexer), 1);
      if (signal === "SIGKILL") {
        indexer.child.kill("SIGKILL");
        await indexer.exited;
      } else await indexer.stop();
    }

    async function createCampaign(key: Hex, variant: number, gas?: bigint) {
      const now = (await chain.client.getBlock()).timestamp;
      await writeWithMargin(chain.client, wallet(key), {
        address: chain.deployments.contracts.CharityCampaigns.address,
        abi: CharityCampaignsAbi,
        functionName: "createCampaign",
        gas,
        args: [
          {
            beneficiary: privateKeyToAccount(key).address,
            token: "0x0000000000000000000000000000000000000000",
            deadline: now + 100_000n,
            releaseDeadline: now + 200_000n,
            committee: false,
            verifiers: [privateKeyToAccount(actors[(variant + 1) % actors.length]).address],
            milestones: [{ amount: parseEther(String(1_000 + variant)), evidence: `milestone ${variant}` }],
            metadataURI: `ipfs://campaign-${variant}`,
          },
        ],
      });
    }

    /** Activity writes carry a fixed limit: after a rollback, or when the sender's delegate got a
     * checkpoint in the block just mined, an estimate's margin may not cover the new checkpoints. */
    const ACTIVITY_GAS = 1_500_000n;

    /**
     * One transaction (one block) of activity number `n` in variant `variant`: the two variants
     * touch other accounts and amounts, so a replacement block differs from the block it replaces.
     */
    async function act(n: number, variant: "orphan" | "final") {
      const c = chain.deployments.contracts;
      const offset = variant === "orphan" ? 0 : 12;
      const key = actors[(n % 12) + offset];
      const other = privateKeyToAccount(actors[((n + 5) % 12) + offset]).address;
      switch (n % 6) {
        case 0:
          return writeWithMargin(chain.client, wallet(key), {
            gas: ACTIVITY_GAS,
            address: c.BaseToken.address,
            abi: erc20Abi,
            functionName: "transfer",
            args: [other, parseEther(String(1 + n))],
          });
        case 1:
          return writeWithMargin(chain.client, wallet(key), {
            gas: ACTIVITY_GAS,
            address: c.BaseToken.address,
            abi: [
              {
                type: "function",
                name: "delegate",
                inputs: [{ name: "delegatee", type: "address" }],
                outputs: [],
                stateMutability: "nonpayable",
              },
            ] as const,
            functionName: "delegate",
            args: [other],
          });
        case 2:
          return writeWithMargin(chain.client, wallet(key), {
            gas: ACTIVITY_GAS,
            address: c.CharityCampaigns.address,
            abi: CharityCampaignsAbi,
            functionName: "donate",
            args: [campaignId, parseEther(String(100 + n))],
          });
        case 3:
          return createCampaign(key, n + offset, ACTIVITY_GAS);
        case 4: {
          const node = await chain.client.readContract({
            address: c.HonorPool.address,
            abi: HonorPoolAbi,
            functionName: "nodeOf",
            args: [privateKeyToAccount(key).address],
          });
          // A first deposit at the minimum, later ones top up.
          const amount = node.stake === 0n ? parseEther("200000") : parseEther(String(10 + n));
          return writeWithMargin(chain.client, wallet(key), {
            gas: ACTIVITY_GAS,
            address: c.HonorPool.address,
            abi: HonorPoolAbi,
            functionName: "deposit",
            args: [amount],
          });
        }
        default: {
          const registry = { address: c.LandlordRegistry.address, abi: LandlordRegistryAbi } as const;
          const landlord = await chain.client.readContract({
            ...registry,
            functionName: "landlordOf",
            args: [privateKeyToAccount(key).address],
          });
          if (landlord.status !== 0)
            return writeWithMargin(chain.client, wallet(key), {
              gas: ACTIVITY_GAS,
              ...registry,
              functionName: "addCapacity",
              args: [1024n],
            });
          const minCapacity = await chain.client.readContract({ ...registry, functionName: "minCapacityMB" });
          return writeWithMargin(chain.client, wallet(key), {
            gas: ACTIVITY_GAS,
            ...registry,
            functionName: "registerLandlord",
            args: [minCapacity, `http://127.0.0.1:1/${variant}/${n}`],
          });
        }
      }
    }

    /** `count` blocks of activity from `from` on, one transaction each. */
    async function activity(count: number, variant: "orphan" | "final", from = 0) {
      for (let n = from; n < from + count; n++) await act(n, variant);
    }

    it("after reorgs of 1, 5, 15 and 30 blocks replaced by other transactions, every table equals a fresh index", async function () {
      const { indexer } = await index();
      let reorgs = 0;
      let step = 0;
      for (const depth of [1, 5, 15, 30]) {
        const base = await head();
        await activity(depth, "orphan", step);
        await waitForIndexed(indexer.url, chain.anvil.url, base + BigInt(depth));
        await rpc(chain.anvil.url, "anvil_rollback", [depth]);
        await rpc(chain.anvil.url, "anvil_dropAllTransactions");
        expect(await head()).to.equal(base);
        await activity(depth + 2, "final", step);
        step += depth + 2;
        await waitForIndexed(indexer.url, chain.anvil.url, base + BigInt(depth + 2));
        await waitFor(
          `the reorg of ${depth} reconciled`,
          async () => (indexer.output().match(/Reconciled reorg/g)?.length ?? 0) > reorgs,
          30_000,
        );
        reorgs = indexer.output().match(/Reconciled reorg/g)!.length;
      }
      await waitForIndexed(indexer.url, chain.anvil.url);
      // Dumped and stopped before the fresh index starts (on PostgreSQL it clears the dev chain's
      // shared ponder_sync rows); no block is mined in between.
      const reorged = await dumpTables(indexer.graphql);
      await stop(indexer, "SIGTERM");
      const fresh = await index();
      await waitForIndexed(fresh.indexer.url, chain.anvil.url);
      const expected = await dumpTables(fresh.indexer.graphql);
      expect(Object.values(expected).flat().length, "rows in the fresh index").to.be.greaterThan(200);
      for (const table of ["charityDonations", "honorNodes", "landlords", "transfers", "delegations"])
        expect(expected[table]?.length ?? 0, table).to.be.greaterThan(0);
      expectSameTables(reorged, expected);
      await stop(fresh.indexer, "SIGTERM");
    });

    it("killed in the middle of a backfill and of live indexing, restarted on its database, equals a fresh index", async function () {
      // Enough blocks that a backfill takes a while.
      await activity(120, "final", 1_000);
      const target = await head();
      const first = await index({ waitReady: false });
      await waitFor(
        "the backfill to index a first range",
        async () => /Indexed block range|Indexed block"/.test(first.indexer.output()),
        120_000,
      );
      expect(first.indexer.output(), "killed before its backfill completed").to.not.include(
        "Completed backfill indexing",
      );
      await stop(first.indexer, "SIGKILL");
      const resumed = await index({ resume: first });
      await waitForIndexed(resumed.indexer.url, chain.anvil.url, target, 180_000);
      // Live: blocks arrive, the indexer dies between them, more arrive while it is down.
      await activity(10, "final", 2_000);
      await waitForIndexed(resumed.indexer.url, chain.anvil.url);
      await activity(3, "final", 2_010);
      await stop(resumed.indexer, "SIGKILL");
      await activity(5, "final", 2_013);
      const again = await index({ resume: first });
      await waitForIndexed(again.indexer.url, chain.anvil.url, undefined, 180_000);
      expect(again.indexer.output(), "resumed from its checkpoint").to.include("Detected crash recovery");
      const restarted = await dumpTables(again.indexer.graphql);
      await stop(again.indexer, "SIGTERM");
      const fresh = await index();
      await waitForIndexed(fresh.indexer.url, chain.anvil.url, undefined, 180_000);
      expectSameTables(restarted, await dumpTables(fresh.indexer.graphql));
      await stop(fresh.indexer, "SIGTERM");
    });
  });
}
