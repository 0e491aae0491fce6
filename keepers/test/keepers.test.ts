// The keeper daemon against a real anvil with the `local` genesis deployed.
import { expect } from "chai";
import { writeFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { generatePrivateKey } from "viem/accounts";
import { VestingVaultAbi } from "../../abis/VestingVault.ts";
import { KEEPER_KEYS, setIntervalMining, startKeepers, waitFor, type Service } from "../../scripts/stack.ts";
import {
  freePort,
  logLines,
  releases,
  startChainWithGenesis,
  startProxy,
  type TestChain,
} from "../../scripts/testchain.ts";

/** The local profile's team cliff (365 days / 1440): after it, every schedule has a tranche due. */
const TEAM_CLIFF = (365 * 86_400) / 1440;

describe("keepers daemon (anvil)", function () {
  this.timeout(180_000);
  let chain: TestChain;
  const running: Service[] = [];

  before(async function () {
    chain = await startChainWithGenesis();
  });
  after(async function () {
    await chain?.stop();
  });
  beforeEach(async function () {
    await chain.reset();
  });
  afterEach(async function () {
    for (const service of running.splice(0)) await service.stop();
  });

  function keeper(key: string, extraArgs: string[] = [], rpcUrl = chain.anvil.url): Service {
    const service = startKeepers(["run", "--interval", "300", "--metrics-port", "0", ...extraArgs], {
      JIAOZI_RPC_URL: rpcUrl,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: key,
    });
    running.push(service);
    return service;
  }

  async function dueSchedules(): Promise<readonly bigint[]> {
    const [ids] = await chain.client.readContract({
      address: chain.deployments.contracts.VestingVault.address,
      abi: VestingVaultAbi,
      functionName: "releasableSchedules",
      args: [0n, 100n],
    });
    return ids;
  }

  async function waitUntilNothingDue(timeoutMs = 60_000) {
    await waitFor("every due release to be done", async () => (await dueSchedules()).length === 0, timeoutMs);
  }

  async function jumpPastTeamCliff() {
    await chain.test.increaseTime({ seconds: TEAM_CLIFF });
    await chain.test.mine({ blocks: 1 });
  }

  it("performs each due release exactly once while three keepers (two sharing a key) run at once", async function () {
    await setIntervalMining(chain.anvil.url, 1);
    const start = await chain.client.getBlockNumber();
    expect(await dueSchedules()).to.deep.equal([2n]); // the ecosystem's 10% at start
    const first = keeper(KEEPER_KEYS[0]);
    const second = keeper(KEEPER_KEYS[1]);
    const sameKeyAsFirst = keeper(KEEPER_KEYS[0]);

    await waitUntilNothingDue();
    await jumpPastTeamCliff();
    expect(await dueSchedules()).to.deep.equal([0n, 1n, 2n]);
    await waitUntilNothingDue();
    await sleep(1_500); // let every instance finish its pass and report its lost races

    const events = await releases(chain, start);
    const perSchedule = events.map((event) => Number(event.args.scheduleId)).sort();
    expect(perSchedule).to.deep.equal([0, 1, 2, 2], "one release per due tranche window");
    const callers = new Set(events.map((event) => event.args.caller));
    expect(callers.size).to.be.greaterThan(0);
    for (const service of [first, second, sameKeyAsFirst]) {
      expect(service.child.exitCode, service.output()).to.equal(null);
      const errors = logLines(service).filter(
        (line) => line.msg === "upkeep reverted on chain" || line.msg === "upkeep refused",
      );
      expect(errors, "a lost race must not be logged as a failure").to.deep.equal([]);
    }
  });

  it("finishes the work without duplicates after being killed in the middle and restarted", async function () {
    await setIntervalMining(chain.anvil.url, 1);
    const start = await chain.client.getBlockNumber();
    await jumpPastTeamCliff();
    expect(await dueSchedules()).to.deep.equal([0n, 1n, 2n]);

    const victim = keeper(KEEPER_KEYS[0]);
    await waitFor("the first upkeep to be sent", async () => victim.output().includes('"upkeep sent"'), 30_000);
    victim.child.kill("SIGKILL");
    await victim.exited;

    keeper(KEEPER_KEYS[0]);
    await waitUntilNothingDue();
    await sleep(1_500);

    const events = await releases(chain, start);
    expect(events.map((event) => Number(event.args.scheduleId)).sort()).to.deep.equal([0, 1, 2]);
    for (const id of [0n, 1n, 2n]) {
      const schedule = await chain.client.readContract({
        address: chain.deployments.contracts.VestingVault.address,
        abi: VestingVaultAbi,
        functionName: "getSchedule",
        args: [id],
      });
      const vested = await chain.client.readContract({
        address: chain.deployments.contracts.VestingVault.address,
        abi: VestingVaultAbi,
        functionName: "vestedAmount",
        args: [id, (await chain.client.getBlock()).timestamp],
      });
      expect(schedule.released).to.equal(vested);
    }
  });

  it("retries and logs while the RPC is gone for a few seconds, then does the work", async function () {
    const proxy = await startProxy(chain.anvil.url, await freePort());
    try {
      const service = keeper(KEEPER_KEYS[0], [], proxy.url);
      await waitUntilNothingDue(); // the ecosystem's 10% at start, through the proxy
      await proxy.cut();
      await sleep(4_000);
      await jumpPastTeamCliff();
      await proxy.restore();
      await waitUntilNothingDue();

      expect(service.child.exitCode, service.output()).to.equal(null);
      const lines = logLines(service);
      expect(lines.some((line) => line.msg === "rpc call failed, retrying")).to.equal(true);
      expect(lines.some((line) => line.msg === "upkeep done" && line.item === "schedule 0")).to.equal(true);
    } finally {
      await proxy.close();
    }
  });

  it("stops cleanly on SIGTERM and SIGINT", async function () {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const service = keeper(KEEPER_KEYS[0]);
      await waitFor("the keeper to poll", async () => service.output().includes('"keepers starting"'), 30_000);
      await sleep(500);
      service.child.kill(signal);
      expect(await service.exited).to.equal(0);
      expect(logLines(service).at(-1)?.msg).to.equal("stopped");
    }
  });

  it("serves metrics, health and readiness", async function () {
    const port = await freePort();
    keeper(KEEPER_KEYS[0], ["--metrics-port", String(port)]);
    const base = `http://127.0.0.1:${port}`;
    await waitFor("readiness", async () => (await fetch(`${base}/ready`)).status === 200, 30_000);
    await waitUntilNothingDue();
    await waitFor(
      "a succeeded upkeep in the metrics",
      async () =>
        (await (await fetch(`${base}/metrics`)).text()).includes(
          'keeper_transactions_succeeded_total{job="vesting-release"} 1',
        ),
      10_000,
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      "keeper_jobs_checked_total",
      "keeper_transactions_sent_total",
      "keeper_lost_races_total",
      "keeper_reverted_total",
      "keeper_gas_spent_wei_total",
      "keeper_signer_balance_wei",
    ]) {
      expect(metrics).to.include(`# TYPE ${name}`);
    }
    expect((await fetch(`${base}/health`)).status).to.equal(200);
  });

  it("runs a single job once from the CLI and prints what is due with status", async function () {
    const status = startKeepers(["status"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
    });
    expect(await status.exited).to.equal(0);
    expect(status.output()).to.include("vesting-release: 1 due (schedule 2)");

    const once = startKeepers(["run", "--job", "vesting-release", "--once"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
      KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
    });
    expect(await once.exited, once.output()).to.equal(0);
    expect(await dueSchedules()).to.deep.equal([]);

    const again = startKeepers(["status"], {
      JIAOZI_RPC_URL: chain.anvil.url,
      JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
    });
    expect(await again.exited).to.equal(0);
    expect(again.output()).to.include("vesting-release: 0 due");
  });

  describe("refuses to start on a bad configuration, naming the problem", function () {
    async function refusal(env: NodeJS.ProcessEnv, args: string[] = ["run"]) {
      const service = startKeepers(args, {
        JIAOZI_RPC_URL: chain.anvil.url,
        JIAOZI_DEPLOYMENTS: chain.deploymentsFile,
        KEEPER_PRIVATE_KEY: KEEPER_KEYS[0],
        ...env,
      });
      const code = await service.exited;
      return { code, output: service.output() };
    }

    it("a missing deployments file", async function () {
      const missing = path.join(tmpdir(), "no-such-dir", "31337.json");
      const { code, output } = await refusal({ JIAOZI_DEPLOYMENTS: missing });
      expect(code).to.equal(2);
      expect(output).to.include(`deployments file not found: ${missing}`);
    });

    it("a deployments file of another chain", async function () {
      const other = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-")), "1.json");
      writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(chain.deploymentsFile, "utf8")), chainId: 1 }));
      const { code, output } = await refusal({ JIAOZI_DEPLOYMENTS: other });
      expect(code).to.equal(2);
      expect(output).to.include(
        `wrong chain id: ${other} is for chain 1, the RPC at ${chain.anvil.url} is chain 31337`,
      );
    });

    it("an unfunded signer", async function () {
      const { code, output } = await refusal({ KEEPER_PRIVATE_KEY: generatePrivateKey() });
      expect(code).to.equal(2);
      expect(output).to.match(/unfunded signer: 0x[0-9a-fA-F]{40} holds 0 ETH, below the minimum of 0\.01 ETH/);
    });

    it("an unknown job, a missing signer and an unreachable RPC", async function () {
      expect((await refusal({}, ["run", "--job", "nope"])).output).to.include('unknown job "nope"');
      expect((await refusal({ KEEPER_PRIVATE_KEY: undefined })).output).to.include("no signer");
      const unreachable = await refusal({ JIAOZI_RPC_URL: `http://127.0.0.1:${await freePort()}` });
      expect(unreachable.code).to.equal(2);
      expect(unreachable.output).to.include("no chain answers at");
    });
  });
});
