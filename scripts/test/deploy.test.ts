// Deploying for real (issue 14): `npm run deploy -- --network live` with the `mainnet` profile and
// its real durations, to a fresh anvil that is not a dev chain (chain id 20261, so nothing is
// thrown away between runs), signing with a deployer key from the environment (the
// configuration variable JIAOZI_DEPLOYER_KEY; the keystore is the other source). An interrupted
// deployment is completed by running the same command again, without deploying anything twice.
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPublicClient, http, parseAbi, type Address, type Hash, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { VestingVaultAbi } from "../../abis/index.ts";
import { repairJournal } from "../../deploy/genesis.ts";
import { loadProfile } from "../../deploy/profile.ts";
import { ROOT, rpc, startAnvil, startService, type Service } from "../stack.ts";
import { freePort } from "../testchain.ts";
import type { Deployments } from "../../deploy/deployments.ts";

const CHAIN_ID = 20261;
const DAY = 86_400n;

/** Anvil's well-known accounts #1 to #8: the mainnet profile's holders (none is the deployer). */
const HOLDERS = {
  JIAOZI_PUBLIC_DISTRIBUTION: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  JIAOZI_TEAM: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  JIAOZI_PARTNERS: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  JIAOZI_ECOSYSTEM: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  JIAOZI_COUNCIL_1: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  JIAOZI_COUNCIL_2: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  JIAOZI_COUNCIL_3: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
};

const roleAbi = parseAbi([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getMinDelay() view returns (uint256)",
  "function epochLength() view returns (uint256)",
  "function balanceOf(address account) view returns (uint256)",
]);

interface LiveChain {
  anvil: Service & { url: string };
  client: PublicClient;
  deployer: Address;
  env: NodeJS.ProcessEnv;
  deploymentsFile: string;
  stateFile: string;
}

/** A fresh anvil on CHAIN_ID, a new funded deployer key, and the environment of the live network. */
async function liveChain(blockTime?: number): Promise<LiveChain> {
  const anvil = await startAnvil(await freePort(), { chainId: CHAIN_ID, blockTime });
  const key = generatePrivateKey();
  const deployer = privateKeyToAccount(key).address;
  await rpc(anvil.url, "anvil_setBalance", [deployer, "0x3635c9adc5dea00000"]); // 1,000 ether
  const deploymentsDir = mkdtempSync(path.join(tmpdir(), "jiaozi-live-deployments-"));
  const ignitionDir = mkdtempSync(path.join(tmpdir(), "jiaozi-live-ignition-"));
  return {
    anvil,
    client: createPublicClient({ transport: http(anvil.url), pollingInterval: 100 }),
    deployer,
    env: {
      ...HOLDERS,
      JIAOZI_PROFILE: "mainnet",
      JIAOZI_RPC_URL: anvil.url,
      JIAOZI_CHAIN_ID: String(CHAIN_ID),
      JIAOZI_DEPLOYER_KEY: key,
      JIAOZI_CONFIRMATIONS: "1",
      JIAOZI_DEPLOYMENTS_DIR: deploymentsDir,
      JIAOZI_IGNITION_DIR: ignitionDir,
    },
    deploymentsFile: path.join(deploymentsDir, `${CHAIN_ID}.json`),
    stateFile: path.join(ignitionDir, "deployments", `genesis-mainnet-${CHAIN_ID}`, "jiaozi-genesis.json"),
  };
}

/** `npm run deploy -- --network live`, run as Hardhat directly so that a kill stops the deployer itself. */
function deploy(chain: LiveChain): Service {
  return startService(
    "deploy",
    process.execPath,
    [path.join(ROOT, "node_modules/.bin/hardhat"), "run", "deploy/deploy.ts", "--network", "live"],
    { env: chain.env },
  );
}

async function deployToEnd(chain: LiveChain): Promise<Deployments> {
  const run = deploy(chain);
  const code = await run.exited;
  if (code !== 0) throw new Error(`deployment exited with ${code}:\n${run.output()}`);
  return JSON.parse(readFileSync(chain.deploymentsFile, "utf8")) as Deployments;
}

/** Every transaction the deployer sent, from the chain itself. */
async function deployerTransactions(chain: LiveChain) {
  const latest = await chain.client.getBlockNumber();
  const sent: { hash: Hash; creates: boolean }[] = [];
  for (let number = 0n; number <= latest; number++) {
    const block = await chain.client.getBlock({ blockNumber: number, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() === chain.deployer.toLowerCase()) sent.push({ hash: tx.hash, creates: tx.to === null });
    }
  }
  return sent;
}

