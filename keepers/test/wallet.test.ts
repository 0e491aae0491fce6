// Recoverable wallets end to end on anvil with the `local` genesis (a day is a minute: the
// factory's default delay of 7 days is 7 minutes): an owner creates a wallet with three guardians
// with `jiaozi wallet create`, stakes from it in the EconomicPool through `jiaozi wallet exec`,
// loses its key; two guardians recover the wallet for a new key after the delay (an early
// execution is refused in one line), the new owner still holds the stake and acts on it, and
// GraphQL shows the wallet, its recovery and its owner history.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, parseEther, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { EconomicPoolAbi } from "../../abis/EconomicPool.ts";
import { RecoverableWalletAbi } from "../../abis/RecoverableWallet.ts";
import {
  COUNCIL_KEYS,
  graphql,
  type Service,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitForIndexed,
  writeWithMargin,
} from "../../scripts/stack.ts";
import { elapse, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

describe("recoverable wallet end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const low = (address: string) => address.toLowerCase();
  const ownerKey = generatePrivateKey();
  const heirKey = generatePrivateKey();
  const owner = privateKeyToAccount(ownerKey).address;
  const heir = privateKeyToAccount(heirKey).address;
  const guardianKeys = [TEAM_KEY, COUNCIL_KEYS[0], TOKEN_HOLDER_KEY] as const;
  const guardians = guardianKeys.map((key) => privateKeyToAccount(key).address);
  const STAKE = parseEther("100000");

  before(async function () {
    chain = await startChainWithGenesis();
    for (const account of [owner, heir]) await chain.test.setBalance({ address: account, value: parseEther("10") });
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const cli = <T = Record<string, unknown>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const pool = () => ({ address: chain.deployments.contracts.EconomicPool.address, abi: EconomicPoolAbi }) as const;

  it("creates a wallet, stakes from it, recovers it with two guardians after the delay; the stake stays, shown in GraphQL", async function () {
    // The owner creates its wallet: 2 of 3 guardians, the factory's default delay.
    const created = await cli<{ wallet: Address; owner: Address; threshold: string; delay: string }>(
      ownerKey,
      "wallet",
      "create",
      "--guardian",
      guardians.join(","),
      "--threshold",
      "2",
      "--salt",
      "e2e",
    );
    const wallet = created.wallet;
    expect(created.owner).to.equal(owner);
    expect(created.threshold).to.equal("2");
    const delay = BigInt(created.delay);
    expect(delay).to.equal((7n * 86_400n) / 1440n, "the local default delay (7 days / 1440)");

    // Tokens for the wallet, then the raise of round 0.
    const holder = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
    });
    await writeWithMargin(chain.client, holder, {
      address: chain.deployments.contracts.BaseToken.address,
      abi: erc20Abi,
      functionName: "transfer",
      args: [wallet, STAKE],
    });
    const schedule = await chain.client.readContract({ ...pool(), functionName: "schedule" });
    const now = (await chain.client.getBlock()).timestamp;
    if (now < schedule.start) await elapse(chain, Number(schedule.start - now));

    // Stake from the wallet: approve and deposit in one executeBatch.
    const batch = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-wallet-")), "stake.json");
    writeFileSync(
      batch,
      JSON.stringify([
        { to: "BaseToken", function: "approve(address,uint256)", args: [pool().address, STAKE.toString()] },
        { to: "EconomicPool", function: "deposit(uint256)", args: [STAKE.toString()] },
      ]),
    );
    const staked = await cli<{ calls: { target: Address }[] }>(
      ownerKey,
      "wallet",
      "exec",
      "--wallet",
      wallet,
      "--batch",
      batch,
    );
    expect(staked.calls.map((c) => c.target)).to.deep.equal([
      chain.deployments.contracts.BaseToken.address,
      chain.deployments.contracts.EconomicPool.address,
    ]);
    expect(await chain.client.readContract({ ...pool(), functionName: "principalOf", args: [wallet] })).to.equal(STAKE);

    // The owner loses its key. Guardian 1 proposes the heir, guardian 2 approves: the delay starts.
    const proposed = await cli<{ recoveryId: string; approvals: string; readyAt: string | null }>(
      guardianKeys[0],
      "wallet",
      "recover",
      "--wallet",
      wallet,
      "--new-owner",
      heir,
    );
    expect([proposed.recoveryId, proposed.approvals, proposed.readyAt]).to.deep.equal(["1", "1", null]);
    const approved = await cli<{ approvals: string; readyAt: string; status: string }>(
      guardianKeys[1],
      "wallet",
      "approve",
      "--wallet",
      wallet,
      "--id",
      "1",
    );
    expect([approved.approvals, approved.status]).to.deep.equal(["2", "Pending"]);
    const readyAt = BigInt(approved.readyAt);

    // Too early: one line naming the error, exit 1.
    const early = startKeepers(["wallet", "recover", "--wallet", wallet, "--execute", "1"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: heirKey,
    });
    expect(await early.exited).to.equal(1);
    expect(early.output()).to.match(
      /RecoverableWallet\.executeRecovery reverted: RecoveryNotReady\(|executeRecovery reverted: RecoveryNotReady\(/,
    );
    expect(early.output().trim().split("\n")).to.have.length(1);

    await elapse(chain, Number(readyAt - (await chain.client.getBlock()).timestamp) + 1);
    const executed = await cli<{ oldOwner: Address; newOwner: Address }>(
      heirKey,
      "wallet",
      "recover",
      "--wallet",
      wallet,
      "--execute",
      "1",
    );
    expect([executed.oldOwner, executed.newOwner]).to.deep.equal([owner, heir]);

    // The heir owns the wallet, which still holds the stake; it acts on it through the wallet.
    expect(
      await chain.client.readContract({ address: wallet, abi: RecoverableWalletAbi, functionName: "owner" }),
    ).to.equal(heir);
    expect(await chain.client.readContract({ ...pool(), functionName: "principalOf", args: [wallet] })).to.equal(STAKE);
    await cli(
      heirKey,
      "wallet",
      "exec",
      "--wallet",
      wallet,
      "--to",
      "EconomicPool",
      "--function",
      "delegateStake(address)",
      "--args",
      JSON.stringify([heir]),
    );
    const status = await cli<{ owner: Address; recoveries: { status: string }[] }>(
      heirKey,
      "wallet",
      "status",
      "--wallet",
      wallet,
    );
    expect(status.owner).to.equal(heir);
    expect(status.recoveries.map((r) => r.status)).to.deep.equal(["Executed"]);
    // The old key is refused.
    const old = startKeepers(["wallet", "exec", "--wallet", wallet, "--to", heir, "--value", "0"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: ownerKey,
    });
    expect(await old.exited).to.equal(1);
    expect(old.output()).to.match(/NotOwner\(/);

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      wallet: {
        owner: Address;
        guardians: Address[];
        threshold: number;
        delay: string;
        calls: number;
        recoveries: number;
      };
      walletRecoverys: {
        items: {
          recoveryId: string;
          newOwner: Address;
          proposer: Address;
          approvals: number;
          approvers: Address[];
          readyAt: string;
          status: string;
          oldOwner: Address;
        }[];
      };
      walletOwnerChanges: { items: { oldOwner: Address; newOwner: Address; how: string }[] };
      staker: { principal: string };
    }>(
      indexer.url,
      `
        query ($wallet: String!) {
          wallet(wallet: $wallet) {
            owner
            guardians
            threshold
            delay
            calls
            recoveries
          }
          walletRecoverys(where: { wallet: $wallet }) {
            items {
              recoveryId
              newOwner
              proposer
              approvals
              approvers
              readyAt
              status
              oldOwner
            }
          }
          walletOwnerChanges(where: { wallet: $wallet }, orderBy: "blockNumber") {
            items {
              oldOwner
              newOwner
              how
            }
          }
          staker(address: $wallet) {
            principal
          }
        }
      `,
      { wallet: low(wallet) },
    );
    expect(indexed.wallet).to.deep.equal({
      owner: low(heir),
      guardians: guardians.map(low),
      threshold: 2,
      delay: delay.toString(),
      calls: 3,
      recoveries: 1,
    });
    expect(indexed.walletRecoverys.items).to.deep.equal([
      {
        recoveryId: "1",
        newOwner: low(heir),
        proposer: low(guardians[0]),
        approvals: 2,
        approvers: [low(guardians[0]), low(guardians[1])],
        readyAt: readyAt.toString(),
        status: "executed",
        oldOwner: low(owner),
      },
    ]);
    expect(indexed.walletOwnerChanges.items).to.deep.equal([
      { oldOwner: "0x0000000000000000000000000000000000000000", newOwner: low(owner), how: "created" },
      { oldOwner: low(owner), newOwner: low(heir), how: "recovery" },
    ]);
    expect(indexed.staker.principal).to.equal(STAKE.toString());
  });
});
