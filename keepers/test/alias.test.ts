// Aliases end to end on anvil with the `local` genesis: a holder registers an alias with
// `jiaozi alias register` (commit, wait the local minCommitmentAge of 1 s, reveal), another
// account delegates its votes to the alias with `jiaozi gov delegate --to <alias>`, an unknown
// alias and a malformed one are usage errors (exit 2), the alias is offered and accepted, and
// GraphQL shows the name's owner and its history of owners.
import { expect } from "chai";
import { erc20Abi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { AliasRegistryAbi } from "../../abis/AliasRegistry.ts";
import { BaseTokenAbi } from "../../abis/BaseToken.ts";
import {
  graphql,
  setIntervalMining,
  startKeepers,
  TEAM_KEY,
  TOKEN_HOLDER_KEY,
  waitForIndexed,
  type Service,
} from "../../scripts/stack.ts";
import { indexChain, runCommand, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

/** A fresh compressed secp256k1 public key (viem gives the uncompressed 0x04‖x‖y). */
function compressedKey(): Hex {
  const full = privateKeyToAccount(generatePrivateKey()).publicKey;
  const x = full.slice(4, 68);
  const yOdd = BigInt(`0x${full.slice(68)}`) & 1n;
  return `0x${yOdd === 1n ? "03" : "02"}${x}`;
}

describe("aliases end to end (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  const running: Service[] = [];
  const holder = privateKeyToAccount(TOKEN_HOLDER_KEY).address;
  const team = privateKeyToAccount(TEAM_KEY).address;

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await chain?.stop();
  });

  const low = (address: Address) => address.toLowerCase();
  const cli = <T = Record<string, string>>(key: Hex, ...args: string[]) => runCommand<T>(chain, key, args);
  const refused = async (key: Hex, ...args: string[]) => {
    const run = startKeepers(args, {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: key,
    });
    return { code: await run.exited, output: run.output() };
  };
  const registry = () =>
    ({ address: chain.deployments.contracts.AliasRegistry.address, abi: AliasRegistryAbi }) as const;

  it("registers an alias from the CLI, uses it in place of an address, transfers it, all in GraphQL", async function () {
    const reserve = chain.deployments.contracts.CouncilReserve.address;
    const balanceOf = (account: Address) =>
      chain.client.readContract({
        address: chain.deployments.contracts.BaseToken.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account],
      });
    const reserveBefore = await balanceOf(reserve);
    const key = compressedKey();
    // As on the local stack (npm start): a block every second, so chain time moves while the CLI
    // waits for its commitment to mature.
    await setIntervalMining(chain.anvil.url, 1);

    // Typed in upper case with spaces: the CLI normalises, commits, waits and reveals.
    const registered = await cli<{ alias: string; owner: Address; fee: string; committed: boolean }>(
      TOKEN_HOLDER_KEY,
      "alias",
      "register",
      " Alice ",
      "--public-key",
      key,
    );
    expect(registered).to.include({ alias: "alice", owner: holder, fee: "80", committed: true });
    expect(await chain.client.readContract({ ...registry(), functionName: "resolve", args: ["alice"] })).to.equal(
      holder,
    );
    expect((await balanceOf(reserve)) - reserveBefore).to.equal(80n * 10n ** 18n);

    const resolved = await cli<{ owner: Address; publicKey: Hex }>(TEAM_KEY, "alias", "resolve", "alice");
    expect(resolved).to.include({ owner: holder, publicKey: key });
    expect(await cli<{ alias: string }>(TEAM_KEY, "alias", "resolve", holder)).to.include({ alias: "alice" });

    // Another command's address flag takes the alias.
    const delegated = await cli<{ delegatee: Address }>(TEAM_KEY, "gov", "delegate", "--to", "alice");
    expect(delegated.delegatee).to.equal(holder);
    expect(
      await chain.client.readContract({
        address: chain.deployments.contracts.BaseToken.address,
        abi: BaseTokenAbi,
        functionName: "delegates",
        args: [team],
      }),
    ).to.equal(holder);

    // An unknown alias and a malformed one: usage errors naming the flag, nothing sent.
    const unknown = await refused(TEAM_KEY, "gov", "delegate", "--to", "nobody-here");
    expect(unknown.code).to.equal(2);
    expect(unknown.output).to.match(/--to: alias "nobody-here" is not registered/);
    const malformed = await refused(TEAM_KEY, "stake", "delegate", "--to", "no_such");
    expect(malformed.code).to.equal(2);
    expect(malformed.output).to.match(/--to: "no_such" is neither an address nor an alias/);
    // The chain's own refusal, decoded: the name is taken.
    const taken = await refused(TEAM_KEY, "alias", "register", "alice", "--public-key", compressedKey(), "--no-commit");
    expect(taken.code).to.equal(1);
    expect(taken.output).to.match(/AliasTaken/);
    // By commit-reveal the reveal is refused the same way, and the CLI takes the bond back.
    const holderBefore = await balanceOf(holder);
    const takenByReveal = await refused(TOKEN_HOLDER_KEY, "alias", "register", "alice", "--public-key", key);
    expect(takenByReveal.code).to.equal(1);
    expect(takenByReveal.output).to.match(/AliasTaken/);
    expect(await balanceOf(holder)).to.equal(holderBefore);

    // Offered to the team by its address, accepted: the name moves, the key is cleared.
    await cli(TOKEN_HOLDER_KEY, "alias", "transfer", "alice", "--to", team);
    await cli(TEAM_KEY, "alias", "accept", "alice");
    expect(await chain.client.readContract({ ...registry(), functionName: "resolve", args: ["alice"] })).to.equal(team);

    const indexer = await indexChain(chain);
    running.push(indexer);
    await waitForIndexed(indexer.url, chain.anvil.url);
    const indexed = await graphql<{
      alias: {
        name: string;
        owner: Address;
        publicKey: Hex | null;
        pendingOwner: Address | null;
        committed: boolean;
        fee: string;
      };
      aliasOwnerChanges: { items: { kind: string; from: Address | null; to: Address | null; fee: string | null }[] };
    }>(
      indexer.url,
      `
        {
          alias(name: "alice") {
            name
            owner
            publicKey
            pendingOwner
            committed
            fee
          }
          aliasOwnerChanges(where: { alias: "alice" }, orderBy: "blockNumber", orderDirection: "asc") {
            items {
              kind
              from
              to
              fee
            }
          }
        }
      `,
    );
    expect(indexed.alias).to.deep.equal({
      name: "alice",
      owner: low(team),
      publicKey: null,
      pendingOwner: null,
      committed: true,
      fee: (80n * 10n ** 18n).toString(),
    });
    expect(indexed.aliasOwnerChanges.items).to.deep.equal([
      { kind: "registered", from: null, to: low(holder), fee: (80n * 10n ** 18n).toString() },
      { kind: "transferred", from: low(holder), to: low(team), fee: null },
    ]);
  });
});