/** The contracts the deployer created, by address (lower case), with the receipts' status. */
async function createdContracts(chain: LiveChain): Promise<string[]> {
  const created: string[] = [];
  for (const tx of await deployerTransactions(chain)) {
    const receipt = await chain.client.getTransactionReceipt({ hash: tx.hash });
    expect(receipt.status, `transaction ${tx.hash}`).to.equal("success");
    if (tx.creates) created.push(receipt.contractAddress!.toLowerCase());
  }
  return created;
}

function sortedAddresses(deployments: Deployments): string[] {
  return Object.values(deployments.contracts)
    .map((contract) => contract.address.toLowerCase())
    .sort();
}

describe("deploying for real: the live network, the mainnet profile, resuming", function () {
  this.timeout(240_000);
  const chains: LiveChain[] = [];
  after(async () => {
    for (const chain of chains) await chain.anvil.stop();
  });

  it("deploys the mainnet profile with its real durations, signed by the configured deployer key; reruns send nothing", async function () {
    const chain = await liveChain();
    chains.push(chain);
    const deployments = await deployToEnd(chain);
    expect(deployments.chainId).to.equal(CHAIN_ID);
    expect(deployments.profile).to.equal("mainnet");

    const profile = loadProfile("mainnet", { env: HOLDERS });
    const { Timelock, StorageMarket, VestingVault, BaseToken } = deployments.contracts;
    const read = (address: string, functionName: "getMinDelay" | "epochLength") =>
      chain.client.readContract({ address: address as Address, abi: roleAbi, functionName });
    expect(await read(Timelock.address, "getMinDelay")).to.equal(2n * DAY);
    expect(await read(StorageMarket.address, "epochLength")).to.equal(DAY);
    expect(profile.timelock.minDelay).to.equal(2n * DAY);

    // The team's schedule: a 365-day cliff from the genesis time recorded for the deployment.
    const state = JSON.parse(readFileSync(chain.stateFile, "utf8")) as { genesisTime: string };
    const schedule = await chain.client.readContract({
      address: VestingVault.address as Address,
      abi: VestingVaultAbi,
      functionName: "getSchedule",
      args: [0n],
    });
    expect(schedule.beneficiary).to.equal(HOLDERS.JIAOZI_TEAM);
    expect(schedule.terms.start).to.equal(BigInt(state.genesisTime));
    expect(schedule.terms.cliff).to.equal(365n * DAY);

    // The key signed everything and kept nothing: no tokens, no admin role.
    const balance = await chain.client.readContract({
      address: BaseToken.address as Address,
      abi: roleAbi,
      functionName: "balanceOf",
      args: [chain.deployer],
    });
    expect(balance).to.equal(0n);
    for (const contract of [Timelock, BaseToken, VestingVault, deployments.contracts.KeeperRewards]) {
      const admin = await chain.client.readContract({
        address: contract.address as Address,
        abi: roleAbi,
        functionName: "hasRole",
        args: ["0x0000000000000000000000000000000000000000000000000000000000000000", chain.deployer],
      });
      expect(admin).to.equal(false);
    }
    const created = await createdContracts(chain);
    expect(created.sort()).to.deep.equal(sortedAddresses(deployments));

    // Running the finished deployment again sends nothing and reports the same contracts.
    const nonce = await chain.client.getTransactionCount({ address: chain.deployer });
    const again = await deployToEnd(chain);
    expect(again.contracts).to.deep.equal(deployments.contracts);
    expect(await chain.client.getTransactionCount({ address: chain.deployer })).to.equal(nonce);

    // A kill between sending the last transaction and journalling its hash: the journal is cut
    // right after that transaction's nonce was prepared. The next run finds the transaction on
    // chain by its nonce, tracks it and finishes, sending nothing.
    const journal = path.join(path.dirname(chain.stateFile), "journal.jsonl");
    const lines = readFileSync(journal, "utf8").split("\n");
    const lastPrepared = lines.findLastIndex((line) => line.includes('"type":"TRANSACTION_PREPARE_SEND"'));
    writeFileSync(journal, lines.slice(0, lastPrepared + 1).join("\n"));
    const resumed = deploy(chain);
    const code = await resumed.exited;
    if (code !== 0) throw new Error(`the resumed run exited with ${code}:\n${resumed.output()}`);
    expect(resumed.output()).to.match(/^Tracking Genesis#\S+: the interrupted run sent it \(nonce \d+\)/m);
    expect(await chain.client.getTransactionCount({ address: chain.deployer })).to.equal(nonce);
    const tracked = JSON.parse(readFileSync(chain.deploymentsFile, "utf8")) as Deployments;
    expect(tracked.contracts).to.deep.equal(deployments.contracts);
  });

  it("completes a deployment killed halfway when the same command runs again, deploying nothing twice", async function () {
    // A block a second, so that the deployment is still sending when it is killed: three times,
    // each after the deployer's nonce passed a threshold, then a run to the end.
    const chain = await liveChain(1);
    chains.push(chain);
    let genesisTime: string | undefined;
    const repairs: string[] = []; // what each resume had to mend in the cut journal (informational)
    for (const threshold of [5, 20, 40]) {
      const run = deploy(chain);
      await Promise.race([
        (async () => {
          while ((await chain.client.getTransactionCount({ address: chain.deployer })) < threshold) await sleep(100);
        })(),
        run.exited.then((code) => {
          throw new Error(`the deployment ended (${code}) before it could be interrupted:\n${run.output()}`);
        }),
      ]);
      run.child.kill("SIGKILL");
      await run.exited;
      repairs.push(
        ...run
          .output()
          .split("\n")
          .filter((line) => /^(Restarting|Tracking) /.test(line)),
      );
      expect(existsSync(chain.deploymentsFile), "an interrupted run finished").to.equal(false);
      const state = JSON.parse(readFileSync(chain.stateFile, "utf8")) as { genesisTime: string };
      genesisTime ??= state.genesisTime;
      expect(state.genesisTime, "the genesis time of the first attempt").to.equal(genesisTime);
      await sleep(1_500); // the next run starts in a later block, at a later time
    }
    const last = deploy(chain);
    const code = await last.exited;
    if (code !== 0) throw new Error(`the last run exited with ${code}:\n${last.output()}`);
    repairs.push(
      ...last
        .output()
        .split("\n")
        .filter((line) => /^(Restarting|Tracking) /.test(line)),
    );
    console.log(`      resumes mended: ${repairs.length === 0 ? "nothing" : repairs.join("; ")}`);
    const deployments = JSON.parse(readFileSync(chain.deploymentsFile, "utf8")) as Deployments;

    // Every contract was created once: the deployer's creations are exactly the deployed suite,
    // and every transaction it sent succeeded.
    const created = await createdContracts(chain);
    expect(created.length).to.equal(Object.keys(deployments.contracts).length);
    expect(created.sort()).to.deep.equal(sortedAddresses(deployments));
    for (const { address } of Object.values(deployments.contracts)) {
      expect(await chain.client.getCode({ address: address as Address })).to.not.be.oneOf([undefined, "0x"]);
    }
    // The resumed module is the first attempt's: vesting starts at the first attempt's genesis time.
    const schedule = await chain.client.readContract({
      address: deployments.contracts.VestingVault.address as Address,
      abi: VestingVaultAbi,
      functionName: "getSchedule",
      args: [0n],
    });
    expect(schedule.terms.start).to.equal(BigInt(genesisTime!));
    const count = await chain.client.readContract({
      address: deployments.contracts.VestingVault.address as Address,
      abi: VestingVaultAbi,
      functionName: "scheduleCount",
    });
    expect(count).to.equal(3n);
  });

  it("drops from a cut journal only a future started but never sent", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "jiaozi-journal-"));
    const journal = path.join(dir, "journal.jsonl");
    const lines = [
      { chainId: CHAIN_ID, type: "DEPLOYMENT_INITIALIZE" },
      { futureId: "Genesis#Timelock", type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" },
      { futureId: "Genesis#Timelock", type: "NETWORK_INTERACTION_REQUEST" },
      { futureId: "Genesis#Timelock", nonce: 0, type: "TRANSACTION_PREPARE_SEND" },
      { futureId: "Genesis#GenesisEscrow.bindToken", type: "CALL_EXECUTION_STATE_INITIALIZE" },
      { futureId: "Genesis#KeeperRewards", type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" },
    ].map((message) => `\n${JSON.stringify(message)}`);
    writeFileSync(journal, lines.join(""));
    expect(repairJournal(journal)).to.deep.equal(["Genesis#GenesisEscrow.bindToken", "Genesis#KeeperRewards"]);
    expect(readFileSync(journal, "utf8")).to.equal(lines.slice(0, 4).join(""));
    expect(repairJournal(journal)).to.deep.equal([]);
  });
});
