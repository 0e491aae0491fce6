// `npm start` as a user runs it: the whole stack comes up, GraphQL answers the genesis balances,
// and Ctrl-C (SIGINT to the process group) stops every child process.
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatUnits, parseUnits } from "viem";
import { loadProfile } from "../../deploy/profile.ts";
import { graphql, ROOT, waitFor } from "../stack.ts";
import { HONOR_FUNDING, HONOR_NODE_KEYS, STAKER_FUNDING, STAKER_KEYS } from "../stakingDemo.ts";
import { UNDERWRITER_CAPITAL } from "../insuranceDemo.ts";
import { freePort, freeRange } from "../testchain.ts";

describe("npm start (anvil, deployment, keepers, indexer)", function () {
  this.timeout(600_000);

  it("brings the stack up, answers the genesis balances over GraphQL, and stops it all on Ctrl-C", async function () {
    const ports = {
      chain: await freePort(),
      indexer: await freePort(),
      metrics: await freePort(),
      providers: await freeRange(3),
      web: await freePort(),
    };
    const logDir = mkdtempSync(path.join(tmpdir(), "jiaozi-start-logs-"));
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.ts")], {
      cwd: ROOT,
      detached: true, // its own process group, as a terminal's Ctrl-C would signal
      env: {
        ...process.env,
        JIAOZI_PORT: String(ports.chain),
        JIAOZI_INDEXER_PORT: String(ports.indexer),
        KEEPER_METRICS_PORT: String(ports.metrics),
        JIAOZI_PROVIDER_PORT: String(ports.providers),
        JIAOZI_WEB_PORT: String(ports.web),
        JIAOZI_DATA_DIR: mkdtempSync(path.join(tmpdir(), "jiaozi-start-data-")),
        JIAOZI_DEPLOYMENTS_DIR: mkdtempSync(path.join(tmpdir(), "jiaozi-start-")),
        PONDER_PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "jiaozi-start-pglite-")),
        JIAOZI_LOG_DIR: logDir,
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    try {
      await waitFor(
        "the stack to print its GraphQL URL",
        async () => output.includes("Ctrl-C stops the stack"),
        180_000,
      );
      const endpoint = `http://127.0.0.1:${ports.indexer}/graphql`;
      expect(output).to.include(`GraphQL:  ${endpoint}`);
      // The dashboard is served beside it, with a config.json naming this stack's indexer and chain.
      const dashboard = `http://127.0.0.1:${ports.web}/`;
      expect(output).to.include(`Dashboard: ${dashboard}`);
      expect(await (await fetch(dashboard)).text()).to.include('<div id="root">');
      expect(await (await fetch(`${dashboard}config.json`)).json()).to.deep.equal({
        indexerUrl: `http://127.0.0.1:${ports.indexer}`,
        rpcUrl: `http://127.0.0.1:${ports.chain}`,
      });

      // Accounts that only genesis touched hold exactly their allocation.
      const profile = loadProfile("local");
      const { accounts } = await graphql<{ accounts: { items: { address: string; balance: string }[] } }>(
        endpoint,
        `
          {
            accounts(limit: 100) {
              items {
                address
                balance
              }
            }
          }
        `,
      );
      const balances = new Map(accounts.items.map((row) => [row.address.toLowerCase(), BigInt(row.balance)]));
      // The public distribution (anvil #1) funded each of the three providers with 10,000 tokens,
      // the staking demo's honor nodes and stakers, and the insurance demo's underwriter and
      // policyholder.
      const providerFunding =
        3n * parseUnits("10000", 18) +
        BigInt(HONOR_NODE_KEYS.length) * HONOR_FUNDING +
        BigInt(STAKER_KEYS.length) * STAKER_FUNDING +
        2n * UNDERWRITER_CAPITAL;
      for (const allocation of profile.allocations) {
        if (allocation.target.kind !== "account") continue;
        const expected =
          allocation.share === "PublicDistribution" ? allocation.amount - providerFunding : allocation.amount;
        expect(balances.get(allocation.target.address.toLowerCase()), allocation.share).to.equal(expected);
      }
      const { tokenSupplys } = await graphql<{ tokenSupplys: { items: { totalSupply: string }[] } }>(
        endpoint,
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
      expect(formatUnits(BigInt(tokenSupplys.items[0].totalSupply), 18)).to.equal("5000000000");

      // The three storage providers register themselves (one copy group of 1 GB each).
      await waitFor(
        "three landlords in GraphQL",
        async () => {
          const { landlords } = await graphql<{ landlords: { items: { capacityMB: string; status: string }[] } }>(
            endpoint,
            "{ landlords { items { capacityMB status } } }",
          );
          return landlords.items.length === 3 && landlords.items.every((l) => l.capacityMB === "1024");
        },
        60_000,
      );
      expect([...balances.values()].reduce((sum, balance) => sum + balance, 0n)).to.equal(profile.token.totalSupply);

      // The staking demo: the keepers draw the first committee from the seven honor nodes.
      await waitFor(
        "the first committee drawn, in GraphQL",
        async () => {
          const { committeeTerm } = await graphql<{
            committeeTerm: { status: string; members: string[] | null } | null;
          }>(endpoint, '{ committeeTerm(term: "0") { status members } }');
          return committeeTerm?.status === "drawn" && committeeTerm.members?.length === 7;
        },
        180_000,
      );

      // The insurance demo: the feeder reports both flights early in term 0, the oracle finalizes,
      // the keepers pay the delayed one (no claim) and expire the other.
      await waitFor(
        "the delayed flight's policy paid and the on-time one expired, in GraphQL",
        async () => {
          const { insurancePolicys } = await graphql<{ insurancePolicys: { items: { key: string; state: string }[] } }>(
            endpoint,
            '{ insurancePolicys(orderBy: "policyId") { items { key state } } }',
          );
          return (
            JSON.stringify(insurancePolicys.items) ===
            JSON.stringify([
              { key: "MQ4576:20130101", state: "paid" },
              { key: "UA1545:20130101", state: "expired" },
            ])
          );
        },
        240_000,
      );
    } finally {
      process.kill(-child.pid!, "SIGINT");
    }
    expect(await exited, output).to.equal(0);
    expect(readFileSync(path.join(logDir, "keepers.log"), "utf8")).to.include('"msg":"keepers starting"');
    for (const provider of ["provider-1", "provider-2", "provider-3"]) {
      expect(readFileSync(path.join(logDir, `${provider}.log`), "utf8")).to.include('"msg":"landlord registered"');
    }
    expect(readFileSync(path.join(logDir, "indexer.log"), "utf8")).to.include("Started returning 200 responses");
    // Zombies (state Z) have exited already and only wait for init to reap them.
    // spawnSync: ps exits with 1 when the group is empty.
    const leftovers = spawnSync("ps", ["-o", "pid=,stat=,args=", "-g", String(child.pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .filter((line) => line.trim() !== "" && !/^\s*\d+\s+Z/.test(line))
      .join("\n");
    expect(leftovers, "processes left in the stack's group").to.equal("");
  });
});
