// Units of the keeper daemon that need no chain: configuration, backoff, error classification, the
// executor on a scripted client, the governance and issuer command inputs, the storage provider's
// plans and data versions, the storage-assign job on a scripted market.
import { expect } from "chai";
import { encryptKeystoreJsonSync, Wallet } from "ethers";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  BaseError,
  ContractFunctionRevertedError,
  encodeAbiParameters,
  encodeErrorResult,
  encodeFunctionData,
  hashStruct,
  keccak256,
  parseAbiParameters,
  toBytes,
  HttpRequestError,
  InsufficientFundsError,
  parseEther,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import { KeeperRewardsAbi } from "../../abis/KeeperRewards.ts";
import { VestingVaultAbi } from "../../abis/VestingVault.ts";
import { ENUMS } from "../../lib/vocabulary.ts";
import { resolveConfig, resolveSignerKey } from "../src/core/config.ts";
import type { Chain, Signer } from "../src/core/chain.ts";
import { classify, ConfigError } from "../src/core/errors.ts";
import { Executor } from "../src/core/executor.ts";
import { vestingRelease } from "../src/tokenization/jobs/vestingRelease.ts";
import { createLogger } from "../src/core/log.ts";
import { KeeperMetrics } from "../src/core/metrics.ts";
import { paymentSpec, statementSpec, subject } from "../src/governance/flags.ts";
import { encodeActions, type ActionSpec } from "../src/governance/propose.ts";
import { LaunchFileError, parseLaunchFile } from "../src/tokenization/issuer/config.ts";
import { ballotTypedData } from "../src/governance/vote.ts";
import type { JobContext } from "../src/core/job.ts";
import { backoffDelay, withRetry } from "../src/core/retry.ts";
import { storageAssign } from "../src/storage/jobs/assign.ts";
import { storageOpenEpoch } from "../src/storage/jobs/openEpoch.ts";
import { storageRecordSeed } from "../src/storage/jobs/recordSeed.ts";
import { settleBatches } from "../src/storage/jobs/settleEpoch.ts";
import { resolveProviderSettings } from "../src/storage/provider/agent.ts";
import {
  DEFAULT_PATIENCE_SECONDS,
  planLease,
  ZERO_ROOT,
  type LeaseKnowledge,
  type LeaseOnChain,
} from "../src/storage/provider/holdings.ts";
import { LeaseStore } from "../src/storage/provider/store.ts";
import { uploadCandidates } from "../src/storage/provider/upload.ts";
import { SEGMENTS_PER_MB } from "../src/storage/leaseData.ts";
import { verify } from "../src/storage/segmentMerkle.ts";

