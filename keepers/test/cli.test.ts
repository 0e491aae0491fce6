// The `jiaozi` CLI's error model: a usage error (bad flag, file or profile) is one line naming the
// field and exit 2; a reverted transaction is one line with the decoded custom error and exit 1;
// only a bug prints a stack. Mostly without a chain; one anvil for the revert and the actions
// file whose target only the deployments file can resolve.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TOKEN_HOLDER_KEY } from "../../scripts/stack.ts";
import { freePort, startChainWithGenesis, type TestChain } from "../../scripts/testchain.ts";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = TOKEN_HOLDER_KEY;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jiaozi(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [path.join(ROOT, "keepers/src/cli.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, KEEPER_PRIVATE_KEY: KEY, JIAOZI_RPC_URL: undefined, JIAOZI_DEPLOYMENTS: undefined, ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exactly one line on stderr, starting "jiaozi: ", and no stack. */
function oneLine(run: Run): string {
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^jiaozi: /);
  expect(run.stderr).to.not.match(/\n\s+at /);
  return lines[0];
}

function file(name: string, content: string): string {
  const target = path.join(mkdtempSync(path.join(tmpdir(), "jiaozi-cli-")), name);
  writeFileSync(target, content);
  return target;
}

describe("jiaozi CLI: usage errors exit 2 with one line naming the field", function () {
  this.timeout(120_000);

  it("an unknown option, naming it", function () {
    const run = jiaozi(["gov", "vote", "--proposal", "1", "--side", "for", "--bogus"]);
    expect(run.code).to.equal(2);
    expect(oneLine(run)).to.include("--bogus");
  });

  it("an unknown command", function () {
    const run = jiaozi(["nope"]);
    expect(run.code).to.equal(2);
    expect(oneLine(run)).to.include("nope");
  });

  it("a bad flag value: --proposal, --side, --rpc-url, --interval", function () {
    const cases: [string[], string][] = [
      [["gov", "vote", "--proposal", "x", "--side", "for"], "--proposal"],
      [["gov", "vote", "--proposal", "1", "--side", "sideways"], "--side"],
      [["gov", "vote", "--proposal", "1", "--side", "for", "--rpc-url", "ftp://x"], "--rpc-url"],
      [["run", "--interval", "5"], "--interval"],
      [["issuer", "buy", "--token", "0x12", "--amount", "1"], "--token"],
      [["rent"], "--file"],
    ];
    for (const [args, field] of cases) {
      const run = jiaozi(args);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).to.equal(2);
      expect(oneLine(run)).to.include(field);
    }
  });

  it("an actions file that is missing, not JSON, or not a list of actions", function () {
    const cases = [
      path.join(tmpdir(), "no-such-dir", "actions.json"),
      file("actions.json", "{ not json"),
      file("actions.json", JSON.stringify({ target: "KeeperRewards" })),
      file("actions.json", JSON.stringify([])),
      file("actions.json", JSON.stringify(["KeeperRewards"])),
    ];
    for (const actions of cases) {
      const run = jiaozi(["gov", "propose", "--actions", actions]);
      expect(run.code, run.stderr).to.equal(2);
      expect(oneLine(run)).to.include("--actions");
    }
  });

  it("a launch file with wrong fields: every field named on the one line", function () {
    const bad = file(
      "launch.json",
      JSON.stringify({ name: "", symbol: "DUMP", supply: 5, commitment: { period: "7x" } }),
    );
    const run = jiaozi(["issuer", "launch", "--config", bad]);
    expect(run.code).to.equal(2);
    const line = oneLine(run);
    for (const field of ["name = ", "supply = ", "seedReserve = ", "commitment.period = ", "commitment.minimum = "]) {
      expect(line).to.include(field);
    }
    const missing = jiaozi(["issuer", "launch", "--config", path.join(tmpdir(), "no-such-launch.json")]);
    expect(missing.code).to.equal(2);
    expect(oneLine(missing)).to.include("(file)");
  });

  it("a bad genesis profile: its name, a missing file, a wrong field", function () {
    const dir = path.dirname(file("broken.json", JSON.stringify({ name: "broken", extends: "local", timeDivisor: 0 })));
    const unknown = jiaozi(["profile", "no-such-profile"]);
    expect(unknown.code).to.equal(2);
    expect(oneLine(unknown)).to.include("name = ");
    writeFileSync(path.join(dir, "local.json"), JSON.stringify({ name: "local" }));
    const broken = jiaozi(["profile", "broken", "--dir", dir]);
    expect(broken.code).to.equal(2);
    expect(oneLine(broken)).to.include("timeDivisor = 0: must be a positive integer");
    const good = jiaozi(["profile", "local"]);
    expect(good.code, good.stderr).to.equal(0);
    expect(JSON.parse(good.stdout)).to.include({ name: "local", valid: true });
  });

  it("no chain at the RPC URL", async function () {
    const run = jiaozi(["gov", "vote", "--proposal", "1", "--side", "for"], {
      JIAOZI_RPC_URL: `http://127.0.0.1:${await freePort()}`,
    });
    expect(run.code).to.equal(2);
    expect(oneLine(run)).to.include("--rpc-url: no chain answers at");
  });
});

describe("jiaozi CLI against anvil: a revert exits 1 with its decoded error", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    chain = await startChainWithGenesis();
    env = { JIAOZI_RPC_URL: chain.anvil.url, JIAOZI_DEPLOYMENTS: chain.deploymentsFile };
  });
  after(async function () {
    await chain?.stop();
  });

  it("a reverted gov vote names the call and its custom error with its arguments", function () {
    const run = jiaozi(["gov", "vote", "--proposal", "99", "--side", "for"], env);
    expect(run.code, run.stderr).to.equal(1);
    const line = oneLine(run);
    expect(line).to.equal(
      "jiaozi: Referendum.castVote reverted: VotingClosed(proposalId: 99, voteStart: 0, voteEnd: 0)",
    );
    expect(run.stdout).to.equal("");
  });

  it("a read the chain refuses (a token the factory never launched) is one line and exit 1, not a bug", function () {
    const stranger = "0x000000000000000000000000000000000000dEaD";
    const run = jiaozi(["issuer", "buy", "--token", stranger, "--amount", "1"], env);
    expect(run.code, run.stderr).to.equal(1);
    expect(oneLine(run)).to.not.include("internal error");
  });

  it("an actions file naming a contract the deployments file does not have", function () {
    const actions = file("actions.json", JSON.stringify([{ target: "Nowhere", function: "f()", args: [] }]));
    const run = jiaozi(["gov", "propose", "--actions", actions], env);
    expect(run.code, run.stderr).to.equal(2);
    expect(oneLine(run)).to.include('--actions: actions[0].target: "Nowhere"');
  });
});
