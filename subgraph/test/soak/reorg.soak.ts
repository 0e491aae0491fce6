// npm run test:soak (issue 19): reorgs of 1, 5, 15 and 30 blocks (30: Ponder's finality depth on
// chain 31337), each replaced by different transactions, on PostgreSQL; after each, every table
// of the live index must equal, row for row, what a fresh index of the final chain produces (the
// two schemas compared table by table in SQL, not a sample). Needs JIAOZI_TEST_DATABASE_URL
// (skipped otherwise, failed when JIAOZI_REQUIRE_POSTGRES=1). Not part of `npm test`: it takes
// several minutes of fresh indexing.
import { expect } from "chai";
import pg from "pg";
import { createWalletClient, http, parseEther, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../../../abis/BaseToken.ts";
import { freePort, startChainWithGenesis, type TestChain } from "../../../scripts/testchain.ts";
import { rpc, startIndexer, waitForIndexed, type Service, TOKEN_HOLDER_KEY } from "../../../scripts/stack.ts";

const databaseUrl = process.env.JIAOZI_TEST_DATABASE_URL;
const DEPTHS = (process.env.JIAOZI_SOAK_DEPTHS ?? "1,5,15,30").split(",").map(Number);
/** Anvil's accounts #7, #8, #9, funded by the holder below. */
const KEYS: Hex[] = [
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];
const GAS = 500_000n;

/** Tables of a schema that Ponder's app defines (not its own `_ponder_*` and `_reorg__*`). */
async function appTables(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like '\\_%' order by 1",
    [schema],
  );
  return rows.map((r) => r.table_name);
}

/** Rows of `table` in one schema and not the other, both ways (at most 5 of each, for the message). */
async function difference(client: pg.Client, a: string, b: string, table: string) {
  // As jsonb text: each schema has its own enum types, which EXCEPT cannot compare directly.
  const rows = (schema: string) => `select to_jsonb(t)::text as row from "${schema}"."${table}" t`;
  const diff = async (x: string, y: string) =>
    (await client.query<{ row: string }>(`(${rows(x)}) except all (${rows(y)}) limit 5`)).rows.map((r) => r.row);
  return { onlyLive: await diff(a, b), onlyFresh: await diff(b, a) };
}

describe("soak: reorgs of 1, 5, 15 and 30 blocks against a fresh index (PostgreSQL)", function () {
  this.timeout(1_800_000);
  let chain: TestChain;
  let live: (Service & { url: string }) | undefined;
  let client: pg.Client;
  const liveSchema = `jiaozi_soak_live_${process.pid}_${Date.now()}`;

  before(async function () {
    if (databaseUrl === undefined) {
      if (process.env.JIAOZI_REQUIRE_POSTGRES === "1") throw new Error("JIAOZI_TEST_DATABASE_URL is not set");
      this.skip();
    }
    chain = await startChainWithGenesis();
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  after(async function () {
    await live?.stop();
    await chain?.stop();
    await client?.end();
  });

  const wallets = () =>
    KEYS.map((key) =>
      createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport: http(chain.anvil.url) }),
    );
  const head = async () => BigInt(await rpc<string>(chain.anvil.url, "eth_blockNumber"));

  /** `blocks` blocks of transactions (automine: one a block): transfers and delegations that
   * differ with `salt`, so a replacement branch differs from the branch it replaces. */
  async function activity(blocks: number, salt: number) {
    const senders = wallets();
    for (let i = 0; i < blocks; i++) {
      const wallet = senders[(i + salt) % senders.length];
      const to = privateKeyToAccount(`0x${(salt * 1000 + i + 1).toString(16).padStart(64, "0")}`).address;
      const hash =
        i % 4 === 3
          ? await wallet.writeContract({
              address: chain.deployments.contracts.BaseToken.address,
              abi: BaseTokenAbi,
              functionName: "delegate",
              args: [senders[(i + salt + 1) % senders.length].account.address],
              gas: GAS,
            })
          : await wallet.writeContract({
              address: chain.deployments.contracts.BaseToken.address,
              abi: BaseTokenAbi,
              functionName: "transfer",
              args: [to as Address, parseEther(String(1 + ((i * 7 + salt) % 13)))],
              gas: GAS,
            });
      const receipt = await chain.client.waitForTransactionReceipt({ hash });
      expect(receipt.status).to.equal("success");
    }
  }

  it("equals a fresh index of the final chain, table by table, after each reorg", async function () {
    const holder = createWalletClient({
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
      chain: foundry,
      transport: http(chain.anvil.url),
    });
    for (const wallet of wallets()) {
      const hash = await holder.writeContract({
        address: chain.deployments.contracts.BaseToken.address,
        abi: BaseTokenAbi,
        functionName: "transfer",
        args: [wallet.account.address, parseEther("1000000")],
        gas: GAS,
      });
      await chain.client.waitForTransactionReceipt({ hash });
    }
    live = await startIndexer({
      rpcUrl: chain.anvil.url,
      deploymentsFile: chain.deploymentsFile,
      port: await freePort(),
      databaseUrl,
      schema: liveSchema,
      logLevel: "debug",
    });
    const durations: string[] = [];
    for (const [round, depth] of DEPTHS.entries()) {
      const started = Date.now();
      const reorgsSeen = live.output().split("Reconciled reorg").length;
      // A branch of `depth` blocks, indexed live, then replaced by `depth + 2` different blocks.
      await activity(depth, 100 + round * 2);
      const forkHead = await head();
      await waitForIndexed(live.url, chain.anvil.url, forkHead, 300_000);
      await rpc(chain.anvil.url, "anvil_rollback", [depth]);
      await rpc(chain.anvil.url, "anvil_dropAllTransactions");
      expect(await head()).to.equal(forkHead - BigInt(depth));
      await activity(depth + 2, 101 + round * 2);
      const finalHead = await head();
      await waitForIndexed(live.url, chain.anvil.url, finalHead, 300_000);

      // A fresh index of the same chain (automine: no block comes without a transaction).
      const freshSchema = `jiaozi_soak_fresh_${process.pid}_${Date.now()}`;
      const fresh = await startIndexer({
        rpcUrl: chain.anvil.url,
        deploymentsFile: chain.deploymentsFile,
        port: await freePort(),
        databaseUrl,
        schema: freshSchema,
      });
      try {
        await waitForIndexed(fresh.url, chain.anvil.url, finalHead, 300_000);
        expect(await head(), "no block during the comparison").to.equal(finalHead);
        const tables = await appTables(client, liveSchema);
        expect(tables.length).to.be.greaterThan(50);
        expect(await appTables(client, freshSchema)).to.deep.equal(tables);
        for (const table of tables) {
          const { onlyLive, onlyFresh } = await difference(client, liveSchema, freshSchema, table);
          expect({ onlyLive, onlyFresh }, `${table} after a reorg of ${depth}`).to.deep.equal({
            onlyLive: [],
            onlyFresh: [],
          });
        }
        expect(live.output().split("Reconciled reorg").length, "the live indexer saw the reorg").to.be.greaterThan(
          reorgsSeen,
        );
      } finally {
        await fresh.stop();
        await client.query(`drop schema if exists "${freshSchema}" cascade`);
      }
      durations.push(`${depth} blocks: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    console.log(`      reorg soak: ${durations.join(", ")}`);
  });
});