describe("keepers configuration", function () {
  it("takes flags over environment over defaults", function () {
    const defaults = resolveConfig({}, {});
    expect(defaults).to.include({ rpcUrl: "http://127.0.0.1:8545", metricsPort: 9464, once: false });
    // Every job of the catalog runs by default, each on its own interval.
    expect(defaults.jobs).to.deep.equal([
      "vesting-release",
      "storage-assign",
      "storage-open-epoch",
      "storage-record-seed",
      "storage-settle-epoch",
      "storage-drip",
      "storage-reclaim",
      "storage-reassign",
      "storage-reassign-member",
      "storage-expire",
      "council-open-election",
      "council-finalize-election",
      "council-chair-round",
      "council-missed-report",
      "referendum-lapse",
      "referendum-missed-response",
      "referendum-bloc-vote",
      "referendum-close",
      "referendum-queue",
      "referendum-execute",
      "referendum-expire",
      "reserve-pay-council",
      "reserve-distribute",
      "reserve-sweep",
      "tokenization-evaluate",
      "staking-settle",
      "staking-distribute",
      "committee-close-candidacy",
      "committee-draw",
      "committee-settle-term",
      "honor-complete-withdraw",
      "oracle-finalize",
      "oracle-void",
      "insurance-settle",
      "data-release",
      "data-refund",
      "procurement-close",
      "charity-refund",
    ]);
    expect(defaults.intervalsMs).to.deep.equal({
      "vesting-release": 15_000,
      "storage-assign": 2_000,
      "storage-open-epoch": 5_000,
      "storage-record-seed": 5_000,
      "storage-settle-epoch": 5_000,
      "storage-drip": 15_000,
      "storage-reclaim": 30_000,
      "storage-reassign": 15_000,
      "storage-reassign-member": 15_000,
      "storage-expire": 15_000,
      "council-open-election": 60_000,
      "council-finalize-election": 30_000,
      "council-chair-round": 30_000,
      "council-missed-report": 60_000,
      "referendum-lapse": 30_000,
      "referendum-missed-response": 30_000,
      "referendum-bloc-vote": 15_000,
      "referendum-close": 15_000,
      "referendum-queue": 15_000,
      "referendum-execute": 15_000,
      "referendum-expire": 60_000,
      "reserve-pay-council": 60_000,
      "reserve-distribute": 60_000,
      "reserve-sweep": 300_000,
      "tokenization-evaluate": 30_000,
      "staking-settle": 15_000,
      "staking-distribute": 15_000,
      "committee-close-candidacy": 5_000,
      "committee-draw": 5_000,
      "committee-settle-term": 15_000,
      "honor-complete-withdraw": 15_000,
      "oracle-finalize": 10_000,
      "oracle-void": 30_000,
      "insurance-settle": 5_000,
      "data-release": 15_000,
      "data-refund": 15_000,
      "procurement-close": 15_000,
      "charity-refund": 30_000,
    });
    expect(defaults.minBalanceWei).to.equal(parseEther("0.01"));

    const env = { JIAOZI_RPC_URL: "http://env:1", KEEPER_INTERVALS: "2000", KEEPER_MIN_BALANCE: "1" };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv.rpcUrl).to.equal("http://env:1");
    expect(Object.values(fromEnv.intervalsMs)).to.satisfy((ms: number[]) => ms.every((value) => value === 2000));
    const fromFlags = resolveConfig({ rpcUrl: "http://flag:2", interval: ["vesting-release=500"] }, env);
    expect(fromFlags.rpcUrl).to.equal("http://flag:2");
    expect(fromFlags.intervalsMs["vesting-release"]).to.equal(500);
  });

  const refusals: [string, Parameters<typeof resolveConfig>[0], string][] = [
    ["an RPC URL that is not http", { rpcUrl: "ws://x" }, "--rpc-url"],
    ["an unknown job", { jobs: "vesting-release,nope" }, "--jobs"],
    ["an interval below 100 ms", { interval: ["50"] }, "--interval"],
    ["an interval for a job not enabled", { interval: ["other=1000"] }, "--interval"],
    ["a minimum balance that is not an amount", { minBalance: "lots" }, "--min-balance"],
    ["a metrics port out of range", { metricsPort: "70000" }, "--metrics-port"],
  ];
  for (const [what, flags, field] of refusals) {
    it(`refuses ${what}, naming ${field}`, function () {
      expect(() => resolveConfig(flags, {}))
        .to.throw(ConfigError)
        .with.property("field", field);
    });
  }

  it("reads the signer key from a flag or the environment, and refuses bad or missing keys", async function () {
    const key = `0x${"ab".repeat(32)}`;
    expect(await resolveSignerKey({}, { KEEPER_PRIVATE_KEY: key })).to.equal(key);
    expect(await resolveSignerKey({ privateKey: "ab".repeat(32) }, {})).to.equal(key);
    for (const [flags, env, message] of [
      [{}, {}, "no signer"],
      [{ privateKey: "0x1234" }, {}, "32 bytes"],
      [{ privateKey: key, keystore: "k.json" }, {}, "not both"],
      [{ keystore: "/no/such/keystore.json" }, {}, "keystore file not found"],
    ] as const) {
      await resolveSignerKey(flags, env).then(
        () => expect.fail("accepted"),
        (error: Error) => expect(error.message).to.include(message),
      );
    }
  });
});

describe("keepers keystore", function () {
  it("decrypts a JSON keystore with the password from a file, and names a wrong password", async function () {
    const wallet = Wallet.createRandom();
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-keystore-"));
    const keystore = path.join(dir, "keeper.json");
    const passwordFile = path.join(dir, "password");
    writeFileSync(
      keystore,
      encryptKeystoreJsonSync({ address: wallet.address, privateKey: wallet.privateKey }, "s3cret", {
        scrypt: { N: 1 << 10 },
      }),
    );
    writeFileSync(passwordFile, "s3cret\n");
    expect(await resolveSignerKey({ keystore, keystorePasswordFile: passwordFile }, {})).to.equal(wallet.privateKey);
    expect(await resolveSignerKey({}, { KEEPER_KEYSTORE: keystore, KEEPER_KEYSTORE_PASSWORD: "s3cret" })).to.equal(
      wallet.privateKey,
    );
    await resolveSignerKey({ keystore }, { KEEPER_KEYSTORE_PASSWORD: "wrong" }).then(
      () => expect.fail("accepted a wrong password"),
      (error: ConfigError) =>
        expect([error.field, error.message]).to.satisfy(
          ([field, message]: string[]) => field === "--keystore" && message.includes(`cannot decrypt ${keystore}`),
        ),
    );
  });
});

