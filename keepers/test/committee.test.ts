// The committee end to end on anvil with the `local` genesis (a day is a minute: 7-minute terms,
// candidacy closing a minute before a term): eight honor nodes stake and declare (with
// `jiaozi honor`), the keeper daemon closes the candidacy, draws seven of them from a later
// block and, once the term ended, settles it; a seated member's withdrawal request is refused
// (locked); `jiaozi committee status` and GraphQL show the term, its candidates and seats.
import { expect } from "chai";
import { createWalletClient, erc20Abi, formatEther, http, parseEther, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CommitteeAbi } from "../../abis/Committee.ts";
import { HonorPoolAbi } from "../../abis/HonorPool.ts";
import {
  graphql,
  KEEPER_KEYS,
  type Service,
  startKeepers,
  TOKEN_HOLDER_KEY,
  waitFor,
  waitForIndexed,
  writeWithMargin,
} from "../../scripts/stack.ts";
import { elapse, indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

describe("committee end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const nodes = Array.from({ length: 8 }, () => generatePrivateKey());

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const cli = <T = Record<string, unknown>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const committee = () => ({ address: chain.deployments.contracts.Committee.address, abi: CommitteeAbi }) as const;
  const now = async () => (await chain.client.getBlock()).timestamp;

  it("draws seven of eight honor nodes by the keepers, locks the seated, settles the term, shown in GraphQL", async function () {
    const holder = createWalletClient({
      chain: foundry,
      transport: http(chain.anvil.url),
      account: privateKeyToAccount(TOKEN_HOLDER_KEY),
    });
    const token = chain.deployments.contracts.BaseToken.address;
    const pool = chain.deployments.contracts.HonorPool.address;
    for (const key of nodes) {
      const address = privateKeyToAccount(key).address;
      await chain.test.setBalance({ address, value: parseEther("10") });
      await writeWithMargin(chain.client, holder, {
        address: token,
        abi: erc20Abi,
        functionName: "transfer",
        args: [address, parseEther("300000")],
      });
    }
    // The first node through the CLI (a stake below the minimum refused in one line), the
    // others directly.
    const refused = startKeepers(["honor", "stake", "--amount", "1000"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: nodes[0],
    });
    expect(await refused.exited).to.equal(1);
    expect(refused.output()).to.match(/HonorPool\.deposit reverted: BelowMinimum\(/);
    const staked = await cli(nodes[0], "honor", "stake", "--amount", "200000");
    expect(staked).to.include({ stake: "200000", honorNode: true, locked: false });
    const declared = await cli<{ term: string }>(nodes[0], "honor", "declare");
    expect(declared.term).to.equal("0");
    for (const [i, key] of nodes.slice(1).entries()) {
      const wallet = createWalletClient({
        chain: foundry,
        transport: http(chain.anvil.url),
        account: privateKeyToAccount(key),
      });
      const amount = parseEther(String(200_000 + 10_000 * i));
      await writeWithMargin(chain.client, wallet, {
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [pool, amount],
      });
      await writeWithMargin(chain.client, wallet, {
        address: pool,
        abi: HonorPoolAbi,
        functionName: "deposit",
        args: [amount],
      });
      await writeWithMargin(chain.client, wallet, { ...committee(), functionName: "declareCandidacy" });
    }

    const keepers = startKeepers(
      [
        "run",
        "--jobs",
        "committee-close-candidacy,committee-draw,committee-settle-term,honor-complete-withdraw",
        "--interval",
        "500",
        "--metrics-port",
        "0",
      ],
      {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
      },
    );
    running.push(keepers);
    const closesAt = await chain.client.readContract({ ...committee(), functionName: "candidacyCloseOf", args: [0n] });
    const gap = closesAt - (await now());
    if (gap > 0n) await elapse(chain, Number(gap));
    await waitFor(
      "term 0 drawn",
      async () => {
        // anvil mines only on transactions here: blocks for the draw's randomness to exist.
        await chain.test.mine({ blocks: 1 });
        return (await chain.client.readContract({ ...committee(), functionName: "termOf", args: [0n] })).drawn;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- keepers\n${keepers.output().slice(-3000)}`);
    });
    const members = await chain.client.readContract({ ...committee(), functionName: "membersOf", args: [0n] });
    expect(members).to.have.length(7);
    const all = nodes.map((key) => privateKeyToAccount(key).address);
    for (const member of members) expect(all).to.include(member);

    const status = await cli<{ drawn: boolean; candidates: number; members: { member: Address }[] }>(
      nodes[0],
      "committee",
      "status",
      "--term",
      "0",
    );
    expect(status.drawn).to.equal(true);
    expect(status.candidates).to.equal(8);
    expect(status.members.map((m) => m.member)).to.deep.equal([...members]);

    // A seated member's stake stays locked through the next term.
    const seated = nodes[all.indexOf(members[0])];
    const locked = startKeepers(["honor", "request-withdraw", "--amount", "1000"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: seated,
    });
    expect(await locked.exited).to.equal(1);
    expect(locked.output()).to.match(/HonorPool\.requestWithdraw reverted: StakeLocked\(/);

    // The node left out may leave: its request is paid by the keepers after the delay.
    const outKey = nodes[all.findIndex((address) => !members.includes(address))];
    const out = privateKeyToAccount(outKey).address;
    const before = await chain.client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [out],
    });
    const outStake = (
      await chain.client.readContract({ address: pool, abi: HonorPoolAbi, functionName: "nodeOf", args: [out] })
    ).stake;
    const requested = await cli<{ pending: string }>(
      outKey,
      "honor",
      "request-withdraw",
      "--amount",
      formatEther(outStake),
    );
    expect(requested.pending).to.equal(formatEther(outStake));
    await waitFor(
      "the withdrawal paid by the keepers",
      async () => {
        await elapse(chain, 5);
        const balance = await chain.client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [out],
        });
        return balance === before + outStake;
      },
      60_000,
    );

    // Past term 0 and its settle delay: the keeper settles it (no duties: the reward goes back).
    const schedule = await chain.client.readContract({ ...committee(), functionName: "schedule" });
    const settlesAt = schedule.start + schedule.termLength + schedule.settleDelay;
    await elapse(chain, Number(settlesAt - (await now())) + 1);
    await waitFor(
      "term 0 settled",
      async () => (await chain.client.readContract({ ...committee(), functionName: "nextTermToSettle" })) >= 1n,
      60_000,
    );

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      committeeTerm: { status: string; candidates: number; members: Address[]; received: string; returned: string };
      committeeCandidates: {
        items: {
          node: Address;
          reputation: string;
          seat: number | null;
          factors: { stake: string; abBps: number; rpt: number; timepoint: string } | null;
        }[];
      };
      honorNodes: { items: { address: Address; stake: string; honorNode: boolean }[] };
    }>(
      indexer.url,
      `
        {
          committeeTerm(term: "0") {
            status
            candidates
            members
            received
            returned
          }
          committeeCandidates(where: { term: "0" }, orderBy: "index") {
            items {
              node
              reputation
              seat
              factors {
                stake
                abBps
                rpt
                timepoint
              }
            }
          }
          honorNodes(orderBy: "stake") {
            items {
              address
              stake
              honorNode
            }
          }
        }
      `,
    );
    expect(indexed.committeeTerm.status).to.equal("settled");
    expect(indexed.committeeTerm.candidates).to.equal(8);
    expect(indexed.committeeTerm.members).to.deep.equal(members.map((m) => m.toLowerCase()));
    expect(indexed.committeeTerm.returned).to.equal(indexed.committeeTerm.received);
    expect(indexed.committeeCandidates.items).to.have.length(8);
    expect(indexed.committeeCandidates.items.filter((c) => c.seat !== null)).to.have.length(7);
    for (const c of indexed.committeeCandidates.items) {
      expect(BigInt(c.reputation)).to.be.greaterThan(0n);
      // Why: the factors read at the close; the frozen weight is min(RPT at the close, at the
      // declaration), at least 1, so never above the close's RPT (unless that was 0).
      expect(c.factors, c.node).to.not.equal(null);
      expect(BigInt(c.factors!.stake), c.node).to.be.greaterThan(0n);
      expect(c.factors!.abBps, c.node).to.be.greaterThan(0);
      expect(BigInt(c.reputation), c.node).to.be.at.most(BigInt(Math.max(c.factors!.rpt, 1)));
    }
    expect(indexed.honorNodes.items).to.have.length(8);
    // The node left out withdrew everything: no longer an honor node.
    for (const n of indexed.honorNodes.items) {
      expect(n.honorNode, n.address).to.equal(n.address !== out.toLowerCase());
      expect(n.stake === "0", n.address).to.equal(n.address === out.toLowerCase());
    }
  });
});
