// Units of the keeper daemon that need no chain: configuration, backoff, error classification, the
// executor on a scripted client, the governance and issuer command inputs.
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
} from "viem";
import { KeeperRewardsAbi } from "../../abis/KeeperRewards.ts";
import { VestingVaultAbi } from "../../abis/VestingVault.ts";
import { resolveConfig, resolveSignerKey } from "../src/config.ts";
import type { Chain, Signer } from "../src/chain.ts";
import { classify, ConfigError } from "../src/errors.ts";
import { Executor } from "../src/executor.ts";
import { vestingRelease } from "../src/jobs/vestingRelease.ts";
import { createLogger } from "../src/log.ts";
import { KeeperMetrics } from "../src/metrics.ts";
import { paymentSpec, statementSpec, subject } from "../src/governance/flags.ts";
import { encodeActions, type ActionSpec } from "../src/governance/propose.ts";
import { LaunchFileError, parseLaunchFile } from "../src/issuer/config.ts";
import { ballotTypedData } from "../src/governance/vote.ts";
import type { JobContext } from "../src/job.ts";
import { backoffDelay, withRetry } from "../src/retry.ts";
import { TransactionError } from "../src/transact.ts";

describe("keepers configuration", function () {
  it("takes flags over environment over defaults", function () {
    const defaults = resolveConfig({}, {});
    expect(defaults).to.include({ rpcUrl: "http://127.0.0.1:8545", metricsPort: 9464, once: false });
    // Every job of the catalog runs by default, each on its own interval.
    expect(defaults.jobs).to.deep.equal([
      "vesting-release",
      "storage-open-epoch",
      "storage-record-seed",
      "storage-settle-epoch",
      "storage-drip",
      "storage-reclaim",
      "storage-reassign",
      "council-open-election",
      "council-finalize-election",
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
    ]);
    expect(defaults.intervalsMs).to.deep.equal({
      "vesting-release": 15_000,
      "storage-open-epoch": 5_000,
      "storage-record-seed": 5_000,
      "storage-settle-epoch": 5_000,
      "storage-drip": 15_000,
      "storage-reclaim": 30_000,
      "storage-reassign": 15_000,
      "council-open-election": 60_000,
      "council-finalize-election": 30_000,
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
    const { executor, sentGasLimits } = executorOnChain({ gasUsed: 125_000n });
    expect(await executor.perform(vestingRelease, 2n)).to.deep.equal({
      status: "reverted",
      stage: "chain",
      errorName: "OutOfGas",
      hash: "0x778d",
    });
    expect(sentGasLimits).to.deep.equal([125_000n], "the estimate with its 25% margin");
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
        .to.throw(TransactionError)
        .with.property("message")
        .that.includes(message);
    });
  }

  it("signs ballots with the Referendum's EIP-712 domain and Ballot type", async function () {
    const typed = await ballotTypedData(context, 7n, "abstain", keeperRewards);
    expect(typed.domain).to.deep.equal({
      name: "Jiaozi Referendum",
      version: "1",
      chainId: 31337,
      verifyingContract: keeperRewards,
    });
    expect(typed.message).to.deep.equal({ proposalId: 7n, support: 2, voter: keeperRewards });
    // The struct hash the contract computes: BALLOT_TYPEHASH = keccak256("Ballot(uint256 proposalId,uint8 support,address voter)").
    expect(hashStruct({ data: typed.message, primaryType: "Ballot", types: typed.types })).to.equal(
      keccak256(
        encodeAbiParameters(parseAbiParameters("bytes32, uint256, uint8, address"), [
          keccak256(toBytes("Ballot(uint256 proposalId,uint8 support,address voter)")),
          7n,
          2,
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
