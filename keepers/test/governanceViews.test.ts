// The governance jobs' log reads without a chain: the log cursor reads only what is new (plus a
// reorg margin) and follows reorgs; the actions lookup reads logs only for proposals it does not
// know and rescans from the start when a remembered entry no longer matches the contract's hash.
import { expect } from "chai";
import { zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import type { JobContext } from "../src/core/job.ts";
import { LogCursor, REORG_MARGIN } from "../src/core/logCursor.ts";
import { actionsHash, proposalActions, type ProposalActions } from "../src/governance/views.ts";

interface Entry {
  id: string;
  block: bigint;
  value: string;
}

/** A chain of `head` blocks whose entries the test edits (a reorg rewrites them). */
function scriptedChain(head: bigint) {
  const chain = { head, entries: [] as Entry[], fetches: [] as [bigint, bigint][] };
  const client = { getBlockNumber: async () => chain.head } as unknown as PublicClient;
  const cursor = new LogCursor<Entry>({
    startBlock: 10n,
    fetch: async (from, to) => {
      chain.fetches.push([from, to]);
      return chain.entries.filter((e) => e.block >= from && e.block <= to);
    },
    key: (e) => e.id,
    blockNumber: (e) => e.block,
  });
  return { chain, client, cursor };
}

describe("keepers log cursor", function () {
  it("scans from the start block once, then only new blocks and the reorg margin", async function () {
    const { chain, client, cursor } = scriptedChain(100n);
    chain.entries.push({ id: "1", block: 20n, value: "a" });
    await cursor.update(client);
    expect(chain.fetches).to.deep.equal([[10n, 100n]]);
    expect(cursor.get("1")?.value).to.equal("a");
    chain.head = 150n;
    chain.entries.push({ id: "2", block: 140n, value: "b" });
    await cursor.update(client);
    expect(chain.fetches[1]).to.deep.equal([101n - REORG_MARGIN, 150n]);
    expect(cursor.get("1")?.value).to.equal("a");
    expect(cursor.get("2")?.value).to.equal("b");
    expect(cursor.scannedBlock).to.equal(150n);
  });

  it("follows a reorg within the margin: a replaced entry changes, a dropped one goes", async function () {
    const { chain, client, cursor } = scriptedChain(100n);
    chain.entries.push({ id: "1", block: 90n, value: "a" }, { id: "2", block: 95n, value: "b" });
    await cursor.update(client);
    // The last 20 blocks are replaced: entry 1 is now in block 92 with other content, 2 is gone.
    chain.entries = [{ id: "1", block: 92n, value: "a2" }];
    chain.head = 105n;
    await cursor.update(client);
    expect(cursor.get("1")?.value).to.equal("a2");
    expect(cursor.get("2")).to.equal(undefined);
  });

  it("scans from the start again when the chain went back past the cursor", async function () {
    const { chain, client, cursor } = scriptedChain(100n);
    chain.entries.push({ id: "1", block: 50n, value: "a" });
    await cursor.update(client);
    chain.entries = [];
    chain.head = 40n;
    await cursor.update(client);
    expect(chain.fetches.at(-1)).to.deep.equal([10n, 40n]);
    expect(cursor.get("1")).to.equal(undefined);
  });
});

describe("governance proposal actions", function () {
  const referendum: Address = "0x00000000000000000000000000000000000000aa";
  const actions = (id: bigint, value: bigint): ProposalActions => ({
    proposalId: id,
    targets: [zeroAddress],
    values: [value],
    calldatas: ["0x12345678" as Hex],
  });

  function scripted() {
    const state = { head: 100n, logs: [] as (ProposalActions & { blockNumber: bigint })[], reads: [] as bigint[] };
    const client = {
      getBlockNumber: async () => state.head,
      getContractEvents: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
        state.reads.push(fromBlock);
        return state.logs
          .filter((log) => log.blockNumber >= fromBlock && log.blockNumber <= toBlock)
          .map((log) => ({ blockNumber: log.blockNumber, args: log }));
      },
    } as unknown as PublicClient;
    const context: JobContext = {
      client,
      deployments: { chainId: 1, profile: "test", contracts: { Referendum: { address: referendum, startBlock: 5 } } },
      address: () => referendum,
    };
    return { state, context };
  }

  it("reads the logs only for proposals it does not know yet", async function () {
    const { state, context } = scripted();
    state.logs.push({ ...actions(1n, 1n), blockNumber: 10n });
    const due = [{ proposalId: 1n, actionsHash: actionsHash(actions(1n, 1n)) }];
    expect(await proposalActions(context, due)).to.deep.equal([actions(1n, 1n)]);
    expect(await proposalActions(context, due)).to.deep.equal([actions(1n, 1n)]);
    expect(state.reads).to.deep.equal([5n]);
    expect(await proposalActions(context, [])).to.deep.equal([]);
    expect(state.reads).to.have.length(1);
  });

  it("rescans from the start when remembered actions no longer match the contract's hash", async function () {
    const { state, context } = scripted();
    state.logs.push({ ...actions(1n, 1n), blockNumber: 10n });
    await proposalActions(context, [{ proposalId: 1n, actionsHash: actionsHash(actions(1n, 1n)) }]);
    // A reorg deeper than the margin: proposal 1 is now another proposal, created in block 12.
    state.logs = [{ ...actions(1n, 7n), blockNumber: 12n }];
    state.head = 200n;
    expect(
      await proposalActions(context, [{ proposalId: 1n, actionsHash: actionsHash(actions(1n, 7n)) }]),
    ).to.deep.equal([actions(1n, 7n)]);
    expect(state.reads).to.deep.equal([5n, 5n]);
  });

  it("names a proposal whose creation it cannot find", async function () {
    const { context } = scripted();
    const missing = proposalActions(context, [{ proposalId: 9n, actionsHash: actionsHash(actions(9n, 1n)) }]);
    await missing.then(
      () => expect.fail("resolved"),
      (error: Error) => expect(error.message).to.equal("no ProposalCreated event for proposal 9"),
    );
  });
});
