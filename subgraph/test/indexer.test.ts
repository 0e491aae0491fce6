// The indexer against a real anvil: GraphQL must agree with the chain after real transactions,
// during backfill and in real time, and after a reorganisation of the chain. Runs on PGlite, and
// on PostgreSQL when JIAOZI_TEST_DATABASE_URL is set (.ci/run starts one and requires it).
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createWalletClient,
  getAddress,
  http,
  parseAbiItem,
  parseEther,
  toFunctionSelector,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { BaseTokenAbi } from "../../abis/BaseToken.ts";
import { GenesisEscrowAbi } from "../../abis/GenesisEscrow.ts";
import { KeeperRewardsAbi } from "../../abis/KeeperRewards.ts";
import { VestingVaultAbi } from "../../abis/VestingVault.ts";
import { ordinaryCalls as manifestOrdinaryCalls } from "../../lib/manifest.ts";
import { freePort, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";
import { graphql, rpc, startIndexer, waitForIndexed, type Service } from "../../scripts/stack.ts";
import { expectBucketsMatchPoints } from "./buckets.ts";

/** Anvil's accounts #1 (the local profile's public distribution, 1e9 tokens), #7, #8, #9. */
const KEYS = {
  distributor: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  alice: "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  bob: "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  carol: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
} as const;
const accounts = Object.fromEntries(Object.entries(KEYS).map(([name, key]) => [name, privateKeyToAccount(key)])) as {
  [name in keyof typeof KEYS]: ReturnType<typeof privateKeyToAccount>;
};

/** A fixed gas limit: an estimate is exact for the state it ran on, and after anvil_rollback or
 * with another transaction in the same block the mined state may need more (a new checkpoint). */
const TEST_GAS = 500_000n;

const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

interface IndexedAccount {
  address: Address;
  balance: string;
  votes: string;
  delegate: Address | null;
}

const databases: { name: string; url?: string }[] = [
  { name: "PGlite" },
  { name: "PostgreSQL", url: process.env.JIAOZI_TEST_DATABASE_URL },
];

for (const database of databases) {
  describe(`indexer on ${database.name} (anvil)`, function () {
    this.timeout(240_000);
    let chain: TestChain;
    let indexer: Service & { url: string; graphql: string };

    before(async function () {
      if (database.name === "PostgreSQL" && database.url === undefined) {
        if (process.env.JIAOZI_REQUIRE_POSTGRES === "1") throw new Error("JIAOZI_TEST_DATABASE_URL is not set");
        this.skip();
      }
      chain = await startChainWithGenesis();
    });
    after(async function () {
      await indexer?.stop();
      await chain?.stop();
    });

    const wallet = (name: keyof typeof KEYS) =>
      createWalletClient({ account: accounts[name], chain: foundry, transport: http(chain.anvil.url) });
    const token = () => chain.deployments.contracts.BaseToken.address;

    async function send(hash: Promise<Hash>) {
      const receipt = await chain.client.waitForTransactionReceipt({ hash: await hash });
      if (receipt.status !== "success") {
        // Say why: replay the transaction on the state before its block.
        const tx = await chain.client.getTransaction({ hash: receipt.transactionHash });
        const reason = await chain.client
          .call({ account: tx.from, to: tx.to, data: tx.input, blockNumber: receipt.blockNumber - 1n })
          .then(
            () => "no revert on replay",
            (error: Error) => error.message.split("\n")[0],
          );
        expect.fail(`${receipt.transactionHash} from ${tx.from} reverted in block ${receipt.blockNumber}: ${reason}`);
      }
      return receipt;
    }
    const transfer = (from: keyof typeof KEYS, to: Address, amount: string) =>
      send(
        wallet(from).writeContract({
          address: token(),
          abi: BaseTokenAbi,
          functionName: "transfer",
          args: [to, parseEther(amount)],
          gas: TEST_GAS,
        }),
      );
    const delegate = (from: keyof typeof KEYS, to: Address) =>
      send(
        wallet(from).writeContract({
          address: token(),
          abi: BaseTokenAbi,
          functionName: "delegate",
          args: [to],
          gas: TEST_GAS,
        }),
      );

    async function indexedAccounts(): Promise<IndexedAccount[]> {
      const { accounts: page } = await graphql<{ accounts: { items: IndexedAccount[] } }>(
        indexer.graphql,
        `
          {
            accounts(limit: 1000) {
              items {
                address
                balance
                votes
                delegate
              }
            }
          }
        `,
      );
      return page.items;
    }

    /** Every account the chain's Transfer logs name, with balance, votes and delegate, must match. */
    async function expectGraphqlAgreesWithChain() {
      await waitForIndexed(indexer.url, chain.anvil.url);
      const logs = await chain.client.getLogs({ address: token(), event: transferEvent, fromBlock: 0n });
      const holders = new Set<Address>();
      for (const log of logs)
        for (const who of [log.args.from!, log.args.to!]) if (who !== zeroAddress) holders.add(who);

      const indexed = new Map((await indexedAccounts()).map((row) => [getAddress(row.address), row]));
      for (const holder of holders) {
        const row = indexed.get(holder);
        expect(row, `account ${holder} missing`).to.not.equal(undefined);
        const read = <T>(functionName: "balanceOf" | "getVotes" | "delegates") =>
          chain.client.readContract({
            address: token(),
            abi: BaseTokenAbi,
            functionName,
            args: [holder],
          }) as Promise<T>;
        expect(BigInt(row!.balance), `balance of ${holder}`).to.equal(await read<bigint>("balanceOf"));
        expect(BigInt(row!.votes), `votes of ${holder}`).to.equal(await read<bigint>("getVotes"));
        const onChainDelegate = await read<Address>("delegates");
        expect(row!.delegate ? getAddress(row!.delegate) : zeroAddress, `delegate of ${holder}`).to.equal(
          onChainDelegate,
        );
      }
      for (const [address, row] of indexed) {
        if (!holders.has(address)) expect(BigInt(row.balance), `phantom balance of ${address}`).to.equal(0n);
      }
      const { tokenSupplys } = await graphql<{ tokenSupplys: { items: { totalSupply: string }[] } }>(
        indexer.graphql,
        `
          {
            tokenSupplys {
              items {
                totalSupply
              }
            }
          }
        `,
      );
      const supply = await chain.client.readContract({
        address: token(),
        abi: BaseTokenAbi,
        functionName: "totalSupply",
      });
      expect(tokenSupplys.items.map((row) => BigInt(row.totalSupply))).to.deep.equal([supply]);
      // The hourly and daily supply buckets equal the aggregates of the mints and burns (after a
      // reorg too: the orphaned blocks' changes are gone from them).
      const compared = await expectBucketsMatchPoints(indexer.graphql);
      expect(compared.supplyChanges, "the genesis mint").to.be.greaterThan(0);
      return indexed;
    }

    it("returns the genesis balances, then the balances, delegations and schedules that transactions produced", async function () {
      // Before the indexer starts: indexed by backfill.
      await transfer("distributor", accounts.alice.address, "1000000");
      await transfer("distributor", accounts.bob.address, "500");
      await delegate("alice", accounts.bob.address);
      await delegate("distributor", accounts.distributor.address);
      await send(
        wallet("carol").writeContract({
          address: chain.deployments.contracts.VestingVault.address,
          abi: VestingVaultAbi,
          functionName: "release",
          args: [2n],
          gas: TEST_GAS,
        }),
      );

      indexer = await startIndexer({
        rpcUrl: chain.anvil.url,
        deploymentsFile: chain.deploymentsFile,
        port: await freePort(),
        databaseUrl: database.url,
        pgliteDir: mkdtempSync(path.join(tmpdir(), "jiaozi-pglite-")),
        schema: `jiaozi_test_${process.pid}_${Date.now()}`,
        logLevel: "debug",
      });
      let indexed = await expectGraphqlAgreesWithChain();
      expect(BigInt(indexed.get(accounts.alice.address)!.balance)).to.equal(parseEther("1000000"));
      // The manifest's ordinary list, as the Referendum emitted it at genesis (OrdinaryCallSet).
      const { ordinaryCalls } = await graphql<{
        ordinaryCalls: { items: { target: string; selector: string; ordinary: boolean }[] };
      }>(
        indexer.graphql,
        `
          {
            ordinaryCalls(limit: 100) {
              items {
                target
                selector
                ordinary
              }
            }
          }
        `,
      );
      const contracts = chain.deployments.contracts as Record<string, { address: string }>;
      const expected = manifestOrdinaryCalls().map((call) => ({
        target: contracts[call.contract]!.address.toLowerCase(),
        selector: toFunctionSelector(call.signature),
        ordinary: true,
      }));
      const key = (call: { target: string; selector: string }) => `${call.target}:${call.selector}`;
      expect([...ordinaryCalls.items].sort((a, b) => key(a).localeCompare(key(b)))).to.deep.equal(
        expected.sort((a, b) => key(a).localeCompare(key(b))),
      );
      expect(indexed.get(accounts.alice.address)!.delegate).to.equal(accounts.bob.address.toLowerCase());
      expect(BigInt(indexed.get(accounts.bob.address)!.votes)).to.equal(parseEther("1000000"));

      // After it started: indexed in real time.
      await transfer("alice", accounts.carol.address, "250000");
      await delegate("alice", accounts.carol.address);
      indexed = await expectGraphqlAgreesWithChain();
      expect(BigInt(indexed.get(accounts.carol.address)!.votes)).to.equal(parseEther("750000"));
      expect(BigInt(indexed.get(accounts.bob.address)!.votes)).to.equal(0n);

      const { delegations } = await graphql<{ delegations: { items: { delegator: string; toDelegate: string }[] } }>(
        indexer.graphql,
        `
          query ($who: String!) {
            delegations(where: { delegator: $who }, orderBy: "blockNumber") {
              items {
                delegator
                toDelegate
              }
            }
          }
        `,
        { who: accounts.alice.address.toLowerCase() },
      );
      expect(delegations.items.map((row) => getAddress(row.toDelegate))).to.deep.equal([
        accounts.bob.address,
        accounts.carol.address,
      ]);

      const { vestingSchedules } = await graphql<{
        vestingSchedules: {
          items: {
            scheduleId: string;
            beneficiary: string;
            total: string;
            released: string;
            releases: { items: { caller: string }[] };
          }[];
        };
      }>(
        indexer.graphql,
        `
          {
            vestingSchedules(orderBy: "scheduleId") {
              items {
                scheduleId
                beneficiary
                total
                released
                releases {
                  items {
                    caller
                  }
                }
              }
            }
          }
        `,
      );
      expect(vestingSchedules.items).to.have.length(3);
      for (const row of vestingSchedules.items) {
        const schedule = await chain.client.readContract({
          address: chain.deployments.contracts.VestingVault.address,
          abi: VestingVaultAbi,
          functionName: "getSchedule",
          args: [BigInt(row.scheduleId)],
        });
        expect(getAddress(row.beneficiary)).to.equal(schedule.beneficiary);
        expect(BigInt(row.total)).to.equal(schedule.terms.total);
        expect(BigInt(row.released)).to.equal(schedule.released);
      }
      expect(vestingSchedules.items[2].releases.items.map((r) => getAddress(r.caller))).to.deep.equal([
        accounts.carol.address,
      ]);

      const { keepers } = await graphql<{ keepers: { items: { address: string; jobs: string; earned: string }[] } }>(
        indexer.graphql,
        `
          {
            keepers {
              items {
                address
                jobs
                earned
              }
            }
          }
        `,
      );
      const rewards = chain.deployments.contracts.KeeperRewards.address;
      expect(keepers.items).to.have.length(1);
      const [record] = keepers.items;
      expect(getAddress(record.address)).to.equal(accounts.carol.address);
      expect(BigInt(record.jobs)).to.equal(
        await chain.client.readContract({
          address: rewards,
          abi: KeeperRewardsAbi,
          functionName: "jobsOf",
          args: [accounts.carol.address],
        }),
      );
      expect(BigInt(record.earned)).to.equal(parseEther("10"));

      // Genesis: the mint's allocations and the escrowed module shares, as the chain has them.
      const { genesisAllocations, genesisShares } = await graphql<{
        genesisAllocations: { items: { holder: string; amount: string }[] };
        genesisShares: { items: { share: Hex; amount: string; paidTo: string | null }[] };
      }>(
        indexer.graphql,
        `
          {
            genesisAllocations {
              items {
                holder
                amount
              }
            }
            genesisShares {
              items {
                share
                amount
                paidTo
              }
            }
          }
        `,
      );
      const escrow = chain.deployments.contracts.GenesisEscrow.address;
      const minted = genesisAllocations.items.reduce((sum, row) => sum + BigInt(row.amount), 0n);
      expect(minted).to.equal(parseEther("5000000000"));
      expect(
        BigInt(genesisAllocations.items.find((row) => getAddress(row.holder) === escrow)!.amount),
      ).to.be.greaterThan(0n);
      const shareNames = await chain.client.readContract({
        address: escrow,
        abi: GenesisEscrowAbi,
        functionName: "shareNames",
      });
      expect(genesisShares.items.map((row) => row.share).sort()).to.deep.equal([...shareNames].sort());
      for (const row of genesisShares.items) {
        const share = await chain.client.readContract({
          address: escrow,
          abi: GenesisEscrowAbi,
          functionName: "shareOf",
          args: [row.share],
        });
        expect(BigInt(row.amount)).to.equal(share.amount);
        expect(row.paidTo ? getAddress(row.paidTo) : zeroAddress).to.equal(share.paidTo);
      }
    });

    it("agrees with the chain after a reorg of 5 blocks replaced by different transactions", async function () {
      const orphan = privateKeyToAccount(`0x${"11".repeat(32)}`).address;
      const replacement = privateKeyToAccount(`0x${"22".repeat(32)}`).address;
      const head = async () => BigInt(await rpc<string>(chain.anvil.url, "eth_blockNumber"));
      const base = await head();
      for (let i = 0; i < 5; i++) await transfer("alice", orphan, "1000");
      expect(await head()).to.equal(base + 5n);
      await waitForIndexed(indexer.url, chain.anvil.url, base + 5n);
      let indexed = await expectGraphqlAgreesWithChain();
      expect(BigInt(indexed.get(orphan)!.balance)).to.equal(parseEther("5000"));

      await rpc(chain.anvil.url, "anvil_rollback", [5]);
      expect(await head()).to.equal(base);
      await rpc(chain.anvil.url, "anvil_dropAllTransactions");
      for (let i = 0; i < 7; i++) await transfer("bob", replacement, "10");
      expect(await head()).to.equal(base + 7n);

      indexed = await expectGraphqlAgreesWithChain();
      expect(indexer.output(), "the indexer saw the reorg").to.include("Reconciled reorg in local chain");
      expect(BigInt(indexed.get(replacement)!.balance)).to.equal(parseEther("70"));
      expect(BigInt(indexed.get(orphan)?.balance ?? "0")).to.equal(0n);
      const { transfers } = await graphql<{ transfers: { items: unknown[] } }>(
        indexer.graphql,
        `
          query ($who: String!) {
            transfers(where: { to: $who }) {
              items {
                id
              }
            }
          }
        `,
        { who: orphan.toLowerCase() },
      );
      expect(transfers.items, "transfers of the orphaned blocks").to.deep.equal([]);
    });
  });
}