describe("keepers backoff", function () {
  it("doubles the ceiling per attempt up to the maximum, with full jitter", function () {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 1))).to.deep.equal([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelay(3, 100, 1_000, () => 0)).to.equal(0);
  });

  it("retries what shouldRetry accepts, up to the limit, and rethrows the rest at once", async function () {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new Error("flaky");
        return "ok";
      },
      { retries: 5, baseDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true },
    );
    expect([result, calls]).to.deep.equal(["ok", 3]);

    calls = 0;
    await withRetry(
      async () => {
        calls++;
        throw new Error("fatal");
      },
      { retries: 5, baseDelayMs: 1, maxDelayMs: 1, shouldRetry: () => false },
    ).catch(() => undefined);
    expect(calls).to.equal(1);

    calls = 0;
    await withRetry(
      async () => {
        calls++;
        throw new Error("down");
      },
      { retries: 2, baseDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true },
    ).catch(() => undefined);
    expect(calls).to.equal(3);
  });
});

describe("keepers error classification", function () {
  it("names a contract's custom error, even when viem left it undecoded", function () {
    const data = encodeErrorResult({ abi: VestingVaultAbi, errorName: "NotDue", args: [2n, 123n] });
    const decoded = new ContractFunctionRevertedError({ abi: VestingVaultAbi, data, functionName: "release" });
    expect(classify(decoded)).to.include({ kind: "revert", errorName: "NotDue" });
    const undecoded = new ContractFunctionRevertedError({ abi: [], data, functionName: "release" });
    expect(classify(undecoded, VestingVaultAbi)).to.include({ kind: "revert", errorName: "NotDue" });
  });

  it("tells nonce clashes, an empty signer and transport failures apart", function () {
    expect(classify(new BaseError("nonce too low")).kind).to.equal("nonce");
    expect(classify(new InsufficientFundsError()).kind).to.equal("funds");
    expect(classify(new HttpRequestError({ url: "http://x", details: "fetch failed" })).kind).to.equal("transient");
    expect(classify(new Error("socket hang up")).kind).to.equal("transient");
  });
});

