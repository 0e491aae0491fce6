// A committee member that skips its storage settlements, end to end on anvil with the `local`
// genesis (issue 15, "Done when"): seven honor nodes are drawn by the keeper daemon; a landlord's
// epochs are settled in turn, each by the member whose duty it is (round-robin by epoch, DESIGN §7)
// inside its exclusive window, except the skipper's, which another keeper settles after the
// window (a missed duty). Once the term is over the keeper daemon settles it: the skipper, with
// more than a third of its duties missed, is slashed 1% into the RewardsReserve and sits out the
// next term; the others are paid by duties done. GraphQL shows the duties, the slash and the term.
//
// Time is driven by the test (anvil's next block timestamp), not waited for: a member's settlement
// is mined one second after the deadline (the local window is 3600 s / 1440 = 2 s) and the
// skipper's one second after its window, so the outcome never depends on the machine's speed.
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, parseEther, type Address, type Hex } from "viem";
import { foundry } from "viem/chains";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CommitteeAbi } from "../../abis/Committee.ts";
import { HonorPoolAbi } from "../../abis/HonorPool.ts";
import { LandlordRegistryAbi } from "../../abis/LandlordRegistry.ts";
import { StorageProofsAbi } from "../../abis/StorageProofs.ts";
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
import { indexChain, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

describe("committee slash end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const nodes = Array.from({ length: 7 }, () => generatePrivateKey());
  const landlordKey = generatePrivateKey();

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const wallet = (key: Hex) =>
    createWalletClient({ chain: foundry, transport: http(chain.anvil.url), account: privateKeyToAccount(key) });
  const contracts = () => chain.deployments.contracts;
  const committee = () => ({ address: contracts().Committee.address, abi: CommitteeAbi }) as const;
  const proofs = () => ({ address: contracts().StorageProofs.address, abi: StorageProofsAbi }) as const;
  const latest = async () => (await chain.client.getBlock()).timestamp;
  /** Mines one block at `timestamp` (or now, when the chain is already past it). */
  const mineAt = async (timestamp: bigint) => {
    if ((await latest()) < timestamp) await chain.test.setNextBlockTimestamp({ timestamp });
    await chain.test.mine({ blocks: 1 });
  };
  /** The next transaction is mined exactly one second after the latest block. */
  const nextSecond = async () => chain.test.setNextBlockTimestamp({ timestamp: (await latest()) + 1n });
  const committeeKeepers = (jobs: string) =>
    startKeepers(["run", "--jobs", jobs, "--interval", "500", "--metrics-port", "0"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
    });

  it("slashes the member that skipped its settlement duties and seats it in no seat of the next term, shown in GraphQL", async function () {
    const holder = wallet(TOKEN_HOLDER_KEY);
    const token = contracts().BaseToken.address;
    const pool = contracts().HonorPool.address;
    const registry = contracts().LandlordRegistry.address;
    for (const key of [...nodes, landlordKey]) {
      const address = privateKeyToAccount(key).address;
      await chain.test.setBalance({ address, value: parseEther("10") });
      await writeWithMargin(chain.client, holder, {
        address: token,
        abi: erc20Abi,
        functionName: "transfer",
        args: [address, parseEther("300000")],
      });
    }
    for (const [i, key] of nodes.entries()) {
      const amount = parseEther(String(200_000 + 10_000 * i));
      await writeWithMargin(chain.client, wallet(key), {
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [pool, amount],
      });
      await writeWithMargin(chain.client, wallet(key), {
        address: pool,
        abi: HonorPoolAbi,
        functionName: "deposit",
        args: [amount],
      });
      await writeWithMargin(chain.client, wallet(key), { ...committee(), functionName: "declareCandidacy" });
    }
    // One landlord (holding nothing): its every epoch is settled, and each settlement is a duty.
    const minCapacity = await chain.client.readContract({
      address: registry,
      abi: LandlordRegistryAbi,
      functionName: "minCapacityMB",
    });
    await writeWithMargin(chain.client, wallet(landlordKey), {
      address: token,
      abi: erc20Abi,
      functionName: "approve",
      args: [registry, parseEther("300000")],
    });
    await writeWithMargin(chain.client, wallet(landlordKey), {
      address: registry,
      abi: LandlordRegistryAbi,
      functionName: "registerLandlord",
      args: [minCapacity, "http://127.0.0.1:1/"],
    });
    const landlord = privateKeyToAccount(landlordKey).address;

    // The keeper daemon closes term 0's candidacy and draws it from a later block.
    const drawing = committeeKeepers("committee-close-candidacy,committee-draw");
    running.push(drawing);
    await mineAt(await chain.client.readContract({ ...committee(), functionName: "candidacyCloseOf", args: [0n] }));
    await waitFor(
      "term 0 drawn",
      async () => {
        await chain.test.mine({ blocks: 1 });
        return (await chain.client.readContract({ ...committee(), functionName: "termOf", args: [0n] })).drawn;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- keepers\n${drawing.output().slice(-3000)}`);
    });
    await drawing.stop();
    running.splice(running.indexOf(drawing), 1);
    const members = await chain.client.readContract({ ...committee(), functionName: "membersOf", args: [0n] });
    expect(members).to.have.length(7);
    // Every node stands for term 1 too (its candidacy is open once term 0 is drawn).
    for (const key of nodes) {
      await writeWithMargin(chain.client, wallet(key), { ...committee(), functionName: "declareCandidacy" });
    }

    // Term 0's epochs: each settled by its duty member in its window, the skipper's after it.
    const keyOf = new Map(nodes.map((key) => [privateKeyToAccount(key).address as Address, key]));
    const termEnd = await chain.client.readContract({ ...committee(), functionName: "termStart", args: [1n] });
    const window = await chain.client.readContract({ ...proofs(), functionName: "settleWindow" });
    expect(window).to.equal(2n);
    const assigned = new Map<Address, number>();
    let skipper: Address | undefined;
    const registered = await chain.client.readContract({
      address: registry,
      abi: LandlordRegistryAbi,
      functionName: "landlordOf",
      args: [landlord],
    });
    for (let epoch = BigInt(registered.nextSettleEpoch); ; epoch++) {
      const deadline = await chain.client.readContract({ ...proofs(), functionName: "proofDeadline", args: [epoch] });
      if (deadline >= termEnd) break;
      await mineAt(deadline);
      const [term, , member] = await chain.client.readContract({
        ...committee(),
        functionName: "dutyOf",
        args: [epoch, deadline],
      });
      let settler: Hex = KEEPER_KEYS[1];
      if (member !== "0x0000000000000000000000000000000000000000" && term === 0n) {
        skipper ??= member;
        assigned.set(member, (assigned.get(member) ?? 0) + 1);
        if (member === skipper) await mineAt(deadline + window);
        else settler = keyOf.get(member)!;
      }
      await nextSecond();
      await writeWithMargin(chain.client, wallet(settler), {
        ...proofs(),
        functionName: "settleEpoch",
        args: [epoch, [landlord]],
      });
    }
    expect(skipper, "no duty was assigned in term 0").to.not.equal(undefined);
    expect(assigned.size).to.be.greaterThan(1);
    const skipperStake = (
      await chain.client.readContract({ address: pool, abi: HonorPoolAbi, functionName: "nodeOf", args: [skipper!] })
    ).stake;

    // After the term and its settle delay the keeper daemon settles it (and closes and draws term 1).
    const schedule = await chain.client.readContract({ ...committee(), functionName: "schedule" });
    await mineAt(termEnd + schedule.settleDelay);
    const settling = committeeKeepers("committee-close-candidacy,committee-draw,committee-settle-term");
    running.push(settling);
    await waitFor(
      "term 0 settled and term 1 drawn",
      async () => {
        await chain.test.mine({ blocks: 1 });
        const settled = (await chain.client.readContract({ ...committee(), functionName: "nextTermToSettle" })) >= 1n;
        const drawn = (await chain.client.readContract({ ...committee(), functionName: "termOf", args: [1n] })).drawn;
        return settled && drawn;
      },
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- keepers\n${settling.output().slice(-3000)}`);
    });

    // The skipper: slashed 1% (missSlashBps 100), out until term 2, in no seat of term 1.
    const slashed = skipperStake / 100n;
    const after = await chain.client.readContract({
      address: pool,
      abi: HonorPoolAbi,
      functionName: "nodeOf",
      args: [skipper!],
    });
    expect(after.stake).to.equal(skipperStake - slashed);
    expect(
      (await chain.client.readContract({ ...committee(), functionName: "nodeOf", args: [skipper!] })).sitOutUntil,
    ).to.equal(2);
    const next = await chain.client.readContract({ ...committee(), functionName: "membersOf", args: [1n] });
    expect(next).to.not.include(skipper);
    for (const member of members.filter((m) => m !== skipper)) {
      const stake = (
        await chain.client.readContract({ address: pool, abi: HonorPoolAbi, functionName: "nodeOf", args: [member] })
      ).stake;
      const index = nodes.findIndex((key) => privateKeyToAccount(key).address === member);
      expect(stake, member).to.equal(parseEther(String(200_000 + 10_000 * index)));
    }

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      committeeTerm: { status: string; members: Address[] };
      nextTerm: { members: Address[] };
      committeeSlashs: {
        items: {
          term: string;
          member: Address;
          kind: string;
          amount: string;
          dutiesAssigned: number;
          dutiesMissed: number;
          sitOutUntil: string;
        }[];
      };
      committeeDutys: { items: { member: Address; done: boolean }[] };
      honorNode: { stake: string; slashed: string };
    }>(
      indexer.url,
      `
        {
          committeeTerm(term: "0") {
            status
            members
          }
          nextTerm: committeeTerm(term: "1") {
            members
          }
          committeeSlashs {
            items {
              term
              member
              kind
              amount
              dutiesAssigned
              dutiesMissed
              sitOutUntil
            }
          }
          committeeDutys(where: { term: "0" }, limit: 100) {
            items {
              member
              done
            }
          }
          honorNode(address: "${skipper!.toLowerCase()}") {
            stake
            slashed
          }
        }
      `,
    );
    expect(indexed.committeeTerm.status).to.equal("settled");
    // Drawn before or after the settlement (the keepers' order), term 1 seats the skipper nowhere.
    expect(indexed.nextTerm.members.map((m) => m.toLowerCase())).to.deep.equal(next.map((m) => m.toLowerCase()));
    expect(indexed.nextTerm.members.map((m) => m.toLowerCase())).to.not.include(skipper!.toLowerCase());
    const missed = assigned.get(skipper!)!;
    expect(indexed.committeeSlashs.items).to.deep.equal([
      {
        term: "0",
        member: skipper!.toLowerCase(),
        kind: "missed",
        amount: slashed.toString(),
        dutiesAssigned: missed,
        dutiesMissed: missed,
        sitOutUntil: "2",
      },
    ]);
    const duties = indexed.committeeDutys.items;
    for (const [member, count] of assigned) {
      const own = duties.filter((d) => d.member === member.toLowerCase());
      expect(own, member).to.have.length(count);
      expect(
        own.every((d) => d.done === (member !== skipper)),
        member,
      ).to.equal(true);
    }
    expect(indexed.honorNode).to.deep.equal({
      stake: (skipperStake - slashed).toString(),
      slashed: slashed.toString(),
    });
  });
});
