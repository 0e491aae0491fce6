// clearDevChainSync: a dev chain's rows leave Ponder's sync cache on PostgreSQL, other chains'
// stay. Without it an indexer of a restarted anvil mixes the old chain's logs into the new one's.
import { expect } from "chai";
import pg from "pg";
import { clearDevChainSync } from "../../scripts/stack.ts";

describe("clearDevChainSync (PostgreSQL)", function () {
  const url = process.env.JIAOZI_TEST_DATABASE_URL;
  let client: pg.Client;

  before(async function () {
    if (url === undefined) {
      if (process.env.JIAOZI_REQUIRE_POSTGRES === "1") throw new Error("JIAOZI_TEST_DATABASE_URL is not set");
      this.skip();
    }
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create schema if not exists ponder_sync");
    await client.query("drop table if exists ponder_sync.jiaozi_probe");
    await client.query(
      "create table ponder_sync.jiaozi_probe (chain_id bigint not null, block_number bigint not null)",
    );
  });
  after(async function () {
    await client?.query("drop table if exists ponder_sync.jiaozi_probe");
    await client?.end();
  });

  it("deletes the dev chain's synced rows and keeps every other chain's", async function () {
    await client.query("insert into ponder_sync.jiaozi_probe values (31337, 9), (31337, 10), (1, 9)");
    await clearDevChainSync(url!, 31337);
    const { rows } = await client.query<{ chain_id: string; block_number: string }>(
      "select chain_id, block_number from ponder_sync.jiaozi_probe order by chain_id",
    );
    expect(rows).to.deep.equal([{ chain_id: "1", block_number: "9" }]);
  });
});