describe("keepers executor, a transaction mined as reverted", function () {
  const MINED_IN = 63n;
  const notDue = encodeErrorResult({ abi: VestingVaultAbi, errorName: "NotDue", args: [2n, 123n] });

  /**
   * A chain on which schedule 2's release reverted in block 63 because another keeper released it
   * first, and on which the schedule has come due again since (a new tranche): simulated on the
   * current state the release succeeds, on the state block 63 left it reverts with NotDue.
   */
  function executorOnChain(receipt: { gasUsed: bigint }) {
    const simulatedAt: (bigint | undefined)[] = [];
    const client = {
      simulateContract: async (args: { blockNumber?: bigint }) => {
        simulatedAt.push(args.blockNumber);
        if (args.blockNumber === MINED_IN) {
          throw new ContractFunctionRevertedError({ abi: VestingVaultAbi, data: notDue, functionName: "release" });
        }
        return { request: args };
      },
      estimateContractGas: async () => 100_000n,
      waitForTransactionReceipt: async ({ hash }: { hash: string }) => ({
        status: "reverted",
        transactionHash: hash,
        blockNumber: MINED_IN,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: 1n,
      }),
    };
    const sentGasLimits: bigint[] = [];
    const signer = {
      account: { address: "0x0000000000000000000000000000000000000001" },
      wallet: {
        writeContract: async (request: { gas: bigint }) => {
          sentGasLimits.push(request.gas);
          return "0x778d";
        },
      },
    };
    const context = { address: () => "0x0000000000000000000000000000000000000002" } as unknown as JobContext;
    const executor = new Executor({
      chain: { client, context, chainId: 31337 } as unknown as Chain,
      signer: signer as unknown as Signer,
      metrics: new KeeperMetrics(),
      log: createLogger("silent"),
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    return { executor, simulatedAt, sentGasLimits };
  }

  it("names the revert by the state its block left, not by work that came due again since", async function () {
    const { executor, simulatedAt } = executorOnChain({ gasUsed: 35_478n });
    const outcome = await executor.perform(vestingRelease, 2n);
    expect(outcome).to.deep.equal({ status: "lost-race", stage: "chain", errorName: "NotDue", hash: "0x778d" });
    expect(simulatedAt).to.deep.equal([undefined, MINED_IN]);
  });

  it("names a transaction that used all of its gas limit OutOfGas, a failure", async function () {
    const { executor, sentGasLimits } = executorOnChain({ gasUsed: 160_000n });
    expect(await executor.perform(vestingRelease, 2n)).to.deep.equal({
      status: "reverted",
      stage: "chain",
      errorName: "OutOfGas",
      hash: "0x778d",
    });
    expect(sentGasLimits).to.deep.equal(
      [160_000n],
      "the estimate with its margin's floor (25% of 100,000 is below it)",
    );
  });
});

describe("gov propose actions", function () {
  const keeperRewards = "0x00000000000000000000000000000000000000aa" as const;
  const context = {
    deployments: {
      chainId: 31337,
      profile: "local",
      contracts: { KeeperRewards: { address: keeperRewards, startBlock: 0 } },
    },
    address: () => keeperRewards,
  } as unknown as JobContext;

  it("encodes targets by contract name or address, calls by signature or raw calldata, and values", function () {
    const kind = `0x${"11".repeat(32)}` as const;
    const encoded = encodeActions(context, [
      { target: "KeeperRewards", function: "setBounty(bytes32,uint256)", args: [kind, "20"] },
      { target: "0x0000000000000000000000000000000000000001", calldata: "0xabcdef", value: "5" },
    ]);
    expect(encoded.targets).to.deep.equal([keeperRewards, "0x0000000000000000000000000000000000000001"]);
    expect(encoded.values).to.deep.equal([0n, 5n]);
    expect(encoded.calldatas).to.deep.equal([
      encodeFunctionData({ abi: KeeperRewardsAbi, functionName: "setBounty", args: [kind, 20n] }),
      "0xabcdef",
    ]);
  });

  const wrong: [string, ActionSpec[], string][] = [
    ["no action", [], "at least one action"],
    ["an unknown target", [{ target: "Nowhere", calldata: "0x" }], 'actions[0].target: "Nowhere"'],
    ["a call that is neither", [{ target: "KeeperRewards" }], 'actions[0] needs "function"'],
    ["a malformed signature", [{ target: "KeeperRewards", function: "setBounty(" }], "actions[0].function"],
    [
      "arguments that do not fit",
      [{ target: "KeeperRewards", function: "f(uint8)", args: ["300"] }],
      "actions[0].args",
    ],
    ["calldata that is not hex", [{ target: "KeeperRewards", calldata: "zz" }], "actions[0].calldata"],
    ["a value that is not wei", [{ target: "KeeperRewards", calldata: "0x", value: "1.5" }], "actions[0].value"],
  ];
  for (const [what, specs, message] of wrong) {
    it(`names ${what}`, function () {
      expect(() => encodeActions(context, specs))
        .to.throw(ConfigError)
        .with.property("message")
        .that.includes(message);
    });
  }

  it("signs ballots with the Referendum's EIP-712 domain and Ballot type", async function () {
    const typed = await ballotTypedData(context, 7n, "abstain", keeperRewards);
    const abstain = ENUMS.IChoice.Choice.indexOf("Abstain"); // 3: council and referendum share IChoice
    expect(typed.domain).to.deep.equal({
      name: "Jiaozi Referendum",
      version: "1",
      chainId: 31337,
      verifyingContract: keeperRewards,
    });
    expect(typed.message).to.deep.equal({ proposalId: 7n, support: abstain, voter: keeperRewards });
    // The struct hash the contract computes: BALLOT_TYPEHASH = keccak256("Ballot(uint256 proposalId,uint8 support,address voter)").
    expect(hashStruct({ data: typed.message, primaryType: "Ballot", types: typed.types })).to.equal(
      keccak256(
        encodeAbiParameters(parseAbiParameters("bytes32, uint256, uint8, address"), [
          keccak256(toBytes("Ballot(uint256 proposalId,uint8 support,address voter)")),
          7n,
          abstain,
          keeperRewards,
        ]),
      ),
    );
  });
});

describe("gov council flags", function () {
  const member = "0x00000000000000000000000000000000000000aa";
  const refused = (read: () => unknown, field: string, message: string) =>
    expect(read)
      .to.throw(ConfigError)
      .that.satisfies((error: ConfigError) => {
        expect(error.field).to.equal(field);
        expect(error.message).to.include(message);
        return true;
      });

  it("reads a bloc subject, a statement about a proposal or an account, and a payment", function () {
    expect(subject({ bloc: "3" })).to.deep.equal({ about: "bloc", proposalId: 3n });
    expect(subject({ statement: "CONDEMN", account: member, uri: "ipfs://why" })).to.deep.equal({
      about: "statement",
      kind: "Condemn",
      proposalId: 0n,
      account: member,
      uri: "ipfs://why",
    });
    expect(statementSpec("--kind", { kind: "support", proposal: "7" })).to.include({
      kind: "Support",
      proposalId: 7n,
      account: zeroAddress,
      uri: "",
    });
    expect(
      paymentSpec("--purpose", { purpose: "issuerliquidity", to: member, amount: "1.5", ref: "grant 1" }),
    ).to.deep.equal({
      purpose: "issuerLiquidity",
      to: member,
      amount: parseEther("1.5"),
      ref: keccak256(toBytes("grant 1")),
    });
  });

  it("names the wrong flag: no subject or two, an unknown kind, purpose or target", function () {
    refused(() => subject({}), "--bloc", "exactly one subject");
    refused(() => subject({ bloc: "1", statement: "support" }), "--bloc", "exactly one subject");
    refused(() => subject({ bloc: "0" }), "--bloc", '"0" is not a proposal id');
    refused(() => statementSpec("--kind", { kind: "praise", proposal: "1" }), "--kind", "Support, Advocate");
    refused(
      () => statementSpec("--kind", { kind: "support" }),
      "--proposal",
      "one proposal (--proposal) or one account",
    );
    refused(
      () => statementSpec("--kind", { kind: "support", proposal: "1", account: member }),
      "--proposal",
      "one proposal (--proposal) or one account",
    );
    refused(
      () => statementSpec("--kind", { kind: "oppose", account: "0x12" }),
      "--account",
      '"0x12" is not an address',
    );
    refused(
      () => paymentSpec("--purpose", { purpose: "salaries", to: member, amount: "1" }),
      "--purpose",
      "infrastructure",
    );
    refused(
      () => paymentSpec("--purpose", { purpose: "infrastructure", to: member, amount: "0" }),
      "--amount",
      "positive",
    );
  });
});

describe("issuer launch file", function () {
  const valid = {
    name: "Dumpling Coffee",
    symbol: "DUMP",
    metadataURI: "ipfs://whitepaper",
    supply: "1000000",
    seedReserve: "10000",
    connectorWeight: "25%",
    commitment: { period: "7d", minimum: "1.5%" },
  };

  it("reads amounts in whole tokens, weights as shares and commitments absolute or relative", function () {
    const plan = parseLaunchFile(valid);
    expect(plan).to.deep.include({
      initialSupply: parseEther("1000000"),
      seedReserve: parseEther("10000"),
      connectorWeightPpm: 250_000,
    });
    expect(plan.commitment).to.deep.equal({ periodLength: 7n * 86_400n, relative: true, minimum: 150n });
    const absolute = parseLaunchFile({
      ...valid,
      connectorWeight: undefined,
      commitment: { period: "12h", minimum: "1000" },
    });
    expect(absolute.connectorWeightPpm).to.equal(500_000);
    expect(absolute.commitment).to.deep.equal({ periodLength: 43_200n, relative: false, minimum: parseEther("1000") });
  });

  it("names every wrong field at once, with its value", function () {
    const wrong = {
      name: "",
      symbol: "DUMP",
      supply: 1000,
      seedReserve: "9999",
      connectorWeight: "30%",
      commitment: { period: "a week", minimum: "0", extra: 1 },
      color: "red",
    };
    try {
      parseLaunchFile(wrong, "issuer.json");
      expect.fail("accepted");
    } catch (error) {
      expect(error).to.be.instanceOf(LaunchFileError);
      expect((error as LaunchFileError).problems.map((p) => p.field).sort()).to.deep.equal(
        [
          "color",
          "name",
          "metadataURI",
          "supply",
          "seedReserve",
          "connectorWeight",
          "commitment.extra",
          "commitment.period",
          "commitment.minimum",
        ].sort(),
      );
      expect((error as Error).message).to.include('seedReserve = "9999": must be at least 10000');
    }
  });
});

describe("storage provider: what to do with a lease (planLease)", function () {
  const R1 = `0x${"11".repeat(32)}` as Hex;
  const R2 = `0x${"22".repeat(32)}` as Hex;
  const chainWith = (over: Partial<LeaseOnChain> = {}): LeaseOnChain => ({
    member: true,
    holding: false,
    proposed: { root: R1, sizeMB: 1, dataLength: 100 },
    held: {
      root: ZERO_ROOT,
      sizeMB: 0,
      dataLength: 0,
      previousRoot: ZERO_ROOT,
      previousSizeMB: 0,
      previousDataLength: 0,
      fromEpoch: 0n,
    },
    ...over,
  });
  const none = {
    root: ZERO_ROOT,
    sizeMB: 0,
    dataLength: 0,
    previousRoot: ZERO_ROOT,
    previousSizeMB: 0,
    previousDataLength: 0,
    fromEpoch: 0n,
  };
  const known = (over: Partial<LeaseKnowledge> = {}): LeaseKnowledge => ({
    since: 1_000n,
    rejected: new Set(),
    ...over,
  });
  const plan = (options: {
    known?: LeaseKnowledge;
    chain?: LeaseOnChain;
    stored?: Hex[];
    now?: bigint;
    epoch?: bigint;
  }) =>
    planLease({
      known: options.known ?? known(),
      chain: "chain" in options ? options.chain : chainWith(),
      stored: new Set((options.stored ?? []).map((r) => r.toLowerCase())),
      now: options.now ?? 1_010n,
      epoch: options.epoch ?? 5n,
      patienceSeconds: 60n,
    });

  it("accepts the proposed data once its bytes are stored, and only then", function () {
    expect(plan({ stored: [R1] }).accept).to.equal(R1);
    const waiting = plan({});
    expect(waiting.accept).to.equal(undefined);
    expect(waiting.fetch).to.deep.equal({ root: R1, sizeMB: 1, dataLength: 100 });
    expect(waiting.reject).to.equal(undefined);
  });

  it("rejects data that never came once the patience is over, once per root", function () {
    expect(plan({ now: 1_059n }).reject).to.equal(undefined);
    expect(plan({ now: 1_060n }).reject).to.equal(R1);
    expect(plan({ now: 5_000n, known: known({ rejected: new Set([R1.toLowerCase()]) }) }).reject).to.equal(undefined);
    // the bytes arrived late: accepted, not rejected
    const late = plan({ now: 5_000n, stored: [R1], known: known({ rejected: new Set([R1.toLowerCase()]) }) });
    expect([late.accept, late.reject]).to.deep.equal([R1, undefined]);
  });

  it("does nothing more for data it accepted, and keeps only what it may be challenged on", function () {
    const held = { ...none, root: R1, sizeMB: 1, dataLength: 100, fromEpoch: 3n };
    const done = plan({ chain: chainWith({ holding: true, held }), stored: [R1, R2] });
    expect([done.accept, done.reject, done.fetch]).to.deep.equal([undefined, undefined, undefined]);
    expect([...(done.keep as Set<string>)]).to.deep.equal([R1.toLowerCase()]);
    // the same root proposed with another length is new data: accepted again
    const longer = chainWith({ holding: true, held, proposed: { root: R1, sizeMB: 1, dataLength: 200 } });
    expect(plan({ chain: longer, stored: [R1] }).accept).to.equal(R1);
  });

  it("keeps the old version until the epoch the newly accepted one applies from", function () {
    const held = {
      root: R2,
      sizeMB: 2,
      dataLength: 100,
      previousRoot: R1,
      previousSizeMB: 1,
      previousDataLength: 100,
      fromEpoch: 6n,
    };
    const chain = chainWith({ holding: true, proposed: { root: R2, sizeMB: 2, dataLength: 100 }, held });
    expect([...(plan({ chain, epoch: 5n }).keep as Set<string>)].sort()).to.deep.equal(
      [R1.toLowerCase(), R2.toLowerCase()].sort(),
    );
    expect([...(plan({ chain, epoch: 6n }).keep as Set<string>)]).to.deep.equal([R2.toLowerCase()]);
    // new data proposed while the old is held: both kept, the new one accepted when stored
    const proposing = chainWith({
      holding: true,
      proposed: { root: R2, sizeMB: 1, dataLength: 100 },
      held: { ...none, root: R1, sizeMB: 1, dataLength: 100, fromEpoch: 2n },
    });
    const next = plan({ chain: proposing, stored: [R1, R2] });
    expect(next.accept).to.equal(R2);
    expect([...(next.keep as Set<string>)].sort()).to.deep.equal([R1.toLowerCase(), R2.toLowerCase()].sort());
  });

  it("keeps the data of a lease that left its groups until that epoch is over, then forgets it", function () {
    expect(plan({ chain: undefined, known: known({ leftEpoch: 5n }), epoch: 5n })).to.deep.equal({
      keep: "all",
      forget: false,
    });
    const over = plan({ chain: undefined, known: known({ leftEpoch: 5n }), epoch: 6n });
    expect(over.forget).to.equal(true);
    expect([...(over.keep as Set<string>)]).to.deep.equal([]);
    // the chain says it is not a member before the event was scanned: keep everything
    expect(plan({ chain: chainWith({ member: false }) }).keep).to.equal("all");
  });
});

describe("storage provider: lease data versions on disk", function () {
  it("keeps versions apart, proves each against its own root and size, and deletes one", function () {
    this.timeout(30_000); // trees of 4,096 and 8,192 segments
    const store = new LeaseStore(mkdtempSync(path.join(tmpdir(), "jiaozi-store-")));
    const old = new Uint8Array(1000).fill(7);
    const fresh = new Uint8Array(3000).fill(9);
    const oldRoot = store.rootOf(old, 1);
    const freshRoot = store.rootOf(fresh, 2);
    store.put(4n, oldRoot, old);
    store.put(4n, freshRoot, fresh);
    expect(store.versions(4n).sort()).to.deep.equal([oldRoot, freshRoot].map((r) => r.toLowerCase()).sort());
    expect(store.leases()).to.deep.equal([4n]);
    const index = 4096 + 3; // in the second MB: only the 2 MB version has it
    const answer = store.proof(4n, freshRoot, 2, index)!;
    expect(verify(freshRoot, 2 * SEGMENTS_PER_MB, index, answer.segment, answer.proof)).to.equal(true);
    const first = store.proof(4n, oldRoot, 1, 2)!;
    expect(verify(oldRoot, SEGMENTS_PER_MB, 2, first.segment, first.proof)).to.equal(true);
    store.delete(4n, oldRoot);
    expect(store.proof(4n, oldRoot, 1, 2)).to.equal(undefined);
    expect(store.has(4n, freshRoot)).to.equal(true);
  });

  it("accepts an upload as the proposed data or a version still proved, never a zero root twice", function () {
    const R1 = `0x${"11".repeat(32)}` as Hex;
    const R2 = `0x${"22".repeat(32)}` as Hex;
    const held = {
      root: R1,
      sizeMB: 1,
      dataLength: 10,
      previousRoot: ZERO_ROOT,
      previousSizeMB: 0,
      previousDataLength: 0,
    };
    expect(uploadCandidates({ root: R2, sizeMB: 2, dataLength: 20 }, held)).to.deep.equal([
      { root: R2, sizeMB: 2, dataLength: 20 },
      { root: R1, sizeMB: 1, dataLength: 10 },
    ]);
    expect(uploadCandidates({ root: R1, sizeMB: 1, dataLength: 10 }, held)).to.deep.equal([
      { root: R1, sizeMB: 1, dataLength: 10 },
    ]);
  });

  it("reads the patience before rejecting from a flag or PROVIDER_PATIENCE_SECONDS, one hour by default", function () {
    expect(resolveProviderSettings({ dataDir: "/tmp/x" }, {}).patienceSeconds).to.equal(DEFAULT_PATIENCE_SECONDS);
    expect(DEFAULT_PATIENCE_SECONDS).to.equal(3600);
    expect(
      resolveProviderSettings({ dataDir: "/tmp/x" }, { PROVIDER_PATIENCE_SECONDS: "90" }).patienceSeconds,
    ).to.equal(90);
    expect(
      resolveProviderSettings({ dataDir: "/tmp/x", patience: "5" }, { PROVIDER_PATIENCE_SECONDS: "90" })
        .patienceSeconds,
    ).to.equal(5);
    expect(() => resolveProviderSettings({ dataDir: "/tmp/x", patience: "-1" }, {})).to.throw(
      ConfigError,
      "--patience",
    );
  });
});

describe("storage-settle-epoch batches", function () {
  const at = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;

  it("cuts the lens's batches into calls of at most the batch size, in the lens's order (oldest epoch first)", function () {
    const batches = [
      { epoch: 3n, landlords: [at(1), at(3)] },
      { epoch: 4n, landlords: [at(1), at(2)] },
    ];
    expect(settleBatches(batches)).to.deep.equal(batches);
    expect(settleBatches(batches, 1)).to.deep.equal([
      { epoch: 3n, landlords: [at(1)] },
      { epoch: 3n, landlords: [at(3)] },
      { epoch: 4n, landlords: [at(1)] },
      { epoch: 4n, landlords: [at(2)] },
    ]);
    expect(settleBatches([])).to.deep.equal([]);
  });
});

describe("storage epoch jobs on the StorageLens", function () {
  /** A lens whose dueEpoch is scripted, for epoch 7. */
  function lensWith(state: { open: boolean; recordSeed: boolean }) {
    const reads: string[] = [];
    const client = {
      chain: { id: 999_999 },
      readContract: async ({ functionName }: { functionName: string }) => {
        reads.push(functionName);
        if (functionName === "dueEpoch") {
          return { epoch: 7n, requestId: 3n, seedBlock: 40n, seedDeadline: 0n, proofDeadline: 0n, ...state };
        }
        throw new Error(functionName);
      },
    };
    const context = { client, deployments: { chainId: 1 }, address: () => zeroAddress } as unknown as JobContext;
    return { context, reads };
  }

  it("opens the epoch and records its seed exactly when the lens says so, with one read per poll", async function () {
    const open = lensWith({ open: true, recordSeed: false });
    expect(await storageOpenEpoch.due(open.context)).to.deep.equal([7n]);
    expect(await storageRecordSeed.due(open.context)).to.deep.equal([]);
    expect(open.reads).to.deep.equal(["dueEpoch", "dueEpoch"]);
    const seed = lensWith({ open: false, recordSeed: true });
    expect(await storageOpenEpoch.due(seed.context)).to.deep.equal([]);
    expect(await storageRecordSeed.due(seed.context)).to.deep.equal([7n]);
    expect(storageRecordSeed.call(seed.context, 7n)).to.include({ functionName: "reseed" });
    expect(storageOpenEpoch.call(seed.context, 7n)).to.include({ functionName: "openEpoch" });
  });
});

describe("storage-assign job", function () {
  /** A lens over leases 1..count whose status and assign flag are scripted; page starts are
   * recorded. Leases 0 (Refunded) and Reclaimed are final. */
  function lensWith(leases: Record<string, { status: number; assign: boolean }>) {
    const reads: bigint[] = [];
    const client = {
      readContract: async ({ functionName, args }: { functionName: string; args?: [bigint, bigint] }) => {
        if (functionName !== "dueLeases") throw new Error(functionName);
        const [fromId] = args!;
        reads.push(fromId);
        const ids = Object.keys(leases)
          .map(BigInt)
          .filter((id) => id >= fromId)
          .sort((a, b) => (a < b ? -1 : 1));
        let openFromId = fromId;
        for (const id of ids) {
          if (id !== openFromId || ![3, 4].includes(leases[String(id)].status)) break;
          openFromId = id + 1n;
        }
        const due = ids
          .filter((id) => leases[String(id)].assign)
          .map((id) => ({ leaseId: id, status: leases[String(id)].status, assign: true }));
        return { epoch: 1n, due, nextFromId: 0n, openFromId };
      },
    };
    const context = {
      client,
      deployments: { chainId: 999_000 + Math.floor(Math.random() * 1000) },
      address: () => "0x00000000000000000000000000000000000000aa",
    } as unknown as JobContext;
    return { context, reads, leases };
  }

  it("assigns the leases the lens says are due, and never scans again below the final leases", async function () {
    const PENDING = 1;
    const ACTIVE = 2;
    const REFUNDED = 3;
    const lens = lensWith({
      "1": { status: REFUNDED, assign: false },
      "2": { status: PENDING, assign: true },
      "3": { status: PENDING, assign: false },
      "4": { status: ACTIVE, assign: false },
    });
    expect(await storageAssign.due(lens.context)).to.deep.equal([2n]);
    expect(lens.reads).to.deep.equal([1n]);
    // lease 2 refunded, lease 3 due, a new lease 5 rented and due
    lens.leases["2"] = { status: REFUNDED, assign: false };
    lens.leases["3"] = { status: PENDING, assign: true };
    lens.leases["5"] = { status: PENDING, assign: true };
    expect(await storageAssign.due(lens.context)).to.deep.equal([3n, 5n]);
    // The cursor moved past lease 1 at the first poll, past 2 at the second.
    expect(lens.reads).to.deep.equal([1n, 2n]);
    expect(await storageAssign.due(lens.context)).to.deep.equal([3n, 5n]);
    expect(lens.reads).to.deep.equal([1n, 2n, 3n]);
    expect(storageAssign.settledErrors).to.include.members(["NotDue", "WrongStatus"]);
    expect(storageAssign.call(lens.context, 3n)).to.include({ functionName: "assign" });
  });
});
