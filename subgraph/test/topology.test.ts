// The production topology (scripts/indexerTopology.ts, issue 19) on PostgreSQL: `ponder start`
// indexing, two `ponder serve` replicas on the same schema and the round-robin proxy in front.
// A transaction is seen through the proxy, both replicas answer, and after one replica is killed
// every query still gets its answer. Runs only when JIAOZI_TEST_DATABASE_URL is set (PGlite has
// no `ponder serve`).
import { expect } from "chai";
import { createWalletClient, http, parseEther, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../../abis/BaseToken.ts";
import { freeRange, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";
import { graphql, TOKEN_HOLDER_KEY, waitFor, waitForIndexed, writeWithMargin } from "../../scripts/stack.ts";
import { startIndexerTopology } from "../../scripts/indexerTopology.ts";

const databaseUrl = process.env.JIAOZI_TEST_DATABASE_URL;

describe("indexer topology on PostgreSQL: one indexer, two API replicas, one proxy", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let topology: Awaited<ReturnType<typeof startIndexerTopology>> | undefined;

  before(async function () {
    if (databaseUrl === undefined) {
      if (process.env.JIAOZI_REQUIRE_POSTGRES === "1") throw new Error("JIAOZI_TEST_DATABASE_URL is not set");
      this.skip();
    }
    chain = await startChainWithGenesis();
  });
  after(async function () {
    await topology?.stop();
    await chain?.stop();
  });

  const balanceQuery = "query ($a: String!) { account(address: $a) { balance } }";
  const replicas = async (url: string) =>
    (await (await fetch(`${url}/replicas`)).json()) as { url: string; ready: boolean; served: number }[];

  it("answers through the proxy from both replicas, and from the other when one is killed", async function () {
    const port = await freeRange(4);
    topology = await startIndexerTopology({
      rpcUrl: chain.anvil.url,
      deploymentsFile: chain.deploymentsFile,
      port,
      databaseUrl: databaseUrl!,
      schema: `jiaozi_topology_${process.pid}_${Date.now()}`,
      replicas: 2,
    });
    expect(topology.url).to.equal(`http://127.0.0.1:${port}`);
    expect((await fetch(`${topology.url}/ready`)).status).to.equal(200);
    expect((await fetch(`${topology.url}/health`)).status).to.equal(200);

    // A transaction after the start, seen through the proxy (the replicas read what the indexer wrote).
    const recipient = privateKeyToAccount(`0x${"33".repeat(32)}`).address.toLowerCase() as Address;
    const holder = createWalletClient({
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
      chain: foundry,
      transport: http(chain.anvil.url),
    });
    const receipt = await writeWithMargin(chain.client, holder, {
      address: chain.deployments.contracts.BaseToken.address,
      abi: BaseTokenAbi,
      functionName: "transfer",
      args: [recipient, parseEther("42")],
    });
    await waitForIndexed(topology.url, chain.anvil.url, receipt.blockNumber);
    for (let i = 0; i < 10; i++) {
      const { account } = await graphql<{ account: { balance: string } | null }>(topology.graphql, balanceQuery, {
        a: recipient,
      });
      expect(account?.balance).to.equal(parseEther("42").toString());
    }
    const before = await replicas(topology.url);
    expect(before.map((r) => r.ready)).to.deep.equal([true, true]);
    expect(
      before.every((r) => r.served >= 5),
      `round robin: ${JSON.stringify(before)}`,
    ).to.equal(true);

    // One replica killed without warning: every query still answered, by the other one.
    const [killed] = topology.api.replicas;
    killed.service.child.kill("SIGKILL");
    await killed.service.exited;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        graphql<{ account: { balance: string } | null }>(topology!.graphql, balanceQuery, { a: recipient }),
      ),
    );
    expect(answers.map((a) => a.account?.balance)).to.deep.equal(Array(40).fill(parseEther("42").toString()));
    const after = await replicas(topology.url);
    expect(after[1].served).to.be.greaterThanOrEqual(before[1].served + 40);

    // The proxy restarts the killed replica, which becomes ready and takes traffic again.
    await waitFor("the killed replica to be back", async () => (await replicas(topology!.url))[0].ready, 120_000);
    const servedBefore = (await replicas(topology.url))[0].served;
    for (let i = 0; i < 6; i++) await graphql(topology.graphql, balanceQuery, { a: recipient });
    expect((await replicas(topology.url))[0].served).to.be.greaterThan(servedBefore);

    // Clean shutdown: the indexer and both replicas exit.
    const { indexer, api } = topology;
    await topology.stop();
    topology = undefined;
    expect(indexer.child.exitCode !== null || indexer.child.signalCode !== null).to.equal(true);
    for (const replica of api.replicas)
      expect(replica.service.child.exitCode !== null || replica.service.child.signalCode !== null).to.equal(true);
    expect(
      await fetch(`http://127.0.0.1:${port}/health`).then(
        () => "up",
        () => "down",
      ),
    ).to.equal("down");
  });
});
